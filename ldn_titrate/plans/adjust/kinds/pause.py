"""``--pause FIRST..LAST``: no LDN on those nights, then restart low and titrate again."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from ldn_titrate.core.dosetext import format_date, format_mg
from ldn_titrate.core.model import ChangeKind, Phase, Step
from ldn_titrate.core.parsing import (
    DATE_FORMS,
    parse_date,
    parse_dose,
)
from ldn_titrate.plans.adjust.context import (
    ONE_DAY,
    Context,
    Outcome,
    ending,
)
from ldn_titrate.plans.adjust.kind import AdjustmentKind, Asked, KindOption
from ldn_titrate.rules.washout import required_days

_RANGE = re.compile(r"^\s*(?P<first>[^.\s]+)\s*\.\.\s*(?P<last>[^.\s]+)\s*$")


@dataclass(frozen=True)
class Pause:
    """Nights ``on`` (given to :func:`~ldn_titrate.plans.adjust.apply.adjust`) to ``last``."""

    last: date
    resume_dose_mg: Decimal | None = None


def _date(flag: str, text: str, asked: Asked) -> date | None:
    try:
        return parse_date(text, asked.today)
    except ValueError as error:
        asked.problems.add(f"{flag} {text!r} {error}")
        return None


def parse(asked: Asked) -> tuple[Pause | None, date | None]:
    """The pause gives its own first night, so ``--on`` is refused beside it unless it names
    the same night."""
    problems, on = asked.problems, asked.on
    text = asked.given("pause") or ""
    match = _RANGE.match(text)
    if not match:
        problems.add(
            f"--pause {text!r} is not a range of nights; write FIRST..LAST, each {DATE_FORMS}, "
            "such as 2027-02-01..2027-02-10"
        )
        return None, on
    first = _date("--pause (first night)", match["first"], asked)
    last = _date("--pause (last night)", match["last"], asked)
    resume: Decimal | None = None
    resume_text = asked.given("resume_dose")
    if resume_text is not None:
        try:
            resume = parse_dose(resume_text)
        except ValueError as error:
            problems.add(f"--resume-dose {resume_text!r} {error}")
    if first is not None and on is not None and on != first:
        problems.add(
            f"--on {on} does not match --pause, which starts on {first}: the pause gives the "
            "first night that changes; drop --on"
        )
    if first is not None and last is not None and last < first:
        problems.add(
            f"--pause {text!r} ends ({last}) before it starts ({first}); the last night "
            "must be on or after the first"
        )
    if first is None or last is None:
        return None, on
    return Pause(last, resume), first


def apply(context: Context, request: Pause) -> Outcome:
    return pause(context, request.last, request.resume_dose_mg)


def pause(
    context: Context,
    last: date,
    resume_mg: Decimal | None,
    *,
    flag_name: str = "--pause",
    opioid: str | None = None,
) -> Outcome:
    """Dose 0 from ``on`` to ``last``, then titrate again from the resume dose.

    The restart step carries the washout of ``opioid`` (a drug or class the policy judges), or,
    when None, of the opioid the plan's screen recorded.
    """
    schedule, problems, loaded = context.schedule, context.problems, context.loaded
    policy = loaded.policy
    resume = resume_mg if resume_mg is not None else schedule.inputs.start_dose_mg
    flag = "--resume-dose" if resume_mg is not None else "the plan's start dose"
    if last < context.on:
        problems.add(f"--pause ends ({last}) before it starts ({context.on})")
    for step in schedule.steps:
        if step.phase is Phase.PAUSED and step.end >= context.on:
            problems.add(
                f"{flag_name} {context.on}..{last} overlaps or comes before the plan's pause from "
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
    again = context.climb(last + ONE_DAY, resume, flag_name)
    if not again:
        return context.unchanged()
    screening = context.schedule.screening
    recorded = screening.opioid_class if screening else None
    days = required_days(policy.safety, opioid if opioid is not None else recorded)
    again = (again[0].model_copy(update={"restart_opioid_free_days": days}), *again[1:])
    return ending([*context.before, paused, *again], last=last.isoformat(), resume_mg=resume)


KIND = AdjustmentKind(
    change=ChangeKind.PAUSE,
    order=40,
    option=KindOption(
        "pause",
        "--pause",
        "No LDN from FIRST to LAST (inclusive), then restart low and titrate again.",
        metavar="FIRST..LAST",
    ),
    extras=(
        KindOption(
            "resume_dose",
            "--resume-dose",
            "Dose to restart at after --pause. Default: the plan's start dose.",
            metavar="DOSE",
        ),
    ),
    request=Pause,
    gives_night=True,
    parse=parse,
    apply=apply,
)
