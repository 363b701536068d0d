"""``ldn-titrate prescription``: the prescription pack from a plan or a saved plan.

The e-prescription directions (the default), the compounding pharmacy's order sheet (HTML or
Markdown) and the dose lines of a records system's taper order. Like ``handout``, it parses,
calls and writes: the schedule comes from :func:`ldn_titrate.plans.planning.obtain_schedule`, the
words from :mod:`ldn_titrate.render.prescription`.
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
    output_format,
    schedule_command,
)
from ldn_titrate.cli.schedule import (
    collect_policy_and_schedule,
    confirm,
    notify,
    profile,
)
from ldn_titrate.core.errors import Problems
from ldn_titrate.core.options import ScheduleInput

commands = command_group()

PRESCRIPTION = "Prescription"
PrescriptionFormatOpt = Annotated[str | None, format_option("prescription", PRESCRIPTION)]
PRESCRIBER_LIMIT = 80


@commands.command()
@reported
@schedule_command
@reported
def prescription(
    given: ScheduleInput,
    fmt: PrescriptionFormatOpt = None,
    output: Annotated[
        str | None,
        typer.Option("--output", "-o", metavar="FILE", help="Write here (- for stdout)."),
    ] = None,
    prescriber: Annotated[
        str | None,
        typer.Option(
            help="Prescriber's name on the order sheet (default: the policy's [clinic] "
            "prescriber; left out when neither is set).",
            rich_help_panel=PRESCRIPTION,
        ),
    ] = None,
    force: ForceOpt = False,
    quiet: QuietOpt = False,
    patient_id: PatientIdOpt = None,
    override: OverrideOpt = None,
) -> None:
    """Write the prescription pack: e-prescription directions (default), the compounding
    order sheet, or dose lines for a records system's taper order."""
    from ldn_titrate.cli import clock
    from ldn_titrate.core import output as out
    from ldn_titrate.core.text import clean_line
    from ldn_titrate.render import formats
    from ldn_titrate.render.prescription.options import PrescriptionOptions

    problems = Problems()
    chosen = problems.collect(lambda: output_format("prescription", fmt, output, "directions"))
    if output is not None:
        problems.collect(lambda: out.check_target(output, force))
    named = clean_line(prescriber)
    if named is not None and len(named) > PRESCRIBER_LIMIT:
        problems.add(
            f"--prescriber is {len(named)} characters long ({named[:20]!r}...); at most "
            f"{PRESCRIBER_LIMIT}"
        )
    loaded, schedule = collect_policy_and_schedule(
        problems, given, patient_id=patient_id, override=override
    )
    render = None if chosen is None else problems.collect(lambda: formats.renderer(chosen))
    problems.raise_if_any()
    assert schedule is not None and loaded is not None  # noqa: PT018
    assert chosen is not None
    assert render is not None
    clinic = profile(loaded)
    options = PrescriptionOptions(
        made_on=clock.today(),
        prescriber=named if named is not None else clinic.prescriber,
        clinic=clinic,
        formulation=loaded.policy.formulation,
        prescription=loaded.policy.prescription,
        patient_id=patient_id,
    )
    text = render(schedule, options)
    out.write(text, output or out.STDOUT, force, loaded.policy.output.modes())
    if output is not None:
        confirm(output, f"prescription, {chosen.name}", schedule, quiet)
    if chosen.name == "dose-lines":
        from ldn_titrate.render.prescription.dose_lines import split_warning

        warning = split_warning(schedule, options.prescription.max_order_lines)
        if warning is not None:
            sys.stderr.write(f"warning: {warning}\n")
    notify(schedule)
