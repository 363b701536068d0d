"""The prescription pack's settings: the policy's ``[prescription]`` table.

How the order sheet rounds a fill's quantity (the pharmacy labels a round volume, never
69.3 mL), and how many dose lines a records system's taper order takes (one large US system: 7,
FACTS.md "Prescriptions and orders"). The beyond-use days keep their one place,
``[formulation] beyond_use_days``.
"""

from __future__ import annotations

from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field


class PrescriptionPolicy(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    # Each liquid fill is rounded up to a multiple of this many mL (never below the need).
    fill_unit_ml: Decimal = Field(default=Decimal(5), ge=Decimal("0.1"), le=100)
    # Each capsule count is rounded up to a multiple of this (a pharmacy's pack of 10, say).
    fill_unit_capsules: int = Field(default=1, ge=1, le=100)
    # Dose lines a taper order in the records system takes; more are split into orders.
    max_order_lines: int = Field(default=7, ge=1, le=50)
