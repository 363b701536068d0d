"""The trusted fast paths give exactly what pydantic's own construction and serialiser give."""

from __future__ import annotations

import pytest

from ldn_titrate.core.model import Schedule
from ldn_titrate.core.trusted import dump
from tests.handout_helpers import (
    discontinued,
    schedule,
    with_capsules,
    with_liquid,
    with_pause,
)
from tests.test_adjust import run, standard


def plans() -> list[Schedule]:
    from datetime import date

    from ldn_titrate.plans.adjust.kinds.step_back import StepBack

    stepped = run(standard(), StepBack(), date(2026, 12, 20))
    return [schedule(), with_liquid(schedule(), "5"), with_pause(schedule()),
            with_capsules(schedule()), discontinued(), stepped]  # fmt: skip


@pytest.mark.parametrize(
    "plan", plans(), ids=["plain", "liquid", "paused", "capsules", "stopped", "stepped"]
)
def test_dump_is_pydantics_model_dump(plan: Schedule) -> None:
    assert dump(plan) == plan.model_dump(mode="python", exclude_none=True)
    assert list(dump(plan)) == list(plan.model_dump(mode="python", exclude_none=True))
