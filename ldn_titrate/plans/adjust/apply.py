"""Changing a running plan: (plan, adjustment, night) → new plan. Pure: no I/O, no clock.

The rules (issue 6): nights before the night an adjustment applies from never change; nights
from it on are recomputed with the engine's own titration rules (:func:`engine.climb_regimen`),
and the policy's bounds are checked again, every problem collected. Each change adds one
revision and one history entry holding what it replaced, which is what ``--undo`` restores. The
plan id stays.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from ldn_titrate.core.checkin import GateMode
from ldn_titrate.core.dosetext import format_date
from ldn_titrate.core.errors import InputError, Problems
from ldn_titrate.core.model import Change, Schedule, Screening, Step
from ldn_titrate.core.nightly import gate
from ldn_titrate.core.vocab import Action
from ldn_titrate.plans.adjust.context import Context, active_changes
from ldn_titrate.plans.adjust.kinds import BY_REQUEST
from ldn_titrate.plans.planfile import structure_problems
from ldn_titrate.rules import prescribing
from ldn_titrate.rules.dose_bounds import recheck_doses
from ldn_titrate.rules.policy import LoadedPolicy


@dataclass(frozen=True)
class _Result:
    steps: tuple[Step, ...]
    review_date: date
    on: date
    discontinued_on: date | None = None
    parameters: dict[str, int | Decimal | str] = field(default_factory=dict)
    screening: Screening | None = None  # None: the screen is unchanged


def adjust(
    schedule: Schedule,
    adjustment: object,
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
    kind = BY_REQUEST[type(adjustment)]
    if kind.apply is None:  # acts on the history: undo
        result = _undo(schedule, loaded)
    else:
        if on is None:
            raise ValueError("an adjustment other than undo needs the night it applies from")
        result = _apply(schedule, adjustment, on, loaded)
    steps = tuple(
        step if step.number == number else step.model_copy(update={"number": number})
        for number, step in enumerate(result.steps, start=1)
    )
    span = schedule.interval_range
    if span is not None and span.mode is GateMode.PATIENT:
        steps = gate(steps, since=result.on)  # a climb made again keeps its gates (issue 26)
    revision = schedule.revision + 1
    change = Change(
        revision=revision,
        kind=kind.change,
        on=result.on,
        parameters=result.parameters,
        reason=reason,
        patient_reason=patient_reason,
        made_at=made_at,
        previous=schedule.snapshot(with_screening=result.screening is not None),
        policy=loaded.ref,
    )
    screening = schedule.screening if result.screening is None else result.screening
    adjusted = schedule.model_copy(
        update={
            "steps": steps,
            "review_date": result.review_date,
            "discontinued_on": result.discontinued_on,
            "revision": revision,
            "history": (*schedule.history, change),
            "screening": screening,
        }
    )
    # New steps (a climb after a step back or a pause) need their mL or capsules too.
    adjusted = prescribing.reapply(adjusted, loaded.policy.formulation)
    broken = structure_problems(adjusted)
    if broken:  # pragma: no cover - the rules keep plans contiguous; this guards the guarantee
        raise AssertionError(f"adjustment broke the plan's structure: {broken}")
    return adjusted


def _apply(schedule: Schedule, adjustment: object, on: date, loaded: LoadedPolicy) -> _Result:
    problems = Problems()
    kind = BY_REQUEST[type(adjustment)]
    apply = kind.apply
    assert apply is not None
    flag = kind.option.flag if kind.gives_night else "--on"
    if schedule.discontinued_on is not None and not kind.any_plan:
        raise InputError(
            f"this plan was discontinued from {format_date(schedule.discontinued_on)}: "
            "--undo that change first, or make a new plan"
        )
    current = schedule.step_on(on)
    if current is None and kind.any_plan:
        current = schedule.steps[-1]
    if current is None and kind.from_review and on == schedule.last_night + timedelta(days=1):
        current = schedule.steps[-1]  # from the review: the last step goes on
    if current is None:
        raise InputError(
            f"{flag} {on} is outside the plan, which runs from "
            f"{format_date(schedule.first_night)} to {format_date(schedule.last_night)}: "
            "give a night within it"
        )
    context = Context(schedule, on, current, loaded, problems)
    outcome = apply(context, adjustment)
    recheck_doses(outcome.steps, loaded, Action.REFUSE, problems, [], since=on)
    problems.raise_if_any()
    return _Result(
        steps=outcome.steps,
        review_date=outcome.review_date,
        on=on if outcome.on is None else outcome.on,
        discontinued_on=outcome.discontinued_on,
        parameters=outcome.parameters,
        screening=outcome.screening,
    )


def _undo(schedule: Schedule, loaded: LoadedPolicy) -> _Result:
    active = active_changes(schedule.history)
    if not active:
        raise InputError(
            f"--undo: nothing to undo; revision {schedule.revision} of this plan has no "
            "adjustment in effect"
        )
    target = active[-1]
    before = target.previous
    # The restored doses meet today's policy as any adjustment's do: a revision made under a
    # looser policy (or a hand-edited history) is not brought back unchecked.
    problems = Problems()
    recheck_doses(before.steps, loaded, Action.REFUSE, problems, [], since=target.on)
    problems.raise_if_any()
    return _Result(
        steps=before.steps,
        review_date=before.review_date,
        on=target.on,
        discontinued_on=before.discontinued_on,
        parameters={"undid_revision": target.revision, "undid": str(target.kind)},
        screening=before.screening,  # kept only by a screen change: restored with it
    )
