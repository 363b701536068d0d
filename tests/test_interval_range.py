"""``--interval 7-14d``: an interval range, projected by the policy's mode (issue 26, slice 5)."""

from __future__ import annotations

import itertools
import json
from pathlib import Path
from typing import Any

import pytest

from ldn_titrate.core.parsing import parse_interval_range
from ldn_titrate.core.regimen import Interval
from tests.conftest import Cli

BASE = ("--start-date", "2026-12-01", "--opioids", "none")


def plan_json(cli: Cli, *args: str) -> dict[str, Any]:
    result = cli("plan", *BASE, *args, "-f", "json")
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("7-14d", (Interval(7), Interval(14))),
        ("7-14", (Interval(7), Interval(14))),
        ("1-2w", (Interval(7), Interval(14))),
        ("1 – 2 weeks", (Interval(7), Interval(14))),
        ("1-2m", (Interval(1, months=True), Interval(2, months=True))),
        ("14d", None),
    ],
)
def test_the_range_grammar(text: str, expected: tuple[Interval, Interval] | None) -> None:
    assert parse_interval_range(text) == expected


def test_clinician_gated_projects_at_the_upper_bound_and_keeps_both(cli: Cli) -> None:
    data = plan_json(cli, "--interval", "1-2w")
    assert data["version"] == 2
    assert data["interval_range"] == {
        "min_days": 7, "max_days": 14, "months": False, "mode": "clinician",
    }  # fmt: skip
    assert [s["nights"] for s in data["steps"]] == [14, 14, 14, 28]
    assert not any(s.get("provisional") for s in data["steps"])
    table = cli("plan", *BASE, "--interval", "7-14d")
    assert "14 (may be 7–14)" in table.stdout
    assert "(interval 7–14 nights; dates at its upper end, clinician-gated)" in table.stdout
    markdown = cli("plan", *BASE, "--interval", "7-14d", "-f", "markdown")
    assert "| 14 (may be 7–14) |" in markdown.stdout


def test_patient_gated_prints_each_increase_at_the_lower_bound_with_its_condition(
    cli: Cli, tmp_path: Path
) -> None:
    policy = tmp_path / "policy.toml"
    policy.write_text('[gates]\ninterval_mode = "patient"\n', encoding="utf-8")
    data = plan_json(cli, "--interval", "7-14d", "--policy", str(policy))
    assert data["interval_range"]["mode"] == "patient"
    assert [s["nights"] for s in data["steps"]] == [7, 7, 7, 28]
    assert [s.get("provisional", False) for s in data["steps"]] == [False, True, True, True]
    table = cli("plan", *BASE, "--interval", "7-14d", "--policy", str(policy))
    assert "7 (may be 7–14)" in table.stdout
    assert (
        "2.5 mg from Tue 8 Dec 2026: take it only if the side effects have settled; if not, "
        in (table.stdout)
    )
    assert [s.get("gated", False) for s in data["steps"]] == [False, True, True, True]
    saved = tmp_path / "gated.json"
    made = cli("plan", *BASE, "--interval", "7-14d", "--policy", str(policy), "-f", "json",
               "-o", str(saved))  # fmt: skip
    assert made.exit_code == 0, made.output
    tonight = json.loads(cli("status", str(saved), "--on", "2026-12-09", "-f", "json").stdout)
    assert tonight["condition"] == {
        "kind": "gated", "dose_mg": 2.5, "first_night": "2026-12-08", "fallback_mg": 1.5,
        "if_not_met": "stay-and-call",
    }  # fmt: skip


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2-14d", "--interval '2-14d' (lower end) 2 nights is below this policy's minimum of 3"),
        ("7-40d", "--interval 40 nights is above this policy's maximum of 28 nights"),
        ("14-7d", "is a range whose first end is not below its second"),
        ("7-7d", "is a range whose first end is not below its second"),
    ],
)
def test_both_ends_are_within_the_policys_bounds(cli: Cli, text: str, message: str) -> None:
    result = cli("plan", *BASE, "--interval", text)
    assert result.exit_code == 2
    assert message in result.output


def test_dispensing_covers_the_fastest_path(cli: Cli) -> None:
    form = ("--form", "liquid", "--concentration", "1mg/mL")
    fixed = plan_json(cli, "--interval", "14", *form)["dispensing"]
    ranged = plan_json(cli, "--interval", "7-14d", *form)["dispensing"]
    # Step 1 (14 nights at 1.5 mg) may end after 7: the next 7 nights may be at 2.5 mg.
    assert fixed["per_step"][0]["consumed_ml"] == 21
    assert ranged["per_step"][0]["consumed_ml"] == 7 * 1.5 + 7 * 2.5
    assert ranged["total"]["consumed_ml"] > fixed["total"]["consumed_ml"]


def test_an_adjusted_patient_gated_plan_keeps_its_gates(cli: Cli, tmp_path: Path) -> None:
    policy = tmp_path / "policy.toml"
    policy.write_text('[gates]\ninterval_mode = "patient"\n', encoding="utf-8")
    saved, held = tmp_path / "p.json", tmp_path / "held.json"
    made = cli("plan", *BASE, "--interval", "7-14d", "--policy", str(policy), "-f", "json",
               "-o", str(saved))  # fmt: skip
    assert made.exit_code == 0, made.output
    result = cli("adjust", str(saved), "--step-back", "--on", "2026-12-16", "--reason", "dreams",
                 "--policy", str(policy), "-o", str(held))  # fmt: skip
    assert result.exit_code == 0, result.output
    steps = json.loads(held.read_text(encoding="utf-8"))["steps"]
    # Every increase after the step back is still conditional (a retry or a gate), never a date
    # the patient follows unconditionally at the fastest rate.
    for before, step in itertools.pairwise(steps):
        if step["dose_mg"] > before["dose_mg"]:
            assert step.get("provisional") is True, steps
