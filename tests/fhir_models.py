"""Validate FHIR JSON with the published models of each release (imported directly: CI must
fail, not skip, when one is missing).

- R5 (5.0.0): ``fhir.resources`` 8 (top-level package).
- R4B (4.3.0): ``fhir.resources.R4B`` from the same package.
- R4 (4.0.1): ``fhir.resources`` 8 (and 7) are R5 with an R4B subpackage, 6.5 is R4B at the
  top level; 6.4.0, the last with R4 4.0.1, is written for pydantic 1's API and installs into
  the same ``fhir/resources`` folder, so it cannot sit beside version 8. R4 is validated with ``fhirclient`` 4.4 (SMART on FHIR), whose models are
  generated from the R4 4.0.1 StructureDefinitions: it refuses unknown elements, missing
  required ones and wrong types. The R4B pydantic models check the primitive formats (dates,
  ids, codes) as well, since R4B changed none of the elements used here.
"""

from __future__ import annotations

from typing import Any

from fhir.resources.bundle import Bundle as BundleR5
from fhir.resources.medicationrequest import MedicationRequest as RequestR5
from fhir.resources.observation import Observation as ObservationR5
from fhir.resources.R4B.bundle import Bundle as BundleR4B
from fhir.resources.R4B.medicationrequest import MedicationRequest as RequestR4B
from fhir.resources.R4B.observation import Observation as ObservationR4B
from fhirclient.models.bundle import Bundle as BundleR4
from fhirclient.models.medicationrequest import MedicationRequest as RequestR4
from fhirclient.models.observation import Observation as ObservationR4

VERSIONS = ("r4", "r4b", "r5")

_PYDANTIC = {
    ("r4b", "MedicationRequest"): RequestR4B,
    ("r4b", "Bundle"): BundleR4B,
    ("r5", "MedicationRequest"): RequestR5,
    ("r5", "Bundle"): BundleR5,
    ("r4b", "Observation"): ObservationR4B,
    ("r5", "Observation"): ObservationR5,
}
_R4 = {"MedicationRequest": RequestR4, "Bundle": BundleR4, "Observation": ObservationR4}


def validate(data: dict[str, Any], version: str) -> dict[str, Any]:
    """Raise unless ``data`` is a valid resource of ``version``; return it."""
    kind = data["resourceType"]
    if version == "r4":
        _R4[kind](data, strict=True)  # raises FHIRValidationError
        _PYDANTIC[("r4b", kind)].model_validate(data)
    else:
        _PYDANTIC[(version, kind)].model_validate(data)
    return data
