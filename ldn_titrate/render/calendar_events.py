"""Which events a plan's calendar holds, and what each one says, without any iCalendar library.

Kept apart from the serialiser (:mod:`ldn_titrate.render.calendar`) so that the rule "exactly one
dose event per night" and every sentence a patient reads can be checked without icalendar.
Dates and doses come from the :class:`Schedule` as they are; nothing here recomputes them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from ldn_titrate.describe import OPIOID_WARNING, amount_text
from ldn_titrate.dosetext import format_date, format_mg, plural
from ldn_titrate.model import Phase, Schedule, Step
from ldn_titrate.parsing import NOON

# How long a dose event lasts in the calendar: short, and never past midnight, so the event
# shows on the one day it belongs to.
DOSE_EVENT_MINUTES = 15

SIDE_EFFECTS = (
    "Vivid dreams or poor sleep are common at first and usually settle within days to weeks. "
    "If they persist, or you feel worse after an increase, contact your prescriber: the usual "
    "options are taking the dose earlier, or going back to the previous dose until things settle."
)


@dataclass(frozen=True)
class DoseTime:
    """When a step's dose is taken. Only bedtime exists today; a per-step time (morning, or a
    bedtime of its own) will be read from the step in :func:`dose_time_for`.
    """

    at: time
    words: str = "at bedtime"
    each: str = "nightly"

    def moment(self, night: date, zone: ZoneInfo) -> datetime:
        """The local date-time of the dose for ``night``: a time after midnight falls on the
        next calendar day, because it still belongs to that night.
        """
        day = night + timedelta(days=1) if self.at < NOON else night
        return datetime.combine(day, self.at, tzinfo=zone)


@dataclass(frozen=True)
class PlannedEvent:
    """One VEVENT: all-day when ``start`` is a date, timed (and recurring with ``count``) else."""

    role: str
    summary: str
    description: str
    start: date | datetime
    end: date | datetime
    count: int | None = None
    alarm: bool = False
    transparent: bool = False


def dose_time_for(step: Step, bedtime: time) -> DoseTime:
    """The hook for per-step dose times: every step is taken at the command's bedtime today."""
    del step
    return DoseTime(bedtime)


def planned_events(schedule: Schedule, bedtime: time, zone: ZoneInfo) -> list[PlannedEvent]:
    """Per step a banner, then its dose events; finally the review. In that order, always."""
    events: list[PlannedEvent] = []
    steps = schedule.steps
    for index, step in enumerate(steps):
        previous = steps[index - 1] if index > 0 else None
        following = steps[index + 1] if index + 1 < len(steps) else None
        when = dose_time_for(step, bedtime)
        banner = _banner(schedule, step, following, when)
        if index == 0:
            # The general warning only: a calendar is often synced to other services, so the
            # patient's own screening answers never go in it.
            banner = replace(banner, description=f"{OPIOID_WARNING}\n\n{banner.description}")
        events.append(banner)
        events.extend(_doses(schedule, step, previous, when, zone))
    events.append(_review(schedule))
    return events


def _of(schedule: Schedule, step: Step) -> str:
    return f"step {step.number} of {len(schedule.steps)}"


def _dose_with_amount(schedule: Schedule, step: Step) -> str:
    """``2.5 mg`` or ``2.5 mg (2.5 mL of 1 mg/mL)``: a volume always with its concentration."""
    amount = amount_text(step, schedule.formulation)
    dose = format_mg(step.dose_mg)
    return f"{dose} ({amount})" if amount else dose


def _banner(schedule: Schedule, step: Step, following: Step | None, when: DoseTime) -> PlannedEvent:
    nights = (
        f"{format_date(step.start)} to {format_date(step.end)} ({plural(step.nights, 'night')})"
    )
    if following is not None:
        after = f"Next: {_brief(following)} from {format_date(following.start)}."
    else:
        after = f"Review with your prescriber on {format_date(schedule.review_date)}."
    if step.phase is Phase.PAUSED:
        summary = f"LDN paused: no dose ({_of(schedule, step)})"
        body = f"No LDN on these nights, as agreed with your prescriber: {nights}."
    else:
        summary = f"LDN {format_mg(step.dose_mg)} {when.each} ({_of(schedule, step)})"
        body = (
            f"{_of(schedule, step).capitalize()}, {step.phase.value}: "
            f"{_dose_with_amount(schedule, step)} {when.words}, {nights}."
        )
    return PlannedEvent(
        role=f"step-{step.number}/banner",
        summary=summary,
        description=f"{body}\n{after}\n\n{SIDE_EFFECTS}",
        start=step.start,
        end=step.end + timedelta(days=1),
        transparent=True,
    )


def _brief(step: Step) -> str:
    return "a pause" if step.phase is Phase.PAUSED else format_mg(step.dose_mg)


def _change(step: Step, previous: Step | None, dose: str) -> str | None:
    """How tonight differs from the night before, saying the new ``dose``; None if it does not."""
    if previous is None or previous.dose_mg == step.dose_mg:
        return None
    if previous.phase is Phase.PAUSED:
        return f"Restart tonight: {dose} (after a pause)"
    kind = "Increase" if step.dose_mg > previous.dose_mg else "Decrease"
    return f"{kind} tonight: {dose} (was {format_mg(previous.dose_mg)})"


def _doses(
    schedule: Schedule, step: Step, previous: Step | None, when: DoseTime, zone: ZoneInfo
) -> Iterator[PlannedEvent]:
    """A single event for the first night of a change, then one recurrence for the rest."""
    if step.phase is Phase.PAUSED:
        return
    dose = _dose_with_amount(schedule, step)
    until = f"each night until {format_date(step.end)} ({_of(schedule, step)})"
    take = f"Take {dose} of LDN {when.words}, at the same time each night."
    first = step.start
    change = _change(step, previous, dose)
    if change is not None:
        yield _timed(
            f"step-{step.number}/change",
            change,
            f"{change}.\nFrom tonight, take {dose} of LDN {when.words} {until}.",
            when.moment(first, zone),
            count=None,
        )
        first += timedelta(days=1)
    remaining = (step.end - first).days + 1
    if remaining > 0:
        yield _timed(
            f"step-{step.number}/doses",
            f"LDN {dose}",
            f"{take}\nThis dose: {until}.",
            when.moment(first, zone),
            count=remaining,
        )


def _timed(role: str, summary: str, text: str, start: datetime, count: int | None) -> PlannedEvent:
    to_midnight = datetime.combine(start.date() + timedelta(days=1), time(), start.tzinfo) - start
    length = min(timedelta(minutes=DOSE_EVENT_MINUTES), to_midnight)
    return PlannedEvent(
        role=role,
        summary=summary,
        description=f"{text}\n\n{SIDE_EFFECTS}",
        start=start,
        end=start + length,
        count=count,
        alarm=True,
    )


def _review(schedule: Schedule) -> PlannedEvent:
    return PlannedEvent(
        role="review",
        summary="LDN review with your prescriber",
        description=(
            f"The planned nights ended on {format_date(schedule.last_night)}. Review the plan with "
            "your prescriber; do not stop or change LDN without their advice."
        ),
        start=schedule.review_date,
        end=schedule.review_date + timedelta(days=1),
        transparent=True,
    )
