"""``ldn-titrate handout``: the printed sheet a patient takes home.

Registered on the shared :data:`~ldn_titrate.cli.app.app` when :mod:`ldn_titrate.cli` imports
this module. Like ``plan``, it only parses, calls and writes: the schedule comes from
:func:`ldn_titrate.plans.planning.obtain_schedule`, the words from the handout renderers.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from ldn_titrate.cli.app import command_group, reported
from ldn_titrate.cli.options import (
    ForceOpt,
    chosen_format,
    format_option,
    schedule_command,
)
from ldn_titrate.cli.schedule import collect_policy_and_schedule
from ldn_titrate.core.errors import Problems
from ldn_titrate.core.options import ScheduleInput
from ldn_titrate.core.vocab import Paper

commands = command_group()

if TYPE_CHECKING:
    from ldn_titrate.core.model import Schedule

HANDOUT = "Handout"
HandoutFormatOpt = Annotated[str, format_option("handout", HANDOUT)]


@commands.command()
@reported
@schedule_command
@reported
def handout(
    given: ScheduleInput,
    output: Annotated[
        str,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="Write here; - for stdout (html and markdown; pdf as raw bytes).",
        ),
    ],
    patient: Annotated[
        str | None,
        typer.Option(help="Patient's name, printed on every page.", rich_help_panel=HANDOUT),
    ] = None,
    prescriber: Annotated[
        str | None, typer.Option(help="Prescriber's name.", rich_help_panel=HANDOUT)
    ] = None,
    contact: Annotated[
        str | None,
        typer.Option(help="Clinic phone number or contact line.", rich_help_panel=HANDOUT),
    ] = None,
    notes: Annotated[
        str | None,
        typer.Option(
            help="Notes from the clinic, printed in the contact box.", rich_help_panel=HANDOUT
        ),
    ] = None,
    fmt: HandoutFormatOpt = "html",
    paper: Annotated[
        Paper, typer.Option(help="Paper size for printing.", rich_help_panel=HANDOUT)
    ] = Paper.A4,
    large_print: Annotated[
        bool,
        typer.Option("--large-print", help="Larger type throughout.", rich_help_panel=HANDOUT),
    ] = False,
    force: ForceOpt = False,
) -> None:
    """Write the patient handout: dose table, month calendars with tick boxes, instructions."""
    from ldn_titrate.cli import clock
    from ldn_titrate.core import output as out
    from ldn_titrate.render import formats
    from ldn_titrate.render.handout.common import make_options

    # Every check runs before any is reported, so one run shows every problem (exit 2, no file).
    problems = Problems()
    problems.collect(lambda: out.check_target(output, force))
    render = problems.collect(lambda: formats.renderer(chosen_format("handout", fmt)))
    options = problems.collect(
        lambda: make_options(
            made_on=clock.today(),
            patient=patient,
            prescriber=prescriber,
            contact=contact,
            notes=notes,
            paper=paper,
            large_print=large_print,
        )
    )
    loaded, schedule = collect_policy_and_schedule(problems, given)
    problems.raise_if_any()
    # No problems, so all three were made.
    assert render is not None
    assert options is not None
    assert schedule is not None and loaded is not None  # noqa: PT018
    out.write(render(schedule, options), output, force, loaded.policy.output.modes())
    # The handout is for the patient; what the clinician must check goes to the terminal.
    for line in clinician_notices(schedule):
        sys.stderr.write(f"{line}\n")


def clinician_notices(schedule: Schedule) -> list[str]:
    """The plan's warnings and the screen's findings, which the patient's sheet leaves out."""
    lines = [f"warning: {warning}" for warning in schedule.warnings]
    if schedule.screening is None:
        from ldn_titrate.rules.screening import NOT_RECORDED

        lines.append(f"warning: {NOT_RECORDED}")
    else:
        labels = {"warn": "warning", "note": "note"}
        lines += [
            f"{labels[finding.action.value]}: {finding.message}"
            for finding in schedule.screening.findings
        ]
    return lines
