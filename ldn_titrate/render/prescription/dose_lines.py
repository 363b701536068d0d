"""The plan as numbered dose lines for a records system's taper order.

A records system's taper order takes a few dose lines (one large US system: up to 7) and cannot
be held or edited once signed; a change means a new order. A plan with more steps than the
policy's ``[prescription] max_order_lines`` is split into consecutive orders that never overlap,
each with its first and last dates, and the file (and the command) warns that it was split.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ldn_titrate.core.dosetext import format_date, formulation_text
from ldn_titrate.core.model import Phase, Schedule, Step
from ldn_titrate.render.prescription.directions import ROUTE, amount, timing
from ldn_titrate.render.prescription.options import PrescriptionOptions


@dataclass(frozen=True)
class Order:
    number: int
    steps: tuple[Step, ...]

    @property
    def first(self) -> date:
        return self.steps[0].start

    @property
    def last(self) -> date:
        return self.steps[-1].end


def orders(schedule: Schedule, limit: int) -> tuple[Order, ...]:
    """The steps in orders of at most ``limit`` lines, in date order, none overlapping."""
    steps = schedule.steps
    return tuple(
        Order(number, steps[start : start + limit])
        for number, start in enumerate(range(0, len(steps), limit), start=1)
    )


def split_warning(schedule: Schedule, limit: int) -> str | None:
    count = len(schedule.steps)
    if count <= limit:
        return None
    parts = len(orders(schedule, limit))
    return (
        f"the plan needs {count} dose lines; this policy's records system takes at most {limit} "
        f"in one order ([prescription] max_order_lines): enter it as {parts} consecutive orders"
    )


def line(step: Step, schedule: Schedule) -> str:
    """``naltrexone 1.5 mL (1.5 mg) of 1 mg/mL by mouth at bedtime, Tue 1 Dec 2026 to Mon 14 Dec
    2026 (14 nights)``."""
    when, unit = timing(step)
    nights = f"{step.nights:,} {unit if step.nights != 1 else unit[:-1]}"
    span = f"{format_date(step.start)} to {format_date(step.end)} ({nights})"
    if step.phase is Phase.PAUSED:
        return f"no naltrexone (a pause), {span}"
    dose = amount(step, schedule.formulation, with_strength=True)
    return f"naltrexone {dose} {ROUTE} {when}, {span}"


def render(schedule: Schedule, options: PrescriptionOptions | None = None) -> str:
    limit = (options or PrescriptionOptions()).prescription.max_order_lines
    product = formulation_text(schedule.formulation) or "compounded"
    out = [
        f"Dose lines for a taper order: naltrexone (low dose), {product}",
        f"Plan {schedule.id[:8]}, revision {schedule.revision}; "
        f"review {format_date(schedule.review_date)}",
    ]
    warning = split_warning(schedule, limit)
    if warning is not None:
        out.append(f"Warning: {warning}.")
    split = orders(schedule, limit)
    for order in split:
        out += [
            "",
            f"Order {order.number} of {len(split)}: {format_date(order.first)} to "
            f"{format_date(order.last)}",
        ]
        out += [f"{index}. {line(step, schedule)}" for index, step in enumerate(order.steps, 1)]
    return "\n".join(out) + "\n"
