"""``--hold N``: stay N more nights on the step covering ``--on``; later nights move by N."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from ldn_titrate.core.dosetext import plural
from ldn_titrate.core.model import ChangeKind, Step
from ldn_titrate.core.parsing import (
    parse_duration,
)
from ldn_titrate.plans.adjust.context import (
    Context,
    Outcome,
    resized,
)
from ldn_titrate.plans.adjust.kind import AdjustmentKind, Asked, KindOption


@dataclass(frozen=True)
class Hold:
    nights: int


def parse(asked: Asked) -> tuple[Hold | None, date | None]:
    text = asked.given("hold")
    try:
        request = Hold(parse_duration(text))
    except ValueError as error:
        asked.problems.add(f"--hold {text!r} {error}")
        return None, asked.on
    if request.nights < 1:
        asked.problems.add(f"--hold {text!r}: hold for at least 1 night")
    return request, asked.on


def apply(context: Context, request: Hold) -> Outcome:
    return hold(context, request.nights)


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


KIND = AdjustmentKind(
    change=ChangeKind.HOLD,
    order=10,
    option=KindOption(
        "hold",
        "--hold",
        "Stay N more nights on the step covering --on; later steps and the review move by N.",
        metavar="N",
    ),
    request=Hold,
    parse=parse,
    apply=apply,
)
