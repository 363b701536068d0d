"""``ldn-titrate plan``: build a schedule and print it, or write it with -o."""

from __future__ import annotations

from typing import Annotated

import typer

from ldn_titrate.cli.app import command_group, reported, terminal_width, use_color
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
    banner,
    collect_policy_and_schedule,
    confirm,
    integrity_alerts,
    notify,
)
from ldn_titrate.core.errors import Problems
from ldn_titrate.core.options import ScheduleInput
from ldn_titrate.render import FhirVersion

commands = command_group()
PlanFormatOpt = Annotated[str | None, format_option("plan")]
# How the confirmation line names what a format wrote.
WHAT = {"table": "table", "json": "plan", "markdown": "Markdown", "fhir": "FHIR MedicationRequest"}


@commands.command()
@reported
@schedule_command
@reported
def plan(
    given: ScheduleInput,
    fmt: PlanFormatOpt = None,
    output: Annotated[
        str | None,
        typer.Option("--output", "-o", metavar="FILE", help="Write here (- for stdout)."),
    ] = None,
    force: ForceOpt = False,
    quiet: QuietOpt = False,
    patient_id: PatientIdOpt = None,
    override: OverrideOpt = None,
    goal: Annotated[
        str | None,
        typer.Option(
            "--goal",
            metavar="GOAL",
            help="What counts as a response, against the baseline check-in (the latest on or "
            'before night 1): RATING -N% [for N nights], such as "pain -30%" (IMMPACT: a '
            "moderately important fall). Met for N nights (default 14), the rules propose stopping "
            "at the current dose. Makes a plan file version 2.",
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
    chosen = problems.collect(lambda: output_format("plan", fmt, output, "table"))
    if output is not None:
        problems.collect(lambda: out.check_target(output, force))
    name = chosen.name if chosen is not None else "table"
    if fhir_version is not None and name != "fhir":
        problems.add(f"--fhir-version goes with --format fhir, not --format {name}")
    loaded, schedule = collect_policy_and_schedule(
        problems,
        given,
        patient_id=patient_id,
        override=override,
        fhir_subject=name == "fhir",
        # A plan file or a FHIR resource is a record; a table or Markdown is the clinician's view.
        record=name in ("json", "fhir"),
    )
    if goal is not None and given.plan_file is not None:
        problems.add("--goal goes with a new plan, not --plan: the goal is set when it is made")
    elif goal is not None and loaded is not None:
        from ldn_titrate.plans.checkin_fields import parse_goal

        directions = loaded.policy.gates.directions()
        aimed = problems.parse("--goal", goal, lambda text: parse_goal(text, directions))
        if schedule is not None and aimed is not None:
            schedule = schedule.model_copy(update={"goal": aimed, "version": 2})
    problems.raise_if_any()
    assert schedule is not None and loaded is not None  # noqa: PT018
    assert chosen is not None
    to_terminal = output is None or output == out.STDOUT
    render_options = RenderOptions(
        width=terminal_width() if to_terminal else 100,
        color=to_terminal and chosen.name == "table" and use_color(),
        patient_id=patient_id,  # FHIR's subject; None gives a display-only reference
        fhir_version=fhir_version or FhirVersion.R4,
        prescriber=loaded.policy.clinic.prescriber,  # FHIR's requester
    )
    text = formats.renderer(chosen)(schedule, render_options)
    alerts = integrity_alerts(schedule)
    if alerts and isinstance(text, str) and chosen.name in ("table", "markdown"):
        text = banner(alerts, markdown=chosen.name == "markdown") + text
    out.write(text, output or out.STDOUT, force, loaded.policy.output.modes())
    if output is not None:
        confirm(output, WHAT.get(chosen.name, chosen.name), schedule, quiet)
    notify(schedule)
