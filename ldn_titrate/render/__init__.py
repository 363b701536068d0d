"""Renderers: one module per output, chosen from a registry and imported only when used.

Each module has ``render(schedule, options) -> str | bytes``; only the CLI prints or writes.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ldn_titrate.core.model import Schedule


class PlanFormat(StrEnum):
    TABLE = "table"
    JSON = "json"
    MARKDOWN = "markdown"
    FHIR = "fhir"


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


Renderer = Callable[["Schedule", RenderOptions], "str | bytes"]

_MODULES: dict[str, str] = {
    PlanFormat.TABLE: "ldn_titrate.render.table",
    PlanFormat.JSON: "ldn_titrate.render.plan_json",
    PlanFormat.MARKDOWN: "ldn_titrate.render.markdown",
    PlanFormat.FHIR: "ldn_titrate.render.fhir",
}


def renderer(fmt: str) -> Renderer:
    module = importlib.import_module(_MODULES[fmt])
    render: Renderer = module.render
    return render
