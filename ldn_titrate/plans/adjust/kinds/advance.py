"""``--advance``: the next step starts early, on ``--on``; every later step moves up with it.

For a patient who is doing well on a dose before its nights are over (a response-gated step).
The step covering ``--on`` ends the night before; the next step and all after it keep their
nights and move earlier by the nights skipped, and so does the review.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from ldn_titrate.core.dosetext import format_date, format_mg
from ldn_titrate.core.model import ChangeKind, Phase, Step
from ldn_titrate.plans.adjust.context import Context, Outcome, resized
from ldn_titrate.plans.adjust.kind import AdjustmentKind, KindOption, Takes, no_value


@dataclass(frozen=True)
class Advance:
    pass


def apply(context: Context, request: Advance) -> Outcome:
    schedule, current, problems = context.schedule, context.current, context.problems
    later = [step for step in schedule.steps if step.start > current.end]
    following = later[0] if later else None
    when = f"--advance on {format_date(context.on)}"
    if current.phase is not Phase.TITRATION:
        what = "paused" if current.phase is Phase.PAUSED else "at its maintenance dose"
        problems.add(f"{when}: the plan is {what} that night, so there is no next step to start")
    elif following is None or following.phase is Phase.PAUSED:
        problems.add(f"{when}: the step after it is a pause; --undo the pause first")
    elif context.on == current.start:
        problems.add(
            f"{when}: {format_mg(current.dose_mg)} starts that night, so advancing would skip "
            "it; give a later night of the step"
        )
    if problems or following is None:
        return context.unchanged()
    shift = timedelta(days=(current.end - context.on).days + 1)
    moved: list[Step] = [
        step.model_copy(update={"start": step.start - shift, "end": step.end - shift})
        for step in later
    ]
    kept = [step for step in schedule.steps if step.end < current.start]
    return Outcome(
        (*kept, resized(current, current.start, context.on - timedelta(days=1)), *moved),
        schedule.review_date - shift,
        parameters={
            "from_mg": current.dose_mg,
            "to_mg": following.dose_mg,
            "nights_earlier": shift.days,
        },
    )


KIND = AdjustmentKind(
    change=ChangeKind.ADVANCE,
    order=25,
    option=KindOption(
        "advance",
        "--advance",
        "Start the next step early, on --on; later steps and the review move up with it.",
        takes=Takes.FLAG,
    ),
    request=Advance,
    parse=no_value(Advance),
    apply=apply,
)
