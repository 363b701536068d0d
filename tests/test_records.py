"""Issue 12, records a clinic can trust: one identity per patient's plan."""

from __future__ import annotations

import contextlib
import csv
import json
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from ical.calendar_stream import IcsCalendarStream

import tests.test_engine as engine_tests
from ldn_titrate.core.engine import build_schedule
from ldn_titrate.core.errors import InputError
from ldn_titrate.core.model import TitrationRequest
from tests.conftest import TEST_PLAN_ID, Cli, sealed

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
    assert last["parameters"]["changed"] in ("steps", "formulation", "history", "screening")
    table = cli("plan", "--plan", str(out / "p.json"))
    assert table.exit_code == 0, table.output
    assert "NOT AS WRITTEN" not in table.output  # re-sealed, with the override in its history
    flat = " ".join(table.stdout.split())
    assert "Changed on Tue 24 Nov 2026, recorded Tue 24 Nov 2026: used as it is by override" in flat
    assert reason in flat
    status = cli("status", str(out / "p.json"), "--on", "2026-12-10")
    assert "used as it is by override" in status.stdout
    assert reason in status.stdout
    markdown = cli("plan", "--plan", str(out / "p.json"), "-f", "markdown")
    said = f"used as it is by override (changed after it was saved: {named}"
    assert said in markdown.stdout


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
    # Saved with the override, the plan carries it: the same policy does not refuse it again.
    kept = tmp_path / "kept.json"
    saved = cli("plan", "--plan", str(path), "--override", "specialist", "-f", "json",
                "-o", str(kept))  # fmt: skip
    assert saved.exit_code == 0, saved.output
    change = json.loads(kept.read_text(encoding="utf-8"))["history"][-1]
    assert change["parameters"] == {"changed": "", "outside_bounds": 1}
    again = cli("handout", "--plan", str(kept), "-o", str(tmp_path / "again.html"))
    assert again.exit_code == 0, again.output
    assert "7 mg is outside this policy's doses" in again.stderr  # still said, not refused
    markdown = cli("plan", "--plan", str(kept), "-f", "markdown").stdout
    assert "used as it is by override (doses outside the policy's bounds) — specialist" in markdown
    # Another policy has not accepted it.
    policy = Path(__file__).parent.parent / "examples" / "clinic-policy.toml"
    other = cli("handout", "--plan", str(kept), "--policy", str(policy), "-o",
                str(tmp_path / "other.html"))  # fmt: skip
    assert other.exit_code == 2


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
    from ldn_titrate.render.regimen import ladder_text
    from tests.handout_helpers import schedule

    steps = schedule().steps
    assert ladder_text(steps) == (
        "1.5 mg at bedtime, up 1 mg every 14 nights to 4.5 mg, then 28 nights at 4.5 mg"
    )
    assert ladder_text(steps[-1:]) == "4.5 mg at bedtime for 28 nights"


# No silent findings.

FINDINGS = """id,preset,start_date,ceiling,opioids,cautions
w1,standard,2026-12-01,,none,pregnancy
w2,standard,2026-12-01,,none,breastfeeding
m1,standard,2026-12-01,,stopped:2026-11-20:methadone,
i1,standard,2026-12-01,,none,immunosuppressed
u1,standard,2026-12-01,,,
s1,standard,2026-12-01,,none,surgery-planned
c1,standard,2026-12-01,,none,
b1,standard,2026-12-01,7,none,
"""


def test_batch_says_every_finding_per_row_counts_them_and_reports_them(
    cli: Cli, tmp_path: Path
) -> None:
    table = tmp_path / "t.csv"
    table.write_text(FINDINGS, encoding="utf-8")
    out = tmp_path / "plans"
    out.mkdir()
    (out / "c1.json").write_text("an earlier file", encoding="utf-8")
    report = tmp_path / "report.csv"
    policy = Path(__file__).parent.parent / "examples" / "clinic-policy.toml"
    result = cli("batch", str(table), "--out-dir", str(out), "--report", str(report),
                 "--policy", str(policy))  # fmt: skip
    assert result.exit_code == 2, result.output  # a refusal and a clash
    err = result.stderr.splitlines()
    assert "warning: row 2 (w1): pregnancy: the safety of LDN in pregnancy" in result.stderr
    assert "warning: row 3 (w2): breastfeeding: the safety of LDN while breastfeeding" in (
        result.stderr
    )
    assert any(line.startswith("error: row 4 (m1): opioids stopped:2026-11-20") for line in err)
    assert "warning: row 5 (i1): transplant or immunosuppression" in result.stderr
    assert "warning: row 6 (u1): opioid use not recorded" in result.stderr
    assert "record it in the opioids column" in result.stderr  # the batch file's words
    assert "note: row 7 (s1): surgery planned" in result.stderr
    assert f"not written: row 8 (c1): {out / 'c1.json'} exists; add --force" in result.stderr
    assert "error: row 9 (b1): ceiling 7 mg is above" in result.stderr
    assert sum(line.startswith("warning: row 2 ") for line in err) == 1  # once per patient
    assert "planned 5, with warnings 4, refused 2, not written 1" in result.stdout
    assert (out / "c1.json").read_text(encoding="utf-8") == "an earlier file"

    with report.open(encoding="utf-8", newline="") as handle:
        lines = [(r["row"], r["id"], r["kind"], r["column"]) for r in csv.DictReader(handle)]
    assert lines == [
        ("2", "w1", "warning", "cautions"),
        ("3", "w2", "warning", "cautions"),
        ("4", "m1", "refused", "opioids"),
        ("5", "i1", "warning", "cautions"),
        ("6", "u1", "warning", "opioids"),
        ("7", "s1", "note", "cautions"),
        ("8", "c1", "clash", "id"),
        ("9", "b1", "refused", "ceiling"),
    ]
    as_json = tmp_path / "report.json"
    cli("batch", str(table), "--out-dir", str(tmp_path / "again"), "--report", str(as_json),
        "--policy", str(policy))  # fmt: skip
    kinds = [(r["id"], r["kind"]) for r in json.loads(as_json.read_text(encoding="utf-8"))]
    assert ("u1", "warning") in kinds
    assert ("s1", "note") in kinds


def test_plan_to_a_file_still_says_every_finding_and_confirms_the_file(
    cli: Cli, tmp_path: Path
) -> None:
    target = tmp_path / "plan.json"
    result = cli("plan", "--preset", "standard", "--start-date", "2026-12-01", "--caution",
                 "pregnancy", "-f", "json", "-o", str(target))  # fmt: skip
    assert result.exit_code == 0, result.output
    lines = result.stderr.splitlines()
    assert lines[0] == "wrote " + str(target) + " (plan, 4 steps)"
    assert sum("opioid use not recorded" in line for line in lines) == 1
    assert sum(line.startswith("warning: pregnancy:") for line in lines) == 1
    quiet = cli("plan", "--preset", "standard", "--start-date", "2026-12-01", "--opioids",
                "none", "-f", "json", "-o", str(tmp_path / "q.json"), "-q")  # fmt: skip
    assert quiet.exit_code == 0
    assert quiet.stderr == ""
    to_stdout = cli("plan", "--preset", "standard", "--start-date", "2026-12-01", "-o", "-")
    assert "wrote" not in to_stdout.stderr
    assert "warning: opioid use not recorded" in to_stdout.stderr


def test_calendar_and_handout_confirm_what_they_wrote(cli: Cli, tmp_path: Path) -> None:
    args = ("--preset", "standard", "--start-date", "2026-12-01", "--opioids", "none")
    ics, html = tmp_path / "p.ics", tmp_path / "h.html"
    calendar = cli("calendar", *args, "--tz", "Europe/London", "-o", str(ics))
    assert calendar.stderr == f"wrote {ics} (calendar, 4 steps)\n"
    handout = cli("handout", *args, "-o", str(html))
    assert handout.stderr == f"wrote {html} (handout, html, 4 steps)\n"


# Opioid answers in time (today is 2026-11-24 in every test).


def test_a_last_opioid_dose_still_to_come_is_refused_inside_the_washout(cli: Cli) -> None:
    result = cli("plan", "--preset", "standard", "--start-date", "2026-12-05", "--opioids",
                 "stopped:2026-11-30:tramadol")  # fmt: skip
    assert result.exit_code == 2
    assert "the last opioid dose is after today (2026-11-24), so it has not happened yet" in (
        result.stderr
    )
    assert "start on 2026-12-11 or later" in result.stderr


def test_a_last_opioid_dose_still_to_come_is_a_planned_one_after_the_washout(
    cli: Cli, tmp_path: Path
) -> None:
    args = ("--preset", "standard", "--start-date", "2026-12-11", "--opioids",
            "stopped:2026-11-30:tramadol")  # fmt: skip
    table = cli("plan", *args)
    assert table.exit_code == 0, table.output
    flat = " ".join(table.stdout.split())
    assert "Opioids: stopped; planned last dose (tramadol) on Mon 30 Nov 2026" in flat
    saved = json.loads(cli("plan", *args, "-f", "json").stdout)
    assert saved["screening"]["last_dose_planned"] is True
    handout = cli("handout", *args, "-f", "markdown", "-o", "-")
    assert "Your last opioid dose is planned for Mon 30 Nov 2026" in handout.stdout
    # A last dose already past is a fact, and said as one.
    past = cli("plan", "--preset", "standard", "--start-date", "2026-12-11", "--opioids",
               "stopped:2026-11-10", "-f", "json")  # fmt: skip
    assert "last_dose_planned" not in json.loads(past.stdout)["screening"]
    assert "Opioids: stopped; last dose on" in " ".join(
        cli("plan", "--preset", "standard", "--start-date", "2026-12-11", "--opioids",
            "stopped:2026-11-10").stdout.split()
    )  # fmt: skip


# The format from the -o file name.

PLAN_ARGS = ("--preset", "standard", "--start-date", "2026-12-01", "--opioids", "none")


def looks_like(fmt: str, data: bytes) -> bool:
    text = data.decode("utf-8", "replace")
    return {
        "table": text.startswith("╭") and "LDN titration plan" in text,
        "json": text.startswith("{") and '"format": "ldn-titrate/plan"' in text,
        "markdown": text.startswith("## LDN titration plan") and "| Step |" in text,
        "fhir": '"resourceType": "MedicationRequest"' in text,
        "ics": text.startswith("BEGIN:VCALENDAR"),
        "html": text.lstrip().lower().startswith("<!doctype html"),
        "handout-markdown": text.startswith("# ") and "Before you start" in text,
        "pdf": data.startswith(b"%PDF-"),
    }[fmt]


SUFFIXES = [
    ("plan", "p.txt", "table"),
    ("plan", "p.json", "json"),
    ("plan", "P.JSON", "json"),
    ("plan", "p.md", "markdown"),
    ("plan", "p.fhir.json", "fhir"),
    ("calendar", "c.ics", "ics"),
    ("handout", "h.html", "html"),
    ("handout", "h.md", "handout-markdown"),
    ("handout", "h.pdf", "pdf"),
]


def command_args(command: str) -> tuple[str, ...]:
    return ("--tz", "Europe/London") if command == "calendar" else ()


@pytest.mark.parametrize(("command", "name", "fmt"), SUFFIXES)
def test_the_format_follows_the_file_name(
    cli: Cli, tmp_path: Path, command: str, name: str, fmt: str
) -> None:
    target = tmp_path / name
    result = cli(command, *PLAN_ARGS, *command_args(command), "-o", str(target))
    assert result.exit_code == 0, result.output
    assert looks_like(fmt, target.read_bytes()), target.read_bytes()[:200]
    assert "note:" not in result.stderr


@pytest.mark.parametrize(
    ("command", "listed"),
    [
        ("plan", ".txt (table), .json (json), .md/.markdown (markdown) or .fhir.json/.json (fhir)"),
        ("calendar", ".ics (ics)"),
        ("handout", ".html/.htm (html), .md/.markdown (markdown) or .pdf (pdf)"),
    ],
)
def test_an_unknown_suffix_is_refused_naming_the_formats(
    cli: Cli, tmp_path: Path, command: str, listed: str
) -> None:
    """Issue 24, defect 4: a file named for another format never gets this one."""
    target = tmp_path / "out.xyz"
    result = cli(command, *PLAN_ARGS, *command_args(command), "-o", str(target))
    assert result.exit_code == 2, result.output
    assert result.stderr == (
        f"error: -o {target}: {command} writes no .xyz file; name it {listed}, or use -o - "
        "for stdout\n"
    )
    assert not target.exists()


@pytest.mark.parametrize(
    ("command", "fmt", "name", "named"),
    [
        ("plan", "json", "p.md", "markdown"),
        ("plan", "table", "p.json", "json"),
        ("plan", "json", "p.fhir.json", "fhir"),
        ("handout", "pdf", "h.html", "html"),
        ("handout", "markdown", "h.pdf", "pdf"),
    ],
)
def test_a_format_contradicting_the_file_name_is_refused(
    cli: Cli, tmp_path: Path, command: str, fmt: str, name: str, named: str
) -> None:
    target = tmp_path / name
    result = cli(command, *PLAN_ARGS, "--format", fmt, "-o", str(target))
    assert result.exit_code == 2
    assert f"--format {fmt} contradicts -o {target}" in result.stderr
    assert f"names the {named} format" in result.stderr
    assert not target.exists()
    assert list(tmp_path.iterdir()) == []


def test_a_format_that_agrees_with_the_name_or_stdout_is_fine(cli: Cli, tmp_path: Path) -> None:
    agreed = cli("plan", *PLAN_ARGS, "-f", "json", "-o", str(tmp_path / "p.json"))
    assert agreed.exit_code == 0, agreed.output
    # A name with no suffix says no format: --format says it.
    other = cli("plan", *PLAN_ARGS, "-f", "markdown", "-o", str(tmp_path / "note"))
    assert other.exit_code == 0, other.output
    assert looks_like("markdown", (tmp_path / "note").read_bytes())
    # FHIR is JSON: a records system may want the plain suffix.
    fhir = cli("plan", *PLAN_ARGS, "-f", "fhir", "-o", str(tmp_path / "request.json"))
    assert fhir.exit_code == 0, fhir.output
    assert looks_like("fhir", (tmp_path / "request.json").read_bytes())
    assert looks_like("table", cli("plan", *PLAN_ARGS, "-o", "-").stdout_bytes)


def test_a_plan_saved_as_json_by_its_name_reads_back(cli: Cli, tmp_path: Path) -> None:
    """Issue 12, defect 4: `plan -o guess.json` then `status guess.json`."""
    target = tmp_path / "guess.json"
    assert cli("plan", *PLAN_ARGS, "-o", str(target)).exit_code == 0
    status = cli("status", str(target), "--on", "2026-12-03")
    assert status.exit_code == 0, status.output
    assert status.stdout.startswith("Step 1 of 4, night 3 of 14: 1.5 mg.")


@settings(max_examples=60, deadline=None)  # a formulation's arithmetic varies in time
@given(engine_tests.requests(), st.sampled_from([None, "1mg/mL", "capsules"]))
def test_every_plan_reads_back_as_written(request: TitrationRequest, form: str | None) -> None:
    """The digest is of what the plan means, not how the file lays it out: any plan written and
    read back matches it, with a formulation or without.
    """
    from ldn_titrate.core import jsonio
    from ldn_titrate.core.options import FormulationOptions
    from ldn_titrate.plans import planfile
    from ldn_titrate.plans.integrity import changed_sections
    from ldn_titrate.render import plan_json
    from ldn_titrate.rules import prescribing
    from ldn_titrate.rules.policy import built_in

    schedule = build_schedule(request, plan_id=TEST_PLAN_ID, policy=built_in().ref)
    if form is not None:
        options = (
            FormulationOptions(form="capsules")
            if form == "capsules"
            else FormulationOptions(form="liquid", concentration=form)
        )
        # A dose the formulation cannot give: the plan without it still counts.
        with contextlib.suppress(InputError):
            schedule = prescribing.apply(schedule, options, built_in().policy.formulation)
    text = plan_json.dumps(schedule)
    again = planfile.parse(jsonio.loads(text), "plan.json")
    assert changed_sections(again) == ()
    # Laid out otherwise (one line, 1.5 written 1.50) it is still the same plan.
    relaid = json.loads(text.replace(": 1.5,", ": 1.50,"))
    assert changed_sections(planfile.parse(jsonio.loads(json.dumps(relaid)), "p")) == ()


def test_a_digest_with_a_section_of_its_own_is_named() -> None:
    from ldn_titrate.core import jsonio
    from ldn_titrate.plans import planfile
    from ldn_titrate.plans.integrity import changed_sections
    from ldn_titrate.render import plan_json
    from tests.handout_helpers import schedule

    data = jsonio.loads(plan_json.dumps(schedule()))
    data["digest"]["sections"]["extra"] = "0" * 64
    data["digest"]["sha256"] = plan_json.sha256_of(data["digest"]["sections"])
    assert changed_sections(planfile.parse(data, "p")) == ("digest",)


def test_a_plan_without_a_screening_record_still_warns() -> None:
    from ldn_titrate.plans.notices import clinician_notices
    from tests.handout_helpers import schedule

    plain = schedule().model_copy(update={"screening": None, "warnings": ()})
    assert clinician_notices(plain) == [
        "warning: opioid use not recorded: before the first dose, ask about opioid pain "
        "medicines (including tramadol, codeine, methadone and buprenorphine) and record it "
        "with --opioids"
    ]
