"""One Dosage per step: its dates, its time, its dose in UCUM mg, and what the patient must do.

Every text a person reads follows the dose rules of DESIGN.md §4 (``at bedtime`` in words,
never a Latin abbreviation); the machine code in ``when`` is for software, not people.
"""

from __future__ import annotations

from typing import Any

from ldn_titrate.core import nightly
from ldn_titrate.core.dosetext import format_date, format_mg, plural
from ldn_titrate.core.model import Schedule, Step
from ldn_titrate.core.nightly import NO_TERMS, StepTerms
from ldn_titrate.render import describe
from ldn_titrate.render.fhir import codes
from ldn_titrate.render.warning_words import terms_clause, terms_sentence


def when_of(step: Step) -> str:
    """``bedtime`` or ``morning``: steps from before living plans have no dose time (bedtime)."""
    value = getattr(step, "dose_time", None)
    return "morning" if value is not None and str(value) == "morning" else "bedtime"


def dosage(step: Step, schedule: Schedule, sequence: int) -> dict[str, Any]:
    """One Dosage for one step: its real dates, once a day, at its dose time."""
    when = when_of(step)
    at: str | None = getattr(step, "at", None)
    # Ongoing maintenance (--maintain ongoing) has a start and no end: the review is not a stop.
    bounds = (
        {"start": step.start}
        if _ongoing(step, schedule)
        else {"start": step.start, "end": step.end}
    )
    repeat: dict[str, Any] = {
        "boundsPeriod": bounds,
        "frequency": 1,
        "period": 1,
        "periodUnit": "d",
    }
    # FHIR allows either a clock time or an event code, not both (invariant tim-10).
    if at:
        repeat["timeOfDay"] = [f"{at}:00"]
    else:
        repeat["when"] = [codes.WHEN_CODES[when]]
    terms = nightly.step_terms(schedule, schedule.steps.index(step))
    result: dict[str, Any] = {
        "sequence": sequence,
        "text": dose_text(step, schedule, when, at, terms),
    }
    extra = additional_instructions(step, terms)
    if extra:
        result["additionalInstruction"] = extra
    result["patientInstruction"] = patient_instruction(step, schedule, when, at)
    result["timing"] = {"repeat": repeat}
    result["route"] = codes.ORAL_ROUTE
    result["doseAndRate"] = [{"doseQuantity": codes.mg(step.dose_mg)}]
    return result


def _ongoing(step: Step, schedule: Schedule) -> bool:
    return step == schedule.steps[-1] and describe.ongoing(schedule) is not None


def added_dosages(step: Step, schedule: Schedule, sequence: int) -> list[dict[str, Any]]:
    """The added daily doses (``--also``) on the days of ``step``, each at its clock time, with
    the step's sequence: Dosages that share a sequence are taken concurrently."""
    out = []
    for added in schedule.also:
        amount = describe.added_amount(added, schedule.formulation)
        dose = format_mg(added.dose_mg) + (f" ({amount})" if amount else "")
        span = f"{format_date(step.start)} to {format_date(step.end)}"
        repeat = {
            "boundsPeriod": {"start": step.start, "end": step.end},
            "frequency": 1,
            "period": 1,
            "periodUnit": "d",
            "timeOfDay": [f"{added.at}:00"],
        }
        out.append(
            {
                "sequence": sequence,
                "text": f"{dose} at {added.at} each day, {span}, besides the nightly dose",
                "patientInstruction": f"Take {dose} by mouth at {added.at} each day from "
                f"{format_date(step.start)} to {format_date(step.end)}, besides the nightly dose",
                "timing": {"repeat": repeat},
                "route": codes.ORAL_ROUTE,
                "doseAndRate": [{"doseQuantity": codes.mg(added.dose_mg)}],
            }
        )
    return out


def _length(step: Step, when: str) -> str:
    return plural(step.nights, "night" if when == "bedtime" else "day")


def dose_text(
    step: Step, schedule: Schedule, when: str, at: str | None, terms: StepTerms = NO_TERMS
) -> str:
    """``2.5 mg (2.5 mL of 1 mg/mL) at bedtime for 14 nights, Tue 15 Dec 2026 to ...``."""
    amount = describe.amount_text(step, schedule.formulation)
    dose = format_mg(step.dose_mg) + (f" ({amount})" if amount else "")
    words = codes.WHEN_WORDS[when] + (f" ({at})" if at else "")
    text = (
        f"{dose} {words} for {_length(step, when)}, "
        f"{format_date(step.start)} to {format_date(step.end)}"
    )
    if _ongoing(step, schedule):
        review = format_date(schedule.review_date)
        text = f"{dose} {words} from {format_date(step.start)}, ongoing; review on {review}"
    # What every output must carry (issue 6): a retried dose is conditional, and a restart
    # after a pause has its own warning.
    clause = terms_clause(terms)
    if clause:
        text += f"; {clause}"
    note = describe.step_note(step)
    if note:
        text += f". {note}"
    return text


def patient_instruction(step: Step, schedule: Schedule, when: str, at: str | None) -> str:
    """What the patient does, in their words: ``Take 2.5 mL of 1 mg/mL (2.5 mg) by mouth…``."""
    amount = describe.amount_text(step, schedule.formulation)
    mg = format_mg(step.dose_mg)
    # "2.5 mL of 1 mg/mL (2.5 mg)"; one whole capsule of the dose says it already.
    dose = mg if not amount else amount if amount == f"1 capsule of {mg}" else f"{amount} ({mg})"
    words = codes.WHEN_WORDS[when] + (f" ({at})" if at else "")
    each = "night" if when == "bedtime" else "day"
    return (
        f"Take {dose} by mouth {words} each {each} from {format_date(step.start)} "
        f"to {format_date(step.end)}"
    )


def additional_instructions(step: Step, terms: StepTerms) -> list[dict[str, str]]:
    """The conditions on a step, as their own instructions: a retried dose is taken only if
    the side effects have settled, and the restart night after a pause carries its warning.
    """
    extra = []
    sentence = terms_sentence(terms)
    if sentence:
        extra.append({"text": sentence})
    note = describe.step_note(step)
    if note:
        extra.append({"text": note})
    return extra
