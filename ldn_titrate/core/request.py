"""What the engine is asked for: a regimen that has passed the policy's checks."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from pydantic import BaseModel, ConfigDict

from ldn_titrate.core.added import AddedDose


class TitrationPhase(BaseModel):
    """A phase of a climb (``--phase``): up ``step_mg`` every interval (nights or months)."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    step_mg: Decimal
    up_to_mg: Decimal
    interval_nights: int | None = None
    interval_months: int | None = None


class TitrationRequest(BaseModel):
    """Everything the engine needs, already parsed and checked against the policy.

    The regimen is start/step/interval/ceiling, unless ``doses_mg`` (an explicit ladder) or
    ``phases`` is set; then start, step, interval and ceiling summarise it (first dose, largest
    increase, first interval in nights or 0 for months, top dose). ``interval_months`` replaces
    ``interval_days`` with calendar months. ``ongoing_grace_nights`` marks maintenance that goes
    on after the review (``--maintain ongoing``): reminders run that many nights past it. The
    later fields default to what a plan written before them meant.
    """

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    start_date: date
    start_dose_mg: Decimal
    step_mg: Decimal
    interval_days: int
    ceiling_mg: Decimal
    maintain_days: int
    preset: str | None = None
    # The regimen values (``step``, ``ceiling``, …) the options changed from the named preset;
    # absent when the regimen is the preset's own, or when no preset names it (custom).
    preset_changes: tuple[str, ...] | None = None
    interval_months: int | None = None
    doses_mg: tuple[Decimal, ...] | None = None
    phases: tuple[TitrationPhase, ...] | None = None
    ongoing_grace_nights: int | None = None
    also: tuple[AddedDose, ...] | None = None  # --also: added daily doses, as asked

    @property
    def ongoing(self) -> bool:
        return self.ongoing_grace_nights is not None
