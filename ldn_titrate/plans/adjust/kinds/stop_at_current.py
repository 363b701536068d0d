"""``--stop-at-current``: the dose on ``--on`` becomes the ceiling; maintenance starts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from ldn_titrate.core.dosetext import format_date, format_mg
from ldn_titrate.core.model import ChangeKind, Phase
from ldn_titrate.plans.adjust.context import (
    Context,
    Outcome,
    ending,
)
from ldn_titrate.plans.adjust.kind import AdjustmentKind, KindOption, Takes, no_value


@dataclass(frozen=True)
class StopAtCurrent:
    pass


def apply(context: Context, request: StopAtCurrent) -> Outcome:
    return stop_at_current(context)


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
    return ending([*context.before, maintenance], ceiling_mg=current.dose_mg)


KIND = AdjustmentKind(
    change=ChangeKind.STOP_AT_CURRENT,
    order=30,
    option=KindOption(
        "stop_at_current",
        "--stop-at-current",
        "The dose on --on becomes the ceiling; maintenance starts that night.",
        takes=Takes.FLAG,
    ),
    request=StopAtCurrent,
    parse=no_value(StopAtCurrent),
    apply=apply,
)
