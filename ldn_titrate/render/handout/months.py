"""The handout's month pages: every night of the plan on its square, each change marked in
words, and the key of the doses each month holds (split from :mod:`content`, which re-exports
these names). Plain text, not yet escaped; every word in the patient's language.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from ldn_titrate.core.dosetext import compact_date, format_mg, month_title
from ldn_titrate.core.language import ENGLISH, Language
from ldn_titrate.core.model import Phase, Schedule, Step
from ldn_titrate.render import describe, measure
from ldn_titrate.render.handout import added as added
from ldn_titrate.render.handout import changes as changes
from ldn_titrate.render.handout import words as words


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


def dose_text(step: Step, language: Language = ENGLISH) -> str:
    """What a night of ``step`` says: ``1.5 mg``, or that no LDN is taken during a pause."""
    if step.phase is Phase.PAUSED:
        return language.text(words.PAUSED_DOSE)
    return format_mg(step.dose_mg, language)


def when_text(step: Step, language: Language = ENGLISH) -> str:
    """When the dose is taken: ``at bedtime`` unless the plan moved it (issue 6)."""
    return changes.when_text(step, language)


def key_line(step: Step, schedule: Schedule, language: Language = ENGLISH) -> str:
    """``Tue 1 Dec 2026 to Mon 14 Dec 2026: 1.5 mL of 1 mg/mL (1.5 mg), 5 mL oral syringe``,
    with the dose time when the plan's times vary, then the step's notes."""
    if step.phase is Phase.PAUSED:
        dose = dose_text(step, language)
    else:
        dose = measure.measure_with_dose(step, schedule.formulation, language)
        if changes.varied_times(schedule):
            dose += f" {when_text(step, language)}"
        syringe = describe.syringe_text(step, language)
        dose += f", {syringe}" if syringe else ""
    # The key is read beside the grid: its dates are the compact form, as in English.
    line = language.text("{first} to {last}: {dose}").format(
        first=compact_date(step.start, language), last=compact_date(step.end, language), dose=dose
    )
    notes = changes.notes(schedule.steps, schedule.steps.index(step), language)
    return ". ".join((line, *notes))


def nights(schedule: Schedule, language: Language = ENGLISH) -> list[Night]:
    """Every night of the plan in order, each marked when its dose differs from the night before."""
    out: list[Night] = []
    previous: Step | None = None
    for index, step in enumerate(schedule.steps):
        square = measure.square_measure(step, schedule.formulation, language)
        large, dose = square if square is not None else (None, dose_text(step, language))
        when = added.cell_when(step, schedule, language)
        for offset in range(step.nights):
            day = step.start + timedelta(days=offset)
            marker = _marker(previous, step, index, schedule) if offset == 0 else None
            stopped = schedule.discontinued_on is not None
            if marker is None and day == schedule.last_night and stopped:
                marker = words.LAST_MARK
            paused = step.phase is Phase.PAUSED
            shown = language.text(marker) if marker is not None else None
            out.append(Night(day, dose, shown, paused, when, large))
        previous = step
    return out


def _marker(previous: Step | None, step: Step, index: int, schedule: Schedule) -> str | None:
    if previous is None:
        return words.FIRST_MARK
    if step.phase is Phase.PAUSED and previous.phase is not Phase.PAUSED:
        return words.PAUSE_MARK
    if previous.phase is Phase.PAUSED and step.phase is not Phase.PAUSED:
        return words.RESTART_MARK
    if step.provisional:  # the conditional dose itself (core/nightly.py), not the nights after
        return words.PROVISIONAL_MARK
    if step.dose_mg != previous.dose_mg:
        return words.CHANGE_MARK
    if step.phase is not Phase.PAUSED and when_text(step) != when_text(previous):
        return words.TIME_MARK
    return None


def months(schedule: Schedule, language: Language = ENGLISH) -> tuple[Month, ...]:
    """One page per calendar month that has at least one night of the plan, Monday first."""
    by_day = {night.day: night for night in nights(schedule, language)}
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
                title=month_title(year, month, language),
                key=tuple(key_line(step, schedule, language) for step in steps),
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
