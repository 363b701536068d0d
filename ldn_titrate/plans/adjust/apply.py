"""Changing a running plan: (plan, adjustment, night) → new plan. Pure: no I/O, no clock.

The rules (issue 6): nights before the night an adjustment applies from never change; nights
from it on are recomputed with the engine's own titration rules (:func:`engine.climb`), and the
policy's bounds are checked again, every problem collected. Each change adds one revision and one
history entry holding what it replaced, which is what ``--undo`` restores. The plan id stays.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from ldn_titrate.core.dosetext import format_date, format_mg
from ldn_titrate.core.errors import InputError, Problems
from ldn_titrate.core.model import Change, ChangeKind, Phase, Schedule, Step
from ldn_titrate.plans.adjust.request import (
    Adjustment,
    Discontinue,
    Hold,
    Pause,
    SetDoseTime,
    StepBack,
    StopAtCurrent,
    Undo,
)
from ldn_titrate.plans.adjust.rules import (
    Context,
    Outcome,
    discontinue,
    hold,
    pause,
    set_dose_time,
    step_back,
    stop_at_current,
)
from ldn_titrate.plans.planfile import structure_problems
from ldn_titrate.rules import prescribing
from ldn_titrate.rules.policy import LoadedPolicy

KINDS: dict[type, ChangeKind] = {
    Hold: ChangeKind.HOLD,
    StepBack: ChangeKind.STEP_BACK,
    StopAtCurrent: ChangeKind.STOP_AT_CURRENT,
    Pause: ChangeKind.PAUSE,
    SetDoseTime: ChangeKind.DOSE_TIME,
    Discontinue: ChangeKind.DISCONTINUE,
    Undo: ChangeKind.UNDO,
}


@dataclass(frozen=True)
class _Result:
    steps: tuple[Step, ...]
    review_date: date
    on: date
    discontinued_on: date | None = None
    parameters: dict[str, int | Decimal | str] = field(default_factory=dict)


def adjust(
    schedule: Schedule,
    adjustment: Adjustment,
    on: date | None,
    *,
    made_at: datetime,
    loaded: LoadedPolicy,
    reason: str | None = None,
    patient_reason: str | None = None,
) -> Schedule:
    """The plan after ``adjustment`` applied from night ``on`` (None only for an undo).

    Raises :class:`InputError` with every problem when the adjustment cannot be made.
    """
    if isinstance(adjustment, Undo):
        result = _undo(schedule)
    else:
        if on is None:
            raise ValueError("an adjustment other than undo needs the night it applies from")
        result = _apply(schedule, adjustment, on, loaded)
    steps = tuple(
        step if step.number == number else step.model_copy(update={"number": number})
        for number, step in enumerate(result.steps, start=1)
    )
    revision = schedule.revision + 1
    change = Change(
        revision=revision,
        kind=KINDS[type(adjustment)],
        on=result.on,
        parameters=result.parameters,
        reason=reason,
        patient_reason=patient_reason,
        made_at=made_at,
        previous=schedule.snapshot(),
        policy=loaded.ref,
    )
    adjusted = schedule.model_copy(
        update={
            "steps": steps,
            "review_date": result.review_date,
            "discontinued_on": result.discontinued_on,
            "revision": revision,
            "history": (*schedule.history, change),
        }
    )
    # New steps (a climb after a step back or a pause) need their mL or capsules too.
    adjusted = prescribing.reapply(adjusted, loaded.policy.formulation)
    broken = structure_problems(adjusted)
    if broken:  # pragma: no cover - the rules keep plans contiguous; this guards the guarantee
        raise AssertionError(f"adjustment broke the plan's structure: {broken}")
    return adjusted


def _apply(schedule: Schedule, adjustment: Adjustment, on: date, loaded: LoadedPolicy) -> _Result:
    problems = Problems()
    flag = "--pause" if isinstance(adjustment, Pause) else "--on"
    if schedule.discontinued_on is not None:
        raise InputError(
            f"this plan was discontinued from {format_date(schedule.discontinued_on)}: "
            "--undo that change first, or make a new plan"
        )
    current = schedule.step_on(on)
    if current is None:
        raise InputError(
            f"{flag} {on} is outside the plan, which runs from "
            f"{format_date(schedule.first_night)} to {format_date(schedule.last_night)}: "
            "give a night within it"
        )
    context = Context(schedule, on, current, loaded, problems)
    outcome = _dispatch(adjustment, context)
    _recheck(outcome.steps, on, loaded, problems)
    problems.raise_if_any()
    return _Result(
        steps=outcome.steps,
        review_date=outcome.review_date,
        on=on,
        discontinued_on=outcome.discontinued_on,
        parameters=outcome.parameters,
    )


def _dispatch(adjustment: Adjustment, context: Context) -> Outcome:
    match adjustment:
        case Hold(nights):
            return hold(context, nights)
        case StepBack():
            return step_back(context, active_changes(context.schedule.history))
        case StopAtCurrent():
            return stop_at_current(context)
        case Pause(last, resume):
            return pause(context, last, resume)
        case SetDoseTime(dose_time, at):
            return set_dose_time(context, dose_time, at)
        case Discontinue():
            return discontinue(context)
    raise TypeError(f"not an adjustment: {adjustment!r}")  # pragma: no cover


def _recheck(steps: Sequence[Step], on: date, loaded: LoadedPolicy, problems: Problems) -> None:
    """The policy's dose bounds, for every night from ``on``: earlier nights are the record."""
    policy, source = loaded.policy, loaded.source
    lowest, highest = policy.bounds.start_dose.min_mg, policy.bounds.ceiling.max_mg
    for step in steps:
        if step.end < on or step.phase is Phase.PAUSED:
            continue
        when = f"the step from {format_date(max(step.start, on))}"
        if not lowest <= step.dose_mg <= highest:
            problems.add(
                f"{when} would be {format_mg(step.dose_mg)}, outside this policy's doses of "
                f"{format_mg(lowest)} to {format_mg(highest)} (policy: {source})"
            )
        elif step.dose_mg % policy.resolution_mg != 0:
            problems.add(
                f"{when} would be {format_mg(step.dose_mg)}, not a multiple of this policy's "
                f"dose resolution of {format_mg(policy.resolution_mg)} (policy: {source})"
            )


def active_changes(history: Sequence[Change]) -> list[Change]:
    """The changes still in effect, oldest first: each undo cancels the latest change before it
    that is still in effect, so repeated undos walk back one change at a time.
    """
    active: list[Change] = []
    for change in history:
        if change.kind is ChangeKind.UNDO:
            if active:
                active.pop()
        else:
            active.append(change)
    return active


def _undo(schedule: Schedule) -> _Result:
    active = active_changes(schedule.history)
    if not active:
        raise InputError(
            f"--undo: nothing to undo; revision {schedule.revision} of this plan has no "
            "adjustment in effect"
        )
    target = active[-1]
    before = target.previous
    return _Result(
        steps=before.steps,
        review_date=before.review_date,
        on=target.on,
        discontinued_on=before.discontinued_on,
        parameters={"undid_revision": target.revision, "undid": str(target.kind)},
    )
