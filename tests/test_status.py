"""``status``: what tonight is, on the first night, a change night, a paused night, after the end."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from ldn_titrate.core import jsonio
from ldn_titrate.core.model import DoseTime
from ldn_titrate.plans.adjust.kinds.discontinue import Discontinue
from ldn_titrate.plans.adjust.kinds.dose_time import SetDoseTime
from ldn_titrate.plans.adjust.kinds.pause import Pause
from ldn_titrate.plans.adjust.kinds.step_back import StepBack
from ldn_titrate.plans.status import State, status
from ldn_titrate.plans.status_data import to_data, to_json
from ldn_titrate.rules.screening import NOT_RECORDED
from tests.test_adjust import run, standard


@pytest.mark.parametrize(
    ("night", "text"),
    [
        (date(2026, 11, 30), "Before start: the plan starts on Tue 1 Dec 2026 with 1.5 mg"),
        (date(2026, 12, 1), "Step 1 of 4, night 1 of 14: 1.5 mg. Next: 2.5 mg from Tue 15 Dec 2026"),
        (date(2026, 12, 15), "Step 2 of 4, night 1 of 14: 2.5 mg. Next: 3.5 mg from Tue 29 Dec 2026"),
        (date(2026, 12, 24), "Step 2 of 4, night 10 of 14: 2.5 mg. Next: 3.5 mg from Tue 29 Dec 2026"),
        (date(2027, 1, 12), "Step 4 of 4 (maintenance), night 1 of 28: 4.5 mg. Next: review on Tue 9 Feb 2027"),
        (date(2027, 2, 9), "Review due today (Tue 9 Feb 2027): the planned nights ended on Mon 8 Feb 2027; keep taking 4.5 mg unless told otherwise"),
    ],
)  # fmt: skip
def test_status_text(night: date, text: str) -> None:
    assert status(standard(), night).text == text


def test_status_on_a_paused_night_and_the_restart_night() -> None:
    paused = run(standard(), Pause(date(2027, 2, 10)), date(2027, 2, 1))
    during = status(paused, date(2027, 2, 3))
    assert during.state is State.PAUSED
    assert during.text.startswith(
        "Step 5 of 9 (paused), night 3 of 10: no LDN tonight. Next: 1.5 mg from Thu 11 Feb 2027. "
        "Restart night: do not restart LDN while taking any opioid"
    )
    restart = status(paused, date(2027, 2, 11))
    assert restart.state is State.TAKING
    assert "opioid-free for 10 days" in restart.text
    assert "opioid" not in status(paused, date(2027, 2, 12)).text  # only on the restart night
    before = status(paused, date(2027, 1, 31))
    assert before.text.endswith("Next: pause from Mon 1 Feb 2027 to Wed 10 Feb 2027")


def test_status_speaks_of_dose_time_and_provisional_doses() -> None:
    backed = run(standard(), StepBack(), date(2026, 12, 22))
    assert status(backed, date(2027, 1, 4)).text == (
        "Step 3 of 6, night 14 of 14: 1.5 mg. Next: 2.5 mg from Tue 5 Jan 2027, only if the "
        "side effects have settled; if not, stay on 1.5 mg, do not follow the later dates or "
        "reminders in this plan, and call the clinic"
    )
    retry = status(backed, date(2027, 1, 5))
    assert retry.text.startswith("Step 4 of 6, night 1 of 14: 2.5 mg, only if the side effects")
    after = to_data(backed, status(backed, date(2027, 1, 19)))
    assert after["condition"] is None
    assert after["after"] == {
        "kind": "retry",
        "dose_mg": Decimal("2.5"),
        "first_night": date(2027, 1, 5),
        "fallback_mg": Decimal("1.5"),
        "if_not_met": "stay-and-call",
    }
    assert (
        "only if you went up to 2.5 mg on Tue 5 Jan 2027; if you did not, stay on 1.5 mg"
        in (after["text"])
    )
    moved = run(standard(), SetDoseTime(DoseTime.MORNING, "08:00"), date(2026, 12, 18))
    assert status(moved, date(2026, 12, 18)).text == (
        "Step 3 of 5, day 1 of 11: 2.5 mg in the morning (08:00). "
        "Next: 3.5 mg in the morning (08:00) from Tue 29 Dec 2026"
    )


def test_status_of_a_discontinued_plan() -> None:
    stopped = run(standard(), Discontinue(), date(2027, 1, 20))
    assert status(stopped, date(2027, 1, 19)).text == (
        "Step 4 of 4 (maintenance), night 8 of 8: 4.5 mg. "
        "Next: LDN stops after Tue 19 Jan 2027 (discontinued); review on Wed 20 Jan 2027"
    )
    after = status(stopped, date(2027, 1, 25))
    assert after.state is State.DISCONTINUED
    assert after.text == (
        "Discontinued from Wed 20 Jan 2027 (last night Tue 19 Jan 2027): no LDN; "
        "review due on Wed 20 Jan 2027"
    )


NO_AMOUNT = {
    "volume_ml": None,
    "concentration_mg_per_ml": None,
    "syringe_ml": None,
    "capsules": None,
    "measure": None,
}


def test_status_json() -> None:
    data = jsonio.loads(to_json(standard(), status(standard(), date(2026, 12, 24))))
    assert data == {
        "plan_id": standard().id,
        "revision": 1,
        "date": "2026-12-24",
        "state": "taking",
        "step": 2,
        "steps": 4,
        "phase": "titration",
        "night": 10,
        "nights": 14,
        "dose_mg": Decimal("2.5"),
        "dose_time": "bedtime",
        "at": None,
        "provisional": False,
        "conditional": False,
        "condition": None,
        "after": None,
        **NO_AMOUNT,
        "note": None,
        "next": {
            "date": "2026-12-29",
            "phase": "titration",
            "dose_mg": Decimal("3.5"),
            "dose_time": "bedtime",
            "at": None,
            "provisional": False,
            "conditional": False,
            "condition": None,
            "after": None,
            **NO_AMOUNT,
        },
        "review_date": "2027-02-09",
        "review_overdue_days": None,
        "discontinued_on": None,
        "screen": [f"Opioids: not recorded. Warning: {NOT_RECORDED}"],  # the screen as it is now
        "text": "Step 2 of 4, night 10 of 14: 2.5 mg. Next: 3.5 mg from Tue 29 Dec 2026",
        "also": [],
        "as_written": True,
        "alerts": [],
    }
    last = to_data(standard(), status(standard(), date(2027, 2, 8)))
    assert last["next"] == {"date": date(2027, 2, 9), "phase": "review"}
    ended = to_data(standard(), status(standard(), date(2027, 3, 1)))
    assert ended["state"] == "ended"
    assert ended["next"] is None
    assert ended["dose_mg"] is None
    assert ended["review_overdue_days"] == 20
    assert ended["text"].startswith("Review overdue by 20 days (due on Tue 9 Feb 2027)")
    before = to_data(standard(), status(standard(), date(2026, 11, 1)))
    assert before["state"] == "before-start"
    assert before["next"]["date"] == date(2026, 12, 1)


def test_next_skips_a_step_that_changes_nothing(cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A step back from the first night of a step leaves two 1.5 mg steps in a row."""
    saved = tmp_path / "plan.json"
    cli("plan", "--start-date", "2026-12-01", "--opioids", "none", "-f", "json", "-o", str(saved))
    back = tmp_path / "back.json"
    made = cli(
        "adjust",
        str(saved),
        "--step-back",
        "--on",
        "2026-12-15",
        "--reason",
        "headache",
        "-o",
        str(back),
    )
    assert made.exit_code == 0, made.output
    result = cli("status", str(back), "--on", "2026-12-10")
    assert result.exit_code == 0, result.output
    assert "Next: 1.5 mg" not in result.output
    assert (
        "Next: 2.5 mg from Tue 29 Dec 2026, only if the side effects have settled" in result.output
    )


def test_stop_at_current_is_not_announced_as_a_change(cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    saved = tmp_path / "plan.json"
    cli("plan", "--start-date", "2026-12-01", "--opioids", "none", "-f", "json", "-o", str(saved))
    stopped = tmp_path / "stopped.json"
    made = cli(
        "adjust",
        str(saved),
        "--stop-at-current",
        "--on",
        "2026-12-20",
        "--reason",
        "good response",
        "-o",
        str(stopped),
    )
    assert made.exit_code == 0, made.output
    result = cli("status", str(stopped), "--on", "2026-12-19")
    assert "Next: 2.5 mg" not in result.output
    assert "Next: review on" in result.output


def test_status_json_gives_the_added_doses_and_whether_the_plan_is_as_written(
    cli, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    """A script reading status JSON finds today's added doses as data, and is told when the
    plan file was changed after ldn-titrate wrote it (the banner of the human view)."""
    saved = tmp_path / "plan.json"
    made = cli(
        "plan", "--start-date", "2026-12-01", "--opioids", "none", "--also", "0.5mg@08:00",
        "--form", "liquid", "--concentration", "1mg/mL", "-f", "json", "-o", str(saved),
    )  # fmt: skip
    assert made.exit_code == 0, made.output
    result = cli("status", str(saved), "--on", "2026-12-10", "--format", "json")
    assert result.exit_code == 0, result.output
    data = jsonio.loads(result.stdout)
    assert [(a["dose_mg"], a["at"], a["volume_ml"]) for a in data["also"]] == [
        (Decimal("0.5"), "08:00", Decimal("0.5"))
    ]
    assert data["also"][0]["measure"].startswith("0.5 mL of 1 mg/mL")
    assert (data["as_written"], data["alerts"]) == (True, [])
    before = jsonio.loads(cli("status", str(saved), "--on", "2026-11-20", "-f", "json").stdout)
    assert before["also"] == []  # nothing to take before the first night
    edited = saved.read_text(encoding="utf-8").replace('"dose_mg": 2.5', '"dose_mg": 2', 1)
    assert edited != saved.read_text(encoding="utf-8")
    saved.write_text(edited, encoding="utf-8")
    changed = jsonio.loads(cli("status", str(saved), "--on", "2026-12-10", "-f", "json").stdout)
    assert changed["as_written"] is False
    assert changed["alerts"]
    assert all(a.startswith("NOT AS WRITTEN") for a in changed["alerts"])
    assert any("steps" in a for a in changed["alerts"])
