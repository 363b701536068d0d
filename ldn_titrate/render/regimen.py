"""The regimen line (``Regimen: …``) of every clinician's output, read from the plan's steps."""

from __future__ import annotations

import itertools

from ldn_titrate.core.dosetext import format_mg, plural
from ldn_titrate.core.model import Phase, Schedule, Step


def regimen(schedule: Schedule) -> str:
    """``1.5 mg at bedtime, up 1 mg every 14 nights to 4.5 mg, then 28 nights at 4.5 mg``.

    Read from the steps of the plan as first made (the oldest revision its history keeps), never
    from its inputs, so the line cannot contradict the steps a saved plan actually has.
    """
    steps = schedule.history[0].previous.steps if schedule.history else schedule.steps
    text = ladder_text(steps)
    span = schedule.interval_range
    if span is not None:  # issue 26: the interval is a range; the dates show one end of it
        end = "upper" if span.mode == "clinician" else "lower"
        text += f" (interval {range_text(schedule)}; dates at its {end} end, {span.mode}-gated)"
    return text


def goal_text(schedule: Schedule) -> str | None:
    """``pain -30 % from baseline, met over 14 nights (then stop at the current dose)``."""
    goal = schedule.goal
    if goal is None:
        return None
    sign = "+" if goal.change_percent > 0 else ""
    return (
        f"{goal.rating} {sign}{goal.change_percent} % from baseline, met over "
        f"{plural(goal.nights, 'night')} (then the rules propose stopping at the current dose)"
    )


def range_text(schedule: Schedule) -> str:
    """``7–14 nights`` or ``1–2 months``: the interval range a plan was made with."""
    span = schedule.interval_range
    if span is None:  # pragma: no cover - asked only of a plan with a range
        return ""
    unit = "months" if span.months else "nights"
    return f"{span.min_days}–{span.max_days} {unit}"


def nights_text(schedule: Schedule, step: Step) -> str:
    """A step's nights, with the range it may run for: ``14 (may be 7–14)``."""
    span = schedule.interval_range
    if span is None or step.phase is not Phase.TITRATION or span.months:
        return str(step.nights)
    return f"{step.nights} (may be {span.min_days}–{span.max_days})"


def ladder_text(steps: tuple[Step, ...]) -> str:
    """A regular ladder in one phrase; any other run of steps dose by dose."""
    first, last = steps[0], steps[-1]
    if len(steps) == 1:
        return f"{_dose(first)} at bedtime for {plural(first.nights, 'night')}"
    climbing, rises = steps[:-1], [b.dose_mg - a.dose_mg for a, b in itertools.pairwise(steps)]
    step_mg, interval = rises[0], first.nights
    regular = (
        step_mg > 0
        and all(s.phase is Phase.TITRATION and s.nights == interval for s in climbing)
        and last.phase is Phase.MAINTENANCE
        and all(rise == step_mg for rise in rises[:-1])
        and 0 < rises[-1] <= step_mg
    )
    if regular:
        ceiling = format_mg(last.dose_mg)
        return (
            f"{format_mg(first.dose_mg)} at bedtime, up {format_mg(step_mg)} every "
            f"{plural(interval, 'night')} to {ceiling}, then {plural(last.nights, 'night')} at "
            f"{ceiling}"
        )
    doses = ", ".join(f"{_dose(s)} for {plural(s.nights, 'night')}" for s in steps)
    return f"at bedtime: {doses}"


def _dose(step: Step) -> str:
    return "none (paused)" if step.phase is Phase.PAUSED else format_mg(step.dose_mg)
