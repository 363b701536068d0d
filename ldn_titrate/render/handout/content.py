"""What a handout says, computed once from the schedule; the three renderers only lay it out.

:func:`build` reads the :class:`~ldn_titrate.core.model.Schedule` and never recomputes a dose or a
date: every night's dose is the dose of the step that covers it, every text comes from
:mod:`ldn_titrate.render.describe` and :mod:`ldn_titrate.core.dosetext`. Strings here are plain
text, not yet escaped: each renderer escapes every string it writes (user text and ours alike).

What a changed plan adds (dose times, notes on a step, the history, a stop) is worded in
:mod:`handout_changes`; the "Before you start" box in :mod:`handout_safety`. The renderers only
place these fields, so all three formats say the same thing.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from ldn_titrate.core.dosetext import format_date, format_mg, formulation_text, plural
from ldn_titrate.core.model import Phase, Schedule, Step
from ldn_titrate.render import describe
from ldn_titrate.render.handout import changes as changes
from ldn_titrate.render.handout import words as words
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
    amount: str | None
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
    show_amount: bool
    contact: str | None
    notes: str | None
    sections: tuple[words.Section, ...]
    months: tuple[Month, ...]
    reference: str
    history: tuple[str, ...] = ()
    # "Dose at bedtime" when every dose is, so the rows need not repeat it; else each row says.
    dose_heading: str = words.DOSE_EACH_NIGHT


def build(schedule: Schedule, options: HandoutOptions) -> Handout:
    rows = tuple(_row(index, schedule) for index in range(len(schedule.steps)))
    return Handout(
        title=words.TITLE,
        before_start=before_you_start(schedule),
        facts=facts(schedule, options),
        rows=rows,
        show_amount=any(row.amount is not None for row in rows),
        contact=options.contact,
        notes=options.notes,
        sections=words.sections(schedule),
        months=months(schedule),
        reference=f"Plan {schedule.id[:8]}, revision {schedule.revision}",
        history=changes.history(schedule),
        dose_heading=words.DOSE_EACH_NIGHT
        if changes.varied_times(schedule)
        else words.DOSE_AT_BEDTIME,
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
        Fact("First night", format_date(schedule.first_night)),
        Fact("Last night", changes.last_night_text(schedule)),
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
    return Row(
        first=format_date(step.start),
        last=format_date(step.end),
        nights=plural(step.nights, "night"),
        dose=dose_text(step),
        amount=describe.amount_text(step, schedule.formulation),
        when=when_text(step)
        if step.phase is not Phase.PAUSED and changes.varied_times(schedule)
        else "",
        notes=changes.notes(schedule.steps, index),
    )


def key_line(step: Step, schedule: Schedule) -> str:
    """``Tue 1 Dec 2026 to Mon 14 Dec 2026: 1.5 mg (1.5 mL of 1 mg/mL)`` for a month's key.

    When the plan's dose times vary each line names its time, and a step's notes follow it.
    """
    amount = describe.amount_text(step, schedule.formulation)
    dose = dose_text(step) + (f" ({amount})" if amount else "")
    if step.phase is not Phase.PAUSED and changes.varied_times(schedule):
        dose += f" {when_text(step)}"
    line = f"{format_date(step.start)} to {format_date(step.end)}: {dose}"
    notes = changes.notes(schedule.steps, schedule.steps.index(step))
    return ". ".join((line, *notes))


def nights(schedule: Schedule) -> list[Night]:
    """Every night of the plan in order, each marked when its dose differs from the night before."""
    out: list[Night] = []
    previous: Step | None = None
    for step in schedule.steps:
        for offset in range(step.nights):
            day = step.start + timedelta(days=offset)
            marker = _marker(previous, step) if offset == 0 else None
            if marker is None and day == schedule.last_night:
                marker = words.LAST_MARK
            paused = step.phase is Phase.PAUSED
            out.append(Night(day, dose_text(step), marker, paused, changes.cell_when(step)))
        previous = step
    return out


def _marker(previous: Step | None, step: Step) -> str | None:
    if previous is None:
        return words.FIRST_MARK
    if step.phase is Phase.PAUSED and previous.phase is not Phase.PAUSED:
        return words.PAUSE_MARK
    if previous.phase is Phase.PAUSED and step.phase is not Phase.PAUSED:
        return words.RESTART_MARK
    if step.provisional:
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
