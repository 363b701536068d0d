"""``--discontinue``: stop LDN; the night before ``--on`` is the last."""

from __future__ import annotations

from dataclasses import dataclass

from ldn_titrate.core.dosetext import format_date
from ldn_titrate.core.engine import review_date_after
from ldn_titrate.core.model import ChangeKind
from ldn_titrate.plans.adjust.context import (
    Context,
    Outcome,
)
from ldn_titrate.plans.adjust.kind import AdjustmentKind, KindOption, Takes, no_value


@dataclass(frozen=True)
class Discontinue:
    pass


def apply(context: Context, request: Discontinue) -> Outcome:
    return discontinue(context)


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


KIND = AdjustmentKind(
    change=ChangeKind.DISCONTINUE,
    order=60,
    option=KindOption(
        "discontinue",
        "--discontinue",
        "Stop LDN: the night before --on is the last.",
        takes=Takes.FLAG,
    ),
    request=Discontinue,
    parse=no_value(Discontinue),
    apply=apply,
)
