"""A file's name never lies about its format, and every output target is checked before any
work (issue 24, defects 4 and "every output target checked").

One rule (render/formats.written_as) for every command that writes a file: the name ends in a
suffix of its format, compared without case; a name with no suffix needs --format; a --format
the suffix disagrees with is refused; -o - is any format. Refused means exit 2, nothing written.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ldn_titrate.render import formats
from tests.conftest import Cli
from tests.test_records import PLAN_ARGS, looks_like

EXTRA = {"calendar": ("--tz", "Europe/London")}


def run(cli: Cli, command: str, *args: str, plan: Path | None = None) -> object:
    if command == "adjust":
        assert plan is not None
        return cli("adjust", str(plan), "--hold", "3", "--on", "2026-12-05", "--reason", "x", *args)
    return cli(command, *PLAN_ARGS, *EXTRA.get(command, ()), *args)


@pytest.fixture
def saved(cli: Cli, tmp_path: Path) -> Path:
    plan = tmp_path / "saved" / "p.json"
    plan.parent.mkdir()
    assert cli("plan", *PLAN_ARGS, "-o", str(plan), "-q").exit_code == 0
    return plan


def test_a_handout_named_docx_is_refused(cli: Cli, tmp_path: Path) -> None:
    """Issue 24, defect 4: `handout -o handout.docx` wrote HTML into it and exited 0."""
    target = tmp_path / "handout.docx"
    result = cli("handout", *PLAN_ARGS, "-o", str(target))
    assert result.exit_code == 2
    assert result.stderr == (
        f"error: -o {target}: handout writes no .docx file; name it .html/.htm (html), "
        ".md/.markdown (markdown) or .pdf (pdf), or use -o - for stdout\n"
    )
    assert list(tmp_path.iterdir()) == []


ACCEPTED = [
    ("handout", "h.HTM", None, "html"),
    ("handout", "h.htm", None, "html"),
    ("handout", "h.Markdown", None, "handout-markdown"),
    ("handout", "h.MD", None, "handout-markdown"),
    ("handout", "h.PDF", None, "pdf"),
    ("handout", "handout", "markdown", "handout-markdown"),
    ("plan", "p.markdown", None, "markdown"),
    ("plan", "p.TXT", None, "table"),
    ("plan", "p.Json", None, "json"),
    ("plan", "r.json", "fhir", "fhir"),
    ("plan", "r.FHIR.JSON", None, "fhir"),
    ("plan", "p", "json", "json"),
    ("calendar", "c.ICS", None, "ics"),
    ("calendar", "c", "ics", "ics"),
    ("adjust", "r.JSON", None, "json"),
    ("adjust", "r", "json", "json"),
]


@pytest.mark.parametrize(("command", "name", "fmt", "kind"), ACCEPTED)
def test_a_name_of_its_format_is_written(
    cli: Cli, tmp_path: Path, saved: Path, command: str, name: str, fmt: str | None, kind: str
) -> None:
    target = tmp_path / name
    chosen = ("--format", fmt) if fmt else ()
    result = run(cli, command, *chosen, "-o", str(target), plan=saved)
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    assert looks_like(kind, target.read_bytes())


REFUSED = [
    ("plan", "p", None, "-o {t}: the file name has no suffix to say its format; add --format "
     "table, json, markdown or fhir, or name the file .txt (table), .json (json), .md/.markdown "
     "(markdown) or .fhir.json/.json (fhir)"),
    ("handout", "h", None, "-o {t}: the file name has no suffix to say its format; add --format "
     "html, markdown or pdf, or name the file .html/.htm (html), .md/.markdown (markdown) or "
     ".pdf (pdf)"),
    ("calendar", "c", None, "-o {t}: the file name has no suffix to say its format; add --format "
     "ics, or name the file .ics (ics)"),
    ("adjust", "r", None, "-o {t}: the file name has no suffix to say its format; add --format "
     "json, or name the file .json (json)"),
    ("calendar", "c.txt", None, "-o {t}: calendar writes no .txt file; name it .ics (ics), or "
     "use -o - for stdout"),
    ("adjust", "r.md", None, "-o {t}: adjust writes no .md file; name it .json (json), or use "
     "-o - for stdout"),
    ("handout", "h.htm", "pdf", "--format pdf contradicts -o {t}, whose .htm names the html "
     "format: give a file name ending in .pdf, or leave out --format"),
    ("handout", "h.docx", "html", "-o {t}: .docx is not a suffix of the html format; give a "
     "file name ending in .html or .htm"),
    ("calendar", "c.json", "ics", "-o {t}: .json is not a suffix of the ics format; give a file "
     "name ending in .ics"),
    ("adjust", "r.fhir.json", "json", "-o {t}: .fhir.json is not a suffix of the json format; "
     "give a file name ending in .json"),
    ("adjust", "r.fhir.json", None, "-o {t}: adjust writes no .fhir.json file; name it .json "
     "(json), or use -o - for stdout"),
    ("plan", "p.bundle.fhir.json", None, "-o {t}: plan writes no .bundle.fhir.json file; name it "
     ".txt (table), .json (json), .md/.markdown (markdown) or .fhir.json/.json (fhir), or use -o - "
     "for stdout"),
]  # fmt: skip


@pytest.mark.parametrize(("command", "name", "fmt", "message"), REFUSED)
def test_a_name_of_another_format_is_refused(
    cli: Cli, tmp_path: Path, saved: Path, command: str, name: str, fmt: str | None, message: str
) -> None:
    target = tmp_path / name
    chosen = ("--format", fmt) if fmt else ()
    result = run(cli, command, *chosen, "-o", str(target), plan=saved)
    assert result.exit_code == 2
    assert f"error: {message.format(t=target)}\n" in result.stderr  # type: ignore[attr-defined]
    assert not target.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["saved"]


@pytest.mark.parametrize("command", ["plan", "handout", "calendar", "adjust"])
def test_stdout_takes_any_format(cli: Cli, saved: Path, command: str) -> None:
    result = run(cli, command, "-o", "-", plan=saved)
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    assert result.stdout  # type: ignore[attr-defined]


# Every suffix of the registry (a test below checks the list is whole), and some of none.
SUFFIXES = [".txt", ".json", ".md", ".markdown", ".fhir.json", ".bundle.fhir.json", ".ndjson",
            ".ics", ".html", ".htm", ".pdf", ".docx", ".csv", ""]  # fmt: skip


def test_the_names_tried_hold_every_suffix_of_the_registry() -> None:
    assert {s for f in formats.FORMATS for s in f.suffixes} <= set(SUFFIXES)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    command=st.sampled_from(["plan", "calendar", "handout"]),
    suffix=st.sampled_from(SUFFIXES),
    upper=st.booleans(),
    fmt=st.sampled_from([None, "table", "json", "markdown", "fhir", "ics", "html", "pdf"]),
)
def test_what_is_written_is_what_the_name_says(
    tmp_path_factory: pytest.TempPathFactory,
    command: str,
    suffix: str,
    upper: bool,
    fmt: str | None,
) -> None:
    """Any name, any --format: either refused with nothing written, or the file holds the
    format its name's suffix belongs to (and --format's, when given)."""
    folder = tmp_path_factory.mktemp("named")
    target = folder / ("out" + (suffix.upper() if upper else suffix))
    chosen = ("--format", fmt) if fmt else ()
    result = run(Cli(), command, *chosen, "-o", str(target))
    if result.exit_code != 0:  # type: ignore[attr-defined]
        assert result.exit_code == 2  # type: ignore[attr-defined]
        assert not target.exists()
        return
    data = target.read_bytes()
    offered = formats.offered(command)
    kinds = {
        ("handout-markdown" if f.name == "markdown" and command == "handout" else f.name)
        for f in offered
        if (suffix and suffix in f.suffixes) or (not suffix and f.name == fmt)
    }
    assert kinds, (command, suffix, fmt)
    assert any(looks_like(kind, data) for kind in kinds), (command, suffix, fmt, data[:80])
    if fmt is not None:
        assert fmt in {k.removeprefix("handout-") for k in kinds}


# batch --report: checked, name and place, before the first patient's file is written.
TABLE = "id,start_date,opioids\nanna,2026-12-01,none\nbo,2026-12-02,none\n"


@pytest.fixture
def table(tmp_path: Path) -> Path:
    path = tmp_path / "p.csv"
    path.write_text(TABLE, encoding="utf-8")
    return path


@pytest.mark.skipif(not Path("/proc/self").exists(), reason="needs Linux /proc")
def test_a_report_where_no_file_can_be_made_is_refused_before_any_patient_file(
    cli: Cli, tmp_path: Path, table: Path
) -> None:
    """Issue 24: the report's folder is tried before the run, as --out-dir's is (no patient
    file is written and then the report refused). /proc refuses a new file even to root."""
    out = tmp_path / "out"
    result = cli("batch", str(table), "--out-dir", str(out), "--report", "/proc/report.csv")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: --report /proc/report.csv: cannot write there (")
    assert not out.exists()


@pytest.mark.parametrize(
    ("name", "why"),
    [
        ("report.txt", "the name ends in .txt"),
        ("report", "the name has no suffix to say its format"),
    ],
)
def test_a_report_named_for_another_format_is_refused(
    cli: Cli, tmp_path: Path, table: Path, name: str, why: str
) -> None:
    out, report = tmp_path / "out", tmp_path / name
    result = cli("batch", str(table), "--out-dir", str(out), "--report", str(report))
    assert result.exit_code == 2
    assert result.stderr == (
        f"error: --report {report}: {why}; a report is written as .csv (csv) or .json (json): "
        "name it so\n"
    )
    assert not out.exists()
    assert not report.exists()


@pytest.mark.parametrize(("name", "first"), [("R.CSV", "row,"), ("r.Json", "[")])
def test_a_report_is_written_as_its_name_says(
    cli: Cli, tmp_path: Path, table: Path, name: str, first: str
) -> None:
    report = tmp_path / name
    result = cli("batch", str(table), "--out-dir", str(tmp_path / "out"), "--report", str(report))
    assert result.exit_code == 0, result.output
    assert report.read_text("utf-8").startswith(first)


def test_an_output_folder_no_file_can_be_made_in_is_refused_before_work(
    cli: Cli, tmp_path: Path
) -> None:
    """Every -o is tried before the plan is made, not only when written."""
    result = cli("handout", *PLAN_ARGS, "-o", "/proc/handout.html")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: -o /proc/handout.html: cannot write there (")
