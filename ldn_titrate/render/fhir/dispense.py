"""What the pharmacy dispenses, per fill, as FHIR defines it.

FHIR R4 and R5 ``MedicationRequest.dispenseRequest``: ``quantity`` is "the amount that is to
be dispensed for one fill", ``expectedSupplyDuration`` "the length of time the dispense is
expected to last", ``initialFill`` "the quantity or duration for the first dispense", and
``numberOfRepeatsAllowed`` the dispenses "in addition to the original dispense". So a plan in
one fill gives that fill; a plan in several (``--supply-days``) gives the first fill as
``initialFill``, the number of repeats, and one repeat's quantity and duration: the largest
repeat, so that no repeat runs short. The exact content of every fill is also in ``note``.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ldn_titrate.core.dosetext import format_date
from ldn_titrate.core.model import Form, Formulation, Schedule, Supply
from ldn_titrate.render import describe
from ldn_titrate.render.fhir import codes


def quantity(supply: Supply, formulation: Formulation) -> dict[str, Any] | None:
    """mL of liquid, or a count of capsules; None when capsules of several strengths are
    dispensed (a count adding 1.5 mg and 3 mg capsules would mean nothing to a pharmacy).
    """
    if formulation.form is Form.LIQUID:
        return codes.ml(supply.dispense_ml if supply.dispense_ml is not None else Decimal(0))
    counts = supply.capsules or {}
    if len(formulation.strengths_mg or ()) != 1 or len(counts) > 1:
        return None
    return codes.capsules(sum(counts.values()))


def _fill(supply: Supply, formulation: Formulation, duration_key: str) -> dict[str, Any]:
    fill: dict[str, Any] = {}
    amount = quantity(supply, formulation)
    if amount is not None:
        fill["quantity"] = amount
    fill[duration_key] = codes.days(supply.nights)
    return fill


def dispense_request(schedule: Schedule) -> dict[str, Any] | None:
    """The dispenseRequest, per fill; None for a plan without dispensing."""
    dispensing, formulation = schedule.dispensing, schedule.formulation
    if dispensing is None or formulation is None:
        return None
    first, *repeats = dispensing.fills
    if not repeats:
        return _fill(first, formulation, "expectedSupplyDuration")
    request: dict[str, Any] = {
        "initialFill": _fill(first, formulation, "duration"),
        "numberOfRepeatsAllowed": len(repeats),
    }
    largest = max(repeats, key=lambda s: _size(s, formulation))
    amount = quantity(largest, formulation)
    if amount is not None:
        request["quantity"] = amount
    longest = max(s.nights for s in repeats)
    request["expectedSupplyDuration"] = codes.days(longest)
    return request


def _size(supply: Supply, formulation: Formulation) -> Decimal:
    amount = quantity(supply, formulation)
    return Decimal(0) if amount is None else Decimal(amount["value"])


def dispense_notes(schedule: Schedule) -> list[dict[str, str]]:
    """What the pharmacy dispenses, in words: the fills and what each holds."""
    dispensing = schedule.dispensing
    if dispensing is None:
        return []
    fills = dispensing.fills
    lines = []
    for number, fill in enumerate(fills, start=1):
        label = f"fill {number} of {len(fills)}" if len(fills) > 1 else "the whole plan"
        contents = describe.supply_contents(fill, schedule.formulation)
        lines.append(
            f"Dispense for {label}, {format_date(fill.first_night)} to "
            f"{format_date(fill.last_night)}: {contents}"
        )
    return [{"text": line} for line in lines]
