"""What a handout says, computed once from the schedule; the three renderers only lay it out.

:func:`build` reads the :class:`~ldn_titrate.core.model.Schedule` and never recomputes a dose or a
date: every night's dose is the dose of the step that covers it, every text comes from
:mod:`ldn_titrate.render.describe` and :mod:`ldn_titrate.core.dosetext`. Strings here are plain
text, not yet escaped: each renderer escapes every string it writes (user text and ours alike).

A changed plan's words are in :mod:`changes`, the "Before you start" box in :mod:`safety`, the
chart in :mod:`chart`: the renderers only place these fields, so all formats say the same.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, replace
from datetime import date, timedelta

from ldn_titrate.core.dosetext import (
    concentration_text,
    format_date,
    format_mg,
    formulation_text,
    plural,
)
from ldn_titrate.core.model import Phase, Schedule, Step
from ldn_titrate.render import describe, measure
from ldn_titrate.render.handout import added as added
from ldn_titrate.render.handout import changes as changes
from ldn_titrate.render.handout import words as words
from ldn_titrate.render.handout.chart import Chart
from ldn_titrate.render.handout.chart import build as build_chart
from ldn_titrate.render.handout.common import HandoutOptions
from ldn_titrate.render.handout.safety import before_you_start

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
# Written out, not calendar.month_name, which follows the machine's locale.
_MONTH_NAMES = (
    "", "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


@dataclass(frozen=True)
class Fact:
    label: str
    value: str


@dataclass(frozen=True)
class Row:
    """One line of the dose table: a run of nights at one dose."""

    first: str
    last: str
    nights: str
    dose: str
    # What to measure or count, first and largest (``0.5 mL``), the rest (`` of 5 mg/mL``: a
    # volume is never far from its concentration) and the syringe.
    measure: str | None
    strength: str
    syringe: str | None
    when: str
    # Said under the row: a retried dose (provisional) or the restart night's warning.
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Night:
    """One night on the calendar; ``marker`` names a change so it never relies on looks alone."""

    day: date
    dose: str
    marker: str | None
    paused: bool = False  # no dose that night, so no tick box either
    when: str | None = None  # "morning" under the dose when it is not taken at bedtime
    # What to measure or count (``0.5 mL``), printed first and largest; ``dose`` goes under
    # it (``2.5 mg``, ``capsules: 4.5 mg``).
    measure: str | None = None

    @property
    def stands_out(self) -> bool:
        """Drawn in bold with a heavy border: the first and last nights and every change."""
        return self.marker is not None


@dataclass(frozen=True)
class Cell:
    """A square of a month grid: ``day`` None outside the month, ``night`` None outside the plan."""

    day: date | None
    night: Night | None = None
    review: bool = False


@dataclass(frozen=True)
class Month:
    """One printed page of calendar: a title, a key of the doses in it, and its weeks."""

    title: str
    key: tuple[str, ...]
    weeks: tuple[tuple[Cell, ...], ...]
    nights: tuple[Night, ...]


@dataclass(frozen=True)
class Handout:
    title: str
    before_start: words.Section
    facts: tuple[Fact, ...]
    rows: tuple[Row, ...]
    syringe_line: str | None
    show_amount: bool
    period: str  # "night", "morning" or "day": what every sentence counts the doses in
    contact: str | None
    notes: str | None
    sections: tuple[words.Section, ...]
    months: tuple[Month, ...]
    reference: str
    history: tuple[str, ...] = ()
    # "Dose at bedtime" when every dose is, so the rows need not repeat it; else each row says.
    dose_heading: str = words.DOSE_AT_BEDTIME
    tick_hint: str = words.TICK_HINT
    strength_line: str | None = None  # above a liquid's month grids: mg in each mL
    card: words.Section | None = None
    chart: Chart | None = None


def build(schedule: Schedule, options: HandoutOptions) -> Handout:
    rows = tuple(_row(index, schedule) for index in range(len(schedule.steps)))
    syringes = {row.syringe for row in rows if row.syringe}
    syringe_line = None
    if len(syringes) == 1:  # one syringe for every step: said once, under the table
        syringe_line = f"Measure every dose with the {syringes.pop()}."
        rows = tuple(replace(row, syringe=None) for row in rows)
    return Handout(
        title=words.TITLE,
        before_start=before_you_start(schedule),
        facts=facts(schedule, options),
        rows=rows,
        syringe_line=syringe_line,
        show_amount=any(row.measure is not None for row in rows),
        period=measure.period(schedule.steps),
        contact=options.contact,
        notes=options.notes,
        sections=words.sections(schedule, options),
        months=months(schedule),
        reference=f"Plan {schedule.id[:8]}, revision {schedule.revision}",
        history=changes.history(schedule),
        dose_heading=words.dose_heading(schedule),
        tick_hint=words.tick_hint(schedule),
        strength_line=words.strength_line(schedule.formulation),
        card=words.wallet_card(schedule, options),
        chart=build_chart(schedule),
    )


def facts(schedule: Schedule, options: HandoutOptions) -> tuple[Fact, ...]:
    """The header: who, what medicine, when it starts and ends, and when this sheet was made."""
    medicine = words.MEDICINE
    formulation = formulation_text(schedule.formulation)
    if formulation is not None:
        medicine = f"{medicine}, {formulation}"
    items: list[Fact] = []
    if options.patient:
        items.append(Fact("Patient", options.patient))
    if options.prescriber:
        items.append(Fact("Prescriber", options.prescriber))
    items += [
        Fact("Medicine", medicine),
        Fact("First dose", format_date(schedule.first_night)),
        Fact("Last planned dose", changes.last_night_text(schedule)),
        Fact("Review", format_date(schedule.review_date)),
        Fact("Made on", format_date(options.made_on)),
    ]
    return tuple(items)


def dose_text(step: Step) -> str:
    """What a night of ``step`` says: ``1.5 mg``, or that no LDN is taken during a pause."""
    return words.PAUSED_DOSE if step.phase is Phase.PAUSED else format_mg(step.dose_mg)


def when_text(step: Step) -> str:
    """When the dose is taken: ``at bedtime`` unless the plan moved it (issue 6)."""
    return changes.when_text(step)


def _row(index: int, schedule: Schedule) -> Row:
    step = schedule.steps[index]
    shown = measure.measure_text(step, schedule.formulation)
    concentration = schedule.formulation.concentration_mg_per_ml if schedule.formulation else None
    strength = ""
    if shown is not None and step.volume_ml is not None and concentration is not None:
        strength = f" of {concentration_text(concentration)}"
    unit = "night" if measure.period(schedule.steps) == "night" else "day"
    return Row(
        first=format_date(step.start),
        last=format_date(step.end),
        nights=plural(step.nights, unit),
        dose=dose_text(step),
        measure=shown,
        strength=strength,
        syringe=describe.syringe_text(step) if shown is not None else None,
        when=when_text(step)
        if step.phase is not Phase.PAUSED and changes.varied_times(schedule)
        else "",
        notes=changes.notes(schedule.steps, index) + added.notes(step, schedule),
    )


def key_line(step: Step, schedule: Schedule) -> str:
    """``Tue 1 Dec 2026 to Mon 14 Dec 2026: 1.5 mL of 1 mg/mL (1.5 mg), 5 mL oral syringe``,
    with the dose time when the plan's times vary, then the step's notes."""
    if step.phase is Phase.PAUSED:
        dose = dose_text(step)
    else:
        dose = measure.measure_with_dose(step, schedule.formulation)
        if changes.varied_times(schedule):
            dose += f" {when_text(step)}"
        syringe = describe.syringe_text(step)
        dose += f", {syringe}" if syringe else ""
    line = f"{format_date(step.start)} to {format_date(step.end)}: {dose}"
    notes = changes.notes(schedule.steps, schedule.steps.index(step))
    return ". ".join((line, *notes))


def nights(schedule: Schedule) -> list[Night]:
    """Every night of the plan in order, each marked when its dose differs from the night before."""
    out: list[Night] = []
    previous: Step | None = None
    for index, step in enumerate(schedule.steps):
        square = measure.square_measure(step, schedule.formulation)
        large, dose = square if square is not None else (None, dose_text(step))
        for offset in range(step.nights):
            day = step.start + timedelta(days=offset)
            marker = _marker(previous, step, index, schedule) if offset == 0 else None
            stopped = schedule.discontinued_on is not None
            if marker is None and day == schedule.last_night and stopped:
                marker = words.LAST_MARK
            paused = step.phase is Phase.PAUSED
            out.append(Night(day, dose, marker, paused, added.cell_when(step, schedule), large))
        previous = step
    return out


def _marker(previous: Step | None, step: Step, index: int, schedule: Schedule) -> str | None:
    if previous is None:
        return words.FIRST_MARK
    if step.phase is Phase.PAUSED and previous.phase is not Phase.PAUSED:
        return words.PAUSE_MARK
    if previous.phase is Phase.PAUSED and step.phase is not Phase.PAUSED:
        return words.RESTART_MARK
    if measure.conditional(schedule.steps, index):
        return words.PROVISIONAL_MARK
    if step.dose_mg != previous.dose_mg:
        return words.CHANGE_MARK
    if step.phase is not Phase.PAUSED and when_text(step) != when_text(previous):
        return words.TIME_MARK
    return None


def months(schedule: Schedule) -> tuple[Month, ...]:
    """One page per calendar month that has at least one night of the plan, Monday first."""
    by_day = {night.day: night for night in nights(schedule)}
    grid = calendar.Calendar(firstweekday=calendar.MONDAY)
    pages: list[Month] = []
    for year, month in _months_touched(schedule.first_night, schedule.last_night):
        weeks = tuple(
            tuple(
                Cell(day, by_day.get(day), day == schedule.review_date)
                if day.month == month
                else Cell(None)
                for day in week
            )
            for week in grid.monthdatescalendar(year, month)
        )
        in_month = tuple(n for d, n in by_day.items() if (d.year, d.month) == (year, month))
        steps = [s for s in schedule.steps if _overlaps(s, year, month)]
        pages.append(
            Month(
                title=f"{_MONTH_NAMES[month]} {year}",
                key=tuple(key_line(step, schedule) for step in steps),
                weeks=weeks,
                nights=in_month,
            )
        )
    return tuple(pages)


def _months_touched(first: date, last: date) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        out.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def _overlaps(step: Step, year: int, month: int) -> bool:
    return (step.start.year, step.start.month) <= (year, month) <= (step.end.year, step.end.month)
