"""The order sheet for the compounding pharmacy, as content the layouts place (HTML, Markdown).

The product and its concentration or capsule strengths, each fill with its nights, the window
in which it may be compounded and still be in date on its last night, its quantity (rounded up
to the policy's unit, never below the need: :mod:`ldn_titrate.rules.order_fills`), the
beyond-use days, the directions, and who prescribes. A key the clinic profile leaves unset is
left out, never printed as an empty label.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ldn_titrate.core.dosetext import format_date, format_mg, format_ml, formulation_text
from ldn_titrate.core.model import Form, Schedule
from ldn_titrate.render.prescription import directions
from ldn_titrate.render.prescription.options import PrescriptionOptions
from ldn_titrate.rules.order_fills import OrderFill, order_fills

TITLE = "Compounding order: naltrexone, low dose"


@dataclass(frozen=True)
class FillRow:
    number: str
    nights: str
    needed_by: str
    compound: str
    quantity: str
    need: str


@dataclass(frozen=True)
class OrderSheet:
    title: str
    facts: tuple[tuple[str, str], ...]  # (label, value), only the ones known
    fills: tuple[FillRow, ...]
    notes: tuple[str, ...]
    directions: str
    short_directions: str | None
    paper: str


def _capsules(counts: dict[str, int], split: dict[str, int] | None) -> str:
    parts = []
    for strength, count in sorted(counts.items(), key=lambda kv: -Decimal(kv[0])):
        cut = (split or {}).get(strength)
        kind = f" ({cut} to be split)" if cut else ""
        noun = "capsule" if count == 1 else "capsules"
        parts.append(f"{count:,} {noun} of {format_mg(Decimal(strength))}{kind}")
    return ", ".join(parts) or "none"


def _row(fill: OrderFill) -> FillRow:
    span = f"{format_date(fill.first_night)} to {format_date(fill.last_night)} ({fill.nights:,})"
    if fill.quantity_ml is not None:
        assert fill.need_ml is not None and fill.compound_from is not None  # noqa: PT018
        return FillRow(
            number=str(fill.number),
            nights=span,
            needed_by=format_date(fill.first_night),
            compound=f"{format_date(fill.compound_from)} to {format_date(fill.first_night)}",
            quantity=format_ml(fill.quantity_ml),
            need=format_ml(fill.need_ml),
        )
    return FillRow(
        number=str(fill.number),
        nights=span,
        needed_by=format_date(fill.first_night),
        compound="–",
        quantity=_capsules(fill.capsules or {}, fill.split_capsules),
        need=_capsules(fill.need_capsules or {}, None),
    )


def build(schedule: Schedule, options: PrescriptionOptions) -> OrderSheet:
    clinic = options.clinic
    formulation = schedule.formulation
    product = formulation_text(formulation) or "form not stated on the plan (give --form)"
    facts: list[tuple[str, str]] = [
        ("Product", f"naltrexone (compounded, low dose), {product}"),
    ]
    fills = order_fills(schedule, options.formulation, options.prescription)
    notes = []
    if formulation is not None and formulation.form is Form.LIQUID:
        days = options.formulation.beyond_use_days
        unit = format_ml(options.prescription.fill_unit_ml)
        facts.append(("Beyond-use", f"{days} days from compounding, refrigerated"))
        notes.append(
            f"Each quantity is the nights' need with {options.formulation.overage_percent}% "
            f"overage for priming the syringe, rounded up to whole {unit}. Each fill covers at "
            f"most {days} nights, so it is in date on its last night when compounded in its window."
        )
    elif formulation is not None:
        per = options.prescription.fill_unit_capsules
        rounding = f"rounded up to multiples of {per}" if per > 1 else "in whole capsules"
        notes.append(f"Capsule counts are the nights' need, {rounding}.")
    else:
        notes.append("The plan records no formulation: no quantity can be computed.")
    facts.append(("Fills", str(len(fills)) if fills else "–"))
    facts.append(("Plan", f"{schedule.id[:8]}, revision {schedule.revision}"))
    if options.patient_id:
        facts.append(("Patient id", options.patient_id))
    facts.append(("First night", format_date(schedule.first_night)))
    facts.append(("Review", format_date(schedule.review_date)))
    if options.prescriber:
        facts.append(("Prescriber", options.prescriber))
    for label, value in (("Clinic", clinic.name), ("Address", clinic.address),
                         ("Phone", clinic.phone)):  # fmt: skip
        if value:
            facts.append((label, value))
    if options.made_on is not None:
        facts.append(("Written on", format_date(options.made_on)))
    return OrderSheet(
        title=TITLE,
        facts=tuple(facts),
        fills=tuple(_row(fill) for fill in fills),
        notes=tuple(notes),
        directions=directions.full(schedule),
        short_directions=directions.short(schedule),
        paper="letter" if clinic.paper is not None and clinic.paper.value == "letter" else "A4",
    )
