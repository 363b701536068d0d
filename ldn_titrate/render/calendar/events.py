"""Which events a plan's calendar holds, and what each one says, without any iCalendar library.

Kept apart from the serialiser (:mod:`ldn_titrate.render.calendar.ics`) so that the rule "exactly
one dose event per night" and every sentence a patient reads can be checked without icalendar.
Dates and doses come from the :class:`Schedule` as they are; nothing here recomputes them. Each
event carries its identity (role and the step's first night), which is what keeps its UID when
an adjustment renumbers the steps (:mod:`ldn_titrate.render.calendar.revisions`).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from ldn_titrate.core.dosetext import format_date, format_mg, format_number
from ldn_titrate.core.language import ENGLISH, N_, Language
from ldn_titrate.core.model import Phase, Schedule, Step
from ldn_titrate.render.calendar.timing import DoseTime, dose_time_for, time_change
from ldn_titrate.render.describe import (
    OPIOID_WARNING,
    PROVISIONAL,
    ending,
    step_note,
    syringe_text,
)
from ldn_titrate.render.measure import conditional, measure_with_dose, stay_at

# How long a dose event lasts in the calendar: short, and never past midnight, so the event
# shows on the one day it belongs to.
DOSE_EVENT_MINUTES = 15

SIDE_EFFECTS = N_(
    "Vivid dreams or poor sleep are common at first and usually settle within days to weeks. "
    "If they persist, or you feel worse after an increase, contact your prescriber: the usual "
    "options are taking the dose earlier, or going back to the previous dose until things settle."
)

# Only in a language that writes decimals with a comma (es-ES, fr, de): said once, in words.
DECIMAL_COMMA = N_(
    "In this plan the decimal mark is a comma: 1,5 mg means one and a half milligrams."
)
# The phase names a banner says (the plan file's vocabulary, translated where they are said).
PHASE_NAMES = (N_("titration"), N_("maintenance"), N_("paused"))

__all__ = ["DoseTime", "PlannedEvent", "dose_time_for", "planned_events"]


@dataclass(frozen=True)
class PlannedEvent:
    """One VEVENT: all-day when ``start`` is a date, timed (and recurring with ``count``) else.

    ``kind`` and ``night`` (the first night of the step it belongs to; None for the review) say
    which event this is across revisions; ``number`` is the step's number in this revision only.
    ``alert`` is the reminder's text, or None for an event without a reminder.
    """

    kind: str
    night: date | None
    number: int
    summary: str
    description: str
    start: date | datetime
    end: date | datetime
    count: int | None = None
    alert: str | None = None
    transparent: bool = False

    @property
    def identity(self) -> tuple[str, date | None]:
        return (self.kind, self.night)

    @property
    def content(self) -> tuple[object, ...]:
        """Everything a client shows; two revisions of an event differ iff this differs."""
        return (
            self.summary,
            self.description,
            self.start,
            self.end,
            self.count,
            self.alert,
            self.transparent,
        )


def planned_events(
    schedule: Schedule, bedtime: time, zone: ZoneInfo, language: Language = ENGLISH
) -> list[PlannedEvent]:
    """Per step a banner, then its dose events; finally the review. In that order, always.

    Every sentence is in ``language``; the events' identity and times never depend on it.
    """
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
                warning += "\n" + t(DECIMAL_COMMA)
            banner = replace(banner, description=f"{warning}\n\n{banner.description}")
        events.append(banner)
        was = dose_time_for(previous, bedtime, language) if previous is not None else None
        events.extend(_doses(schedule, index, previous, when, was, zone))
    events.append(_review(schedule, language))
    return events


def _of(schedule: Schedule, step: Step, language: Language) -> str:
    return language.text("step {number} of {count}").format(
        number=step.number, count=len(schedule.steps)
    )


def _syringe(step: Step, language: Language) -> list[str]:
    """``Measure it with the 1 mL oral syringe.``, as a line of its own (none without one)."""
    syringe = syringe_text(step, language)
    return (
        [language.text("Measure it with the {syringe}.").format(syringe=syringe)] if syringe else []
    )


def _nights(count: int, language: Language) -> str:
    text = language.ntext("{count} night", "{count} nights", count)
    return text.format(count=format_number(Decimal(count), language))


def _measure(schedule: Schedule, step: Step, language: Language) -> str:
    """What to measure first, then the mg: ``0.5 mL of 5 mg/mL (2.5 mg)``, ``1 × 1.5 mg capsule
    (1.5 mg)``, or ``2.5 mg`` without a formulation: a volume always with its concentration.
    """
    return measure_with_dose(step, schedule.formulation, language)


def _provisional(steps: tuple[Step, ...], index: int, language: Language) -> str | None:
    """The sentence every output gives a retried dose and the steps after it, naming the dose
    to stay at.
    """
    if not conditional(steps, index):
        return None
    before = stay_at(steps, index)
    stay = f" ({format_mg(before.dose_mg, language)})" if before is not None else ""
    return language.text("{provisional}; if not, stay at the dose before it{stay}.").format(
        provisional=language.text(PROVISIONAL).capitalize(), stay=stay
    )


def _banner(schedule: Schedule, index: int, following: Step | None, when: DoseTime) -> PlannedEvent:
    step = schedule.steps[index]
    language = when.language
    t = language.text
    nights = t("{first} to {last} ({nights})").format(
        first=format_date(step.start, language),
        last=format_date(step.end, language),
        nights=_nights(step.nights, language),
    )
    if following is not None:
        after = t("Next: {dose} from {day}.").format(
            dose=_brief(following, language), day=format_date(following.start, language)
        )
    elif schedule.discontinued_on is not None:
        after = f"{ending(schedule, language)}."
    else:
        after = t("Review with your prescriber on {day}.").format(
            day=format_date(schedule.review_date, language)
        )
    of = _of(schedule, step, language)
    if step.phase is Phase.PAUSED:
        summary = t("LDN paused: no dose ({step})").format(step=of)
        body = t("No LDN on these nights, as agreed with your prescriber: {nights}.").format(
            nights=nights
        )
    else:
        measure = _measure(schedule, step, language)
        summary = t("LDN {dose} {each} ({step})").format(dose=measure, each=when.each, step=of)
        body = t("{step}, {phase}: {dose} {when}, {nights}.").format(
            step=of.capitalize(),
            phase=t(step.phase.value),
            dose=measure,
            when=when.words,
            nights=nights,
        )
        body = "\n".join([body, *_syringe(step, language)])
        if conditional(schedule.steps, index):
            summary += f", {t(PROVISIONAL)}"
    extra = [
        text
        for text in (_provisional(schedule.steps, index, language), step_note(step, language))
        if text
    ]
    if extra:
        body += "\n" + "\n".join(_sentence(text) for text in extra)
    return PlannedEvent(
        kind="banner",
        night=step.start,
        number=step.number,
        summary=summary,
        description=f"{body}\n{after}\n\n{t(SIDE_EFFECTS)}",
        start=step.start,
        end=step.end + timedelta(days=1),
        transparent=True,
    )


def _sentence(text: str) -> str:
    return text if text.endswith(".") else f"{text}."


def _brief(step: Step, language: Language) -> str:
    if step.phase is Phase.PAUSED:
        return language.text("a pause")
    return format_mg(step.dose_mg, language)


def _change(step: Step, previous: Step | None, dose: str, when: DoseTime) -> str | None:
    """How tonight's dose differs from the night before, saying the new ``dose``; None if not."""
    if previous is None or previous.dose_mg == step.dose_mg:
        return None
    t = when.language.text
    if previous.phase is Phase.PAUSED:
        return t("Restart {today}: {dose} (after a pause)").format(today=when.today, dose=dose)
    kind = t("Increase") if step.dose_mg > previous.dose_mg else t("Decrease")
    return t("{change} {today}: {dose} (was {before})").format(
        change=kind,
        today=when.today,
        dose=dose,
        before=format_mg(previous.dose_mg, when.language),
    )


def _first_night(
    step: Step, previous: Step | None, dose: str, when: DoseTime, was: DoseTime | None
) -> tuple[str, list[str]] | None:
    """The summary and extra lines of a step's first-night event, when that night needs one:
    a new dose, a new dose time or a note (the restart warning after a pause).
    """
    summary = _change(step, previous, dose, when)
    t = when.language.text
    lines: list[str] = []
    moved = time_change(was, when) if was is not None and previous is not None else None
    if moved is not None and previous is not None and previous.phase is not Phase.PAUSED:
        if summary is None:
            summary = t("Dose time changes: LDN {dose} {moved}").format(dose=dose, moved=moved)
        lines.append(
            t(
                "From {today} the dose is taken {when} at {time}, "
                "once a day as before: take it {today} and not also at the old time."
            ).format(today=when.today, when=when.words, time=f"{when.at:%H:%M}")
        )
    note = step_note(step, when.language)
    if note:
        summary = summary or t("LDN {dose}: read the note first").format(dose=dose)
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
    language = when.language
    t = language.text
    dose = _measure(schedule, step, language)
    until = t("until {day} ({step})").format(
        day=format_date(step.end, language), step=_of(schedule, step, language)
    )
    # "each morning" or "at bedtime each night": never "in the morning each morning".
    each = t("each morning") if when.morning else t("at bedtime each night")
    same_time = (
        t("Take LDN {dose} {when}, at the same time each morning.")
        if when.morning
        else t("Take LDN {dose} {when}, at the same time each night.")
    )
    take = same_time.format(dose=dose, when=when.words)
    provisional = _provisional(schedule.steps, index, language)
    settled = f", {t(PROVISIONAL)}" if provisional else ""
    extra = [provisional] if provisional else []
    first = step.start
    change = _first_night(step, previous, dose, when, was)
    if change is not None:
        summary, lines = change
        take_first = t("From {today}, take LDN {dose} {each} {until}.").format(
            today=when.today, dose=dose, each=each, until=until
        )
        text = "\n".join([f"{summary}.", *lines, take_first, *_syringe(step, language), *extra])
        yield _timed(step, "change", summary + settled, text, when.moment(first, zone), language)
        first += timedelta(days=1)
    remaining = (step.end - first).days + 1
    if remaining > 0:
        this_dose = t("This dose: {each} {until}.").format(each=each, until=until)
        yield _timed(
            step,
            "doses",
            t("LDN {dose}").format(dose=dose) + (f" ({t(PROVISIONAL)})" if provisional else ""),
            "\n".join([take, *_syringe(step, language), this_dose, *extra]),
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
        description=f"{text}\n\n{language.text(SIDE_EFFECTS)}",
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
        ended = t("The planned nights ended on {day}.").format(
            day=format_date(schedule.last_night, language)
        )
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
