"""Writing the plan file (DESIGN.md §3): the renderer of ``--format json``, and the file that
``status``, ``adjust`` and ``--plan`` read back (:mod:`ldn_titrate.plans.planfile`)."""

from __future__ import annotations

from typing import Any

from ldn_titrate.core import jsonio
from ldn_titrate.core.model import STEP_DEFAULTS, Schedule
from ldn_titrate.render import RenderOptions


def render(schedule: Schedule, options: RenderOptions) -> str:
    return dumps(schedule)


def to_document(schedule: Schedule) -> dict[str, Any]:
    """The plan as plain data in the documented key order."""
    data = schedule.model_dump(mode="python", exclude_none=True)
    data["steps"] = _steps(data["steps"])
    data["warnings"] = list(data["warnings"])
    if data["history"]:
        for change in data["history"]:
            change["previous"]["steps"] = _steps(change["previous"]["steps"])
    else:
        del data["history"]  # a plan never adjusted reads as it did before living plans
    if not data["also"]:
        del data["also"]  # one dose a day: the file reads as it did before --also
    return data


def _steps(steps: Any) -> list[dict[str, Any]]:
    """Steps without the fields that merely repeat their default (bedtime, not provisional)."""
    return [
        {key: value for key, value in step.items() if STEP_DEFAULTS.get(key, ...) != value}
        for step in steps
    ]


def dumps(schedule: Schedule) -> str:
    return jsonio.dumps(to_document(schedule))
