"""``ldn-titrate handout``: the printed sheet a patient takes home.

Registered on the shared :data:`~ldn_titrate.cli.app` when :mod:`ldn_titrate.cli` imports this
module. Like ``plan``, it only parses, calls and writes: the schedule comes from
:func:`ldn_titrate.planning.obtain_schedule`, the words from the handout renderers.
"""

from __future__ import annotations

from typing import Annotated

import typer

from ldn_titrate.cli import app, config_dir, reported
from ldn_titrate.options import (
    CeilingOpt,
    ForceOpt,
    IntervalOpt,
    MaintainOpt,
    PlanOpt,
    PolicyOpt,
    PresetOpt,
    StartDateOpt,
    StartDoseOpt,
    StepOpt,
    schedule_options,
)
from ldn_titrate.render.handout_common import HandoutFormat, Paper

HANDOUT = "Handout"


@app.command()
@reported
def handout(
    output: Annotated[
        str,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="Write here; - for stdout (html and markdown; pdf as raw bytes).",
        ),
    ],
    preset: PresetOpt = None,
    start_date: StartDateOpt = None,
    start_dose: StartDoseOpt = None,
    step: StepOpt = None,
    interval: IntervalOpt = None,
    ceiling: CeilingOpt = None,
    maintain: MaintainOpt = None,
    policy: PolicyOpt = None,
    plan_file: PlanOpt = None,
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
    fmt: Annotated[
        HandoutFormat,
        typer.Option("--format", "-f", help="Output format.", rich_help_panel=HANDOUT),
    ] = HandoutFormat.HTML,
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
    from ldn_titrate import clock, planning
    from ldn_titrate import output as out
    from ldn_titrate import policy as policies
    from ldn_titrate.render.handout_common import handout_renderer, make_options

    out.check_target(output, force)
    render = handout_renderer(fmt)
    options = make_options(
        made_on=clock.today(),
        patient=patient,
        prescriber=prescriber,
        contact=contact,
        notes=notes,
        paper=paper,
        large_print=large_print,
    )
    loaded = policies.resolve(policy, config_dir())
    settings = schedule_options(preset, start_date, start_dose, step, interval, ceiling, maintain)
    schedule = planning.obtain_schedule(
        settings, plan_file, loaded, today=clock.today(), now=clock.now()
    )
    out.write(render(schedule, options), output, force)
