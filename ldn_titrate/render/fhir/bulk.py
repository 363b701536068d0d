"""Many plans at once: what the transaction Bundle (:mod:`bundle`) and the NDJSON file
(:mod:`ndjson`) are made of.

Each row's piece is rendered on its own (in a batch worker) as one compact JSON line; the run
joins the lines. A transaction entry creates its MedicationRequest only if none with the same
identifier exists (``request.ifNoneExist``, FHIR's conditional create), so posting the same
Bundle twice files each plan once. With a patient id, the condition names the patient too:
the same regimen started on the same day by two patients stays two plans.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from ldn_titrate.core import jsonio
from ldn_titrate.core.model import Schedule
from ldn_titrate.render import FhirVersion
from ldn_titrate.render.fhir import codes
from ldn_titrate.render.fhir.request import medication_request

# fullUrl names are uuid5 of the batch row id: ids are unique in a batch, so entries are too.
ENTRY_NAMESPACE = uuid.UUID("3f9b2c71-6a4e-5d08-b1c3-7e5a9d2f4b60")


def compact(value: Any) -> str:
    """One line of JSON with exact decimals (strings escape their own newlines)."""
    return jsonio.dumps(value, indent=0).replace("\n", "")


def entry(
    schedule: Schedule, patient_id: str | None, version: FhirVersion, prescriber: str | None = None
) -> dict[str, Any]:
    """One transaction entry without its fullUrl (:func:`named`): a conditional create."""
    ident = codes.identifier(schedule.id)
    condition = f"identifier={ident['system']}|{ident['value']}"
    request: dict[str, Any] = {"method": "POST", "url": "MedicationRequest"}
    # Without a patient, two rows with the same regimen could not be told apart: each is
    # created as it is (posting the Bundle again files it again).
    if patient_id is not None:
        request["ifNoneExist"] = f"{condition}&subject=Patient/{patient_id}"
    resource = medication_request(schedule, patient_id, version, prescriber)
    return {"resource": resource, "request": request}


def entry_line(
    schedule: Schedule, patient_id: str | None, version: FhirVersion, prescriber: str | None = None
) -> str:
    return compact(entry(schedule, patient_id, version, prescriber))


def named(row_id: str, line: str) -> str:
    """An entry line with its fullUrl first, as the specification lists the fields."""
    full_url = f"urn:uuid:{uuid.uuid5(ENTRY_NAMESPACE, row_id)}"
    return '{"fullUrl": "' + full_url + '", ' + line.removeprefix("{")


def resource_line(
    schedule: Schedule, patient_id: str | None, version: FhirVersion, prescriber: str | None = None
) -> str:
    return compact(medication_request(schedule, patient_id, version, prescriber))


def bundle_text(entries: Sequence[str]) -> str:
    """The transaction Bundle, one entry per line (an empty Bundle has no ``entry``)."""
    head = '{\n  "resourceType": "Bundle",\n  "type": "transaction"'
    if not entries:
        return head + "\n}\n"
    return head + ',\n  "entry": [\n    ' + ",\n    ".join(entries) + "\n  ]\n}\n"


def ndjson_text(lines: Sequence[str]) -> str:
    """Newline-delimited JSON: one MedicationRequest per line, as FHIR Bulk Data reads it."""
    return "".join(line + "\n" for line in lines)
