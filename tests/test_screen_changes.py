"""The safety screen follows the patient: a caution recorded on, or cleared from, a running plan
is an adjustment (history, same id, undo), and reaches the handout, status and FHIR."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.conftest import Cli

PLAN = ("--preset", "standard", "--start-date", "2026-12-01", "--opioids", "none")
PREGNANCY_LINE = "We do not know if LDN is safe in pregnancy"


def make(cli: Cli, tmp_path: Path, name: str = "p.json") -> Path:
    path = tmp_path / name
    result = cli("plan", *PLAN, "-f", "json", "-o", str(path))
    assert result.exit_code == 0, result.output
    return path


def adjust(cli: Cli, plan: Path, out: Path, *args: str) -> Path:
    result = cli("adjust", str(plan), *args, "-o", str(out))
    assert result.exit_code == 0, result.output
    return out


def read(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def handout(cli: Cli, plan: Path, *args: str) -> str:
    result = cli("handout", "--plan", str(plan), "-f", "markdown", *args, "-o", "-")
    assert result.exit_code == 0, result.output
    return result.stdout


def test_a_caution_recorded_on_a_running_plan_and_undone(cli: Cli, tmp_path: Path) -> None:
    plan = make(cli, tmp_path)
    assert PREGNANCY_LINE not in handout(cli, plan)
    noted = adjust(cli, plan, tmp_path / "v2.json", "--caution", "pregnancy", "--on",
                   "2026-12-10", "--reason", "pregnancy test positive")  # fmt: skip
    before, after = read(plan), read(noted)
    assert after["id"] == before["id"]
    assert after["revision"] == 2
    assert after["steps"] == before["steps"]  # the doses do not change
    assert after["screening"]["cautions"] == ["pregnancy"]
    assert after["screening"]["findings"][-1]["code"] == "pregnancy"
    assert after["history"][-1]["kind"] == "caution"
    assert after["history"][-1]["previous"]["screening"]["cautions"] == []
    page = handout(cli, noted)
    assert PREGNANCY_LINE in page
    assert "caution recorded: pregnancy" in page
    spanish = handout(cli, noted, "--language", "es")
    assert "precaución anotada: embarazo" in spanish
    status = cli("status", str(noted), "--on", "2026-12-12")
    assert status.exit_code == 0, status.output
    fhir = json.loads(cli("plan", "--plan", str(noted), "-f", "fhir").stdout)
    assert any("Cautions: pregnancy" in note["text"] for note in fhir["note"])
    undone = adjust(cli, noted, tmp_path / "v3.json", "--undo")
    assert read(undone)["screening"]["cautions"] == []
    assert PREGNANCY_LINE not in handout(cli, undone)


def test_clearing_a_caution_and_undoing_the_clear(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "p.json"
    made = cli("plan", *PLAN, "--caution", "breastfeeding", "-f", "json", "-o", str(path))
    assert made.exit_code == 0, made.output
    cleared = adjust(cli, path, tmp_path / "v2.json", "--clear-caution", "breastfeeding",
                     "--on", "2026-12-20", "--reason", "weaned")  # fmt: skip
    data = read(cleared)
    assert data["screening"]["cautions"] == []
    assert all(f["code"] != "breastfeeding" for f in data["screening"]["findings"])
    assert "caution removed: breastfeeding" in handout(cli, cleared)
    back = adjust(cli, cleared, tmp_path / "v3.json", "--undo")
    assert read(back)["screening"]["cautions"] == ["breastfeeding"]


def test_undoing_another_change_keeps_the_caution(cli: Cli, tmp_path: Path) -> None:
    plan = make(cli, tmp_path)
    noted = adjust(cli, plan, tmp_path / "v2.json", "--caution", "thyroid-replacement", "--on",
                   "2026-12-05", "--reason", "levothyroxine")  # fmt: skip
    held = adjust(cli, noted, tmp_path / "v3.json", "--hold", "7", "--on", "2026-12-15",
                  "--reason", "dreams")  # fmt: skip
    assert "previous" in read(held)["history"][-1]
    assert "screening" not in read(held)["history"][-1]["previous"]  # a dose change keeps none
    undone = adjust(cli, held, tmp_path / "v4.json", "--undo")
    assert read(undone)["screening"]["cautions"] == ["thyroid-replacement"]
    assert read(undone)["steps"] == read(noted)["steps"]


def test_screen_changes_that_are_refused(cli: Cli, tmp_path: Path) -> None:
    plan = make(cli, tmp_path)
    out = tmp_path / "x.json"
    bad = cli("adjust", str(plan), "--caution", "smoking", "--on", "2026-12-05", "--reason", "r",
              "-o", str(out))  # fmt: skip
    assert bad.exit_code == 2
    assert "--caution 'smoking' is not one of: pregnancy, breastfeeding" in bad.stderr
    absent = cli("adjust", str(plan), "--clear-caution", "pregnancy", "--on", "2026-12-05",
                 "--reason", "r", "-o", str(out))  # fmt: skip
    assert absent.exit_code == 2
    assert "--clear-caution pregnancy: not recorded on this plan (recorded: none)" in absent.stderr
    noted = adjust(cli, plan, tmp_path / "v2.json", "--caution", "pregnancy", "--on",
                   "2026-12-05", "--reason", "r")  # fmt: skip
    again = cli("adjust", str(noted), "--caution", "pregnancy", "--on", "2026-12-06",
                "--reason", "r", "-o", str(out))  # fmt: skip
    assert again.exit_code == 2
    assert "--caution pregnancy: already recorded on this plan" in again.stderr
    policy = tmp_path / "strict.toml"
    policy.write_text('[safety.cautions]\npregnancy = "refuse"\n', encoding="utf-8")
    refused = cli("adjust", str(plan), "--caution", "pregnancy", "--on", "2026-12-05",
                  "--reason", "r", "--policy", str(policy), "-o", str(out))  # fmt: skip
    assert refused.exit_code == 2
    assert "this policy refuses to plan LDN here" in refused.stderr
    assert "--discontinue" in refused.stderr
    assert not out.exists()
