"""The rule of each adjustment (issue 6), one function each, applied from night ``on``.

Each returns the new steps (numbering is fixed afterwards) and the review date, or adds its
problems to the context and returns the plan unchanged. Nights before ``on`` are copied, never
recomputed; from ``on`` the engine's :func:`~ldn_titrate.core.engine.climb` does the dose
arithmetic.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from ldn_titrate.core.dosetext import format_date, format_mg, plural
from ldn_titrate.core.engine import climb, count_steps, review_date_after
from ldn_titrate.core.errors import Problems
from ldn_titrate.core.model import Change, ChangeKind, DoseTime, Phase, Schedule, Step
from ldn_titrate.core.parsing import parse_dose_clock
from ldn_titrate.rules.policy import LoadedPolicy
from ldn_titrate.rules.washout import required_days

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

    def climb(self, first: date, start_mg: Decimal, flag: str) -> tuple[Step, ...]:
        """Titrate again from ``start_mg`` on night ``first`` to the ceiling, at the dose time
        of the step being changed, within the policy's limit on the steps of one ladder.
        """
        inputs, policy = self.schedule.inputs, self.loaded.policy
        count = count_steps(start_mg, inputs.step_mg, self.ceiling)
        if count > policy.max_steps:
            self.problems.add(
                f"{flag}: climbing from {format_mg(start_mg)} to {format_mg(self.ceiling)} in "
                f"steps of {format_mg(inputs.step_mg)} makes {count} steps; this policy allows "
                f"at most {policy.max_steps} (policy: {self.loaded.source})"
            )
            return ()
        steps = climb(
            first,
            start_mg,
            step_mg=inputs.step_mg,
            ceiling_mg=self.ceiling,
            interval_days=inputs.interval_days,
            maintain_days=inputs.maintain_days,
        )
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


def resized(step: Step, start: date, end: date) -> Step:
    return step.model_copy(update={"start": start, "end": end, "nights": (end - start).days + 1})


def _ending(steps: Sequence[Step], **parameters: int | Decimal | str) -> Outcome:
    return Outcome(tuple(steps), review_date_after(steps[-1].end), parameters=dict(parameters))


def hold(context: Context, nights: int) -> Outcome:
    """The step covering ``on`` grows by ``nights`` in place; everything later shifts."""
    limit = context.loaded.policy.adjust.max_hold_nights
    if nights > limit:
        context.problems.add(
            f"--hold {plural(nights, 'night')} is above this policy's maximum hold of "
            f"{plural(limit, 'night')} (allowed 1 to {limit}; policy: {context.loaded.source}): "
            "hold again later, or make a new plan"
        )
        return context.unchanged()
    shift = timedelta(days=nights)
    steps: list[Step] = []
    for step in context.schedule.steps:
        if step.number == context.current.number:
            step = resized(step, step.start, step.end + shift)
        elif step.start > context.current.end:
            step = step.model_copy(update={"start": step.start + shift, "end": step.end + shift})
        steps.append(step)
    return Outcome(
        tuple(steps),
        context.schedule.review_date + shift,
        parameters={"nights": nights, "dose_mg": context.current.dose_mg},
    )


def step_back(context: Context, active: Sequence[Change]) -> Outcome:
    """Back to the last lower dose for a full interval, then climb again, the retried dose
    provisional ("only if the side effects have settled")."""
    current, problems = context.current, context.problems
    lower = [
        step.dose_mg
        for step in context.schedule.steps
        if step.number < current.number
        and step.phase is not Phase.PAUSED
        and step.dose_mg < current.dose_mg
    ]
    if current.phase is Phase.PAUSED:
        problems.add(
            f"--step-back on {format_date(context.on)}: the plan is paused that night, so there "
            "is no dose to step back from"
        )
    elif not lower:
        problems.add(
            f"--step-back on {format_date(context.on)}: {format_mg(current.dose_mg)} is the "
            "first dose of the plan, so there is no previous dose to go back to; use --hold "
            "to stay at it for longer, or make a new plan with a lower start dose"
        )
    cap = context.loaded.policy.adjust.max_step_backs
    taken = sum(1 for change in active if change.kind is ChangeKind.STEP_BACK)
    if taken >= cap:
        problems.add(
            f"--step-back: this plan has stepped back {plural(taken, 'time')} already; this "
            f"policy allows at most {cap} (policy: {context.loaded.source}): use --hold or "
            "--stop-at-current, or make a new plan"
        )
    if problems:
        return context.unchanged()
    previous = lower[-1]
    again = context.climb(context.on, previous, "--step-back")
    if len(again) > 1:
        again = (again[0], again[1].model_copy(update={"provisional": True}), *again[2:])
    return _ending(
        [*context.before, *again],
        from_mg=current.dose_mg,
        to_mg=previous,
        retry_mg=again[1].dose_mg if len(again) > 1 else previous,
    )


def stop_at_current(context: Context) -> Outcome:
    """The dose on ``on`` becomes the ceiling; maintenance starts that night."""
    current, problems, loaded = context.current, context.problems, context.loaded
    bound = loaded.policy.bounds.ceiling
    if current.phase is Phase.PAUSED:
        problems.add(
            f"--stop-at-current on {format_date(context.on)}: the plan is paused that night; "
            "stop at a night with a dose"
        )
    elif current.phase is Phase.MAINTENANCE:
        problems.add(
            f"--stop-at-current on {format_date(context.on)}: the plan is already at its "
            f"maintenance dose of {format_mg(current.dose_mg)} that night"
        )
    elif current.dose_mg < bound.min_mg:
        problems.add(
            f"--stop-at-current: {format_mg(current.dose_mg)} would become the ceiling, below "
            f"this policy's lowest ceiling of {format_mg(bound.min_mg)} (allowed "
            f"{format_mg(bound.min_mg)} to {format_mg(bound.max_mg)}; policy: {loaded.source})"
        )
    if problems:
        return context.unchanged()
    nights = context.schedule.inputs.maintain_days
    maintenance = current.model_copy(
        update={
            "phase": Phase.MAINTENANCE,
            "start": context.on,
            "end": context.on + timedelta(days=nights - 1),
            "nights": nights,
            "provisional": False,
            "restart_opioid_free_days": (
                current.restart_opioid_free_days if current.start == context.on else None
            ),
        }
    )
    return _ending([*context.before, maintenance], ceiling_mg=current.dose_mg)


def pause(context: Context, last: date, resume_mg: Decimal | None) -> Outcome:
    """Dose 0 from ``on`` to ``last``, then titrate again from the resume dose."""
    schedule, problems, loaded = context.schedule, context.problems, context.loaded
    policy = loaded.policy
    resume = resume_mg if resume_mg is not None else schedule.inputs.start_dose_mg
    flag = "--resume-dose" if resume_mg is not None else "the plan's start dose"
    if last < context.on:
        problems.add(f"--pause ends ({last}) before it starts ({context.on})")
    for step in schedule.steps:
        if step.phase is Phase.PAUSED and step.end >= context.on:
            problems.add(
                f"--pause {context.on}..{last} overlaps or comes before the plan's pause from "
                f"{format_date(step.start)} to {format_date(step.end)}: --undo that pause "
                "first, or pause after it ends"
            )
    bound = policy.bounds.start_dose
    if not bound.min_mg <= resume <= bound.max_mg:
        problems.add(
            f"{flag} {format_mg(resume)} is outside this policy's start doses of "
            f"{format_mg(bound.min_mg)} to {format_mg(bound.max_mg)} (policy: {loaded.source})"
        )
    elif resume > context.ceiling:
        problems.add(
            f"{flag} {format_mg(resume)} is above the plan's ceiling of "
            f"{format_mg(context.ceiling)}"
        )
    elif resume % policy.resolution_mg != 0:
        problems.add(
            f"{flag} {format_mg(resume)} is not a multiple of this policy's dose resolution of "
            f"{format_mg(policy.resolution_mg)} (policy: {loaded.source})"
        )
    if problems:
        return context.unchanged()
    paused = Step(
        number=0,
        phase=Phase.PAUSED,
        start=context.on,
        end=last,
        nights=(last - context.on).days + 1,
        dose_mg=Decimal(0),
    )
    again = context.climb(last + ONE_DAY, resume, "--pause")
    if not again:
        return context.unchanged()
    screening = context.schedule.screening
    days = required_days(policy.safety, screening.opioid_class if screening else None)
    again = (again[0].model_copy(update={"restart_opioid_free_days": days}), *again[1:])
    return _ending([*context.before, paused, *again], last=last.isoformat(), resume_mg=resume)


def set_dose_time(context: Context, dose_time: DoseTime, at: str | None) -> Outcome:
    """From ``on`` every dose is taken at ``dose_time`` (and ``at``, when given)."""
    if at is not None:
        try:  # the same rule as the command line's, for callers of the pure function
            parse_dose_clock(at, morning=dose_time is DoseTime.MORNING)
        except ValueError as error:
            context.problems.add(f"--at {at!r} with --dose-time {dose_time} {error}")
            return context.unchanged()
    later = [step for step in context.schedule.steps if step.start > context.on]
    tail = [resized(context.current, context.on, context.current.end), *later]
    if context.current.start < context.on:
        tail[0] = tail[0].model_copy(update={"restart_opioid_free_days": None})
    doses = [step for step in tail if step.phase is not Phase.PAUSED]
    if all(step.dose_time is dose_time and step.at == at for step in doses):
        where = f" at {at}" if at else ""
        context.problems.add(
            f"--dose-time {dose_time}{where}: every dose from {format_date(context.on)} is "
            "already taken then; nothing would change"
        )
        return context.unchanged()
    timed = [
        step
        if step.phase is Phase.PAUSED
        else step.model_copy(update={"dose_time": dose_time, "at": at})
        for step in tail
    ]
    parameters: dict[str, int | Decimal | str] = {"dose_time": str(dose_time)}
    if at is not None:
        parameters["at"] = at
    return Outcome((*context.before, *timed), context.schedule.review_date, parameters=parameters)


def discontinue(context: Context) -> Outcome:
    """The night before ``on`` is the last; the review falls on ``on``."""
    if context.on == context.schedule.first_night:
        context.problems.add(
            f"--discontinue on {format_date(context.on)}: that is the plan's first night, so "
            "no night would be left; make a new plan when LDN is to start"
        )
        return context.unchanged()
    steps = context.before
    return Outcome(
        tuple(steps),
        review_date_after(steps[-1].end),
        discontinued_on=context.on,
        parameters={"last_night": steps[-1].end.isoformat()},
    )
