"""Which events a plan's calendar holds, and what each one says, without any iCalendar library.

Kept apart from the serialiser (:mod:`ldn_titrate.render.calendar.ics`) so that the rule "exactly
one dose event per night" and every sentence a patient reads can be checked without icalendar.
Dates and doses come from the :class:`Schedule` as they are; nothing here recomputes them. Each
event carries its identity (role and the step's first night), which is what keeps its UID when
an adjustment renumbers the steps (:mod:`ldn_titrate.render.calendar.revisions`).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from ldn_titrate.core.dosetext import format_date, format_mg, plural
from ldn_titrate.core.model import Phase, Schedule, Step
from ldn_titrate.render.calendar.planned import PlannedEvent as PlannedEvent
from ldn_titrate.render.calendar.timing import DoseTime, dose_time_for, time_change
from ldn_titrate.render.describe import (
    OPIOID_WARNING,
    PROVISIONAL,
    added_amount,
    ending,
    ongoing,
    step_note,
    syringe_text,
)
from ldn_titrate.render.measure import conditional, measure_with_dose, stay_at

# How long a dose event lasts in the calendar: short, and never past midnight, so the event
# shows on the one day it belongs to.
DOSE_EVENT_MINUTES = 15

SIDE_EFFECTS = (
    "Vivid dreams or poor sleep are common at first and usually settle within days to weeks. "
    "If they persist, or you feel worse after an increase, contact your prescriber: the usual "
    "options are taking the dose earlier, or going back to the previous dose until things settle."
)

__all__ = ["DoseTime", "PlannedEvent", "dose_time_for", "planned_events"]


def planned_events(schedule: Schedule, bedtime: time, zone: ZoneInfo) -> list[PlannedEvent]:
    """Per step a banner, then its dose events; finally the review. In that order, always."""
    events: list[PlannedEvent] = []
    steps = schedule.steps
    for index, step in enumerate(steps):
        previous = steps[index - 1] if index > 0 else None
        following = steps[index + 1] if index + 1 < len(steps) else None
        when = dose_time_for(step, bedtime)
        banner = _banner(schedule, index, following, when)
        if index == 0:
            # The general warning only: a calendar is often synced to other services, so the
            # patient's own screening answers never go in it.
            banner = replace(banner, description=f"{OPIOID_WARNING}\n\n{banner.description}")
        events.append(banner)
        was = dose_time_for(previous, bedtime) if previous is not None else None
        events.extend(_doses(schedule, index, previous, when, was, zone))
        events.extend(_added(schedule, step, zone))
    events.append(_review(schedule))
    events.extend(_going_on(schedule, bedtime, zone))
    return events


def _added(schedule: Schedule, step: Step, zone: ZoneInfo) -> Iterator[PlannedEvent]:
    """``--also``: each added dose, an event at its time each day of a dosed step (UID by time)."""
    for added in schedule.also if step.phase is not Phase.PAUSED else ():
        amount = added_amount(added, schedule.formulation)
        dose = format_mg(added.dose_mg) + (f" ({amount})" if amount else "")
        nightly = format_mg(step.dose_mg)
        text = (
            f"Take {dose} of LDN at {added.at} each day until {format_date(step.end)}, besides "
            f"the nightly dose of {nightly} ({_of(schedule, step)})."
        )
        moment = datetime.combine(step.start, time.fromisoformat(added.at), tzinfo=zone)
        summary = f"LDN {format_mg(added.dose_mg)} at {added.at} (added dose)"
        yield _timed(step, f"also-{added.at}", summary, text, moment, count=step.nights)


def _going_on(schedule: Schedule, bedtime: time, zone: ZoneInfo) -> Iterator[PlannedEvent]:
    """``--maintain ongoing``: reminders go on from the review for the policy's grace nights."""
    grace = schedule.inputs.ongoing_grace_nights
    going_on = ongoing(schedule)
    if not grace or going_on is None:
        return
    last = schedule.steps[-1]
    when = dose_time_for(last, bedtime)
    dose = _measure(schedule, last)
    until = schedule.review_date + timedelta(days=grace - 1)
    event = _timed(
        last,
        "ongoing",
        f"LDN {dose} (ongoing)",
        f"{going_on}. These reminders end on {format_date(until)}: by then your review with "
        "your prescriber will have set what comes next.",
        when.moment(schedule.review_date, zone),
        count=grace,
    )
    yield replace(event, night=schedule.review_date)
    for added in schedule.also:  # and each added daily dose over the same days
        moment = datetime.combine(schedule.review_date, time.fromisoformat(added.at), zone)
        summary = f"LDN {format_mg(added.dose_mg)} at {added.at} (added dose, ongoing)"
        text = (
            f"Keep taking {format_mg(added.dose_mg)} at {added.at} each day with the nightly "
            f"dose, unless your prescriber changes it. These reminders end on {format_date(until)}."
        )
        extra = _timed(last, f"ongoing-also-{added.at}", summary, text, moment, grace)
        yield replace(extra, night=schedule.review_date)


def _of(schedule: Schedule, step: Step) -> str:
    return f"step {step.number} of {len(schedule.steps)}"


def _syringe(step: Step) -> list[str]:
    """``Measure it with the 1 mL oral syringe.``, as a line of its own (none without one)."""
    syringe = syringe_text(step)
    return [f"Measure it with the {syringe}."] if syringe else []


def _measure(schedule: Schedule, step: Step) -> str:
    """What to measure first, then the mg: ``0.5 mL of 5 mg/mL (2.5 mg)``, ``1 × 1.5 mg capsule
    (1.5 mg)``, or ``2.5 mg`` without a formulation: a volume always with its concentration.
    """
    return measure_with_dose(step, schedule.formulation)


def _provisional(steps: tuple[Step, ...], index: int) -> str | None:
    """The sentence every output gives a retried dose and the steps after it, naming the dose
    to stay at.
    """
    if not conditional(steps, index):
        return None
    before = stay_at(steps, index)
    stay = f" ({format_mg(before.dose_mg)})" if before is not None else ""
    return f"{PROVISIONAL.capitalize()}; if not, stay at the dose before it{stay}."


def _banner(schedule: Schedule, index: int, following: Step | None, when: DoseTime) -> PlannedEvent:
    step = schedule.steps[index]
    nights = (
        f"{format_date(step.start)} to {format_date(step.end)} ({plural(step.nights, 'night')})"
    )
    if following is not None:
        after = f"Next: {_brief(following)} from {format_date(following.start)}."
    elif schedule.discontinued_on is not None:
        after = f"{ending(schedule)}."
    else:
        after = f"Review with your prescriber on {format_date(schedule.review_date)}."
    if step.phase is Phase.PAUSED:
        summary = f"LDN paused: no dose ({_of(schedule, step)})"
        body = f"No LDN on these nights, as agreed with your prescriber: {nights}."
    else:
        summary = f"LDN {_measure(schedule, step)} {when.each} ({_of(schedule, step)})"
        body = (
            f"{_of(schedule, step).capitalize()}, {step.phase.value}: "
            f"{_measure(schedule, step)} {when.words}, {nights}."
        )
        body = "\n".join([body, *_syringe(step)])
        if conditional(schedule.steps, index):
            summary += f", {PROVISIONAL}"
    extra = [text for text in (_provisional(schedule.steps, index), step_note(step)) if text]
    if extra:
        body += "\n" + "\n".join(_sentence(text) for text in extra)
    return PlannedEvent(
        kind="banner",
        night=step.start,
        number=step.number,
        summary=summary,
        description=f"{body}\n{after}\n\n{SIDE_EFFECTS}",
        start=step.start,
        end=step.end + timedelta(days=1),
        transparent=True,
    )


def _sentence(text: str) -> str:
    return text if text.endswith(".") else f"{text}."


def _brief(step: Step) -> str:
    return "a pause" if step.phase is Phase.PAUSED else format_mg(step.dose_mg)


def _change(step: Step, previous: Step | None, dose: str, when: DoseTime) -> str | None:
    """How tonight's dose differs from the night before, saying the new ``dose``; None if not."""
    if previous is None or previous.dose_mg == step.dose_mg:
        return None
    if previous.phase is Phase.PAUSED:
        return f"Restart {when.today}: {dose} (after a pause)"
    kind = "Increase" if step.dose_mg > previous.dose_mg else "Decrease"
    return f"{kind} {when.today}: {dose} (was {format_mg(previous.dose_mg)})"


def _first_night(
    step: Step, previous: Step | None, dose: str, when: DoseTime, was: DoseTime | None
) -> tuple[str, list[str]] | None:
    """The summary and extra lines of a step's first-night event, when that night needs one:
    a new dose, a new dose time or a note (the restart warning after a pause).
    """
    summary = _change(step, previous, dose, when)
    lines: list[str] = []
    moved = time_change(was, when) if was is not None and previous is not None else None
    if moved is not None and previous is not None and previous.phase is not Phase.PAUSED:
        if summary is None:
            summary = f"Dose time changes: LDN {dose} {moved}"
        lines.append(
            f"From {when.today} the dose is taken {when.words} at {when.at:%H:%M}, "
            f"once a day as before: take it {when.today} and not also at the old time."
        )
    note = step_note(step)
    if note:
        summary = summary or f"LDN {dose}: read the note first"
        lines.insert(0, _sentence(note))
    return (summary, lines) if summary is not None else None


def _doses(
    schedule: Schedule,
    index: int,
    previous: Step | None,
    when: DoseTime,
    was: DoseTime | None,
    zone: ZoneInfo,
) -> Iterator[PlannedEvent]:
    """A single event for the first night of a change, then one recurrence for the rest."""
    step = schedule.steps[index]
    if step.phase is Phase.PAUSED:
        return
    dose = _measure(schedule, step)
    until = f"until {format_date(step.end)} ({_of(schedule, step)})"
    # "each morning" or "at bedtime each night": never "in the morning each morning".
    each = "each morning" if when.morning else "at bedtime each night"
    take = f"Take LDN {dose} {when.words}, at the same time each {when.period}."
    provisional = _provisional(schedule.steps, index)
    settled = f", {PROVISIONAL}" if provisional else ""
    extra = [provisional] if provisional else []
    first = step.start
    change = _first_night(step, previous, _measure(schedule, step), when, was)
    if change is not None:
        summary, lines = change
        take_first = f"From {when.today}, take LDN {dose} {each} {until}."
        text = "\n".join([f"{summary}.", *lines, take_first, *_syringe(step), *extra])
        yield _timed(step, "change", summary + settled, text, when.moment(first, zone))
        first += timedelta(days=1)
    remaining = (step.end - first).days + 1
    if remaining > 0:
        yield _timed(
            step,
            "doses",
            f"LDN {_measure(schedule, step)}" + (f" ({PROVISIONAL})" if provisional else ""),
            "\n".join([take, *_syringe(step), f"This dose: {each} {until}.", *extra]),
            when.moment(first, zone),
            count=remaining,
        )


def _timed(
    step: Step, kind: str, summary: str, text: str, start: datetime, count: int | None = None
) -> PlannedEvent:
    to_midnight = datetime.combine(start.date() + timedelta(days=1), time(), start.tzinfo) - start
    length = min(timedelta(minutes=DOSE_EVENT_MINUTES), to_midnight)
    # The reminder is often all a patient sees: a note (the restart warning) goes in it too.
    alert = f"{summary}\n{step_note(step)}" if step_note(step) and count is None else summary
    return PlannedEvent(
        kind=kind,
        night=step.start,
        number=step.number,
        summary=summary,
        description=f"{text}\n\n{SIDE_EFFECTS}",
        start=start,
        end=start + length,
        count=count,
        alert=alert,
        # A dose takes a minute: the event never marks the patient busy in shared calendars.
        transparent=True,
    )


def _review(schedule: Schedule) -> PlannedEvent:
    if schedule.discontinued_on is not None:
        ended = f"{ending(schedule)}."
    else:
        ended = f"The planned nights ended on {format_date(schedule.last_night)}."
    return PlannedEvent(
        kind="review",
        night=None,
        number=0,
        summary="LDN review with your prescriber",
        description=(
            f"{ended} Review the plan with your prescriber; do not stop or change LDN without "
            "their advice."
        ),
        start=schedule.review_date,
        end=schedule.review_date + timedelta(days=1),
        transparent=True,
    )
