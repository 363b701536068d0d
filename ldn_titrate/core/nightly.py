"""What to take on night N: the one answer every output gives (table, Markdown, plan JSON,
handout, calendar, ``status``, FHIR).

A night's dose can be conditional: a dose tried again after a step back is taken only if the side
effects have settled. The condition is a value, not a flag, so that each output says the same
thing: its kind, the dose it allows, the dose to stay on when it is not met, and what the patient
does with the later nights then (stay on that dose, do not follow the later dates or reminders,
call the clinic). Only the conditional dose carries the condition; every later night, up to the
next pause, applies only if that dose was taken (``after``), and an output that shows a night on
its own (a calendar reminder, ``status``) says so.

Pure: no I/O, no clock, no words (render/ words these values in each language).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from ldn_titrate.core.model import Phase, Schedule, Step


class ConditionKind(StrEnum):
    """Why a dose is conditional."""

    RETRY = "retry"  # the dose tried again after a step back: only if the side effects settled
    GATED = "gated"  # a patient-gated increase (issue 26): only if the side effects settled


class IfNotMet(StrEnum):
    """What the patient does with the later nights when a condition is not met."""

    # Stay on the fallback dose, do not follow the later dates or reminders, call the clinic.
    STAY_AND_CALL = "stay-and-call"


@dataclass(frozen=True)
class Condition:
    """A dose taken only if a condition is met, and what to do when it is not."""

    kind: ConditionKind
    dose_mg: Decimal  # the dose the condition allows
    first_night: date  # the night it starts
    fallback_mg: Decimal | None  # the last dose known to be tolerated; None: none is known
    if_not_met: IfNotMet = IfNotMet.STAY_AND_CALL


@dataclass(frozen=True)
class StepTerms:
    """A step's terms: its own condition, or the earlier condition it applies only after."""

    condition: Condition | None = None
    after: Condition | None = None


@dataclass(frozen=True)
class Night:
    """One night of the plan: its step (dose, measure, time, notes) and its terms."""

    night: date
    index: int  # the step's position in the plan
    step: Step
    condition: Condition | None
    after: Condition | None

    @property
    def dose_mg(self) -> Decimal:
        return self.step.dose_mg


NO_TERMS = StepTerms()


def terms(steps: Sequence[Step]) -> tuple[StepTerms, ...]:
    """Each step's terms, in order. A pause clears an earlier condition: the restart after it
    starts low again.
    """
    out: list[StepTerms] = []
    pending: Condition | None = None
    for step in steps:
        if step.phase is Phase.PAUSED:
            pending = None
            out.append(NO_TERMS)
            continue
        if step.provisional:
            pending = Condition(
                kind=ConditionKind.GATED if step.gated else ConditionKind.RETRY,
                dose_mg=step.dose_mg,
                first_night=step.start,
                fallback_mg=_fallback(steps, step),
            )
            out.append(StepTerms(condition=pending))
            continue
        out.append(StepTerms(after=pending))
    return tuple(out)


def _fallback(steps: Sequence[Step], retried: Step) -> Decimal | None:
    """The dose to stay on: the last dose before the retried one that was lower (the dose the
    patient stepped back to), looking no further back than a pause.
    """
    for step in reversed(steps[: retried.number - 1]):
        if step.phase is Phase.PAUSED:
            return None
        if step.dose_mg < retried.dose_mg:
            return step.dose_mg
    return None


def step_terms(schedule: Schedule, index: int) -> StepTerms:
    return terms(schedule.steps)[index]


def tonight(schedule: Schedule, night: date) -> Night | None:
    """What to take on ``night``; None outside the plan's nights."""
    for index, step in enumerate(schedule.steps):
        if step.start <= night <= step.end:
            found = terms(schedule.steps)[index]
            return Night(night, index, step, found.condition, found.after)
    return None


def gate(steps: Sequence[Step], since: date | None = None) -> tuple[Step, ...]:
    """Patient-gated (issue 26): every increase (from night ``since`` on) made a gated,
    provisional dose, taken only once the side effects of the dose before it have settled; a
    retried dose keeps its own condition."""
    out = list(steps)
    for index in range(1, len(out)):
        step, before = out[index], out[index - 1]
        rises = step.dose_mg > before.dose_mg and Phase.PAUSED not in (step.phase, before.phase)
        if rises and not step.provisional and (since is None or step.start >= since):
            out[index] = step.model_copy(update={"provisional": True, "gated": True})
    return tuple(out)
