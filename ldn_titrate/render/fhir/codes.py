"""The code systems, codes and UCUM quantities every FHIR resource here uses.

Codes are for software and never shown to people; each one is paired with words in ``text``.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm"
# RxNorm ingredient (TTY IN) concept for naltrexone; see docs-clinic.md for how it was checked.
NALTREXONE_RXCUI = "7243"
SNOMED = "http://snomed.info/sct"
UCUM = "http://unitsofmeasure.org"
MEDICATION_TEXT = "naltrexone (low dose)"
# The id of the Medication contained in each MedicationRequest (``#naltrexone``).
MEDICATION_ID = "naltrexone"
UNIDENTIFIED_PATIENT = "patient not identified (ldn-titrate plan; link to the patient record)"
# The plan id is a UUID, written as a URI (RFC 3986) so it is one identifier everywhere.
IDENTIFIER_SYSTEM = "urn:ietf:rfc:3986"

# SNOMED CT "Oral route" (the route HL7's own MedicationRequest examples use).
ORAL_ROUTE = {
    "coding": [{"system": SNOMED, "code": "26643006", "display": "Oral route"}],
    "text": "by mouth",
}
# SNOMED CT dose forms.
LIQUID_FORM = {
    "coding": [{"system": SNOMED, "code": "385023001", "display": "Oral solution"}],
    "text": "oral liquid",
}
CAPSULE_FORM = {
    "coding": [{"system": SNOMED, "code": "385049006", "display": "Capsule"}],
    "text": "capsule",
}
NALTREXONE = {
    "coding": [{"system": RXNORM, "code": NALTREXONE_RXCUI, "display": "naltrexone"}],
    "text": MEDICATION_TEXT,
}

# Timing.when codes (http://hl7.org/fhir/event-timing): machine codes, never shown to people.
WHEN_CODES = {"bedtime": "HS", "morning": "MORN"}
WHEN_WORDS = {"bedtime": "at bedtime", "morning": "in the morning"}


def mg(value: Decimal) -> dict[str, Any]:
    return {"value": value, "unit": "mg", "system": UCUM, "code": "mg"}


def ml(value: Decimal) -> dict[str, Any]:
    return {"value": value, "unit": "mL", "system": UCUM, "code": "mL"}


def capsules(count: int) -> dict[str, Any]:
    """A count of capsules: UCUM's unit 1 with the annotation ``{capsule}``."""
    return {
        "value": count,
        "unit": "capsule" if count == 1 else "capsules",
        "system": UCUM,
        "code": "{capsule}",
    }


def days(count: int) -> dict[str, Any]:
    return {"value": count, "unit": "days" if count != 1 else "day", "system": UCUM, "code": "d"}


def identifier(plan_id: str) -> dict[str, str]:
    return {"system": IDENTIFIER_SYSTEM, "value": f"urn:uuid:{plan_id}"}
