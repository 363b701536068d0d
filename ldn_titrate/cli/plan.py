"""``ldn-titrate plan``: build a schedule and print it, or write it with -o."""

from __future__ import annotations

from typing import Annotated

import typer

from ldn_titrate.cli.app import command_group, reported, terminal_width, use_color
from ldn_titrate.cli.options import (
    ForceOpt,
    chosen_format,
    format_option,
    schedule_command,
)
from ldn_titrate.cli.schedule import collect_schedule
from ldn_titrate.core.errors import Problems
from ldn_titrate.core.options import ScheduleInput
from ldn_titrate.render import FhirVersion

commands = command_group()
PlanFormatOpt = Annotated[str, format_option("plan")]


@commands.command()
@reported
@schedule_command
@reported
def plan(
    given: ScheduleInput,
    fmt: PlanFormatOpt = "table",
    output: Annotated[
        str | None,
        typer.Option("--output", "-o", metavar="FILE", help="Write here (- for stdout)."),
    ] = None,
    force: ForceOpt = False,
    patient_id: Annotated[
        str | None,
        typer.Option(
            "--patient-id",
            metavar="ID",
            help="With --format fhir: the FHIR Patient id for the subject (Patient/ID); "
            "without it the subject is a display-only reference.",
        ),
    ] = None,
    fhir_version: Annotated[
        FhirVersion | None,
        typer.Option(
            "--fhir-version",
            help="With --format fhir: the FHIR release of the records system (default r4, "
            "what most servers run).",
        ),
    ] = None,
) -> None:
    """Build a titration schedule and print it, or write it with -o."""
    from ldn_titrate.core import output as out
    from ldn_titrate.render import RenderOptions, formats

    problems = Problems()
    chosen = problems.collect(lambda: chosen_format("plan", fmt))
    if output is not None:
        problems.collect(lambda: out.check_target(output, force))
    if patient_id is not None and chosen is not None:
        _check_patient_id(patient_id, chosen.name, problems)
    if fhir_version is not None and chosen is not None and chosen.name != "fhir":
        problems.add(f"--fhir-version goes with --format fhir, not --format {chosen.name}")
    schedule = collect_schedule(problems, given)
    problems.raise_if_any()
    assert schedule is not None  # no problems, so both were made
    assert chosen is not None
    to_terminal = output is None or output == out.STDOUT
    render_options = RenderOptions(
        width=terminal_width() if to_terminal else 100,
        color=to_terminal and chosen.name == "table" and use_color(),
        patient_id=patient_id,
        fhir_version=fhir_version or FhirVersion.R4,
    )
    text = formats.renderer(chosen)(schedule, render_options)
    out.write(text, output or out.STDOUT, force)


def _check_patient_id(patient_id: str, fmt: str, problems: Problems) -> None:
    """--patient-id names the FHIR subject: refused elsewhere, where it would silently vanish."""
    from ldn_titrate.core.parsing import check_patient_id

    if fmt != "fhir":
        problems.add(f"--patient-id goes with --format fhir, not --format {fmt}")
        return
    try:
        check_patient_id(patient_id)
    except ValueError as error:
        problems.add(f"--patient-id {patient_id!r} {error}")
