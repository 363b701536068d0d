"""``--renew DURATION``: at the review, maintenance goes on for DURATION; the plan keeps its id.

From ``--on`` (a night of the maintenance step, or the review date itself) the maintenance dose
continues for DURATION: nights, weeks or calendar months (``6m``: to the same day six months on,
the last day of a shorter month). The review moves to the night after. The renewal is checked
against the policy's maintenance bounds, as ``--maintain`` is.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from ldn_titrate.core.dosetext import format_date
from ldn_titrate.core.model import ChangeKind, Phase
from ldn_titrate.core.parsing import INTERVAL_FORMS, parse_interval
from ldn_titrate.core.regimen import Interval, next_start
from ldn_titrate.plans.adjust.context import Context, Outcome, ending, resized
from ldn_titrate.plans.adjust.kind import AdjustmentKind, Asked, KindOption
from ldn_titrate.rules.regimen_checks import check_nights


@dataclass(frozen=True)
class Renew:
    length: Interval


def parse(asked: Asked) -> tuple[Renew | None, date | None]:
    text = asked.given("renew")
    try:
        length = parse_interval(text)
    except ValueError:
        asked.problems.add(f"--renew {text!r} is not a duration; write {INTERVAL_FORMS}")
        return None, asked.on
    if length.count < 1:
        asked.problems.add(f"--renew {text!r}: renew for at least 1 night")
        return None, asked.on
    return Renew(length), asked.on


def apply(context: Context, request: Renew) -> Outcome:
    schedule, problems, loaded = context.schedule, context.problems, context.loaded
    last = schedule.steps[-1]
    if context.current is not last or last.phase is not Phase.MAINTENANCE:
        problems.add(
            f"--renew on {format_date(context.on)}: the plan is not at its maintenance dose "
            "that night; renew from a night of the maintenance step, or at the review "
            f"({format_date(schedule.review_date)})"
        )
        return context.unchanged()
    following = next_start(context.on, request.length, context.on, 0)
    nights = (following - context.on).days
    text = request.length.text()
    flag = f"--renew {text}" if not request.length.months else f"--renew {text}, that is"
    bound = loaded.policy.bounds.maintain
    check_nights(flag, nights, bound, loaded.source, problems)
    end = following - timedelta(days=1)
    if end <= last.end:
        problems.add(
            f"--renew {text} from {format_date(context.on)} ends on {format_date(end)}, not "
            f"after the plan's last night ({format_date(last.end)}): renew for longer"
        )
    if problems:
        return context.unchanged()
    renewed = resized(last, last.start, end)
    return ending(
        [*schedule.steps[:-1], renewed],
        nights=nights,
        dose_mg=last.dose_mg,
        until=end.isoformat(),
    )


KIND = AdjustmentKind(
    change=ChangeKind.RENEW,
    order=35,
    option=KindOption(
        "renew",
        "--renew",
        "From --on (the review date, or a night of maintenance) go on at the maintenance dose "
        "for DURATION: nights, weeks or calendar months (6m); the review moves to the night "
        "after. Within the policy's maintenance bounds. The plan keeps its id.",
        metavar="DURATION",
    ),
    request=Renew,
    parse=parse,
    apply=apply,
    from_review=True,
)
