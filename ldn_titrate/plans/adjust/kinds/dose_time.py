"""``--dose-time morning|bedtime [--at HH:MM]``: from ``--on``, the dose moves."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from ldn_titrate.core.dosetext import format_date
from ldn_titrate.core.model import ChangeKind, DoseTime, Phase
from ldn_titrate.core.parsing import (
    parse_dose_clock,
)
from ldn_titrate.plans.adjust.context import (
    Context,
    Outcome,
    resized,
)
from ldn_titrate.plans.adjust.kind import AdjustmentKind, Asked, KindOption, Takes


@dataclass(frozen=True)
class SetDoseTime:
    dose_time: DoseTime
    at: str | None = None


def parse(asked: Asked) -> tuple[SetDoseTime, date | None]:
    dose_time = DoseTime(asked.given("dose_time"))
    at_text = asked.given("at")
    at = None
    if at_text is not None:
        try:  # stored as parsed ("08:00"), never as typed (" 08:00")
            clock = parse_dose_clock(at_text, morning=dose_time == DoseTime.MORNING)
            at = f"{clock:%H:%M}"
        except ValueError as error:
            asked.problems.add(f"--at {at_text!r} with --dose-time {dose_time} {error}")
    return SetDoseTime(dose_time, at), asked.on


def apply(context: Context, request: SetDoseTime) -> Outcome:
    return set_dose_time(context, request.dose_time, request.at)


def set_dose_time(context: Context, dose_time: DoseTime, at: str | None) -> Outcome:
    """From ``on`` every dose is taken at ``dose_time`` (and ``at``, when given)."""
    if at is not None:
        try:  # the same rule as the command line's, for callers of the pure function
            parse_dose_clock(at, morning=dose_time is DoseTime.MORNING)
        except ValueError as error:
            context.problems.add(f"--at {at!r} with --dose-time {dose_time} {error}")
            return context.unchanged()
    # The nightly dose may not move onto an added daily dose's time (--also): two doses at once.
    clock = at or ("08:00" if dose_time is DoseTime.MORNING else None)
    if clock is not None and clock in {added.at for added in context.schedule.also}:
        context.problems.add(
            f"--dose-time {dose_time} at {clock}: the plan's added daily dose is taken at "
            f"{clock}; give another time with --at"
        )
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


KIND = AdjustmentKind(
    change=ChangeKind.DOSE_TIME,
    order=50,
    option=KindOption(
        "dose_time",
        "--dose-time",
        "From --on, take the dose at bedtime or in the morning.",
        takes=Takes.DOSE_TIME,
    ),
    extras=(
        KindOption("at", "--at", "Clock time for --dose-time, such as 08:00.", metavar="HH:MM"),
    ),
    usage="--dose-time morning|bedtime",
    request=SetDoseTime,
    parse=parse,
    apply=apply,
)
