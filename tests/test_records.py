"""Issue 12, records a clinic can trust: one identity per patient's plan."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest
from ical.calendar_stream import IcsCalendarStream

from tests.conftest import Cli

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
