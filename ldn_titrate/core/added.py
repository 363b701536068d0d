"""An added daily dose (``--also 0.5mg@08:00``): a dose taken every day of the plan at a clock
time of its own, besides the step's nightly dose (a split dose, or a daytime dose). Not taken on
the nights of a pause. With a formulation, what to measure or count for it is filled in.
"""

from __future__ import annotations

from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field

# A clock time as people write it on a prescription, 00:00 to 23:59.
CLOCK = r"^([01][0-9]|2[0-3]):[0-5][0-9]$"


class AddedDose(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    dose_mg: Decimal
    at: str = Field(pattern=CLOCK)
    volume_ml: Decimal | None = None
    syringe_ml: Decimal | None = None
    draws: int | None = Field(default=None, ge=2, le=4)
    capsules: dict[str, int] | None = None
