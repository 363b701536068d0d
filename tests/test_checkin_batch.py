"""``batch CALLS.csv --plans DIR``: check-ins for many plans, and the clinic's proposals list."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import Cli


def test_a_call_log_is_recorded_into_the_plans_it_names(cli: Cli, tmp_path: Path) -> None:
    plans, out = tmp_path / "plans", tmp_path / "out"
    plans.mkdir()
    for patient in ("MRN-1", "MRN-2"):
        result = cli("plan", "--start-date", "2026-11-01", "--patient-id", patient, "--opioids",
                     "none", "-f", "json", "-o", str(plans / f"{patient}.json"))  # fmt: skip
        assert result.exit_code == 0, result.output
    (plans / "notes.json").write_text("{}", encoding="utf-8")  # not a plan: reported, left alone
    calls = tmp_path / "calls.csv"
    calls.write_text(
        "patient_id,date,pain,side_effects\n"
        "MRN-1,2026-11-20,5,vivid-dreams:moderate\n"
        "MRN-2,2026-11-21,3,\n"
        "MRN-9,2026-11-21,3,\n"
        "MRN-2,2026-11-22,12,\n",
        encoding="utf-8",
    )
    result = cli("batch", str(calls), "--plans", str(plans), "--out-dir", str(out), "--proposals")
    assert result.exit_code == 2, result.output
    assert "row 4, column patient_id: 'MRN-9' is not a patient of a plan read" in result.stderr
    assert "row 5, column pain: '12' is not a rating" in result.stderr
    assert "notes.json: not an ldn-titrate plan" in result.stderr
    one = json.loads((out / "MRN-1.json").read_text(encoding="utf-8"))
    two = json.loads((out / "MRN-2.json").read_text(encoding="utf-8"))
    assert [c["ratings"]["pain"] for c in one["checkins"]] == [5]
    assert [c["ratings"]["pain"] for c in two["checkins"]] == [3]
    assert "MRN-1.json: 1 check-in recorded from" in result.stdout
    assert "Proposals on 2026-11-24: 1 of 2 plans" in result.stdout
    assert "hold 7 nights (vivid dreams moderate" in result.stdout
    # The same log again, into the updated plans: nothing new.
    again = cli("batch", str(calls), "--plans", str(out), "--out-dir", str(tmp_path / "o2"))
    assert "MRN-1.json: 0 check-ins recorded" in again.stdout
    assert "1 duplicate not added" in again.stdout
    assert not (tmp_path / "o2" / "MRN-1.json").exists()


def test_proposals_go_with_plans(cli: Cli, tmp_path: Path) -> None:
    calls = tmp_path / "calls.csv"
    calls.write_text("id\n", encoding="utf-8")
    result = cli("batch", str(calls), "--out-dir", str(tmp_path / "o"), "--proposals")
    assert result.exit_code == 2
    assert "--proposals goes with --plans DIR" in result.output
