"""From what the user gave (options or a saved plan) to a checked :class:`Schedule`.

Shared by every command that outputs a plan, so ``plan``, ``calendar`` and ``handout`` agree on
what a set of options means.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from ldn_titrate import planfile
from ldn_titrate.checks import resolve_request
from ldn_titrate.engine import build_schedule
from ldn_titrate.errors import InputError
from ldn_titrate.model import Schedule
from ldn_titrate.options import FormulationOptions, ScheduleOptions
from ldn_titrate.policy import LoadedPolicy


def obtain_schedule(
    options: ScheduleOptions,
    plan_path: Path | None,
    loaded: LoadedPolicy,
    *,
    today: date,
    now: datetime,
    formulation: FormulationOptions | None = None,
) -> Schedule:
    schedule = _base_schedule(options, plan_path, loaded, today=today, now=now)
    if formulation is None:
        return schedule
    from ldn_titrate import prescribing

    return prescribing.apply(schedule, formulation, loaded.policy.formulation)


def _base_schedule(
    options: ScheduleOptions,
    plan_path: Path | None,
    loaded: LoadedPolicy,
    *,
    today: date,
    now: datetime,
) -> Schedule:
    if plan_path is not None:
        if options.any_given():
            given = [
                "--" + name.replace("_", "-")
                for name, value in vars(options).items()
                if value is not None
            ]
            raise InputError(
                f"--plan cannot be combined with schedule options ({', '.join(given)}): a saved "
                "plan is the record; build a new plan instead, or adjust this one"
            )
        return planfile.recheck(planfile.read(plan_path), loaded)
    request, warnings = resolve_request(options, loaded, today)
    return build_schedule(request, policy=loaded.ref, created=now, warnings=warnings)
