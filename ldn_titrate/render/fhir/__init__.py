"""FHIR output: a MedicationRequest with its contained Medication, in R4, R4B or R5.

:mod:`request` builds the resource, :mod:`dosage` one instruction per step, :mod:`dispense`
the fills, :mod:`medication` the product and its strength, :mod:`bulk` the transaction Bundle
and NDJSON that ``batch`` writes. Like every renderer it may import core and rules, never plans
or the command line; nothing here imports ``fhir.resources`` (only the tests do).
"""

from __future__ import annotations

from ldn_titrate.core import jsonio
from ldn_titrate.core.model import Schedule
from ldn_titrate.render import RenderOptions
from ldn_titrate.render.fhir.request import medication_request as medication_request


def render(schedule: Schedule, options: RenderOptions) -> str:
    """The MedicationRequest; with check-ins, a collection Bundle of it and their Observations."""
    request = medication_request(
        schedule, options.patient_id, options.fhir_version, prescriber=options.prescriber
    )
    if not schedule.checkins:
        return jsonio.dumps(request)
    from ldn_titrate.render.fhir.observations import bundle

    return jsonio.dumps(bundle(schedule, request, options.patient_id))
