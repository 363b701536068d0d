"""What every adjustment rule works with: the plan, the night ``on``, the step covering it.

Each kind's rule (``kinds/``) returns an :class:`Outcome`: the new steps (numbering is fixed
afterwards) and the review date, or it adds its problems to the context and returns the plan
unchanged. Nights before ``on`` are copied, never recomputed; from ``on`` the engine's
:func:`~ldn_titrate.core.engine.climb_regimen` does the dose arithmetic.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from ldn_titrate.core.dosetext import format_mg
from ldn_titrate.core.engine import climb_regimen, review_date_after
from ldn_titrate.core.errors import Problems
from ldn_titrate.core.model import Change, ChangeKind, Phase, Schedule, Screening, Step
from ldn_titrate.core.regimen import Rung, regimen_of
from ldn_titrate.core.vocab import RECORD_KINDS
from ldn_titrate.rules.policy import LoadedPolicy

ONE_DAY = timedelta(days=1)


@dataclass(frozen=True)
class Context:
    schedule: Schedule
    on: date
    current: Step  # the step that covers night ``on``
    loaded: LoadedPolicy
    problems: Problems

    @property
    def before(self) -> list[Step]:
        """Every night before ``on``, as it was: the step covering ``on`` is cut short."""
        kept = [step for step in self.schedule.steps if step.end < self.on]
        if self.current.start < self.on:
            kept.append(resized(self.current, self.current.start, self.on - ONE_DAY))
        return kept

    @property
    def ceiling(self) -> Decimal:
        """The plan's ceiling now: the maintenance dose (a stop-at-current may have lowered it)."""
        for step in reversed(self.schedule.steps):
            if step.phase is Phase.MAINTENANCE:
                return step.dose_mg
        return self.schedule.inputs.ceiling_mg

    def climb(
        self, first: date, start_mg: Decimal, flag: str, ceiling_mg: Decimal | None = None
    ) -> tuple[Step, ...]:
        """Titrate again from ``start_mg`` on night ``first`` to the ceiling (the plan's now,
        unless ``ceiling_mg`` is given), along the plan's own regimen (its ladder or phases), at
        the dose time of the step being changed, within the policy's limit on steps.
        """
        inputs, policy = self.schedule.inputs, self.loaded.policy
        ceiling = self.ceiling if ceiling_mg is None else ceiling_mg
        regimen = regimen_of(inputs)
        try:
            rungs = regimen.rungs(start_mg, ceiling)
        except ValueError:  # a saved plan's own inputs (no digest to vouch for them) climb nowhere
            rungs = [Rung(start_mg, None)]
        if rungs[-1].dose_mg < ceiling:  # a one-dose regimen has no step to climb with
            self.problems.add(
                f"{flag}: the plan's regimen has no step to climb from {format_mg(start_mg)} "
                f"to {format_mg(ceiling)}; make a new plan"
            )
            return ()
        count = len(rungs)
        if count > policy.max_steps:
            how = (
                f"in steps of {format_mg(inputs.step_mg)} "
                if not (inputs.doses_mg or inputs.phases)
                else "along the plan's regimen "
            )
            self.problems.add(
                f"{flag}: climbing from {format_mg(start_mg)} to {format_mg(ceiling)} {how}"
                f"makes {count} steps; this policy allows at most {policy.max_steps} "
                f"(policy: {self.loaded.source})"
            )
            return ()
        steps = climb_regimen(first, regimen, start_mg=start_mg, ceiling_mg=ceiling)
        timing = {"dose_time": self.current.dose_time, "at": self.current.at}
        return tuple(step.model_copy(update=timing) for step in steps)

    def unchanged(self) -> Outcome:
        return Outcome(self.schedule.steps, self.schedule.review_date)


@dataclass(frozen=True)
class Outcome:
    steps: tuple[Step, ...]
    review_date: date
    discontinued_on: date | None = None
    parameters: dict[str, int | Decimal | str] = field(default_factory=dict)
    # A new safety screen (a caution recorded or cleared); None: the screen is unchanged.
    screening: Screening | None = None
    # The night the change is dated by, when the rule decides it (a restart after the washout);
    # None: the night it was asked for.
    on: date | None = None


def resized(step: Step, start: date, end: date) -> Step:
    return step.model_copy(update={"start": start, "end": end, "nights": (end - start).days + 1})


def ending(steps: Sequence[Step], **parameters: int | Decimal | str) -> Outcome:
    return Outcome(tuple(steps), review_date_after(steps[-1].end), parameters=dict(parameters))


def active_changes(history: Sequence[Change]) -> list[Change]:
    """The changes still in effect, oldest first: each undo cancels the latest change before it
    that is still in effect, so repeated undos walk back one change at a time.
    """
    active: list[Change] = []
    for change in history:
        if change.kind is ChangeKind.UNDO:
            if active:
                active.pop()
        elif change.kind is not ChangeKind.OVERRIDE and change.kind not in RECORD_KINDS:
            # an override changed nothing to undo; a check-in is a report, never undone
            active.append(change)
    return active
