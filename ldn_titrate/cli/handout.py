"""``ldn-titrate handout``: the printed sheet a patient takes home.

Registered on the shared :data:`~ldn_titrate.cli.app.app` when :mod:`ldn_titrate.cli` imports
this module. Like ``plan``, it only parses, calls and writes: the schedule comes from
:func:`ldn_titrate.plans.planning.obtain_schedule`, the words from the handout renderers.
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from ldn_titrate.cli.app import command_group, reported
from ldn_titrate.cli.options import (
    ForceOpt,
    OverrideOpt,
    PatientIdOpt,
    QuietOpt,
    format_option,
    language_option,
    output_format,
    schedule_command,
)
from ldn_titrate.cli.schedule import (
    collect_language,
    collect_policy_and_schedule,
    confirm,
    notify,
)
from ldn_titrate.core.errors import Problems
from ldn_titrate.core.options import ScheduleInput
from ldn_titrate.core.vocab import Paper

commands = command_group()

HANDOUT = "Handout"
HandoutFormatOpt = Annotated[str | None, format_option("handout", HANDOUT)]
HandoutLanguageOpt = Annotated[str | None, language_option(HANDOUT, "handout's text")]


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
    fmt: HandoutFormatOpt = None,
    paper: Annotated[
        Paper, typer.Option(help="Paper size for printing.", rich_help_panel=HANDOUT)
    ] = Paper.A4,
    large_print: Annotated[
        bool,
        typer.Option("--large-print", help="Larger type throughout.", rich_help_panel=HANDOUT),
    ] = False,
    language: HandoutLanguageOpt = None,
    force: ForceOpt = False,
    quiet: QuietOpt = False,
    patient_id: PatientIdOpt = None,
    override: OverrideOpt = None,
) -> None:
    """Write the patient handout: dose table, month calendars with tick boxes, instructions."""
    from ldn_titrate.cli import clock
    from ldn_titrate.core import output as out
    from ldn_titrate.render import formats
    from ldn_titrate.render.handout.common import make_options

    # Every check runs before any is reported, so one run shows every problem (exit 2, no file).
    problems = Problems()
    problems.collect(lambda: out.check_target(output, force))
    chosen = problems.collect(lambda: output_format("handout", fmt, output, "html"))
    if chosen is not None and chosen.binary and output == out.STDOUT and sys.stdout.isatty():
        # Binary into a terminal garbles it, and may drive it with control sequences.
        problems.add(
            f"-o -: a {chosen.name.upper()} is binary; redirect it (> handout.{chosen.name}) or "
            "pipe it, or give -o FILE"
        )
    render = None if chosen is None else problems.collect(lambda: formats.renderer(chosen))
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
    loaded, schedule = collect_policy_and_schedule(
        problems, given, patient_id=patient_id, override=override
    )
    speaking = collect_language(problems, language, loaded)  # the clinic's catalogs first
    problems.raise_if_any()
    # No problems, so all were made.
    assert chosen is not None
    assert render is not None
    assert options is not None
    assert speaking is not None
    assert schedule is not None and loaded is not None  # noqa: PT018
    from dataclasses import replace

    # A liquid's storage line names the policy's beyond-use days (as batch handouts do).
    days = loaded.policy.formulation.beyond_use_days
    options = replace(options, language=speaking, beyond_use_days=days)
    out.write(render(schedule, options), output, force, loaded.policy.output.modes())
    confirm(output, f"handout, {chosen.name}", schedule, quiet)
    # The handout is for the patient; what the clinician must check goes to the terminal.
    notify(schedule)
