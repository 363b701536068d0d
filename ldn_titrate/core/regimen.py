"""The one internal description of a titration regimen, whichever form it was written in.

A clinician writes a regimen in one of three forms, and each becomes the same :class:`Regimen`:
a start dose, then one or more *rises* (climb by ``step_mg`` every ``every`` up to ``up_to_mg``),
then maintenance.

- start/step/ceiling (``--start-dose 1.5 --step 1 --ceiling 4.5``): one rise.
- an explicit ladder (``--doses 1,2,3,4.5``): one rise per rung, each exactly to the next dose.
- phases (``--phase 0.25mg/7d:1.5mg --phase 0.5mg/14d:4.5mg``): one rise per phase.

Within a rise the last increase is clamped to ``up_to_mg``. Intervals are nights, or calendar
months (:class:`Interval`). Month rule: consecutive monthly steps fall on the same day of the
month as the first of them; in a month too short for that day, on its last day, and the next
month returns to the original day (a plan starting 31 January steps on 29 February in a leap
year, 28 February otherwise, then 31 March). Pure: no I/O, no clock.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from ldn_titrate.core.model import TitrationPhase, TitrationRequest


@dataclass(frozen=True)
class Interval:
    """Nights, or calendar months, between one increase and the next."""

    count: int
    months: bool = False

    def text(self) -> str:
        unit = "month" if self.months else "night"
        return f"{self.count} {unit}" + ("" if self.count == 1 else "s")


@dataclass(frozen=True)
class Rise:
    """Climb by ``step_mg`` every ``every`` until ``up_to_mg`` (the last increase clamped)."""

    step_mg: Decimal
    up_to_mg: Decimal
    every: Interval


@dataclass(frozen=True)
class Rung:
    """One planned dose: ``every`` is None for the maintenance dose at the top."""

    dose_mg: Decimal
    every: Interval | None


@dataclass(frozen=True)
class Regimen:
    start_mg: Decimal
    rises: tuple[Rise, ...]
    maintain_days: int

    @property
    def ceiling_mg(self) -> Decimal:
        return self.rises[-1].up_to_mg if self.rises else self.start_mg

    def rungs(
        self, start_mg: Decimal | None = None, ceiling_mg: Decimal | None = None
    ) -> list[Rung]:
        """Every dose from ``start_mg`` (the regimen's own start when None) to the ceiling.

        From a dose part-way up (an adjustment that titrates again), the climb goes on with the
        rise whose range that dose is in. ``ceiling_mg`` lowers the top (stop-at-current).
        """
        return list(_walk(self, self.start_mg if start_mg is None else start_mg, ceiling_mg))

    def count(self, start_mg: Decimal | None = None, ceiling_mg: Decimal | None = None) -> int:
        return len(self.rungs(start_mg, ceiling_mg))


def _walk(regimen: Regimen, start: Decimal, ceiling: Decimal | None) -> Iterator[Rung]:
    top = regimen.ceiling_mg if ceiling is None else min(ceiling, regimen.ceiling_mg)
    dose = start
    for rise in regimen.rises:
        up_to = min(rise.up_to_mg, top)
        if dose < up_to and rise.step_mg <= 0:
            raise ValueError("a step of zero never reaches the ceiling")
        while dose < up_to:
            yield Rung(dose, rise.every)
            dose = min(dose + rise.step_mg, up_to)
    yield Rung(dose, None)


def next_start(first: date, every: Interval, anchor: date, months_before: int) -> date:
    """The night after a step that began on ``first``: nights count on from ``first``; months
    count from ``anchor``, the first night of the run of monthly steps (``months_before`` of
    them already taken), so a short month never shifts the day of the following steps.
    """
    if not every.months:
        return first + timedelta(days=every.count)
    from dateutil.relativedelta import relativedelta  # only a monthly regimen needs it

    return anchor + relativedelta(months=months_before + every.count)


def regimen_of(request: TitrationRequest) -> Regimen:
    """The request's regimen, whichever form it was given in."""
    if request.phases:
        rises = tuple(rise_of(phase) for phase in request.phases)
    elif request.doses_mg:
        every = request_interval(request)
        doses = request.doses_mg
        rises = tuple(Rise(high - low, high, every) for low, high in itertools.pairwise(doses))
        return Regimen(doses[0], rises, request.maintain_days)
    else:
        rises = (Rise(request.step_mg, request.ceiling_mg, request_interval(request)),)
    return Regimen(request.start_dose_mg, rises, request.maintain_days)


def request_interval(request: TitrationRequest) -> Interval:
    if request.interval_months is not None:
        return Interval(request.interval_months, months=True)
    return Interval(request.interval_days)


def rise_of(phase: TitrationPhase) -> Rise:
    if phase.interval_months is not None:
        return Rise(phase.step_mg, phase.up_to_mg, Interval(phase.interval_months, months=True))
    return Rise(phase.step_mg, phase.up_to_mg, Interval(phase.interval_nights or 0))
