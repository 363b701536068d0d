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
    OverrideOpt,
    PatientIdOpt,
    PlanOpt,
    PolicyOpt,
    PresetOpt,
    QuietOpt,
    StartDateOpt,
    StartDoseOpt,
    StepOpt,
    StrengthsOpt,
    SupplyDaysOpt,
    SyringeOpt,
)
from ldn_titrate.cli.schedule import (
    banner,
    collect_schedule,
    confirm,
    integrity_alerts,
    notify,
    shared_options,
)
from ldn_titrate.core.errors import Problems
from ldn_titrate.render import PlanFormat

# How the confirmation line names what a format wrote.
WHAT = {
    PlanFormat.TABLE: "table",
    PlanFormat.JSON: "plan",
    PlanFormat.MARKDOWN: "Markdown",
    PlanFormat.FHIR: "FHIR MedicationRequest",
}


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
    quiet: QuietOpt = False,
    patient_id: PatientIdOpt = None,
    override: OverrideOpt = None,
) -> None:
    """Build a titration schedule and print it, or write it with -o."""
    from ldn_titrate.core import output as out
    from ldn_titrate.render import RenderOptions, renderer

    problems = Problems()
    if output is not None:
        problems.collect(lambda: out.check_target(output, force))
    schedule = collect_schedule(
        problems,
        **shared_options(locals()),
        fhir_subject=fmt is PlanFormat.FHIR,
        # A plan file or a FHIR resource is a record; a table or Markdown is the clinician's view.
        record=fmt in (PlanFormat.JSON, PlanFormat.FHIR),
    )
    problems.raise_if_any()
    assert schedule is not None  # no problems, so it was made
    to_terminal = output is None or output == out.STDOUT
    render_options = RenderOptions(
        width=terminal_width() if to_terminal else 100,
        color=to_terminal and fmt is PlanFormat.TABLE and use_color(),
        patient_id=patient_id,  # FHIR's subject; None gives a display-only reference
    )
    text = renderer(fmt)(schedule, render_options)
    alerts = integrity_alerts(schedule)
    if alerts and isinstance(text, str) and fmt in (PlanFormat.TABLE, PlanFormat.MARKDOWN):
        text = banner(alerts, markdown=fmt is PlanFormat.MARKDOWN) + text
    out.write(text, output or out.STDOUT, force)
    if output is not None:
        confirm(output, WHAT[fmt], schedule, quiet)
    notify(schedule)
