"""The plan as a FHIR MedicationRequest (JSON) that a clinic's records system can import.

Built by hand as plain data, so the core install never needs ``fhir.resources`` (the tests
validate every resource with the models of R4, R4B and R5). It is a *draft plan*, not a signed
order: ``status`` is ``draft`` (``stopped`` once discontinued) and ``intent`` is ``plan``; the
prescriber's system turns it into an order.

Every number is written from the exact ``Decimal`` (``jsonio``). R4 and R4B resources are the
same JSON (the two releases do not differ in any element used here); R5 names the medication
and its strength differently (:mod:`medication`).
"""

from __future__ import annotations

from typing import Any

from ldn_titrate.core.dosetext import format_date, plural
from ldn_titrate.core.model import ChangeKind, Phase, Schedule
from ldn_titrate.render import FhirVersion, describe
from ldn_titrate.render.fhir import codes
from ldn_titrate.render.fhir.dispense import dispense_notes, dispense_request
from ldn_titrate.render.fhir.dosage import added_dosages, dosage
from ldn_titrate.render.fhir.medication import medication, reference


def medication_request(
    schedule: Schedule,
    patient_id: str | None = None,
    version: FhirVersion = FhirVersion.R4,
    prescriber: str | None = None,
) -> dict[str, Any]:
    """The MedicationRequest as plain data, in the order the FHIR specification lists fields."""
    resource: dict[str, Any] = {
        "resourceType": "MedicationRequest",
        "contained": [medication(schedule.formulation, version)],
        "identifier": [codes.identifier(schedule.id)],
    }
    if schedule.discontinued_on is None:
        resource["status"] = "draft"
    else:
        resource["status"] = "stopped"
        resource["statusReason"] = {"text": stop_reason(schedule)}
    resource["intent"] = "plan"
    key, value = reference(version)
    resource[key] = value
    resource["subject"] = (
        {"reference": f"Patient/{patient_id}"}
        if patient_id is not None
        else {"display": codes.UNIDENTIFIED_PATIENT}
    )
    if schedule.created is not None:
        resource["authoredOn"] = schedule.created
    if prescriber:  # the clinic profile's (or the row's) prescriber, by name only
        resource["requester"] = {"display": prescriber}
    notes = [*note_entries(schedule), *pause_notes(schedule), *dispense_notes(schedule)]
    if notes:
        resource["note"] = notes
    active = [step for step in schedule.steps if step.phase is not Phase.PAUSED]
    # An added daily dose (--also) is a Dosage of its own with its step's sequence: Dosages
    # that share a sequence are taken concurrently (FHIR Dosage.sequence).
    resource["dosageInstruction"] = [
        item
        for sequence, step in enumerate(active, start=1)
        for item in (dosage(step, schedule, sequence), *added_dosages(step, schedule, sequence))
    ]
    dispense = dispense_request(schedule)
    if dispense is not None:
        resource["dispenseRequest"] = dispense
    return resource


def stop_reason(schedule: Schedule) -> str:
    """``Discontinued from Sun 20 Dec 2026 (last night Sat 19 Dec 2026): nausea``."""
    assert schedule.discontinued_on is not None
    text = (
        f"Discontinued from {format_date(schedule.discontinued_on)} "
        f"(last night {format_date(schedule.last_night)})"
    )
    reasons = [
        change.reason
        for change in schedule.history
        if change.kind is ChangeKind.DISCONTINUE and change.reason
    ]
    return f"{text}: {reasons[-1]}" if reasons else text


def note_entries(schedule: Schedule) -> list[dict[str, str]]:
    """Free-text notes for the clinician reading the record: the safety screen (answers and
    findings, in words: FHIR has no code for them that would not be invented), then the plan's
    warnings.
    """
    screen = "; ".join(describe.screen_lines(schedule))
    return [{"text": f"Safety screen: {screen}"}] + [{"text": w} for w in schedule.warnings]


def pause_notes(schedule: Schedule) -> list[dict[str, str]]:
    """A paused step has no dosage instruction; say so, so the gap in dates is not a mystery."""
    return [
        {
            "text": f"No dose from {format_date(step.start)} to {format_date(step.end)} "
            f"({plural(step.nights, 'night')}, paused)"
        }
        for step in schedule.steps
        if step.phase is Phase.PAUSED
    ]
