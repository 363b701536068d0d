"""The ``adjust`` command: change a saved plan from a given night.

Only parsing, calling and writing here; the rules live in :mod:`ldn_titrate.plans.adjust.kinds`.
A refused adjustment leaves the plan file exactly as it was: the new plan is written atomically,
and only after every check has passed.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer

from ldn_titrate.cli.app import command_group, config_dir, reported
from ldn_titrate.cli.options import (
    ForceOpt,
    PlanArg,
    PolicyOpt,
    QuietOpt,
    format_option,
    option_parameter,
    output_format,
    with_parameters,
)
from ldn_titrate.core.errors import Problems
from ldn_titrate.core.vocab import DoseTime
from ldn_titrate.plans.adjust.kind import Takes

commands = command_group()

ADJUST = "Adjustment (give exactly one)"

OnOpt = Annotated[
    str | None,
    typer.Option(
        "--on",
        metavar="DATE",
        help="First night the change applies to: YYYY-MM-DD, today, tomorrow or yesterday; may "
        "be in the past. Earlier nights never change. Default: today.",
    ),
]


def adjustment_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """Add every adjustment kind's options (from the registry) to ``command``, which receives
    them in its parameter ``asked``, by name."""
    from ldn_titrate.plans.adjust.kinds import KINDS

    types: dict[Takes, tuple[Any, Any]] = {
        Takes.FLAG: (bool, False),
        Takes.TEXT: (str | None, None),
        Takes.DOSE_TIME: (DoseTime | None, None),
    }
    options = [option for kind in KINDS for option in (kind.option, *kind.extras)]
    added = []
    for option in options:
        annotation, default = types[option.takes]
        declared = typer.Option(
            option.flag, metavar=option.metavar, help=option.help, rich_help_panel=ADJUST
        )
        added.append(option_parameter(option.name, Annotated[annotation, declared], default))
    # PLAN and -o lead, as they always have.
    return with_parameters(command, added, "asked", dict, lead=2)


@commands.command()
@reported
@adjustment_options
def adjust(
    plan_path: PlanArg,
    output: Annotated[
        str,
        typer.Option(
            "--output", "-o", metavar="FILE", help="Write the new plan here (- for stdout)."
        ),
    ],
    asked: dict[str, Any],
    on: OnOpt = None,
    reason: Annotated[
        str | None,
        typer.Option(
            "--reason",
            metavar="TEXT",
            help="Why the plan changes, for the clinician: kept in its history, never printed "
            "on the handout. Required except with --undo.",
        ),
    ] = None,
    reason_for_patient: Annotated[
        str | None,
        typer.Option(
            "--reason-for-patient",
            metavar="TEXT",
            help="Why the plan changes, in words for the patient: printed in the handout's "
            "list of changes.",
        ),
    ] = None,
    accept: Annotated[
        str | None,
        typer.Option(
            "--accept",
            metavar="ID",
            help="Apply the proposal with this id, as `status` shows it for the night --on "
            "(default today), as an ordinary adjustment; refused, showing the current proposal, "
            "when the rules now propose something else.",
            rich_help_panel=ADJUST,
        ),
    ] = None,
    fmt: Annotated[str | None, format_option("adjust")] = None,
    force: ForceOpt = False,
    quiet: QuietOpt = False,
    policy: PolicyOpt = None,
) -> None:
    """Change a saved plan from a given night: hold, step back, stop, pause, move the dose time,
    discontinue, accept a proposal, or undo the last change. Writes a new revision with -o.
    """
    from ldn_titrate.cli import clock
    from ldn_titrate.core import output as out
    from ldn_titrate.plans import planfile
    from ldn_titrate.plans.adjust.apply import adjust as apply
    from ldn_titrate.plans.adjust.request import parse_adjustment, parse_patient_reason
    from ldn_titrate.plans.integrity import unchanged
    from ldn_titrate.render import plan_json
    from ldn_titrate.render.describe import change_text
    from ldn_titrate.rules import policy_file as policies

    if accept is not None:
        _accept(
            plan_path, output, accept, asked, on, reason, reason_for_patient,
            force=force, policy=policy, fmt=fmt, quiet=quiet,
        )  # fmt: skip
        return
    problems = Problems()
    problems.collect(lambda: out.check_target(output, force))
    problems.collect(lambda: output_format("adjust", fmt, output, "json"))
    # The target, the options, the policy and the plan file are checked together, so one run
    # names every problem; the change itself can only be tried once all four are sound.
    parsed = problems.collect(
        lambda: parse_adjustment({**asked, "on": on, "reason": reason}, clock.today())
    )
    for_patient = problems.collect(lambda: parse_patient_reason(reason_for_patient))
    loaded = problems.collect(lambda: policies.resolve(policy, config_dir()))
    schedule = problems.collect(lambda: unchanged(planfile.read(plan_path, "PLAN"), plan_path))
    problems.raise_if_any()
    assert parsed is not None and loaded is not None and schedule is not None  # noqa: PT018
    adjustment, night, why = parsed
    adjusted = apply(
        schedule,
        adjustment,
        night,
        made_at=clock.now(),
        loaded=loaded,
        reason=why,
        patient_reason=for_patient,
    )
    out.write(plan_json.dumps(adjusted), output, force, loaded.policy.output.modes())
    if output != out.STDOUT and not quiet:
        sys.stdout.write(
            f"{output}: revision {adjusted.revision}. {change_text(adjusted.history[-1])}\n"
        )


def _accept(
    plan_path: Path,
    output: str,
    wanted: str,
    asked: dict[str, Any],
    on: str | None,
    reason: str | None,
    reason_for_patient: str | None,
    *,
    force: bool,
    policy: Path | None,
    fmt: str | None,
    quiet: bool,
) -> None:
    """``adjust PLAN --accept ID``: the proposal the rules make now, applied as its kind."""
    from ldn_titrate.cli import clock
    from ldn_titrate.core import output as out
    from ldn_titrate.core.parsing import parse_date
    from ldn_titrate.plans import planfile
    from ldn_titrate.plans.accept import accept
    from ldn_titrate.plans.adjust.request import parse_patient_reason
    from ldn_titrate.plans.integrity import unchanged
    from ldn_titrate.render import plan_json
    from ldn_titrate.render.describe import change_text
    from ldn_titrate.rules import policy_file as policies

    today = clock.today()
    problems = Problems()
    problems.collect(lambda: out.check_target(output, force))
    problems.collect(lambda: output_format("adjust", fmt, output, "json"))
    others = [name for name, value in asked.items() if value not in (None, False)]
    if others:
        flags = ", ".join("--" + name.replace("_", "-") for name in others)
        problems.add(f"--accept applies the proposal as it is: give no other adjustment ({flags})")
    night = problems.parse("--on", on, lambda text: parse_date(text, today)) if on else today
    why = clean_reason(reason, problems)
    for_patient = problems.collect(lambda: parse_patient_reason(reason_for_patient))
    loaded = problems.collect(lambda: policies.resolve(policy, config_dir()))
    schedule = problems.collect(lambda: unchanged(planfile.read(plan_path, "PLAN"), plan_path))
    problems.raise_if_any()
    assert loaded is not None and schedule is not None and night is not None  # noqa: PT018
    adjusted = accept(
        schedule, wanted, loaded, night, made_at=clock.now(), reason=why,
        patient_reason=for_patient,
    )  # fmt: skip
    out.write(plan_json.dumps(adjusted), output, force, loaded.policy.output.modes())
    if output != out.STDOUT and not quiet:
        sys.stdout.write(
            f"{output}: revision {adjusted.revision}. {change_text(adjusted.history[-1])}\n"
        )


def clean_reason(reason: str | None, problems: Problems) -> str | None:
    from ldn_titrate.core.text import clean_line
    from ldn_titrate.plans.adjust.request import MAX_REASON

    why = clean_line(reason)
    if not why:
        problems.add('--accept needs --reason, such as --reason "as proposed"')
    elif len(why) > MAX_REASON:
        problems.add(f"--reason is {len(why)} characters; keep it to at most {MAX_REASON}")
    return why
