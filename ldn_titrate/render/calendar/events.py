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

from ldn_titrate.core import vocab
from ldn_titrate.core.dosetext import format_date, format_mg
from ldn_titrate.core.language import ENGLISH, Language
from ldn_titrate.core.model import Phase, Schedule, Step
from ldn_titrate.render.calendar import checkins, wording
from ldn_titrate.render.calendar.planned import PlannedEvent as PlannedEvent
from ldn_titrate.render.calendar.timing import DoseTime, dose_time_for
from ldn_titrate.render.describe import (
    OPIOID_WARNING,
    added_amount,
    ending,
    ongoing,
    step_note,
)

# How long a dose event lasts in the calendar: short, and never past midnight, so the event
# shows on the one day it belongs to.
DOSE_EVENT_MINUTES = 15

__all__ = ["DoseTime", "PlannedEvent", "dose_time_for", "planned_events"]


def planned_events(
    schedule: Schedule, bedtime: time, zone: ZoneInfo, language: Language = ENGLISH
) -> list[PlannedEvent]:
    """Per step a banner, then its dose events; finally the review. In that order, always.
    Every sentence is in ``language``; the events' identity and times never depend on it."""
    events: list[PlannedEvent] = []
    t = language.text
    steps = schedule.steps
    for index, step in enumerate(steps):
        previous = steps[index - 1] if index > 0 else None
        following = steps[index + 1] if index + 1 < len(steps) else None
        when = dose_time_for(step, bedtime, language)
        banner = _banner(schedule, index, following, when)
        if index == 0:
            # The general warning only: a calendar is often synced to other services, so the
            # patient's own screening answers never go in it.
            warning = t(OPIOID_WARNING)
            if language.decimal_comma:  # said once, in words, where the patient starts reading
                warning += "\n" + t(wording.DECIMAL_COMMA)
            banner = replace(banner, description=f"{warning}\n\n{banner.description}")
        events.append(banner)
        was = dose_time_for(previous, bedtime, language) if previous is not None else None
        events.extend(_doses(schedule, index, previous, when, was, zone))
        events.extend(_added(schedule, step, zone, language))
    events += checkins.reminders(schedule, language)  # issue 26: before each gated increase
    events.append(_review(schedule, language))
    events.extend(_going_on(schedule, bedtime, zone, language))
    return events


def _added(
    schedule: Schedule, step: Step, zone: ZoneInfo, language: Language
) -> Iterator[PlannedEvent]:
    """``--also``: each added dose, an event at its time each day of a dosed step (UID by time)."""
    t = language.text
    for added in schedule.also if step.phase is not Phase.PAUSED else ():
        amount = added_amount(added, schedule.formulation, language)
        mg = format_mg(added.dose_mg, language)
        dose = mg + (f" ({amount})" if amount else "")
        text = t(
            "Take {dose} of LDN at {time} each day until {day}, besides "
            "the nightly dose of {nightly} ({step})."
        ).format(
            dose=dose,
            time=added.at,
            day=format_date(step.end, language),
            nightly=format_mg(step.dose_mg, language),
            step=wording.of_text(schedule, step, language),
        )
        moment = datetime.combine(step.start, time.fromisoformat(added.at), tzinfo=zone)
        summary = t("LDN {dose} at {time} (added dose)").format(dose=mg, time=added.at)
        yield _timed(step, f"also-{added.at}", summary, text, moment, language, count=step.nights)


def _going_on(
    schedule: Schedule, bedtime: time, zone: ZoneInfo, language: Language
) -> Iterator[PlannedEvent]:
    """``--maintain ongoing``: reminders go on from the review for the policy's grace nights."""
    grace = schedule.inputs.ongoing_grace_nights
    going_on = ongoing(schedule, language)
    if not grace or going_on is None:
        return
    t = language.text
    last = schedule.steps[-1]
    when = dose_time_for(last, bedtime, language)
    dose = wording.measure_text(schedule, last, language)
    until = format_date(schedule.review_date + timedelta(days=grace - 1), language)
    index = len(schedule.steps) - 1  # the last step's terms go on with it
    terms = wording.terms_text(schedule.steps, index, language)
    event = _timed(
        last,
        "ongoing",
        t("LDN {dose} (ongoing)").format(dose=dose)
        + wording.terms_mark(schedule.steps, index, language),
        f"{going_on}. "
        + t(
            "These reminders end on {day}: by then your review with "
            "your prescriber will have set what comes next."
        ).format(day=until)
        + (f"\n{wording.sentence(terms)}" if terms else ""),
        when.moment(schedule.review_date, zone),
        language,
        count=grace,
    )
    yield replace(event, night=schedule.review_date)
    for added in schedule.also:  # and each added daily dose over the same days
        moment = datetime.combine(schedule.review_date, time.fromisoformat(added.at), zone)
        mg = format_mg(added.dose_mg, language)
        summary = t("LDN {dose} at {time} (added dose, ongoing)").format(dose=mg, time=added.at)
        text = t(
            "Keep taking {dose} at {time} each day with the nightly "
            "dose, unless your prescriber changes it. These reminders end on {day}."
        ).format(dose=mg, time=added.at, day=until)
        extra = _timed(last, f"ongoing-also-{added.at}", summary, text, moment, language, grace)
        yield replace(extra, night=schedule.review_date)


def _banner(schedule: Schedule, index: int, following: Step | None, when: DoseTime) -> PlannedEvent:
    step = schedule.steps[index]
    language = when.language
    t = language.text
    nights = t("{first} to {last} ({nights})").format(
        first=format_date(step.start, language),
        last=format_date(step.end, language),
        nights=wording.nights_text(step.nights, language, step.dose_time is vocab.DoseTime.MORNING),
    )
    if following is not None:
        after = t("Next: {dose} from {day}.").format(
            dose=wording.brief_text(following, language), day=format_date(following.start, language)
        )
    elif schedule.discontinued_on is not None:
        after = f"{ending(schedule, language)}."
    else:
        after = t("Review with your prescriber on {day}.").format(
            day=format_date(schedule.review_date, language)
        )
    of = wording.of_text(schedule, step, language)
    if step.phase is Phase.PAUSED:
        summary = t("LDN paused: no dose ({step})").format(step=of)
        body = t("No LDN on these nights, as agreed with your prescriber: {nights}.").format(
            nights=nights
        )
    else:
        measure = wording.measure_text(schedule, step, language)
        summary = t("LDN {dose} {each} ({step})").format(dose=measure, each=when.each, step=of)
        body = t("{step}, {phase}: {dose} {when}, {nights}.").format(
            step=of.capitalize(),
            phase=t(step.phase.value),
            dose=measure,
            when=when.words,
            nights=nights,
        )
        body = "\n".join([body, *wording.syringe_lines(step, language)])
        summary += wording.terms_mark(schedule.steps, index, language)
    extra = [
        text
        for text in (
            wording.terms_text(schedule.steps, index, language),
            step_note(step, language),
        )
        if text
    ]
    if extra:
        body += "\n" + "\n".join(wording.sentence(text) for text in extra)
    return PlannedEvent(
        kind="banner",
        night=step.start,
        number=step.number,
        summary=summary,
        description=f"{body}\n{after}\n\n{t(wording.SIDE_EFFECTS)}",
        start=step.start,
        end=step.end + timedelta(days=1),
        transparent=True,
    )


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
    language = when.language
    t = language.text
    dose = wording.measure_text(schedule, step, language)
    until = t("until {day} ({step})").format(
        day=format_date(step.end, language), step=wording.of_text(schedule, step, language)
    )
    # "each morning" or "at bedtime each night": never "in the morning each morning".
    each = t("each morning") if when.morning else t("at bedtime each night")
    same_time = (
        t("Take LDN {dose} {when}, at the same time each morning.")
        if when.morning
        else t("Take LDN {dose} {when}, at the same time each night.")
    )
    take = same_time.format(dose=dose, when=when.words)
    terms = wording.terms_text(schedule.steps, index, language)
    settled = wording.terms_mark(schedule.steps, index, language)
    extra = [wording.sentence(terms)] if terms else []
    first = step.start
    change = wording.first_night(step, previous, dose, when, was)
    if change is not None:
        summary, lines = change
        take_first = t("From {today}, take LDN {dose} {each} {until}.").format(
            today=when.today, dose=dose, each=each, until=until
        )
        text = "\n".join(
            [f"{summary}.", *lines, take_first, *wording.syringe_lines(step, language), *extra]
        )
        yield _timed(step, "change", summary + settled, text, when.moment(first, zone), language)
        first += timedelta(days=1)
    remaining = (step.end - first).days + 1
    if remaining > 0:
        this_dose = t("This dose: {each} {until}.").format(each=each, until=until)
        yield _timed(
            step,
            "doses",
            t("LDN {dose}").format(dose=dose) + (f" ({settled[2:]})" if settled else ""),
            "\n".join([take, *wording.syringe_lines(step, language), this_dose, *extra]),
            when.moment(first, zone),
            language,
            count=remaining,
        )


def _timed(
    step: Step,
    kind: str,
    summary: str,
    text: str,
    start: datetime,
    language: Language,
    count: int | None = None,
) -> PlannedEvent:
    to_midnight = datetime.combine(start.date() + timedelta(days=1), time(), start.tzinfo) - start
    length = min(timedelta(minutes=DOSE_EVENT_MINUTES), to_midnight)
    # The reminder is often all a patient sees: a note (the restart warning) goes in it too.
    note = step_note(step, language)
    alert = f"{summary}\n{note}" if note and count is None else summary
    return PlannedEvent(
        kind=kind,
        night=step.start,
        number=step.number,
        summary=summary,
        description=f"{text}\n\n{language.text(wording.SIDE_EFFECTS)}",
        start=start,
        end=start + length,
        count=count,
        alert=alert,
        # A dose takes a minute: the event never marks the patient busy in shared calendars.
        transparent=True,
    )


def _review(schedule: Schedule, language: Language) -> PlannedEvent:
    t = language.text
    if schedule.discontinued_on is not None:
        ended = f"{ending(schedule, language)}."
    else:
        ended = wording.planned_end(schedule, language)
    return PlannedEvent(
        kind="review",
        night=None,
        number=0,
        summary=t("LDN review with your prescriber"),
        description=(
            f"{ended} "
            + t(
                "Review the plan with your prescriber; do not stop or change LDN without "
                "their advice."
            )
        ),
        start=schedule.review_date,
        end=schedule.review_date + timedelta(days=1),
        transparent=True,
    )
