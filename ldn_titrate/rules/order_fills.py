"""The fills a compounding order asks for: the plan's nights cut into fills, each within the
liquid's beyond-use days, each quantity rounded up to the policy's unit.

Built on the dispensing computation (:mod:`.dispensing`): a fill's need is what its nights
consume plus the policy's overage, and the quantity ordered is that need rounded up to a
multiple of ``[prescription] fill_unit_ml`` (capsules: ``fill_unit_capsules``), so it is never
below the need. A liquid fill never covers more nights than ``[formulation] beyond_use_days``:
compounded on any day from ``compound_from`` to its first night, it is still in date on its last.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_CEILING, Decimal

from ldn_titrate.core.model import Form, Schedule
from ldn_titrate.rules import dispensing
from ldn_titrate.rules.policy import FormulationPolicy
from ldn_titrate.rules.prescription_policy import PrescriptionPolicy


@dataclass(frozen=True)
class OrderFill:
    number: int
    first_night: date
    last_night: date
    nights: int
    # Liquid: what the nights need (overage included) and the quantity ordered.
    need_ml: Decimal | None = None
    quantity_ml: Decimal | None = None
    # The earliest day it may be compounded and still be in date on its last night.
    compound_from: date | None = None
    # Capsules by strength (mg as text): needed and ordered; how many of them are split.
    need_capsules: dict[str, int] | None = None
    capsules: dict[str, int] | None = None
    split_capsules: dict[str, int] | None = None


def round_up(value: Decimal, unit: Decimal) -> Decimal:
    """``value`` rounded up to a whole multiple of ``unit`` (0 stays 0)."""
    return ((value / unit).to_integral_value(ROUND_CEILING) * unit).normalize()


def supply_days(schedule: Schedule, policy: FormulationPolicy) -> int | None:
    """The nights per fill: the plan's ``--supply-days`` when it has one; a liquid's fills are
    never longer than its beyond-use days."""
    chosen = schedule.dispensing.supply_days if schedule.dispensing else None
    liquid = schedule.formulation is not None and schedule.formulation.form is Form.LIQUID
    if liquid and (chosen is None or chosen > policy.beyond_use_days):
        return min(policy.beyond_use_days, schedule.total_nights)
    return chosen


def order_fills(
    schedule: Schedule, policy: FormulationPolicy, prescription: PrescriptionPolicy
) -> tuple[OrderFill, ...]:
    """The fills of a plan that carries a formulation (none without one)."""
    if schedule.formulation is None:
        return ()
    liquid = schedule.formulation.form is Form.LIQUID
    days = supply_days(schedule, policy)
    dispensed = dispensing.dispense(schedule, policy, days).dispensing
    assert dispensed is not None  # a formulation is dispensed
    fills = []
    for number, fill in enumerate(dispensed.fills, start=1):
        span = (number, fill.first_night, fill.last_night, fill.nights)
        if liquid:
            need = fill.dispense_ml or Decimal(0)
            fills.append(
                OrderFill(
                    *span,
                    need_ml=need,
                    quantity_ml=round_up(need, prescription.fill_unit_ml),
                    compound_from=fill.last_night - timedelta(days=policy.beyond_use_days),
                )
            )
        else:
            unit = prescription.fill_unit_capsules
            need_capsules = dict(fill.capsules or {})
            fills.append(
                OrderFill(
                    *span,
                    need_capsules=need_capsules,
                    capsules={k: -(-n // unit) * unit for k, n in need_capsules.items()},
                    split_capsules=dict(fill.split_capsules or {}) or None,
                )
            )
    return tuple(fills)
