"""Check-ins as FHIR Observations (issue 26), the same JSON in R4, R4B and R5.

A plan with check-ins is written by ``plan --format fhir`` as a ``collection`` Bundle: its
MedicationRequest first, then one Observation per thing reported (each rating, each side effect,
the dose taken, missed doses, opioid use), every one ``basedOn`` the MedicationRequest, category
``survey``, dated on the check-in's date. The pain rating is coded LOINC 72514-3; a rating or
report without a published code has ``code.text`` only (no code is invented). Severities use
SNOMED CT's severity codes. A voided check-in's Observations are ``entered-in-error``.
"""

from __future__ import annotations

import uuid
from typing import Any

from ldn_titrate.core.checkin import BUILT_IN_RATINGS, CheckIn, Severity
from ldn_titrate.core.model import Schedule
from ldn_titrate.render.fhir import codes

LOINC = "http://loinc.org"
PAIN = {
    "coding": [
        {
            "system": LOINC,
            "code": "72514-3",
            "display": "Pain severity - 0-10 verbal numeric rating [Score] - Reported",
        }
    ],
    "text": "pain (0 to 10)",
}
SURVEY = [
    {
        "coding": [
            {
                "system": "http://terminology.hl7.org/CodeSystem/observation-category",
                "code": "survey",
                "display": "Survey",
            }
        ],
        "text": "patient-reported check-in",
    }
]
SEVERITY = {
    Severity.MILD: ("255604002", "Mild"),
    Severity.MODERATE: ("6736007", "Moderate"),
    Severity.SEVERE: ("24484000", "Severe"),
}
RATING_WORDS = {
    "pain": "pain (0 to 10)",
    "fatigue": "fatigue (0 none to 10 worst)",
    "sleep": "sleep quality (0 worst to 10 best)",
}
# Observation ids in a Bundle: uuid5 names of the plan id and the item, so they are stable.
NAMESPACE = uuid.UUID("9d4b1e62-2f7a-5c31-8e0d-4a6b7c8d9e10")


def request_url(schedule: Schedule) -> str:
    return f"urn:uuid:{uuid.uuid5(NAMESPACE, f'{schedule.id}/request')}"


def observations(schedule: Schedule, patient_id: str | None) -> list[tuple[str, dict[str, Any]]]:
    """(fullUrl, Observation) for every item of every check-in, in the order recorded."""
    return [item for checkin in schedule.checkins for item in _items(schedule, checkin, patient_id)]


def _items(
    schedule: Schedule, checkin: CheckIn, patient_id: str | None
) -> list[tuple[str, dict[str, Any]]]:
    reported: list[tuple[str, dict[str, Any], dict[str, Any]]] = []
    for name, rating in checkin.ratings.items():
        concept: dict[str, Any] = (
            PAIN if name == "pain" else {"text": RATING_WORDS.get(name, f"{name} (0 to 10)")}
        )
        if name not in BUILT_IN_RATINGS:
            concept = {"text": f"{name} (0 to 10, as the clinic's policy defines it)"}
        reported.append((f"rating-{name}", concept, {"valueInteger": rating}))
    for report in checkin.side_effects:
        what = report.text if report.text else str(report.effect).replace("-", " ")
        severity: dict[str, Any] = {"text": str(report.severity)}
        if report.severity in SEVERITY:
            snomed, display = SEVERITY[report.severity]
            severity = {"coding": [{"system": codes.SNOMED, "code": snomed, "display": display}],
                        "text": str(report.severity)}  # fmt: skip
        key = f"side-effect-{report.effect}-{report.text or ''}"
        reported.append((key, {"text": f"side effect: {what}"}, {"valueCodeableConcept": severity}))
    if checkin.taken_mg is not None:
        reported.append(("taken", {"text": "dose taken (where it differed from the plan)"},
                         {"valueQuantity": codes.mg(checkin.taken_mg)}))  # fmt: skip
    if checkin.missed_doses is not None:
        reported.append(("missed", {"text": "doses missed since the last check-in"},
                         {"valueInteger": checkin.missed_doses}))  # fmt: skip
    if checkin.opioids is not None:
        reported.append(("opioids", {"text": "opioid use since the last check-in"},
                         {"valueBoolean": checkin.opioids}))  # fmt: skip
    if not reported and checkin.note:
        reported.append(("note", {"text": "clinician's note of a check-in"},
                         {"valueString": checkin.note}))  # fmt: skip
    made = []
    for index, (key, code, value) in enumerate(reported):
        name = f"{schedule.id}/checkin/{checkin.number}/{key}"
        resource: dict[str, Any] = {
            "resourceType": "Observation",
            "identifier": [{"system": codes.IDENTIFIER_SYSTEM,
                            "value": f"urn:uuid:{uuid.uuid5(NAMESPACE, name)}"}],
            "basedOn": [{"reference": request_url(schedule)}],
            "status": "final" if checkin.void is None else "entered-in-error",
            "category": SURVEY,
            "code": code,
            "subject": {"reference": f"Patient/{patient_id}"} if patient_id is not None
            else {"display": codes.UNIDENTIFIED_PATIENT},
            "effectiveDateTime": checkin.on,
            "issued": checkin.recorded_at,
            **value,
        }  # fmt: skip
        notes = []
        if index == 0 and checkin.note:
            notes.append({"text": checkin.note})
        if index == 0 and checkin.void is not None:
            notes.append({"text": f"entered in error: {checkin.void.reason}"})
        if notes:
            resource["note"] = notes
        made.append((f"urn:uuid:{uuid.uuid5(NAMESPACE, name)}", resource))
    return made


def bundle(schedule: Schedule, request: dict[str, Any], patient_id: str | None) -> dict[str, Any]:
    """The MedicationRequest and the Observations of its check-ins, in one collection Bundle."""
    entries = [{"fullUrl": request_url(schedule), "resource": request}]
    entries += [
        {"fullUrl": url, "resource": resource}
        for url, resource in observations(schedule, patient_id)
    ]
    return {"resourceType": "Bundle", "type": "collection", "entry": entries}
