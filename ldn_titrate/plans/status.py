"""What tonight is, for one date: the answer a patient or a script asks of a saved plan.

Pure: the date is an argument (the CLI passes today's). The text is for people; the JSON form
carries the same facts for scripts, with the text beside them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any

from ldn_titrate.core import jsonio
from ldn_titrate.core.dosetext import format_date, format_number
from ldn_titrate.core.language import ENGLISH, Language
from ldn_titrate.core.model import DoseTime, Phase, Schedule, Step
from ldn_titrate.plans import integrity
from ldn_titrate.render import describe, measure
from ldn_titrate.render.describe import step_note


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
    capsule (1.5 mg) in the morning (08:00)``, ``2.5 mg (only if …)``.
    """
    text = measure.measure_with_dose(step, schedule.formulation, language)
    timing = describe.timing_text(step, language)
    if timing:
        text += f" {timing}"
    if measure.conditional(schedule.steps, step.number - 1):
        text += f" ({language.text(describe.PROVISIONAL)})"
    return text


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
        return t(
            "Discontinued from {stopped} (last night {last}): no LDN; review due on {review}"
        ).format(
            stopped=day(schedule.discontinued_on), last=day(schedule.last_night), review=review
        )
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
    tonight = t("no LDN tonight") if paused else _dose(schedule, step, language)
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
    following_note = step_note(nxt, language)
    if following_note:
        text += f". {following_note}"
    return text


def to_data(schedule: Schedule, now: Status, language: Language = ENGLISH) -> dict[str, Any]:
    """The status as plain data for ``--format json``; keys are always present (null or empty
    if none).

    Only the texts a person reads (``text``, ``note``, ``measure``) are in ``language``; every
    other value is the same in every language."""
    step, nxt = now.step, now.next_step
    late = (now.night - schedule.review_date).days
    data: dict[str, Any] = {
        "plan_id": schedule.id,
        "revision": schedule.revision,
        "date": now.night,
        "state": str(now.state),
        "step": step.number if step else None,
        "steps": now.step_count,
        "phase": str(step.phase) if step else None,
        "night": now.night_number,
        "nights": step.nights if step else None,
        "dose_mg": step.dose_mg if step else None,
        "dose_time": str(step.dose_time) if step and step.phase is not Phase.PAUSED else None,
        "at": step.at if step else None,
        "provisional": step.provisional if step else False,
        "conditional": measure.conditional(schedule.steps, step.number - 1) if step else False,
        **_amount(schedule, step, language),
        "note": step_note(step, language) if step and now.night == step.start else None,
        "next": None,
        "review_date": schedule.review_date,
        "review_overdue_days": late if late > 0 and now.state is State.ENDED else None,
        "discontinued_on": schedule.discontinued_on,
        "text": now.text,
        # The added daily doses (--also) to take today, as data: a script reading this must
        # not need the text to find them. Empty on a pause or outside the plan.
        "also": _also_today(schedule, now, language),
        # A plan changed after ldn-titrate wrote it: the lines a clinician's view shows first
        # (English), so a script never takes an edited plan for the one written.
        "as_written": not (alerts := integrity.alerts(schedule)),
        "alerts": alerts,
    }
    if nxt is not None:
        data["next"] = {
            "date": nxt.start,
            "phase": str(nxt.phase),
            "dose_mg": nxt.dose_mg,
            "dose_time": str(nxt.dose_time) if nxt.phase is not Phase.PAUSED else None,
            "at": nxt.at,
            "provisional": nxt.provisional,
            **_amount(schedule, nxt, language),
        }
    elif now.state in (State.TAKING, State.PAUSED):
        data["next"] = {"date": schedule.review_date, "phase": "review"}
    return data


def _also_today(schedule: Schedule, now: Status, language: Language) -> list[dict[str, Any]]:
    step = now.step
    if now.state is not State.TAKING or step is None or step.phase is Phase.PAUSED:
        return []
    return [
        {
            "dose_mg": added.dose_mg,
            "at": added.at,
            "volume_ml": added.volume_ml,
            "syringe_ml": added.syringe_ml,
            "capsules": dict(added.capsules) if added.capsules else None,
            "measure": describe.added_amount(added, schedule.formulation, language),
        }
        for added in schedule.also
    ]


def _amount(schedule: Schedule, step: Step | None, language: Language) -> dict[str, Any]:
    """What to measure or count: the volume and syringe of a liquid, or the capsules by
    strength (mg as text), and the text a person reads; every key present, null if none.
    """
    taken = step is not None and step.phase is not Phase.PAUSED
    formulation = schedule.formulation
    return {
        "volume_ml": step.volume_ml if taken and step else None,
        "concentration_mg_per_ml": formulation.concentration_mg_per_ml
        if taken and formulation
        else None,
        "syringe_ml": step.syringe_ml if taken and step else None,
        "capsules": dict(step.capsules) if taken and step and step.capsules else None,
        "measure": measure.measure_text(step, formulation, language) if taken and step else None,
    }


def to_json(schedule: Schedule, now: Status, language: Language = ENGLISH) -> str:
    return jsonio.dumps(to_data(schedule, now, language))
