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
from ldn_titrate.cli.schedule import collect_policy_and_schedule
from ldn_titrate.core.errors import Problems
from ldn_titrate.core.options import ScheduleInput

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
    loaded, schedule = collect_policy_and_schedule(problems, given)
    problems.raise_if_any()
    assert schedule is not None and loaded is not None  # noqa: PT018
    assert chosen is not None
    to_terminal = output is None or output == out.STDOUT
    render_options = RenderOptions(
        width=terminal_width() if to_terminal else 100,
        color=to_terminal and chosen.name == "table" and use_color(),
        patient_id=patient_id,
    )
    text = formats.renderer(chosen)(schedule, render_options)
    out.write(text, output or out.STDOUT, force, loaded.policy.output.modes())


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
