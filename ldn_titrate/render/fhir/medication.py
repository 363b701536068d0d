"""The contained Medication: what the patient measures or counts, with its strength.

With a strength on record, a records system can reconcile the dose in mg with the mL or the
capsules it dispenses. R4 and R4B call the fields ``form``, ``itemCodeableConcept`` and
``strength``; R5 renamed them ``doseForm``, ``item`` (a CodeableReference) and
``strengthRatio``, and points at the Medication with ``medication.reference``.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ldn_titrate.core.dosetext import concentration_text, format_mg
from ldn_titrate.core.model import Form, Formulation
from ldn_titrate.render import FhirVersion
from ldn_titrate.render.fhir import codes


def medication(formulation: Formulation | None, version: FhirVersion) -> dict[str, Any]:
    """The Medication resource, contained in the request (``#naltrexone``)."""
    resource: dict[str, Any] = {
        "resourceType": "Medication",
        "id": codes.MEDICATION_ID,
        "code": {**codes.NALTREXONE, "text": product_text(formulation)},
    }
    if formulation is None:
        return resource
    form = codes.LIQUID_FORM if formulation.form is Form.LIQUID else codes.CAPSULE_FORM
    resource["doseForm" if version is FhirVersion.R5 else "form"] = form
    ingredient: dict[str, Any] = (
        {"item": {"concept": codes.NALTREXONE}}
        if version is FhirVersion.R5
        else {"itemCodeableConcept": codes.NALTREXONE}
    )
    ingredient["isActive"] = True
    ratio = strength(formulation)
    if ratio is not None:
        ingredient["strengthRatio" if version is FhirVersion.R5 else "strength"] = ratio
    resource["ingredient"] = [ingredient]
    return resource


def strength(formulation: Formulation) -> dict[str, Any] | None:
    """mg per 1 mL of liquid, or mg per capsule; None for capsules of several strengths.

    A Medication has one strength, and a MedicationRequest names one Medication: a plan that
    uses capsules of several strengths is several products, so no single strength is claimed.
    """
    if formulation.form is Form.LIQUID:
        concentration = formulation.concentration_mg_per_ml
        if concentration is None:
            return None
        return {"numerator": codes.mg(concentration), "denominator": codes.ml(Decimal(1))}
    strengths = formulation.strengths_mg or ()
    if len(strengths) != 1:
        return None
    return {"numerator": codes.mg(strengths[0]), "denominator": codes.capsules(1)}


def product_text(formulation: Formulation | None) -> str:
    """``naltrexone (low dose) 1 mg/mL oral liquid``, ``… capsules of 1.5 mg or 3 mg``."""
    if formulation is None:
        return codes.MEDICATION_TEXT
    if formulation.form is Form.LIQUID:
        concentration = formulation.concentration_mg_per_ml
        if concentration is None:
            return f"{codes.MEDICATION_TEXT} oral liquid"
        return f"{codes.MEDICATION_TEXT} {concentration_text(concentration)} oral liquid"
    strengths = " or ".join(format_mg(s) for s in formulation.strengths_mg or ())
    return f"{codes.MEDICATION_TEXT} capsules" + (f" of {strengths}" if strengths else "")


def reference(version: FhirVersion) -> tuple[str, dict[str, Any]]:
    """The request's field naming the contained Medication, and its value."""
    local = {"reference": f"#{codes.MEDICATION_ID}"}
    if version is FhirVersion.R5:
        return "medication", {"reference": local}
    return "medicationReference", local
