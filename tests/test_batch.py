"""``ldn-titrate batch``: every good row planned, every bad row reported and never written."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from fhir.resources.R4B.medicationrequest import MedicationRequest

from ldn_titrate.cli.batch import progress_for
from ldn_titrate.core.errors import InputError
from ldn_titrate.plans.batch.table import as_columns, column_of, parse_table
from tests.conftest import FIXED_EPOCH, Cli

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
HEADER = "id,preset,start_date,start_dose,ceiling,form,concentration,strengths,patient_id"


def write_csv(tmp_path: Path, text: str, name: str = "patients.csv", bom: bool = False) -> Path:
    path = tmp_path / name
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    return path


def run(cli: Cli, csv_path: Path, out: Path, *args: str):  # type: ignore[no-untyped-def]
    return cli("batch", str(csv_path), "--out-dir", str(out), *args)


def counts(summary: str) -> dict[str, int]:
    """The figures of the summary table, whatever its borders."""
    found = re.findall(r"(Rows planned|Rows refused|Files written)\W+([0-9,]+)", summary)
    return {name: int(value.replace(",", "")) for name, value in found}


def report_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


PROBLEM_KINDS = ("refused", "clash", "write-failed")


def problem_rows(path: Path) -> list[dict[str, str]]:
    """The report's refused and unwritten rows (without their kind), leaving warnings out."""
    return [
        {key: value for key, value in row.items() if key != "kind"}
        for row in report_rows(path)
        if row["kind"] in PROBLEM_KINDS
    ]


MIXED = f"""{HEADER}
good-1,standard,2026-12-01,,,,,,
bad-ceiling,,2026-12-01,,7,,,,
good-2,,2026-12-01,1,4.5,liquid,1mg/mL,,pat-2
bad-two,,2026-02-30,abc,,,,,
good-3,gentle,2026-12-01,,,capsules,,,
"""


def test_good_and_bad_rows_mixed(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "plans"
    result = run(cli, write_csv(tmp_path, MIXED), out)
    assert result.exit_code == 2, result.output
    names = sorted(p.name for p in out.iterdir())
    assert names == ["good-1.json", "good-2.json", "good-3.json", "report.csv"]
    plan = json.loads((out / "good-2.json").read_text(encoding="utf-8"))
    assert plan["formulation"]["concentration_mg_per_ml"] == 1
    assert problem_rows(out / "report.csv") == [
        {"row": "3", "id": "bad-ceiling", "column": "ceiling",
         "message": "ceiling 7 mg is above this policy's maximum of 6 mg (allowed 0.5 mg to 6 mg; policy: built-in)"},
        {"row": "5", "id": "bad-two", "column": "start_date",
         "message": "start_date '2026-02-30' is not a real calendar date; write YYYY-MM-DD (such as 2026-12-01), today, tomorrow or yesterday"},
        {"row": "5", "id": "bad-two", "column": "start_dose",
         "message": "start_dose 'abc' is not a dose; write a number of mg such as 1.5, 1.5mg or 500mcg"},
    ]  # fmt: skip
    assert "error: row 3 (bad-ceiling): ceiling 7 mg is above" in result.stderr
    assert counts(result.stdout) == {"Rows planned": 3, "Rows refused": 2, "Files written": 3}
    assert f"Report: {out / 'report.csv'}" in result.stdout


def test_all_good_exits_0_without_a_report(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "plans"
    result = run(cli, write_csv(tmp_path, "id\nonly\n"), out, "--formats", "json,fhir")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["only.fhir.json", "only.json"]
    assert "Report" not in result.stdout


def test_bom_semicolons_and_spreadsheet_habits(cli: Cli, tmp_path: Path) -> None:
    text = (
        " ID ; Start-Date ;Start dose;ceiling;strengths\r\n"
        "p1 ; 2026-12-01 ; 1 ; 4,5 ;\r\n"  # a decimal comma is not a dose: refused, not guessed
        "p2;2026-12-01;1;4.5;\r\n"
        ";;;;\r\n"  # an empty row is skipped
        "p3;2026-12-01;1.5;4.5;\r\n"
    )
    out = tmp_path / "plans"
    result = run(cli, write_csv(tmp_path, text, bom=True), out)
    assert result.exit_code == 2, result.output
    assert sorted(p.name for p in out.iterdir()) == ["p2.json", "p3.json", "report.csv"]
    refused = problem_rows(out / "report.csv")
    assert [(r["row"], r["id"], r["column"]) for r in refused] == [("2", "p1", "ceiling")]
    plan = json.loads((out / "p3.json").read_text(encoding="utf-8"))
    assert plan["inputs"]["start_dose_mg"] == 1.5


def test_comma_file_with_quoted_strengths(cli: Cli, tmp_path: Path) -> None:
    text = 'id,start_date,start_dose,step,ceiling,form,strengths\nc1,2026-12-01,1.5,1.5,4.5,capsules,"1.5,3,4.5"\n'
    out = tmp_path / "plans"
    result = run(cli, write_csv(tmp_path, text), out)
    assert result.exit_code == 0, result.output
    plan = json.loads((out / "c1.json").read_text(encoding="utf-8"))
    assert plan["formulation"]["strengths_mg"] == [4.5, 3, 1.5]


@pytest.mark.parametrize(
    "bad_id", ["../x", "a/b", "a\\b", ".hidden", "/abs", "x" * 65, "-rf", "a b", "é"]
)
def test_unsafe_ids_are_refused_and_nothing_escapes(cli: Cli, tmp_path: Path, bad_id: str) -> None:
    work = tmp_path / "work"
    work.mkdir()
    out = work / "plans"
    path = write_csv(tmp_path, f'id,start_date\n"{bad_id}",2026-12-01\nok,2026-12-01\n')
    result = run(cli, path, out)
    assert result.exit_code == 2, result.output
    assert sorted(p.name for p in out.iterdir()) == ["ok.json", "report.csv"]
    assert sorted(p.name for p in work.iterdir()) == ["plans"]
    (refusal,) = problem_rows(out / "report.csv")
    assert (refusal["row"], refusal["column"]) == ("2", "id")
    assert "is not safe as a file name" in refusal["message"]


def test_empty_and_duplicate_ids(cli: Cli, tmp_path: Path) -> None:
    text = "id,start_date\nA1,2026-12-01\n,2026-12-01\nb2,2026-12-01\na1,2026-12-02\n"
    out = tmp_path / "plans"
    result = run(cli, write_csv(tmp_path, text), out)
    assert result.exit_code == 2
    assert sorted(p.name for p in out.iterdir()) == ["b2.json", "report.csv"]
    refused = problem_rows(out / "report.csv")
    assert [(r["row"], r["id"], r["column"]) for r in refused] == [
        ("2", "A1", "id"), ("3", "", "id"), ("5", "a1", "id")
    ]  # fmt: skip
    assert (
        refused[0]["message"] == "id 'A1' is also used by row 5; ids must be unique (ignoring case)"
    )
    assert refused[1]["message"].startswith("id is empty")


def test_refused_row_writes_no_file_at_all(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "plans"
    out.mkdir()
    (out / "p1.fhir.json").write_text("earlier", encoding="utf-8")
    text = "id,start_date,patient_id\np1,2026-12-01,\np2,2026-12-01,bad_id\np3,2026-12-01,\n"
    result = run(cli, write_csv(tmp_path, text), out, "--formats", "json,fhir")
    assert result.exit_code == 2
    assert sorted(p.name for p in out.iterdir()) == [
        "p1.fhir.json", "p3.fhir.json", "p3.json", "report.csv"
    ]  # fmt: skip
    assert (out / "p1.fhir.json").read_text(encoding="utf-8") == "earlier"
    refused = problem_rows(out / "report.csv")
    assert refused[0]["message"] == f"{out / 'p1.fhir.json'} exists; add --force to replace it"
    assert (refused[1]["column"], refused[1]["message"][:22]) == (
        "patient_id",
        "patient_id 'bad_id' is",
    )
    forced = run(cli, write_csv(tmp_path, "id,start_date\np1,2026-12-01\n"), out, "--force",
                 "--formats", "json,fhir")  # fmt: skip
    assert forced.exit_code == 0, forced.output
    MedicationRequest.model_validate(json.loads((out / "p1.fhir.json").read_text("utf-8")))
    assert not [p for p in out.iterdir() if p.name.startswith(".")]  # no temporary left


def test_two_rows_never_share_a_file_even_with_force(cli: Cli, tmp_path: Path) -> None:
    text = "id,start_date\na,2026-12-01\na.fhir,2026-12-01\n"
    out = tmp_path / "plans"
    result = run(cli, write_csv(tmp_path, text), out, "--formats", "json,fhir", "--force")
    assert result.exit_code == 2
    refused = problem_rows(out / "report.csv")
    assert (
        refused[0]["message"] == f"{out / 'a.fhir.json'} was already written for id 'a' in this run"
    )
    assert (
        json.loads((out / "a.fhir.json").read_text("utf-8"))["resourceType"] == "MedicationRequest"
    )


def test_fhir_files_validate_and_use_the_patient_id(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "plans"
    result = run(cli, EXAMPLES / "patients.csv", out, "--formats", "fhir")
    assert result.exit_code == 0, result.output
    files = sorted(out.glob("*.fhir.json"))
    assert len(files) == 6
    assert counts(result.stdout) == {"Rows planned": 6, "Rows refused": 0, "Files written": 6}
    for path in files:
        MedicationRequest.model_validate(json.loads(path.read_text(encoding="utf-8")))
    second = json.loads((out / "clinic-0002.fhir.json").read_text(encoding="utf-8"))
    assert second["subject"] == {"reference": "Patient/pat-0002"}


def test_ics_format_uses_the_calendar_options(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "plans"
    path = write_csv(tmp_path, "id,start_date\np1,2026-12-01\n")
    result = run(cli, path, out, "--formats", "ics,json", "--tz", "America/New_York",
                 "--bedtime", "21:30", "--remind", "15")  # fmt: skip
    assert result.exit_code == 0, result.output
    ics = (out / "p1.ics").read_text(encoding="utf-8")
    assert ics.startswith("BEGIN:VCALENDAR")
    assert "DTSTART;TZID=America/New_York:20261201T213000" in ics
    assert "TRIGGER:-PT15M" in ics
    bad = run(cli, path, tmp_path / "other", "--formats", "ics", "--tz", "Europe/Londn")
    assert bad.exit_code == 2
    assert "--tz 'Europe/Londn' is not an IANA time zone name" in bad.stderr
    assert not (tmp_path / "other").exists()


def test_html_format_writes_the_handout(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "plans"
    result = run(cli, EXAMPLES / "patients.csv", out, "--formats", "html")
    assert result.exit_code == 0, result.output
    page = (out / "clinic-0001.html").read_text(encoding="utf-8")
    assert "<html" in page.lower()
    assert "1.5 mg" in page.replace("&nbsp;", " ").replace("\u00a0", " ")


@pytest.mark.parametrize(
    ("text", "args", "message"),
    [
        ("id,dose\np1,1\n", (), "unknown column 'dose'; the columns are: id, preset,"),
        ("preset\nstandard\n", (), "no id column"),
        ("id,id\np1,p2\n", (), "column id appears more than once"),
        ("id,,preset\np1,,\n", (), "column 2 of the header has no name"),
        ("", (), "empty; the first line names the columns"),
        ("id\np1\n", ("--formats", "json,md"), "--formats 'json,md' has 'md'; choose from"),
        ("id\np1\n", ("--formats", ","), "--formats ',' has no format"),
    ],
)
def test_file_level_problems_exit_2_and_write_nothing(
    cli: Cli, tmp_path: Path, text: str, args: tuple[str, ...], message: str
) -> None:
    out = tmp_path / "plans"
    result = run(cli, write_csv(tmp_path, text), out, *args)
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert not out.exists()
    assert result.stdout == ""


def test_unreadable_inputs(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "plans"
    missing = run(cli, tmp_path / "none.csv", out)
    assert missing.exit_code == 2
    assert "none.csv: no such file" in missing.stderr
    latin = tmp_path / "latin.csv"
    latin.write_bytes("id\ncafé\n".encode("latin-1"))
    result = run(cli, latin, out)
    assert result.exit_code == 2
    assert "not UTF-8 text; save it from your spreadsheet as CSV UTF-8" in result.stderr
    afile = tmp_path / "afile"
    afile.write_text("x", encoding="utf-8")
    assert "is a file, not a folder" in run(cli, write_csv(tmp_path, "id\np\n"), afile).stderr
    deep = tmp_path / "no" / "such"
    assert "does not exist" in run(cli, write_csv(tmp_path, "id\np\n"), deep).stderr


def test_row_with_too_many_cells(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "plans"
    result = run(cli, write_csv(tmp_path, "id,preset\np1,standard,extra\np2,standard\n"), out)
    assert result.exit_code == 2
    (refusal,) = problem_rows(out / "report.csv")
    assert refusal == {"row": "2", "id": "p1", "column": "",
                       "message": "has 3 cells but the header (row 1) names 2 columns"}  # fmt: skip


def test_json_report_and_explicit_report_rules(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "plans"
    report = tmp_path / "refused.json"
    path = write_csv(tmp_path, "id,ceiling,form\n=HYPERLINK(1),,\np2,9,tablet\n")
    result = run(cli, path, out, "--report", str(report))
    assert result.exit_code == 2
    data = json.loads(report.read_text(encoding="utf-8"))
    data = [r for r in data if r["kind"] == "refused"]
    assert [(r["row"], r["id"], r["column"]) for r in data] == [
        (2, "=HYPERLINK(1)", "id"), (3, "p2", "form"), (3, "p2", "ceiling")
    ]  # fmt: skip
    assert not (out / "report.csv").exists()
    again = run(cli, path, out, "--report", str(report))
    assert again.exit_code == 2
    assert f"--report {report}: the file exists; add --force" in again.stderr
    csv_report = tmp_path / "refused.csv"
    run(cli, path, out, "--report", str(csv_report), "--force")
    first = problem_rows(csv_report)[0]
    assert first["id"] == "'=HYPERLINK(1)"  # shown as text by spreadsheets, never run
    clean = tmp_path / "clean.csv"
    ok = run(cli, write_csv(tmp_path, "id,opioids\nfine,none\n"), out, "--report", str(clean))
    assert ok.exit_code == 0
    assert clean.read_bytes() == b"row,id,kind,column,message\r\n"


def test_default_report_is_replaced_by_the_next_run(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "plans"
    run(cli, write_csv(tmp_path, "id,ceiling\np1,9\n"), out)
    run(cli, write_csv(tmp_path, "id,ceiling\np2,8\n"), out)
    assert [r["id"] for r in problem_rows(out / "report.csv")] == ["p2"]


def test_every_warning_reaches_the_terminal(cli: Cli, tmp_path: Path) -> None:
    rows = "".join(f"w{n},2026-12-01,2,5,none\n" for n in range(30))
    out = tmp_path / "plans"
    result = run(cli, write_csv(tmp_path, "id,start_date,start_dose,ceiling,opioids\n" + rows), out)
    assert result.exit_code == 0, result.output
    lines = result.stderr.splitlines()
    assert lines[0] == (
        "warning: row 2 (w0): start_dose 2 mg is above the usual start of at most 1.5 mg: "
        "check that this is intended (policy: built-in)"
    )
    assert len(lines) == 60  # two per row, none held back
    assert lines[-1].startswith("warning: row 31 (w29): ")


def test_no_progress_bar_when_not_a_terminal(cli: Cli, tmp_path: Path) -> None:
    result = run(cli, EXAMPLES / "patients.csv", tmp_path / "plans")
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.stderr
    assert "\r" not in result.stderr
    assert all(
        line.startswith(("warning: row ", "note: row ")) for line in result.stderr.splitlines()
    )
    assert "\x1b" not in result.stdout
    assert progress_for(10, io.StringIO()) is None


def test_progress_bar_on_a_terminal() -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    assert progress_for(10, Terminal()) is not None
    assert progress_for(0, Terminal()) is None


@pytest.mark.parametrize("example", sorted(EXAMPLES.glob("*.csv")), ids=lambda p: p.name)
def test_every_example_csv_runs_cleanly(cli: Cli, tmp_path: Path, example: Path) -> None:
    result = run(cli, example, tmp_path / "plans", "--formats", "json,fhir")
    assert result.exit_code == 0, result.output
    # Clean: no refusal; what the examples' rows must be read with is said, row by row.
    assert all(
        line.startswith(("warning: row ", "note: row ")) for line in result.stderr.splitlines()
    )


def test_messages_speak_in_columns() -> None:
    message = "--step 0 mg never climbs from 1.5 mg to --ceiling (from preset standard) 4.5 mg"
    assert column_of(message) == "step"
    assert as_columns(message) == (
        "step 0 mg never climbs from 1.5 mg to ceiling (from preset standard) 4.5 mg"
    )
    assert column_of("--start-date 'x' is not a date") == "start_date"
    assert column_of("--supply-days 0 must be at least 1") == "supply_days"
    assert column_of("--format is not a column") == ""


def test_rows_are_numbered_as_a_spreadsheet_does() -> None:
    table = parse_table('\nid,preset\n\n"multi\nline",x\np2,y\n', "t.csv")
    assert [(r.row, r.id) for r in table.rows] == [(5, "p2")]
    assert [(r.row, r.column) for r in table.refusals] == [(4, "id")]


PROBE = """
import runpy, sys
sys.argv = ["ldn-titrate", *sys.argv[1:]]
try:
    runpy.run_module("ldn_titrate", run_name="__main__")
except SystemExit as stop:
    assert not stop.code, stop.code
sys.stderr.write(f"icalendar imported: {'icalendar' in sys.modules}\\n")
"""


def _imports_icalendar(*args: str) -> bool:
    env = {**os.environ, "SOURCE_DATE_EPOCH": FIXED_EPOCH, "NO_COLOR": "1"}
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args],
        cwd=ROOT, env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    return "icalendar imported: True" in done.stderr


def test_batch_json_does_not_import_icalendar(tmp_path: Path) -> None:
    csv_path = EXAMPLES / "patients.csv"
    assert not _imports_icalendar("batch", str(csv_path), "--out-dir", str(tmp_path / "a"))
    assert _imports_icalendar(
        "batch", str(csv_path), "--out-dir", str(tmp_path / "b"), "--formats", "ics",
        "--tz", "Europe/London",
    )  # fmt: skip  # the probe works


def test_supply_days_and_form_cells_are_checked(cli: Cli, tmp_path: Path) -> None:
    text = "id,form,concentration,supply_days\nl1,liquid,1mg/mL,30 days\nl2,Liquid,1mg/mL,30\n"
    out = tmp_path / "plans"
    result = run(cli, write_csv(tmp_path, text), out)
    assert result.exit_code == 2
    (refusal,) = problem_rows(out / "report.csv")
    assert refusal["column"] == "supply_days"
    assert refusal["message"] == "supply_days '30 days' is not a whole number of days"
    assert (out / "l2.json").exists()


def test_a_folder_in_the_way_refuses_the_row(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "plans"
    (out / "p1.json").mkdir(parents=True)
    result = run(cli, write_csv(tmp_path, "id\np1\np2\n"), out, "--force")
    assert result.exit_code == 2
    assert problem_rows(out / "report.csv")[0]["message"] == f"{out / 'p1.json'} is a folder"
    assert (out / "p2.json").is_file()


def test_a_failed_write_removes_the_rows_other_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ldn_titrate.core import output
    from ldn_titrate.plans.batch import output as batch_output

    real_stage = output.stage

    def failing(payload: bytes, path: Path, label: str, modes: output.Modes) -> Path:
        if path.name.endswith(".fhir.json"):
            raise InputError(f"{label}: cannot write there (disk full)")
        return real_stage(payload, path, label, modes)

    monkeypatch.setattr(output, "stage", failing)
    writer = batch_output.Writer(tmp_path, force=False)
    why = writer.write_row("p1", [(".json", "{}"), (".fhir.json", "{}")])
    assert why == f"{tmp_path / 'p1.fhir.json'}: cannot write there (disk full)"
    assert list(tmp_path.iterdir()) == []  # no file and no temporary left
    assert writer.files_written == 0


def test_a_file_that_appears_meanwhile_is_never_replaced_without_force(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The check before writing is not trusted alone: the final move refuses to replace."""
    from ldn_titrate.core import output
    from ldn_titrate.plans.batch import output as batch_output

    real_commit = output.commit

    def racing(temporary: Path, path: Path, force: bool, label: str) -> None:
        if path.name == "p1.fhir.json":
            path.write_text("someone else's", encoding="utf-8")
        real_commit(temporary, path, force, label)

    monkeypatch.setattr(output, "commit", racing)
    writer = batch_output.Writer(tmp_path, force=False)
    why = writer.write_row("p1", [(".json", "{}"), (".fhir.json", "{}")])
    assert why is not None
    assert "the file exists; add --force" in why
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p1.fhir.json"]
    assert (tmp_path / "p1.fhir.json").read_text(encoding="utf-8") == "someone else's"


def test_progress_bar_advances_on_a_terminal(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from rich.console import Console
    from rich.progress import Progress

    from ldn_titrate.cli import batch as cli_batch

    screen = io.StringIO()
    bars: list[Progress] = []

    def fake(total: int, stream: object) -> Progress:
        bars.append(Progress(console=Console(file=screen, force_terminal=True)))
        return bars[-1]

    monkeypatch.setattr(cli_batch, "progress_for", fake)
    result = run(cli, EXAMPLES / "patients.csv", tmp_path / "plans")
    assert result.exit_code == 0, result.output
    (bar,) = bars
    assert bar.tasks[0].completed == bar.tasks[0].total == 6


def test_unreadable_csv_shapes(cli: Cli, tmp_path: Path) -> None:
    folder = tmp_path / "folder.csv"
    folder.mkdir()
    assert "cannot be read" in run(cli, folder, tmp_path / "o").stderr
    unterminated = write_csv(tmp_path, 'id,preset\n"p1,standard\np2,standard\n')
    result = run(cli, unterminated, tmp_path / "o")
    assert result.exit_code == 2
    assert "not a readable CSV (unexpected end of data)" in result.stderr
    assert not (tmp_path / "o").exists()
    control = run(cli, write_csv(tmp_path, "id\np\x1b[2J\n"), tmp_path / "o")
    assert "error: row 2 ('p\\x1b[2J'): id" in control.stderr  # no raw escape to the terminal


def test_screening_columns(cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 8: the safety screen travels with batch; refusals name the opioids column."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1796083200")  # made on 2026-12-01: 11-28 is past
    path = write_csv(
        tmp_path,
        "id,start_date,opioids,cautions\n"
        "ok1,2026-12-01,none,pregnancy+thyroid-replacement\n"
        "late,2026-12-01,stopped:2026-11-28,\n"
        "now,2026-12-01,current,\n"
        "odd,2026-12-01,none,pregnant\n"
        "blank,2026-12-01,,\n",
    )
    out = tmp_path / "plans"
    result = run(cli, path, out, "--report", str(tmp_path / "refused.json"))
    assert result.exit_code == 2
    assert sorted(p.name for p in out.iterdir()) == ["blank.json", "ok1.json"]
    plan = json.loads((out / "ok1.json").read_text(encoding="utf-8"))
    assert plan["screening"]["cautions"] == ["pregnancy", "thyroid-replacement"]
    blank = json.loads((out / "blank.json").read_text(encoding="utf-8"))
    assert blank["screening"]["findings"][0]["code"] == "opioids-not-recorded"
    report = json.loads((tmp_path / "refused.json").read_text(encoding="utf-8"))
    by_id = {entry["id"]: entry for entry in report}
    assert by_id["late"]["column"] == "opioids"
    assert "earliest start 2026-12-09" in by_id["late"]["message"]
    assert by_id["now"]["column"] == "opioids"
    assert by_id["odd"]["column"] == "cautions"


def test_large_batches_use_every_core_and_give_the_same_files(tmp_path: Path) -> None:
    """Rows planned in worker processes write exactly what the one-process path writes."""
    from ldn_titrate.plans.batch import run as batch_run
    from ldn_titrate.plans.batch import table as rows
    from ldn_titrate.plans.batch.output import parse_formats
    from ldn_titrate.plans.batch.row_files import renderers
    from ldn_titrate.rules.policy import built_in

    lines = ["id,preset,start_date,start_dose,form,concentration,opioids"]
    lines += [f"p{n},standard,2026-12-01,,liquid,1mg/mL,none" for n in range(30)]
    lines += ["bad,standard,2026-12-01,9,,,none"]
    path = write_csv(tmp_path, "\n".join(lines) + "\n")
    table = rows.read_table(path)
    job = batch_run.Job(built_in(), renderers(parse_formats("json"), None), date(2026, 11, 24),
                        datetime(2026, 11, 24, tzinfo=UTC))  # fmt: skip
    alone = list(batch_run.outcomes(table.rows, job, parallel_from=10_000))
    together = list(batch_run.outcomes(table.rows, job, parallel_from=2))
    assert [o.row.id for o in together] == [o.row.id for o in alone]
    assert [o.payloads for o in together] == [o.payloads for o in alone]
    assert [[r.message for r in o.refusals] for o in together][-1][0].startswith("start_dose 9 mg")


def test_the_report_never_replaces_a_patient_file(cli: Cli, tmp_path: Path) -> None:
    path = write_csv(tmp_path, "id,start_date,opioids\np1,2026-12-01,none\np2,2026-12-01,none\n")
    out = tmp_path / "o"
    result = run(cli, path, out, "--report", str(out / "p1.json"), "--force")
    assert result.exit_code == 2
    assert "is the --report file in this run" in result.stderr
    report = (out / "p1.json").read_text(encoding="utf-8")
    assert json.loads(report)[0]["id"] == "p1"  # the report, listing the refused row
    assert (out / "p2.json").exists()


def test_a_worker_that_dies_stops_the_batch_instead_of_hanging(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from concurrent.futures.process import BrokenProcessPool

    if (os.cpu_count() or 1) < 2:
        pytest.skip("one core: rows are planned in this process, which the dying row would end")
    from ldn_titrate.plans.batch import run as batch_run
    from ldn_titrate.plans.batch import table as rows
    from ldn_titrate.plans.batch.output import parse_formats
    from ldn_titrate.plans.batch.row_files import renderers
    from ldn_titrate.rules.policy import built_in

    real = batch_run.plan_and_render

    def dying(row: rows.PatientRow, job: batch_run.Job) -> batch_run.Outcome:
        if row.id == "die":
            os._exit(1)  # as if killed for memory: no exception, no result
        return real(row, job)

    monkeypatch.setattr(batch_run, "plan_and_render", dying)
    path = write_csv(
        tmp_path,
        "id,start_date\n" + "".join(f"p{n},2026-12-01\n" for n in range(5)) + "die,2026-12-01\n",
    )
    table = rows.read_table(path)
    job = batch_run.Job(built_in(), renderers(parse_formats("json"), None), date(2026, 11, 24),
                        datetime(2026, 11, 24, tzinfo=UTC))  # fmt: skip
    with pytest.raises(BrokenProcessPool):
        list(batch_run.outcomes(table.rows, job, parallel_from=2))


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_every_line_ending_a_spreadsheet_saves_reads_the_same(newline: str) -> None:
    """Rows are read from the text as they are walked (no copy of the file in memory), with
    the line endings a file opened with newline="" gives; a quoted cell may hold a line break.
    """
    text = newline.join(["id,preset", "p1,standard", "", '"p2",gentle', "p3,x"]) + newline
    table = parse_table(text, "t.csv")
    walked = [(r.row, r.id, r.cells.get("preset")) for r in table.rows]
    assert walked == [(2, "p1", "standard"), (4, "p2", "gentle"), (5, "p3", "x")]
    assert [(r.row, r.id) for r in table.rows] == [(2, "p1"), (4, "p2"), (5, "p3")]  # again
    assert len(table.rows) == 3
    quoted = parse_table(f'id,preset{newline}"a{newline}b",x{newline}p9,y{newline}', "t.csv")
    assert [r.id for r in quoted.rows] == ["p9"]  # "a\nb" is refused as an id, not split


def test_a_large_batch_keeps_only_a_few_chunks_in_flight() -> None:
    """Memory stays flat in the row count: rows are taken from the file only as results are
    read, never all submitted at once (as pool.map would).
    """
    from concurrent.futures import Future

    from ldn_titrate.plans.batch import run as batch_run
    from ldn_titrate.plans.batch.table import PatientRow

    taken: list[int] = []

    class Rows:
        def __len__(self) -> int:
            return 10_000

        def __iter__(self) -> Iterator[PatientRow]:
            for n in range(10_000):
                taken.append(n)
                yield PatientRow(n + 2, f"p{n}", {})

    class Pool:
        def submit(self, work: object, chunk: list[PatientRow]) -> Future[object]:
            done: Future[object] = Future()
            done.set_result([batch_run.Outcome(row) for row in chunk])
            return done

    walk = batch_run.in_order(Pool(), Rows(), window=4)  # type: ignore[arg-type]
    first = next(walk)
    assert first.row.id == "p0"
    assert len(taken) <= 5 * batch_run.CHUNK  # the window, and the chunk that replaced one
    assert [o.row.id for o in walk][-1] == "p9999"
    assert len(taken) == 10_000


def test_a_liquid_rows_handout_names_the_policys_beyond_use_days(cli: Cli, tmp_path: Path) -> None:
    """The storage line of a batch handout is the handout command's: the policy's days."""
    policy = tmp_path / "policy.toml"
    policy.write_text(
        (EXAMPLES / "clinic-policy.toml")
        .read_text(encoding="utf-8")
        .replace("beyond_use_days = 30", "beyond_use_days = 21"),
        encoding="utf-8",
    )
    path = write_csv(
        tmp_path,
        "id,preset,start_date,form,concentration,opioids\n"
        "p1,standard,2026-12-01,liquid,1mg/mL,none\n",
    )
    out = tmp_path / "o"
    result = run(cli, path, out, "--formats", "html", "--policy", str(policy))
    assert result.exit_code == 0, result.output
    page = (out / "p1.html").read_text(encoding="utf-8")
    single = cli(
        "handout", "--preset", "standard", "--start-date", "2026-12-01", "--opioids", "none",
        "--form", "liquid", "--concentration", "1mg/mL", "--policy", str(policy), "-o", "-",
    )  # fmt: skip
    assert "at most 21 days after the pharmacy made it" in page
    assert "at most 21 days after the pharmacy made it" in single.stdout
