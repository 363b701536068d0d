"""``batch --formats fhir-ndjson``: one MedicationRequest per line, for bulk import.

``render`` makes a row's line (in a batch worker); ``join`` makes the run's file.
"""

from __future__ import annotations

from collections.abc import Sequence

from ldn_titrate.core.model import Schedule
from ldn_titrate.render import RenderOptions
from ldn_titrate.render.fhir import bulk


def render(schedule: Schedule, options: RenderOptions) -> str:
    return bulk.resource_line(
        schedule, options.patient_id, options.fhir_version, options.prescriber
    )


def join(pieces: Sequence[tuple[str, str]]) -> str:
    return bulk.ndjson_text([line for _row_id, line in pieces])
