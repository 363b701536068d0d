"""Issue 12, records a clinic can trust: one identity per patient's plan."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from ical.calendar_stream import IcsCalendarStream

from tests.conftest import Cli, sealed

TWO_PATIENTS = (
    "id,preset,start_date,patient_id,opioids\n"
    "pa,standard,2026-12-01,pat-a,none\n"
    "pb,standard,2026-12-01,pat-b,none\n"
)
BATCH_ARGS = ("--formats", "json,ics,fhir", "--tz", "Europe/London")


def uids(path: Path) -> set[str]:
    calendar = IcsCalendarStream.calendar_from_ics(path.read_text(encoding="utf-8"))
    return {event.uid for event in calendar.events if event.uid is not None}


def ids_of(out: Path, row_id: str) -> tuple[str, set[str], str]:
    """The plan id, the calendar's event UIDs and the FHIR identifier of one row's files."""
    plan = json.loads((out / f"{row_id}.json").read_text(encoding="utf-8"))
    fhir = json.loads((out / f"{row_id}.fhir.json").read_text(encoding="utf-8"))
    return plan["id"], uids(out / f"{row_id}.ics"), fhir["identifier"][0]["value"]


def test_two_patients_on_one_regimen_never_share_an_identity(cli: Cli, tmp_path: Path) -> None:
    table = tmp_path / "t.csv"
    table.write_text(TWO_PATIENTS, encoding="utf-8")
    out = tmp_path / "t"
    result = cli("batch", str(table), "--out-dir", str(out), *BATCH_ARGS)
    assert result.exit_code == 0, result.output
    a_id, a_uids, a_fhir = ids_of(out, "pa")
    b_id, b_uids, b_fhir = ids_of(out, "pb")
    assert a_id != b_id
    assert len(a_uids) == len(b_uids) == 12  # every event of each calendar...
    assert not a_uids & b_uids  # ...and none shared: a family calendar keeps all 24
    assert a_fhir == f"urn:uuid:{a_id}" != b_fhir == f"urn:uuid:{b_id}"

    again = cli("batch", str(table), "--out-dir", str(out), *BATCH_ARGS, "--force")
    assert again.exit_code == 0, again.output
    assert ids_of(out, "pa") == (a_id, a_uids, a_fhir)  # a re-export updates, never duplicates
    assert ids_of(out, "pb") == (b_id, b_uids, b_fhir)


def test_the_row_id_names_the_patient_without_a_patient_id(cli: Cli, tmp_path: Path) -> None:
    table = tmp_path / "t.csv"
    table.write_text("id,preset,start_date\nr1,standard,2026-12-01\nr2,standard,2026-12-01\n")
    out = tmp_path / "t"
    assert cli("batch", str(table), "--out-dir", str(out)).exit_code == 0
    first = {r: json.loads((out / f"{r}.json").read_text())["id"] for r in ("r1", "r2")}
    assert first["r1"] != first["r2"]
    assert cli("batch", str(table), "--out-dir", str(out), "--force").exit_code == 0
    assert first == {r: json.loads((out / f"{r}.json").read_text())["id"] for r in ("r1", "r2")}


def test_without_a_patient_identity_each_plan_gets_its_own_id(cli: Cli, tmp_path: Path) -> None:
    args = ("--preset", "standard", "--start-date", "2026-12-01", "--tz", "Europe/London")
    one, two = tmp_path / "one.ics", tmp_path / "two.ics"
    assert cli("calendar", *args, "-o", str(one)).exit_code == 0
    assert cli("calendar", *args, "-o", str(two)).exit_code == 0
    assert not uids(one) & uids(two)
    plans = [json.loads(cli("plan", *args[:4], "-f", "json").stdout)["id"] for _ in range(2)]
    assert plans[0] != plans[1]


def test_a_random_id_is_a_real_uuid4(monkeypatch: pytest.MonkeyPatch) -> None:
    """Outside tests (the conftest numbers them), the id drawn is random, version 4."""
    from ldn_titrate.cli import clock

    monkeypatch.undo()
    ids = {clock.new_plan_id() for _ in range(3)}
    assert len(ids) == 3
    assert all(uuid.UUID(i).version == 4 for i in ids)


def test_adjust_keeps_the_patients_plan_id(cli: Cli, tmp_path: Path) -> None:
    plan = tmp_path / "plan.json"
    made = cli("plan", "--preset", "standard", "--start-date", "2026-12-01", "--opioids", "none",
               "--patient-id", "pat-a", "-f", "json", "-o", str(plan))  # fmt: skip
    assert made.exit_code == 0, made.output
    held = tmp_path / "held.json"
    adjusted = cli("adjust", str(plan), "--hold", "3", "--on", "2026-12-05", "--reason", "dreams",
                   "-o", str(held))  # fmt: skip
    assert adjusted.exit_code == 0, adjusted.output
    assert json.loads(held.read_text())["id"] == json.loads(plan.read_text())["id"]


# Integrity: a saved plan changed after ldn-titrate wrote it, or out of the policy's bounds.

START = ("--preset", "standard", "--start-date", "2026-12-01", "--opioids", "none")
LIQUID = ("--form", "liquid", "--concentration", "1mg/mL")


def adjusted_plan(cli: Cli, tmp_path: Path) -> dict[str, Any]:
    """A liquid plan with one adjustment in its history: every section has content."""
    made = tmp_path / "made.json"
    assert cli("plan", *START, *LIQUID, "-f", "json", "-o", str(made)).exit_code == 0
    held = tmp_path / "held.json"
    result = cli("adjust", str(made), "--hold", "2", "--on", "2026-12-05", "--reason", "dreams",
                 "-o", str(held))  # fmt: skip
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(held.read_text(encoding="utf-8"))
    return data


def edit_dose(plan: dict[str, Any]) -> None:
    plan["steps"][1]["dose_mg"] = 3


def edit_date(plan: dict[str, Any]) -> None:
    first, second = plan["steps"][0], plan["steps"][1]
    first.update(end="2026-12-17", nights=first["nights"] + 1)
    second.update(start="2026-12-18", nights=second["nights"] - 1)


def edit_formulation(plan: dict[str, Any]) -> None:
    plan["formulation"]["concentration_mg_per_ml"] = 2


def edit_history(plan: dict[str, Any]) -> None:
    plan["history"][0]["reason"] = "patient asked"


def edit_screening(plan: dict[str, Any]) -> None:
    plan["screening"]["opioids"] = "stopped"
    plan["screening"]["last_opioid_dose"] = "2026-11-01"


EDITS = [
    (edit_dose, "the steps"),
    (edit_date, "the steps"),
    (edit_formulation, "the formulation"),
    (edit_history, "the history"),
    (edit_screening, "the safety screen"),
]


def patient_outputs(plan: Path, out: Path) -> list[tuple[list[str], Path | None]]:
    """Every command that makes something for a patient or a records system from a saved plan."""
    return [
        (["handout", "--plan", str(plan), "-o", str(out / "h.html")], out / "h.html"),
        (["calendar", "--plan", str(plan), "--tz", "Europe/London", "-o", str(out / "c.ics")],
         out / "c.ics"),
        (["plan", "--plan", str(plan), "-f", "fhir", "-o", str(out / "p.fhir.json")],
         out / "p.fhir.json"),
        (["plan", "--plan", str(plan), "-f", "json", "-o", str(out / "p.json")], out / "p.json"),
    ]  # fmt: skip


@pytest.mark.parametrize(("edit", "named"), EDITS, ids=[e.__name__ for e, _ in EDITS])
def test_an_edited_plan_is_refused_naming_what_changed(
    cli: Cli, tmp_path: Path, edit: Callable[[dict[str, Any]], None], named: str
) -> None:
    plan = adjusted_plan(cli, tmp_path)
    edit(plan)
    edited = tmp_path / "edited.json"
    edited.write_text(json.dumps(plan), encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    for args, target in patient_outputs(edited, out):
        result = cli(*args)
        assert result.exit_code == 2, (args, result.output)
        assert f"changed after ldn-titrate wrote it: {named}" in result.stderr, args
        assert "--override" in result.stderr
        assert target is None or not target.exists()
    assert not any(out.iterdir())  # nothing written at all

    # The clinician's own views show it, loudly: on stderr and above everything else.
    for args in (["plan", "--plan", str(edited)], ["status", str(edited), "--on", "2026-12-10"]):
        view = cli(*args)
        assert view.exit_code == 0, view.output
        assert "warning: NOT AS WRITTEN: changed after ldn-titrate wrote it" in view.stderr
        assert view.stdout.startswith("!!!!")
        assert f"!! NOT AS WRITTEN: changed after ldn-titrate wrote it: {named}" in view.stdout
    markdown = cli("plan", "--plan", str(edited), "-f", "markdown")
    assert markdown.stdout.startswith("> **Warning: NOT AS WRITTEN")

    # A prescriber who means it: the override goes through, and is on the record.
    reason = "checked with Dr A"
    for args, target in patient_outputs(edited, out):
        result = cli(*args, "--override", reason)
        assert result.exit_code == 0, (args, result.output)
        assert target is not None
        assert target.exists()
    saved = json.loads((out / "p.json").read_text(encoding="utf-8"))
    last = saved["history"][-1]
    assert last["kind"] == "override"
    assert last["reason"] == reason
    assert last["on"] == "2026-11-24"  # today (the tests' fixed clock)
    assert named in last["parameters"]["accepted"]
    table = cli("plan", "--plan", str(out / "p.json"))
    assert table.exit_code == 0, table.output
    assert "NOT AS WRITTEN" not in table.output  # re-sealed, with the override in its history
    flat = " ".join(table.stdout.split())
    assert "Changed on Tue 24 Nov 2026: used as it is by override" in flat
    assert reason in flat
    status = cli("status", str(out / "p.json"), "--on", "2026-12-10")
    assert "used as it is by override" in status.stdout
    assert reason in status.stdout
    markdown = cli("plan", "--plan", str(out / "p.json"), "-f", "markdown")
    assert "used as it is by override" in markdown.stdout


def test_adjust_never_seals_an_edited_plan(cli: Cli, tmp_path: Path) -> None:
    plan = adjusted_plan(cli, tmp_path)
    edit_dose(plan)
    edited = tmp_path / "edited.json"
    edited.write_text(json.dumps(plan), encoding="utf-8")
    target = tmp_path / "next.json"
    result = cli("adjust", str(edited), "--hold", "1", "--on", "2026-12-20", "--reason", "x",
                 "-o", str(target))  # fmt: skip
    assert result.exit_code == 2
    assert "changed after ldn-titrate wrote it: the steps" in result.stderr
    assert not target.exists()


def test_an_unchanged_plan_needs_no_override(cli: Cli, tmp_path: Path) -> None:
    saved = tmp_path / "plan.json"
    saved.write_text(json.dumps(adjusted_plan(cli, tmp_path)), encoding="utf-8")
    result = cli("handout", "--plan", str(saved), "-o", str(tmp_path / "h.html"))
    assert result.exit_code == 0, result.output
    again = cli("handout", "--plan", str(saved), "-o", str(tmp_path / "o.html"), "--override", "x")
    assert again.exit_code == 2
    assert "--override: nothing to override" in again.stderr
    blank = cli("handout", "--plan", str(saved), "-o", str(tmp_path / "b.html"), "--override", " ")
    assert "--override needs the reason" in blank.stderr
    new = cli("plan", *START, "--override", "x")
    assert new.exit_code == 2
    assert "--override goes with --plan" in new.stderr


def test_a_plan_breaking_the_policys_bounds_is_refused(cli: Cli, tmp_path: Path) -> None:
    """Sealed (as another policy would allow), but above what the active policy allows."""
    plan = json.loads(cli("plan", *START, "-f", "json").stdout)
    plan["steps"][1]["dose_mg"] = 7
    path = tmp_path / "high.json"
    path.write_text(sealed(plan), encoding="utf-8")
    target = tmp_path / "h.html"
    refused = cli("handout", "--plan", str(path), "-o", str(target))
    assert refused.exit_code == 2
    assert "step 2 (Tue 15 Dec 2026): 7 mg is outside this policy's doses" in refused.stderr
    assert "changed after" not in refused.stderr  # as written: only the bounds are broken
    assert not target.exists()
    view = cli("plan", "--plan", str(path))
    assert view.exit_code == 0
    assert "7 mg is outside this policy's doses" in view.stderr
    # The header is read from the steps, so it cannot claim a regimen the steps do not follow.
    assert "1.5 mg for 14 nights, 7 mg for 14 nights" in " ".join(view.stdout.split())
    allowed = cli("handout", "--plan", str(path), "-o", str(target), "--override", "specialist")
    assert allowed.exit_code == 0, allowed.output
    assert target.exists()


def test_the_override_never_passes_the_absolute_limit(cli: Cli, tmp_path: Path) -> None:
    plan = json.loads(cli("plan", *START, "-f", "json").stdout)
    plan["steps"][1]["dose_mg"] = 11
    path = tmp_path / "high.json"
    path.write_text(json.dumps(plan), encoding="utf-8")  # no reseal possible: parse refuses 11
    result = cli("handout", "--plan", str(path), "-o", str(tmp_path / "h.html"), "--override", "x")
    assert result.exit_code == 2
    assert "above 10 mg" in result.stderr
    assert not (tmp_path / "h.html").exists()


def test_a_file_without_a_digest_still_reads_with_a_warning(cli: Cli, tmp_path: Path) -> None:
    plan = json.loads(cli("plan", *START, "-f", "json").stdout)
    del plan["digest"]
    path = tmp_path / "old.json"
    path.write_text(json.dumps(plan), encoding="utf-8")
    result = cli("handout", "--plan", str(path), "-o", str(tmp_path / "h.html"))
    assert result.exit_code == 0, result.output
    assert "this plan file has no digest" in result.stderr


def test_a_changed_digest_is_named(cli: Cli, tmp_path: Path) -> None:
    plan = json.loads(cli("plan", *START, "-f", "json").stdout)
    plan["digest"]["sha256"] = "0" * 64
    path = tmp_path / "p.json"
    path.write_text(json.dumps(plan), encoding="utf-8")
    result = cli("handout", "--plan", str(path), "-o", str(tmp_path / "h.html"))
    assert result.exit_code == 2
    assert "the digest itself" in result.stderr


def test_regimen_line_of_a_regular_ladder_is_one_phrase() -> None:
    from ldn_titrate.core.regimen import ladder_text
    from tests.handout_helpers import schedule

    steps = schedule().steps
    assert ladder_text(steps) == (
        "1.5 mg at bedtime, up 1 mg every 14 nights to 4.5 mg, then 28 nights at 4.5 mg"
    )
    assert ladder_text(steps[-1:]) == "4.5 mg at bedtime for 28 nights"
