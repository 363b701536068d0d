"""``batch --formats fhir-bundle``: every row's MedicationRequest in one transaction Bundle.

``render`` makes a row's entry (one line, in a batch worker); ``join`` makes the Bundle of the
run from the rows written, each entry named by its row (:mod:`bulk`).
"""

from __future__ import annotations

from collections.abc import Sequence

from ldn_titrate.core.model import Schedule
from ldn_titrate.render import RenderOptions
from ldn_titrate.render.fhir import bulk


def render(schedule: Schedule, options: RenderOptions) -> str:
    return bulk.entry_line(schedule, options.patient_id, options.fhir_version, options.prescriber)


def join(pieces: Sequence[tuple[str, str]]) -> str:
    """The Bundle from (row id, entry line) pairs, in the run's order."""
    return bulk.bundle_text([bulk.named(row_id, line) for row_id, line in pieces])
