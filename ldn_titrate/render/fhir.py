"""The plan as a FHIR R4B MedicationRequest (JSON) that a clinic's records system can import.

Built by hand as plain data, so the core install never needs ``fhir.resources`` (the tests
validate every resource with it). It is a *draft plan*, not a signed order: ``status`` is
``draft`` and ``intent`` is ``plan``; the prescriber's system turns it into an order.

Every number is written from the exact ``Decimal`` (``jsonio``), and every text a person reads
follows the dose rules of DESIGN.md §4: ``at bedtime`` in words, never a Latin abbreviation.
The machine code in ``when`` is for software, not people.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ldn_titrate.core import jsonio
from ldn_titrate.core.dosetext import format_date, format_mg, plural
from ldn_titrate.core.model import Form, Phase, Schedule, Step
from ldn_titrate.render import RenderOptions, describe
from ldn_titrate.render.describe import step_note

RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm"
# RxNorm ingredient (TTY IN) concept for naltrexone; see docs-clinic.md for how it was checked.
NALTREXONE_RXCUI = "7243"
UCUM = "http://unitsofmeasure.org"
MEDICATION_TEXT = "naltrexone (low dose)"
# A FHIR ``id`` (R4B datatypes): what ``Patient/<id>`` may contain.
UNIDENTIFIED_PATIENT = "patient not identified (ldn-titrate plan; link to the patient record)"

# Timing.when codes (http://hl7.org/fhir/event-timing): machine codes, never shown to people.
_WHEN_CODES = {"bedtime": "HS", "morning": "MORN"}
_WHEN_WORDS = {"bedtime": "at bedtime", "morning": "in the morning"}


def render(schedule: Schedule, options: RenderOptions) -> str:
    return jsonio.dumps(medication_request(schedule, options.patient_id))


def medication_request(schedule: Schedule, patient_id: str | None = None) -> dict[str, Any]:
    """The MedicationRequest as plain data, in the order the FHIR specification lists fields."""
    resource: dict[str, Any] = {
        "resourceType": "MedicationRequest",
        "identifier": [{"system": "urn:ietf:rfc:3986", "value": f"urn:uuid:{schedule.id}"}],
        "status": "draft",
        "intent": "plan",
        "medicationCodeableConcept": {
            "coding": [{"system": RXNORM, "code": NALTREXONE_RXCUI, "display": "naltrexone"}],
            "text": MEDICATION_TEXT,
        },
        "subject": (
            {"reference": f"Patient/{patient_id}"}
            if patient_id is not None
            else {"display": UNIDENTIFIED_PATIENT}
        ),
    }
    if schedule.created is not None:
        resource["authoredOn"] = schedule.created
    notes = [*note_entries(schedule), *_pause_notes(schedule), *_dispense_notes(schedule)]
    if notes:
        resource["note"] = notes
    active = [step for step in schedule.steps if step.phase is not Phase.PAUSED]
    resource["dosageInstruction"] = [
        dosage(step, schedule, sequence) for sequence, step in enumerate(active, start=1)
    ]
    dispense = dispense_request(schedule)
    if dispense is not None:
        resource["dispenseRequest"] = dispense
    return resource


def note_entries(schedule: Schedule) -> list[dict[str, str]]:
    """Free-text notes for the clinician reading the record: the safety screen (answers and
    findings, in words: FHIR has no code for them that would not be invented), then the plan's
    warnings.
    """
    screen = "; ".join(describe.screen_lines(schedule))
    return [{"text": f"Safety screen: {screen}"}] + [{"text": w} for w in schedule.warnings]


def _pause_notes(schedule: Schedule) -> list[dict[str, str]]:
    """A paused step has no dosage instruction; say so, so the gap in dates is not a mystery."""
    return [
        {
            "text": f"No dose from {format_date(step.start)} to {format_date(step.end)} "
            f"({plural(step.nights, 'night')}, paused)"
        }
        for step in schedule.steps
        if step.phase is Phase.PAUSED
    ]


def _dispense_notes(schedule: Schedule) -> list[dict[str, str]]:
    """What the pharmacy dispenses, in words: the fills and what each holds."""
    dispensing = schedule.dispensing
    if dispensing is None:
        return []
    fills = dispensing.fills
    lines = []
    for number, fill in enumerate(fills, start=1):
        label = f"fill {number} of {len(fills)}" if len(fills) > 1 else "the whole plan"
        contents = describe.supply_contents(fill, schedule.formulation)
        lines.append(
            f"Dispense for {label}, {format_date(fill.first_night)} to "
            f"{format_date(fill.last_night)}: {contents}"
        )
    return [{"text": line} for line in lines]


def _when(step: Step) -> str:
    """``bedtime`` or ``morning``: steps from before living plans have no dose time (bedtime)."""
    value = getattr(step, "dose_time", None)
    return "morning" if value is not None and str(value) == "morning" else "bedtime"


def dosage(step: Step, schedule: Schedule, sequence: int) -> dict[str, Any]:
    """One Dosage for one step: its real dates, once a day, at its dose time."""
    when = _when(step)
    at: str | None = getattr(step, "at", None)
    repeat: dict[str, Any] = {
        "boundsPeriod": {"start": step.start, "end": step.end},
        "frequency": 1,
        "period": 1,
        "periodUnit": "d",
    }
    # FHIR allows either a clock time or an event code, not both (invariant tim-10).
    if at:
        repeat["timeOfDay"] = [f"{at}:00"]
    else:
        repeat["when"] = [_WHEN_CODES[when]]
    return {
        "sequence": sequence,
        "text": dose_text(step, schedule, when, at),
        "timing": {"repeat": repeat},
        "doseAndRate": [
            {"doseQuantity": {"value": step.dose_mg, "unit": "mg", "system": UCUM, "code": "mg"}}
        ],
    }


def dose_text(step: Step, schedule: Schedule, when: str, at: str | None) -> str:
    """``2.5 mg (2.5 mL of 1 mg/mL) at bedtime for 14 nights, Tue 15 Dec 2026 to ...``."""
    amount = describe.amount_text(step, schedule.formulation)
    dose = format_mg(step.dose_mg) + (f" ({amount})" if amount else "")
    words = _WHEN_WORDS[when] + (f" ({at})" if at else "")
    length = plural(step.nights, "night" if when == "bedtime" else "day")
    text = f"{dose} {words} for {length}, {format_date(step.start)} to {format_date(step.end)}"
    # What every output must carry (issue 6): a retried dose is conditional, and a restart
    # after a pause has its own warning.
    if step.provisional:
        text += f"; {describe.PROVISIONAL}, otherwise stay at the dose before it"
    if step_note(step):
        text += f". {step_note(step)}"
    return text


def dispense_request(schedule: Schedule) -> dict[str, Any] | None:
    """The total quantity for the whole plan: mL of liquid, or a count of capsules."""
    dispensing, formulation = schedule.dispensing, schedule.formulation
    if dispensing is None or formulation is None:
        return None
    total = dispensing.total
    quantity: dict[str, Any]
    if formulation.form is Form.LIQUID:
        volume = total.dispense_ml if total.dispense_ml is not None else Decimal(0)
        quantity = {"value": volume, "unit": "mL", "system": UCUM, "code": "mL"}
    else:
        count = sum((total.capsules or {}).values())
        quantity = {"value": count, "unit": "capsule" if count == 1 else "capsules"}
    return {
        "quantity": quantity,
        "expectedSupplyDuration": {
            "value": total.nights,
            "unit": "days",
            "system": UCUM,
            "code": "d",
        },
    }
