"""Labels that are true (issue 24.3), through the real command line: a preset is named only
when the regimen is its own, saved inputs survive a re-applied formulation, a message names
only what the plan has, and a history reads in order with both of its dates."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import Cli


@pytest.mark.parametrize(
    ("args", "label"),
    [
        (["--start-dose", "0.1", "--step", "0.1", "--interval", "7", "--ceiling", "0.5"], "custom"),
        (["--preset", "standard"], "standard"),
        ([], "standard"),  # the policy's default, untouched
        (["--preset", "standard", "--step", "1"], "standard"),  # the preset's own value
        (["--preset", "standard", "--step", "0.5", "--ceiling", "3"],
         "standard, changed: step, ceiling"),
        (["--preset", "standard", "--maintain", "ongoing"], "standard, changed: maintain"),
        (["--doses", "1,2,3,4.5"], "custom"),
    ],
)  # fmt: skip
def test_a_preset_is_named_only_when_the_regimen_is_its_own(
    cli: Cli, tmp_path: Path, args: list[str], label: str
) -> None:
    out = tmp_path / "p.json"
    made = cli("plan", *args, "--start-date", "2026-12-01", "--opioids", "none", "-f", "json",
               "-o", str(out))  # fmt: skip
    assert made.exit_code == 0, made.output
    table = cli("plan", "--plan", str(out))
    assert f"Preset: {label}   " in table.stdout
    markdown = cli("plan", "--plan", str(out), "--format", "markdown")
    assert f"- Preset: {label}\n" in markdown.stdout
    inputs = json.loads(out.read_text(encoding="utf-8"))["inputs"]
    assert inputs.get("preset") == (None if label == "custom" else "standard")


def test_a_reapplied_formulation_keeps_the_saved_supply_days(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "p.json"
    cli("plan", "--preset", "standard", "--start-date", "2026-12-01", "--opioids", "none",
        "--form", "liquid", "--concentration", "1mg/mL", "--supply-days", "30", "-f", "json",
        "-o", str(out))  # fmt: skip
    again = cli("plan", "--plan", str(out), "--form", "liquid", "--concentration", "5mg/mL",
                "-f", "json", "-o", "-")  # fmt: skip
    assert again.exit_code == 0, again.output
    assert "--supply-days" not in again.stderr
    assert json.loads(again.stdout)["dispensing"]["supply_days"] == 30


def test_a_changed_dose_names_no_added_dose_the_plan_does_not_have(
    cli: Cli, tmp_path: Path
) -> None:
    out = tmp_path / "p.json"
    cli("plan", "--preset", "standard", "--start-date", "2026-12-01", "--opioids", "none",
        "-f", "json", "-o", str(out))  # fmt: skip
    text = out.read_text(encoding="utf-8").replace('"dose_mg": 4.5', '"dose_mg": 25', 1)
    out.write_text(text, encoding="utf-8")
    result = cli("status", str(out), "--on", "2026-12-02")
    assert result.exit_code == 2
    assert "step 4: dose 25 mg is above 10 mg" in result.stderr
    assert "add up to" not in result.stderr


def test_the_history_reads_in_revision_order_with_both_dates(cli: Cli, tmp_path: Path) -> None:
    """An undo names the night it takes effect (the undone change's) and the day it was
    recorded, as every other line does, so the history never reads out of order."""
    plan = tmp_path / "p.json"
    cli("plan", "--preset", "standard", "--start-date", "2026-12-01", "--opioids", "none",
        "-f", "json", "-o", str(plan))  # fmt: skip
    cli("adjust", str(plan), "--hold", "7", "--on", "2026-12-20", "--reason", "dreams",
        "-o", str(tmp_path / "h.json"))  # fmt: skip
    cli("adjust", str(tmp_path / "h.json"), "--undo", "-o", str(tmp_path / "u.json"))
    table = cli("plan", "--plan", str(tmp_path / "u.json"))
    lines = [line.strip("│ ") for line in table.stdout.splitlines() if "Changed on" in line]
    assert lines == [
        "Changed on Sun 20 Dec 2026, recorded Tue 24 Nov 2026: held 7 nights — dreams",
        "Changed on Sun 20 Dec 2026, recorded Tue 24 Nov 2026: undid revision 2 (hold)",
    ]


def test_a_changed_file_is_named_in_english(cli: Cli, tmp_path: Path) -> None:
    plan = tmp_path / "p.json"
    cli("plan", "--preset", "standard", "--start-date", "2026-12-01", "--opioids", "none",
        "-f", "json", "-o", str(plan))  # fmt: skip
    cli("adjust", str(plan), "--hold", "7", "--on", "2026-12-20", "--reason", "dreams",
        "-o", str(tmp_path / "h.json"))  # fmt: skip
    held = tmp_path / "h.json"
    held.write_text(held.read_text(encoding="utf-8").replace('"dreams"', '"sleep"'), "utf-8")
    result = cli("status", str(held), "--on", "2026-12-02")
    assert "the history no longer matches the plan's digest" in result.output
