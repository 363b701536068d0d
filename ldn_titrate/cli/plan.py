"""``ldn-titrate plan``: build a schedule and print it, or write it with -o."""

from __future__ import annotations

from typing import Annotated

import typer

from ldn_titrate.cli.app import app, reported, terminal_width, use_color
from ldn_titrate.cli.options import (
    CautionOpt,
    CeilingOpt,
    ConcentrationOpt,
    ForceOpt,
    FormOpt,
    IntervalOpt,
    MaintainOpt,
    OpioidsOpt,
    PlanOpt,
    PolicyOpt,
    PresetOpt,
    StartDateOpt,
    StartDoseOpt,
    StepOpt,
    StrengthsOpt,
    SupplyDaysOpt,
    SyringeOpt,
)
from ldn_titrate.cli.schedule import collect_policy_and_schedule, shared_options
from ldn_titrate.core.errors import Problems
from ldn_titrate.render import PlanFormat


@app.command()
@reported
def plan(
    preset: PresetOpt = None,
    start_date: StartDateOpt = None,
    start_dose: StartDoseOpt = None,
    step: StepOpt = None,
    interval: IntervalOpt = None,
    ceiling: CeilingOpt = None,
    maintain: MaintainOpt = None,
    policy: PolicyOpt = None,
    plan_file: PlanOpt = None,
    form: FormOpt = None,
    concentration: ConcentrationOpt = None,
    syringe: SyringeOpt = None,
    strengths: StrengthsOpt = None,
    supply_days: SupplyDaysOpt = None,
    opioids: OpioidsOpt = None,
    caution: CautionOpt = None,
    fmt: Annotated[
        PlanFormat, typer.Option("--format", "-f", help="Output format.")
    ] = PlanFormat.TABLE,
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
    from ldn_titrate.render import RenderOptions, renderer

    problems = Problems()
    if output is not None:
        problems.collect(lambda: out.check_target(output, force))
    if patient_id is not None:
        _check_patient_id(patient_id, fmt, problems)
    loaded, schedule = collect_policy_and_schedule(problems, **shared_options(locals()))
    problems.raise_if_any()
    assert schedule is not None and loaded is not None  # noqa: PT018 - no problems, so made
    to_terminal = output is None or output == out.STDOUT
    render_options = RenderOptions(
        width=terminal_width() if to_terminal else 100,
        color=to_terminal and fmt is PlanFormat.TABLE and use_color(),
        patient_id=patient_id,
    )
    text = renderer(fmt)(schedule, render_options)
    out.write(text, output or out.STDOUT, force, loaded.policy.output.modes())


def _check_patient_id(patient_id: str, fmt: PlanFormat, problems: Problems) -> None:
    """--patient-id names the FHIR subject: refused elsewhere, where it would silently vanish."""
    from ldn_titrate.render.fhir import check_patient_id

    if fmt is not PlanFormat.FHIR:
        problems.add(f"--patient-id goes with --format fhir, not --format {fmt.value}")
        return
    try:
        check_patient_id(patient_id)
    except ValueError as error:
        problems.add(f"--patient-id {patient_id!r} {error}")
