"""What tonight is, for one date: the answer a patient or a script asks of a saved plan.

Pure: the date is an argument (the CLI passes today's). The text is for people; the JSON form
carries the same facts for scripts, with the text beside them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from ldn_titrate.core import nightly
from ldn_titrate.core.dosetext import format_date, format_number
from ldn_titrate.core.language import ENGLISH, Language
from ldn_titrate.core.model import DoseTime, OpioidStatus, Phase, Schedule, Step
from ldn_titrate.render import describe, measure
from ldn_titrate.render.describe import step_note
from ldn_titrate.render.warning_words import terms_clause


class State(StrEnum):
    BEFORE_START = "before-start"
    TAKING = "taking"
    PAUSED = "paused"
    ENDED = "ended"
    DISCONTINUED = "discontinued"


@dataclass(frozen=True)
class Status:
    night: date
    state: State
    step: Step | None
    step_count: int
    next_step: Step | None
    review_date: date
    text: str

    @property
    def night_number(self) -> int | None:
        return None if self.step is None else (self.night - self.step.start).days + 1


def status(schedule: Schedule, night: date, language: Language = ENGLISH) -> Status:
    """Where ``night`` falls in ``schedule``, and what comes next; the text in ``language``."""
    step = schedule.step_on(night)
    count = len(schedule.steps)
    if step is None:
        state, next_step = _outside(schedule, night)
        text = _outside_text(schedule, state, night, language)
        return Status(night, state, None, count, next_step, schedule.review_date, text)
    next_step = _next_change(schedule, step)
    state = State.PAUSED if step.phase is Phase.PAUSED else State.TAKING
    status_ = Status(night, state, step, count, next_step, schedule.review_date, "")
    text = _text(schedule, status_, language)
    return Status(night, state, step, count, next_step, schedule.review_date, text)


def _next_change(schedule: Schedule, step: Step) -> Step | None:
    """The next step that changes something for the patient: an adjustment can leave two steps
    in a row at the same dose and time (a step back from the first night of a step), and
    "Next: 1.5 mg" while taking 1.5 mg would only confuse.
    """
    for following in schedule.steps[step.number :]:
        same = (
            (following.phase is Phase.PAUSED) == (step.phase is Phase.PAUSED)
            and following.dose_mg == step.dose_mg
            and following.dose_time == step.dose_time
            and following.at == step.at
            and following.provisional == step.provisional
            and following.restart_opioid_free_days is None
        )
        if not same:
            return following
    return None


def _outside(schedule: Schedule, night: date) -> tuple[State, Step | None]:
    if night < schedule.first_night:
        return State.BEFORE_START, schedule.steps[0]
    if schedule.discontinued_on is not None:
        return State.DISCONTINUED, None
    return State.ENDED, None


def _dose(schedule: Schedule, step: Step, language: Language) -> str:
    """What to measure first, then the mg and when: ``0.5 mL of 5 mg/mL (2.5 mg)``, ``1 × 1.5 mg
    capsule (1.5 mg) in the morning (08:00)``.
    """
    text = measure.measure_with_dose(step, schedule.formulation, language)
    timing = describe.timing_text(step, language)
    return f"{text} {timing}" if timing else text


def _terms(schedule: Schedule, step: Step, language: Language) -> str:
    """``, only if the side effects have settled; if not, …``: the step's terms, or nothing."""
    clause = terms_clause(nightly.step_terms(schedule, step.number - 1), language)
    return f", {clause}" if clause else ""


def _outside_text(schedule: Schedule, state: State, night: date, language: Language) -> str:
    t = language.text

    def day(value: date) -> str:
        return format_date(value, language)

    review = day(schedule.review_date)
    if state is State.BEFORE_START:
        first = schedule.steps[0]
        return t("Before start: the plan starts on {day} with {dose}").format(
            day=day(first.start), dose=_dose(schedule, first, language)
        )
    if state is State.DISCONTINUED and schedule.discontinued_on is not None:
        text = t(
            "Discontinued from {stopped} (last night {last}): no LDN; review due on {review}"
        ).format(
            stopped=day(schedule.discontinued_on), last=day(schedule.last_night), review=review
        )
        opioids = schedule.screening.opioids if schedule.screening else None
        if opioids in (OpioidStatus.CURRENT, OpioidStatus.PLANNED):
            # Stopped for opioids whose end is not known (adjust --opioids): say what comes next.
            text += t("; opioids: restart LDN only after a new screen")
        return text
    # Maintenance usually continues past the plan's last night: its end is a review, not a stop.
    last = schedule.steps[-1]
    keep = (
        t("take no LDN")
        if last.phase is Phase.PAUSED
        else t("keep taking {dose}").format(dose=_dose(schedule, last, language))
    )
    planned = (
        t("the planned nights ended on {day}")
        if measure.period(schedule.steps) == "night"
        else t("the planned days ended on {day}")  # a morning dose is not a night's
    ).format(day=day(schedule.last_night))
    late = (night - schedule.review_date).days
    if late > 0:
        days = language.ntext("{count} day", "{count} days", late)
        return t(
            "Review overdue by {days} (due on {review}): {planned}; {keep} unless told "
            "otherwise, and contact your prescriber"
        ).format(
            days=days.format(count=format_number(Decimal(late), language)),
            review=review,
            planned=planned,
            keep=keep,
        )
    if late == 0:
        return t("Review due today ({review}): {planned}; {keep} unless told otherwise").format(
            review=review, planned=planned, keep=keep
        )
    return t("Review due on {review}: {planned}; {keep} until then, unless told otherwise").format(
        review=review, planned=planned, keep=keep
    )


def _text(schedule: Schedule, now: Status, language: Language) -> str:
    step = now.step
    if step is None:  # pragma: no cover - only called for a night inside the plan
        raise AssertionError("no step")
    t = language.text

    def day(value: date) -> str:
        return format_date(value, language)

    phase = "" if step.phase is Phase.TITRATION else f" ({t(describe.phase_name(step))})"
    where = (
        t("Step {number} of {count}{phase}, day {night} of {nights}")
        if step.dose_time is DoseTime.MORNING
        else t("Step {number} of {count}{phase}, night {night} of {nights}")
    ).format(
        number=step.number, count=now.step_count, phase=phase, night=now.night_number,
        nights=step.nights,
    )  # fmt: skip
    paused = step.phase is Phase.PAUSED
    tonight = (
        t("no LDN tonight")
        if paused
        else _dose(schedule, step, language) + _terms(schedule, step, language)
    )
    text = f"{where}: {tonight}."
    also = describe.also_text(schedule, language=language)
    if also is not None and not paused:
        text += " " + t("Also today: {also}.").format(also=also)
    note = step_note(step, language)
    if note and now.night == step.start:
        text += f" {note}."
    nxt = now.next_step
    review = day(schedule.review_date)
    if nxt is None and schedule.discontinued_on is not None:
        after = t("Next: LDN stops after {day} (discontinued); review on {review}")
        return f"{text} " + after.format(day=day(step.end), review=review)
    if nxt is None and describe.ongoing(schedule) is not None:
        after = t("Next: review on {review}; keep taking it after the last planned night")
        return f"{text} " + after.format(review=review)
    if nxt is None:
        return f"{text} " + t("Next: review on {review}").format(review=review)
    if nxt.phase is Phase.PAUSED:
        pause = t("Next: pause from {first} to {last}")
        return f"{text} " + pause.format(first=day(nxt.start), last=day(nxt.end))
    text += " " + t("Next: {dose} from {day}").format(
        dose=_dose(schedule, nxt, language), day=day(nxt.start)
    )
    text += _terms(schedule, nxt, language)
    following_note = step_note(nxt, language)
    if following_note:
        text += f". {following_note}"
    return text
