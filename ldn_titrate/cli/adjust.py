"""The ``adjust`` and ``status`` commands: change a saved plan, or ask what tonight is.

Only parsing, calling and writing here; the rules live in :mod:`ldn_titrate.plans.adjust.apply` and
:mod:`ldn_titrate.plans.status`. A refused adjustment leaves the plan file exactly as it was: the
new plan is written atomically, and only after every check has passed.
"""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from ldn_titrate.cli.app import app, config_dir, reported
from ldn_titrate.cli.options import ForceOpt, PolicyOpt
from ldn_titrate.core.errors import Problems
from ldn_titrate.core.vocab import DoseTime

ADJUST = "Adjustment (give exactly one)"

PlanArg = Annotated[
    Path, typer.Argument(metavar="PLAN", help="A saved plan JSON (from plan --format json).")
]
OnOpt = Annotated[
    str | None,
    typer.Option(
        "--on",
        metavar="DATE",
        help="First night the change applies to: YYYY-MM-DD, today or tomorrow; may be in the "
        "past. Earlier nights never change. Default: today.",
    ),
]


class StatusFormat(StrEnum):
    TEXT = "text"
    JSON = "json"


@app.command()
@reported
def adjust(
    plan_path: PlanArg,
    output: Annotated[
        str,
        typer.Option(
            "--output", "-o", metavar="FILE", help="Write the new plan here (- for stdout)."
        ),
    ],
    hold: Annotated[
        str | None,
        typer.Option(
            "--hold",
            metavar="N",
            help="Stay N more nights on the step covering --on; later steps and the review "
            "move by N.",
            rich_help_panel=ADJUST,
        ),
    ] = None,
    step_back: Annotated[
        bool,
        typer.Option(
            "--step-back",
            help="From --on, go back to the previous dose for a full interval, then climb "
            "again; the retried dose is given only if the side effects have settled.",
            rich_help_panel=ADJUST,
        ),
    ] = False,
    stop_at_current: Annotated[
        bool,
        typer.Option(
            "--stop-at-current",
            help="The dose on --on becomes the ceiling; maintenance starts that night.",
            rich_help_panel=ADJUST,
        ),
    ] = False,
    pause: Annotated[
        str | None,
        typer.Option(
            "--pause",
            metavar="FIRST..LAST",
            help="No LDN from FIRST to LAST (inclusive), then restart low and titrate again.",
            rich_help_panel=ADJUST,
        ),
    ] = None,
    resume_dose: Annotated[
        str | None,
        typer.Option(
            "--resume-dose",
            metavar="DOSE",
            help="Dose to restart at after --pause. Default: the plan's start dose.",
            rich_help_panel=ADJUST,
        ),
    ] = None,
    dose_time: Annotated[
        DoseTime | None,
        typer.Option(
            "--dose-time",
            help="From --on, take the dose at bedtime or in the morning.",
            rich_help_panel=ADJUST,
        ),
    ] = None,
    at: Annotated[
        str | None,
        typer.Option(
            "--at",
            metavar="HH:MM",
            help="Clock time for --dose-time, such as 08:00.",
            rich_help_panel=ADJUST,
        ),
    ] = None,
    discontinue: Annotated[
        bool,
        typer.Option(
            "--discontinue",
            help="Stop LDN: the night before --on is the last.",
            rich_help_panel=ADJUST,
        ),
    ] = False,
    undo: Annotated[
        bool,
        typer.Option(
            "--undo",
            help="Go back to the plan as it was before the last change (a new revision).",
            rich_help_panel=ADJUST,
        ),
    ] = False,
    on: OnOpt = None,
    reason: Annotated[
        str | None,
        typer.Option(
            "--reason",
            metavar="TEXT",
            help="Why the plan changes; kept in its history. Required except with --undo.",
        ),
    ] = None,
    force: ForceOpt = False,
    policy: PolicyOpt = None,
) -> None:
    """Change a saved plan from a given night: hold, step back, stop, pause, move the dose time,
    discontinue, or undo the last change. Writes a new revision of the plan with -o.
    """
    from ldn_titrate.cli import clock
    from ldn_titrate.core import output as out
    from ldn_titrate.core.describe import change_text
    from ldn_titrate.plans import planfile
    from ldn_titrate.plans.adjust.apply import adjust as apply
    from ldn_titrate.plans.adjust.request import AdjustArgs, parse_adjustment
    from ldn_titrate.rules import policy as policies

    problems = Problems()
    problems.collect(lambda: out.check_target(output, force))
    args = AdjustArgs(
        hold=hold,
        step_back=step_back,
        stop_at_current=stop_at_current,
        pause=pause,
        resume_dose=resume_dose,
        dose_time=dose_time,
        at=at,
        discontinue=discontinue,
        undo=undo,
        on=on,
        reason=reason,
    )
    # The target, the options, the policy and the plan file are checked together, so one run
    # names every problem; the change itself can only be tried once all four are sound.
    parsed = problems.collect(lambda: parse_adjustment(args, clock.today()))
    loaded = problems.collect(lambda: policies.resolve(policy, config_dir()))
    schedule = problems.collect(lambda: planfile.read(plan_path, "PLAN"))
    problems.raise_if_any()
    assert parsed is not None and loaded is not None and schedule is not None  # noqa: PT018
    adjustment, night, why = parsed
    adjusted = apply(schedule, adjustment, night, made_at=clock.now(), loaded=loaded, reason=why)
    out.write(planfile.dumps(adjusted), output, force, loaded.policy.output.modes())
    if output != out.STDOUT:
        sys.stdout.write(
            f"{output}: revision {adjusted.revision}. {change_text(adjusted.history[-1])}\n"
        )


@app.command()
@reported
def status(
    plan_path: PlanArg,
    on: Annotated[
        str | None,
        typer.Option(
            "--on", metavar="DATE", help="The night to ask about: YYYY-MM-DD. Default: today."
        ),
    ] = None,
    fmt: Annotated[
        StatusFormat, typer.Option("--format", "-f", help="Output format.")
    ] = StatusFormat.TEXT,
) -> None:
    """Tonight's dose in a saved plan: step, night, dose and the next change."""
    from ldn_titrate.cli import clock
    from ldn_titrate.core.errors import InputError
    from ldn_titrate.core.parsing import parse_date
    from ldn_titrate.plans import planfile
    from ldn_titrate.plans.status import status as status_of
    from ldn_titrate.plans.status import to_json

    today = clock.today()
    try:
        night = parse_date(on, today) if on is not None else today
    except ValueError as error:
        raise InputError(f"--on {on!r} {error}") from None
    schedule = planfile.read(plan_path, "PLAN")
    now = status_of(schedule, night)
    sys.stdout.write(to_json(schedule, now) if fmt is StatusFormat.JSON else now.text + "\n")
