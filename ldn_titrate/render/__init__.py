"""Renderers: a Schedule in, text or bytes out; one module per format, one folder per family.

What lives here: the plan family (terminal table, plan JSON, Markdown summary, FHIR), the
calendar family (``calendar/``), the handout family (``handout/``), the sentences every output
shares (:mod:`.describe`), and the registry of formats (:mod:`.formats`), from which every command
chooses and which imports a renderer only when it is used. Renderers may import core and clinic
rules; never plans or the command line, and never write a file: only the command line writes.
rich is imported here and in the command line only.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class FhirVersion(StrEnum):
    """The FHIR release a records system speaks: R4 (4.0.1) is what most servers run."""

    R4 = "r4"
    R4B = "r4b"
    R5 = "r5"


@dataclass(frozen=True)
class RenderOptions:
    """What a renderer may need besides the schedule (terminal width, colour, FHIR subject)."""

    width: int = 100
    color: bool = False
    # The FHIR Patient id for ``Patient/<id>``; None gives a display-only subject.
    patient_id: str | None = None
    fhir_version: FhirVersion = FhirVersion.R4
    # The prescriber (the clinic profile's, or a batch row's): FHIR's requester, by name.
    prescriber: str | None = None
