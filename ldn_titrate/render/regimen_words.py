"""The regimen as one sentence, in whichever form it was written, and what ongoing
maintenance means for the patient; shared by every human-readable output."""

from __future__ import annotations

from ldn_titrate.core.dosetext import format_mg, plural
from ldn_titrate.core.model import Phase, Schedule
from ldn_titrate.core.regimen import Interval, regimen_of


def regimen(schedule: Schedule) -> str:
    """``1.5 mg at bedtime, up 1 mg every 14 nights to 4.5 mg, then 28 nights at 4.5 mg``.

    A ladder lists its doses; phases are said one after another; ``--maintain ongoing`` says the
    maintenance dose goes on, with the review.
    """
    inputs = schedule.inputs
    plan = regimen_of(inputs)
    start, ceiling = format_mg(plan.start_mg), format_mg(plan.ceiling_mg)
    nights = plural(plan.maintain_days, "night")
    hold = (
        f"{ceiling} ongoing, reviewed after {nights}"
        if inputs.ongoing
        else f"{nights} at {ceiling}"
    )
    rungs = plan.rungs()
    if len(rungs) == 1:
        if inputs.ongoing:
            return f"{start} at bedtime, ongoing, reviewed after {nights}"
        return f"{start} at bedtime for {nights}"
    if inputs.doses_mg:
        doses = [format_mg(rung.dose_mg) for rung in rungs[:-1]]
        listed = doses[0] if len(doses) == 1 else f"{', '.join(doses[:-1])} and {doses[-1]}"
        first = plan.rises[0].every
        every = "a calendar month" if first.months and first.count == 1 else _every(first)
        each = "" if len(doses) == 1 else " each"
        return f"{listed} at bedtime for {every}{each}, then {hold}"
    rises = [
        f"up {format_mg(rise.step_mg)} every {_every(rise.every)} to {format_mg(rise.up_to_mg)}"
        for rise in plan.rises
        if rise.up_to_mg > plan.start_mg
    ]
    return f"{start} at bedtime, {', then '.join(rises)}, then {hold}"


def _every(every: Interval) -> str:
    if every.months and every.count == 1:
        return "calendar month"
    return every.text() if not every.months else f"{every.count} calendar months"


def ongoing(schedule: Schedule) -> str | None:
    """For ``--maintain ongoing``: the maintenance dose goes on past the planned nights."""
    last = schedule.steps[-1]
    if not schedule.inputs.ongoing or schedule.discontinued_on is not None:
        return None
    if last.phase is not Phase.MAINTENANCE:
        return None
    return (
        f"Ongoing: keep taking {format_mg(last.dose_mg)} each night after the last planned "
        "night, unless your prescriber changes it"
    )
