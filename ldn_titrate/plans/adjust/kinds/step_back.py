"""``--step-back``: back to the previous dose (or ``--to DOSE``) for a full interval, then climb
again along the plan's regimen."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from ldn_titrate.core.dosetext import format_date, format_mg, plural
from ldn_titrate.core.model import Change, ChangeKind, Phase
from ldn_titrate.core.parsing import parse_dose
from ldn_titrate.plans.adjust.context import (
    Context,
    Outcome,
    active_changes,
    ending,
)
from ldn_titrate.plans.adjust.kind import AdjustmentKind, Asked, KindOption, Takes


@dataclass(frozen=True)
class StepBack:
    to_mg: Decimal | None = None  # --to: the dose to go back to (default: the previous dose)


def parse(asked: Asked) -> tuple[StepBack | None, date | None]:
    text = asked.given("to")
    if text is None:
        return StepBack(), asked.on
    try:
        return StepBack(parse_dose(text)), asked.on
    except ValueError as error:
        asked.problems.add(f"--to {text!r} {error}")
        return None, asked.on


def apply(context: Context, request: StepBack) -> Outcome:
    return step_back(context, active_changes(context.schedule.history), request.to_mg)


def step_back(context: Context, active: Sequence[Change], to_mg: Decimal | None = None) -> Outcome:
    """Back to the last lower dose (or ``to_mg``) for a full interval, then climb again, the
    retried dose provisional ("only if the side effects have settled")."""
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
    elif to_mg is not None:
        if not 0 < to_mg < current.dose_mg:
            problems.add(
                f"--to {format_mg(to_mg)} is not below {format_mg(current.dose_mg)}, the dose "
                f"on {format_date(context.on)}: a step back goes to a lower dose (use --hold to "
                "stay, --advance to go up early)"
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
    previous = to_mg if to_mg is not None else lower[-1]
    again = context.climb(context.on, previous, "--step-back")
    if not again:
        return context.unchanged()
    if len(again) > 1:
        again = (again[0], again[1].model_copy(update={"provisional": True}), *again[2:])
    return ending(
        [*context.before, *again],
        from_mg=current.dose_mg,
        to_mg=previous,
        retry_mg=again[1].dose_mg if len(again) > 1 else previous,
    )


KIND = AdjustmentKind(
    change=ChangeKind.STEP_BACK,
    order=20,
    option=KindOption(
        "step_back",
        "--step-back",
        "From --on, go back to the previous dose for a full interval, then climb again; the "
        "retried dose is given only if the side effects have settled.",
        takes=Takes.FLAG,
    ),
    extras=(
        KindOption(
            "to",
            "--to",
            "With --step-back: the dose to go back to, such as 2.25 (default: the previous "
            "dose); the climb from it follows the plan's regimen.",
            metavar="DOSE",
        ),
    ),
    request=StepBack,
    parse=parse,
    apply=apply,
)
