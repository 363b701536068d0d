"""``--resume``: titrate again after ``--stop-at-current``, from ``--on``, to the regimen's top.

The maintenance dose covering ``--on`` rises that night to the regimen's next dose, and the plan
climbs on along its own regimen (ladder, phases or step) to the ceiling it was first planned
with, then its maintenance.
"""

from __future__ import annotations

from dataclasses import dataclass

from ldn_titrate.core.dosetext import format_date, format_mg
from ldn_titrate.core.model import ChangeKind, Phase
from ldn_titrate.core.regimen import regimen_of
from ldn_titrate.plans.adjust.context import Context, Outcome, ending
from ldn_titrate.plans.adjust.kind import AdjustmentKind, KindOption, Takes, no_value


@dataclass(frozen=True)
class Resume:
    pass


def apply(context: Context, request: Resume) -> Outcome:
    schedule, current, problems = context.schedule, context.current, context.problems
    top = regimen_of(schedule.inputs).ceiling_mg
    when = f"--resume on {format_date(context.on)}"
    if current.phase is not Phase.MAINTENANCE:
        problems.add(
            f"{when}: the plan is not at a maintenance dose that night; --resume titrates "
            "again after --stop-at-current"
        )
    elif current.dose_mg >= top:
        problems.add(
            f"{when}: {format_mg(current.dose_mg)} is already the ceiling the plan was made "
            "with, so there is no titration to resume"
        )
    if problems:
        return context.unchanged()
    rungs = regimen_of(schedule.inputs).rungs(current.dose_mg, top)
    if len(rungs) < 2:
        problems.add(
            f"{when}: the plan's regimen has no step up from {format_mg(current.dose_mg)}; "
            "make a new plan"
        )
        return context.unchanged()
    following = rungs[1].dose_mg
    again = context.climb(context.on, following, "--resume", ceiling_mg=top)
    if not again:
        return context.unchanged()
    return ending(
        [*context.before, *again], from_mg=current.dose_mg, to_mg=following, ceiling_mg=top
    )


KIND = AdjustmentKind(
    change=ChangeKind.RESUME,
    order=32,
    option=KindOption(
        "resume",
        "--resume",
        "After --stop-at-current: from --on, rise to the next dose and titrate again to the "
        "ceiling the plan was made with.",
        takes=Takes.FLAG,
    ),
    request=Resume,
    parse=no_value(Resume),
    apply=apply,
)
