"""The schedule every output command builds from the shared options, assembled in one place."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ldn_titrate.cli.app import config_dir
from ldn_titrate.cli.options import (
    FormChoice,
    schedule_options,
    screening_answers,
)
from ldn_titrate.core.errors import Problems
from ldn_titrate.core.options import FormulationOptions

if TYPE_CHECKING:
    from ldn_titrate.core.model import Schedule


# The options every command that builds a schedule takes (the keyword arguments of
# collect_schedule), so each command passes them on in one line.
SHARED_OPTIONS = (
    "preset",
    "start_date",
    "start_dose",
    "step",
    "interval",
    "ceiling",
    "maintain",
    "policy",
    "plan_file",
    "form",
    "concentration",
    "syringe",
    "strengths",
    "supply_days",
    "opioids",
    "caution",
    "patient_id",
    "override",
)


def shared_options(values: dict[str, Any]) -> dict[str, Any]:
    """The shared schedule options out of a command's parameters (its ``locals()``)."""
    return {name: values[name] for name in SHARED_OPTIONS}


def collect_schedule(
    problems: Problems,
    *,
    preset: str | None,
    start_date: str | None,
    start_dose: str | None,
    step: str | None,
    interval: str | None,
    ceiling: str | None,
    maintain: str | None,
    policy: Path | None,
    plan_file: Path | None,
    form: FormChoice | None,
    concentration: str | None,
    syringe: str | None,
    strengths: str | None,
    supply_days: int | None,
    opioids: str | None,
    caution: list[str] | None,
    patient_id: str | None,
    override: str | None,
    fhir_subject: bool = False,
    record: bool = True,
) -> Schedule | None:
    """The schedule every output command builds from the shared options (None, with the
    reasons added to ``problems``, when it cannot be made).

    A new plan is identified by ``--patient-id`` when given, else by a random id drawn here (the
    engine draws nothing). With ``--plan`` the saved plan keeps its id, so ``--patient-id`` is
    refused there unless the output is FHIR (``fhir_subject``), where it names the subject.
    ``record``: the output goes to a patient or a records system, so a saved plan that was
    changed or breaks the bounds is refused without ``--override`` (else it is shown loudly).
    """
    from ldn_titrate.cli import clock
    from ldn_titrate.plans import planning
    from ldn_titrate.rules import policy_file as policies

    if patient_id is not None:
        from ldn_titrate.render.fhir import check_patient_id

        try:
            check_patient_id(patient_id)
        except ValueError as error:
            problems.add(f"--patient-id {patient_id!r} {error}")
        if plan_file is not None and not fhir_subject:
            problems.add(
                "--patient-id cannot be combined with --plan: a saved plan keeps the id it was "
                "made with (only --format fhir takes --patient-id with --plan, as the subject)"
            )
    identity = None if plan_file is not None else patient_id
    return problems.collect(
        lambda: planning.obtain_schedule(
            schedule_options(preset, start_date, start_dose, step, interval, ceiling, maintain),
            plan_file,
            policies.resolve(policy, config_dir()),
            today=clock.today(),
            now=clock.now(),
            formulation=FormulationOptions(form, concentration, syringe, strengths, supply_days),
            screening=screening_answers(opioids, caution),
            patient_id=identity,
            fresh_id=clock.new_plan_id(),
            record=record,
            override=override,
        )
    )


def notify(schedule: Schedule) -> None:
    """Every warning and screen finding of the plan on stderr, once: never only in a file."""
    from ldn_titrate.plans.notices import clinician_notices

    for line in clinician_notices(schedule):
        sys.stderr.write(f"{line}\n")


def integrity_alerts(schedule: Schedule) -> list[str]:
    """The loud warnings of a saved plan that is not as ldn-titrate wrote it (none for others)."""
    if schedule.digest is None and not schedule.warnings:
        return []
    from ldn_titrate.plans.integrity import alerts

    return alerts(schedule)


def banner(alerts: list[str], *, markdown: bool = False) -> str:
    """The alerts as a block above everything else a clinician's view prints."""
    if markdown:
        from ldn_titrate.render.markdown import escape

        return "".join(f"> **Warning: {escape(line)}**\n" for line in alerts) + "\n"
    rule = "!" * 72
    return rule + "\n" + "".join(f"!! {line}\n" for line in alerts) + rule + "\n\n"


def confirm(output: str, what: str, schedule: Schedule, quiet: bool) -> None:
    """``wrote plan.json (plan, 4 steps)`` on stderr for a file written (not for stdout)."""
    if quiet or output == "-":
        return
    steps = len(schedule.steps)
    sys.stderr.write(f"wrote {output} ({what}, {steps} step{'' if steps == 1 else 's'})\n")
