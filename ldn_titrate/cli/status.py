"""The ``status`` command: what tonight is in a saved plan.

A module of its own so that asking it loads neither the adjustment kinds nor their rules; the
answer comes from :mod:`ldn_titrate.plans.status`.
"""

from __future__ import annotations

import sys
from enum import StrEnum
from typing import Annotated

import typer

from ldn_titrate.cli.app import command_group, config_dir, reported
from ldn_titrate.cli.options import PlanArg, PolicyOpt
from ldn_titrate.core.errors import Problems

commands = command_group()


class StatusFormat(StrEnum):
    TEXT = "text"
    JSON = "json"


@commands.command()
@reported
def status(
    plan_path: PlanArg,
    on: Annotated[
        str | None,
        typer.Option(
            "--on",
            metavar="DATE",
            help="The night to ask about: YYYY-MM-DD, today, tomorrow or yesterday. "
            "Default: today.",
        ),
    ] = None,
    fmt: Annotated[
        StatusFormat, typer.Option("--format", "-f", help="Output format.")
    ] = StatusFormat.TEXT,
    policy: PolicyOpt = None,
    language: Annotated[
        str | None,
        typer.Option(
            "--language",
            metavar="LANG",
            help="The patient's language for the answer: a tag (es, es-ES, es-US) or a clinic's "
            ".po/.mo catalog file (see `ldn-titrate languages`); warnings stay English. "
            "Default: English.",
        ),
    ] = None,
) -> None:
    """Tonight's dose in a saved plan: step, night, dose and the next change."""
    from ldn_titrate.cli import clock
    from ldn_titrate.cli.schedule import banner, collect_language, integrity_alerts
    from ldn_titrate.core.model import ChangeKind
    from ldn_titrate.core.parsing import parse_date
    from ldn_titrate.plans import integrity, planfile
    from ldn_titrate.plans.status import status as status_of
    from ldn_titrate.plans.status_data import to_json
    from ldn_titrate.render.describe import change_text
    from ldn_titrate.rules import policy_file as policies

    today = clock.today()
    problems = Problems()
    try:
        night = parse_date(on, today) if on is not None else today
    except ValueError as error:
        problems.add(f"--on {on!r} {error}")
    loaded = problems.collect(lambda: policies.resolve(policy, config_dir()))
    saved = problems.collect(lambda: planfile.read(plan_path, "PLAN"))
    speaking = collect_language(problems, language, loaded)
    problems.raise_if_any()
    assert loaded is not None and saved is not None and speaking is not None  # noqa: PT018
    # What tonight is can always be asked; a plan not as it was written says so, loudly.
    schedule = integrity.accept(
        saved,
        loaded,
        where=f"PLAN {plan_path}",
        record=False,
        override=None,
        today=today,
        now=clock.now(),
    )
    for line in schedule.warnings:
        if line not in saved.warnings:
            sys.stderr.write(f"warning: {line}\n")
    # What the patient reads is in their language; the banner and the overrides are for the
    # clinician, in English.
    now = status_of(schedule, night, speaking)
    # A proposal is for the prescriber: the English (clinician's) status only, never the
    # patient's language (issue 26); only for a plan titrated to response (check-ins, a goal or
    # a range: plan version 2), so a fixed plan's status is as it was.
    found = None
    if speaking.english and schedule.needs_version_2:
        from ldn_titrate.plans.proposals import evaluation

        found = evaluation(schedule, loaded, night)
    if fmt is StatusFormat.JSON:
        if found is None:
            sys.stdout.write(to_json(schedule, now, speaking))
            return
        from ldn_titrate.core import jsonio
        from ldn_titrate.plans.proposals import proposal_data
        from ldn_titrate.plans.status_data import to_data

        data = to_data(schedule, now, speaking)
        data["checkins"] = sum(1 for c in schedule.checkins if c.void is None)
        data["goal"] = (
            None if found.goal is None else {"met": found.goal.met, "text": found.goal.words}
        )
        data["proposal"] = proposal_data(found.proposal)
        sys.stdout.write(jsonio.dumps(data))
        return
    overrides = [c for c in schedule.history if c.kind is ChangeKind.OVERRIDE]
    alerts = integrity_alerts(schedule)
    sys.stdout.write(
        (banner(alerts) if alerts else "")
        + now.text
        + "\n"
        + "".join(f"{change_text(c)}\n" for c in overrides)
    )
    if found is not None:
        from ldn_titrate.plans.proposals import clinician_lines

        sys.stdout.write("".join(f"{line}\n" for line in clinician_lines(schedule, found)))
