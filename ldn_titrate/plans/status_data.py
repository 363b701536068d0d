"""``status --format json``: what tonight is, as data a script reads (keys always present).

Every value but the texts a person reads is the same in every language; a night's terms (a
conditional dose, or one after it) are data here as in every other output (core/nightly.py).
"""

from __future__ import annotations

from typing import Any

from ldn_titrate.core import jsonio, nightly
from ldn_titrate.core.language import ENGLISH, Language
from ldn_titrate.core.model import Phase, Schedule, Step
from ldn_titrate.plans import integrity
from ldn_titrate.plans.status import State, Status
from ldn_titrate.render import describe, measure
from ldn_titrate.render.describe import step_note


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
        **_terms(schedule, step),
        **_amount(schedule, step, language),
        "note": step_note(step, language) if step and now.night == step.start else None,
        "next": None,
        "review_date": schedule.review_date,
        "review_overdue_days": late if late > 0 and now.state is State.ENDED else None,
        "discontinued_on": schedule.discontinued_on,
        # The safety screen as it is now (a running plan's screen changes included), in English
        # for the clinician, as the table and FHIR print it.
        "screen": describe.screen_lines(schedule),
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
            **_terms(schedule, nxt),
            **_amount(schedule, nxt, language),
        }
    elif now.state in (State.TAKING, State.PAUSED):
        data["next"] = {"date": schedule.review_date, "phase": "review"}
    return data


def _terms(schedule: Schedule, step: Step | None) -> dict[str, Any]:
    """The night's terms as data (core/nightly.py): ``condition`` when tonight's dose is
    conditional, ``after`` when it applies only after an earlier conditional dose."""
    terms = nightly.step_terms(schedule, step.number - 1) if step else nightly.NO_TERMS
    return {
        "conditional": terms.condition is not None,
        "condition": _condition(terms.condition),
        "after": _condition(terms.after),
    }


def _condition(condition: nightly.Condition | None) -> dict[str, Any] | None:
    if condition is None:
        return None
    return {
        "kind": str(condition.kind),
        "dose_mg": condition.dose_mg,
        "first_night": condition.first_night,
        "fallback_mg": condition.fallback_mg,
        "if_not_met": str(condition.if_not_met),
    }


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
