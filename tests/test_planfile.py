"""The plan file's own checks (plans/planfile.py): the limits a saved plan is held to whatever
the policy says. The command-line refusals are in test_cli.py; these pin the boundaries.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from ldn_titrate.core.engine import build_schedule
from ldn_titrate.core.errors import InputError
from ldn_titrate.core.model import Schedule, TitrationRequest
from ldn_titrate.plans import planfile
from ldn_titrate.render import plan_json
from ldn_titrate.rules.policy import built_in
from tests.conftest import TEST_PLAN_ID

LOADED = built_in()
D = Decimal


def saved_with_last_dose(dose: Decimal) -> Schedule:
    """A standard plan read back from its file with the maintenance dose replaced."""
    request = TitrationRequest(
        start_date=date(2026, 12, 1),
        start_dose_mg=D("1.5"),
        step_mg=D(1),
        interval_days=14,
        ceiling_mg=D("4.5"),
        maintain_days=28,
    )
    document = plan_json.to_document(
        build_schedule(request, plan_id=TEST_PLAN_ID, policy=LOADED.ref)
    )
    document["steps"][-1]["dose_mg"] = dose
    return planfile.parse(document, "plan.json")


def test_a_saved_dose_of_exactly_10_mg_is_read_and_only_warned_about() -> None:
    # 10 mg is the highest dose any saved plan may hold (ABSOLUTE_MAX_MG): read, then the
    # policy's re-check warns in the clinician's view (and refuses a patient's file, unless
    # overridden: test_records.py), since the built-in policy stops at 6 mg.
    from ldn_titrate.plans import integrity

    schedule = saved_with_last_dose(D(10))
    assert schedule.steps[-1].dose_mg == D(10)
    warned = integrity.accept(
        schedule,
        LOADED,
        where="--plan plan.json",
        record=False,
        override=None,
        today=date(2026, 11, 24),
        now=datetime(2026, 11, 24, tzinfo=UTC),
    )
    assert any(
        "10 mg is outside this policy's doses of 0.1 mg to 6 mg" in line for line in warned.warnings
    )


@pytest.mark.parametrize("dose", [D("10.1"), D("10.01"), D(11)])
def test_a_saved_dose_above_10_mg_is_refused(dose: Decimal) -> None:
    with pytest.raises(InputError) as caught:
        saved_with_last_dose(dose)
    assert (
        f"--plan plan.json: step 4: dose {dose} mg is above 10 mg, which no low-dose naltrexone plan reaches"
        in str(caught.value)
    )
