"""Start-up stays light: commands import only what they need (timings are for the benchmark)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent

PROBE = """
import sys
from ldn_titrate.cli import main
sys.argv = ["ldn-titrate", *{args!r}]
try:
    main()
except SystemExit:
    pass
heavy = {heavy!r}
import json
print(json.dumps(sorted(m for m in heavy if m in sys.modules)))
"""


def loaded(args: list[str], heavy: list[str]) -> list[str]:
    result = subprocess.run(
        [sys.executable, "-c", PROBE.format(args=args, heavy=heavy)],
        capture_output=True, text=True, check=True, cwd=ROOT,
    )  # fmt: skip
    return list(json.loads(result.stdout.strip().splitlines()[-1]))


HEAVY = [
    "icalendar",
    "weasyprint",
    "fontTools",
    "fhir",
    "caldav",
    "babel",  # only for a patient language other than English (issue 17)
    "ldn_titrate.plans.publish",
    "ldn_titrate.render.calendar.ics",
    "ldn_titrate.render.handout.common",
    "ldn_titrate.render.handout.html",
    "ldn_titrate.render.fhir",
    "ldn_titrate.plans.batch.table",
]


def test_version_imports_no_pydantic_model() -> None:
    assert loaded(["--version"], ["pydantic.main", "ldn_titrate.core.model", *HEAVY]) == []


@pytest.mark.parametrize("fmt", ["table", "json", "markdown"])
def test_plan_imports_no_other_renderer(fmt: str) -> None:
    args = ["plan", "--start-date", "2026-12-01", "-f", fmt]
    assert loaded(args, [*HEAVY, "ldn_titrate.rules.prescribing", "tomllib"]) == []


def test_the_console_scripts_version_imports_neither_typer_nor_pydantic() -> None:
    probe = (
        "import sys, json; sys.argv = ['ldn-titrate', '--version']\n"
        "from ldn_titrate.entry import main\nmain()\n"
        "print(json.dumps(sorted(m for m in ('typer', 'pydantic', 'rich') if m in sys.modules)))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert result.stdout.splitlines()[0].startswith("ldn-titrate ")
    assert json.loads(result.stdout.splitlines()[-1]) == []


def test_a_command_loads_only_its_own_module() -> None:
    """Commands are loaded lazily: `plan` never imports the adjust, batch or handout commands."""
    args = ["plan", "--start-date", "2026-12-01", "--opioids", "none"]
    others = ["ldn_titrate.cli.adjust", "ldn_titrate.cli.batch", "ldn_titrate.cli.handout",
              "ldn_titrate.cli.calendar", "ldn_titrate.plans.adjust.kinds"]  # fmt: skip
    assert loaded(args, others) == []


def test_status_loads_no_adjustment_kind(tmp_path: Path) -> None:
    plan = tmp_path / "plan.json"
    subprocess.run(
        [sys.executable, "-m", "ldn_titrate", "plan", "--start-date", "2026-12-01",
         "--opioids", "none", "-f", "json", "-o", str(plan), "-q"],
        check=True, cwd=ROOT,
    )  # fmt: skip
    args = ["status", str(plan), "--on", "2026-12-10"]
    assert loaded(args, ["ldn_titrate.plans.adjust.kinds", "ldn_titrate.cli.adjust"]) == []
    # English reads no catalog, even under a policy that names a clinic's catalog folder.
    (tmp_path / "catalogs").mkdir()
    policy = tmp_path / "policy.toml"
    policy.write_text('[language]\ncatalogs = "catalogs"\n', encoding="utf-8")
    assert loaded([*args, "--policy", str(policy)], ["babel"]) == []
    assert loaded([*args, "--language", "es"], ["babel"]) == ["babel"]  # the probe can see it


@pytest.mark.parametrize(("language", "babel"), [(None, []), ("es-ES", ["babel"])])
def test_an_english_handout_imports_no_babel(language: str | None, babel: list[str]) -> None:
    """Babel (CLDR's names and numbers) is loaded only for a patient language other than English."""
    args = ["handout", "--preset", "standard", "--opioids", "none", "-f", "markdown", "-o", "-"]
    assert loaded([*args, *(["--language", language] if language else [])], ["babel"]) == babel


@pytest.mark.parametrize(
    ("fmt", "engine"), [("html", []), ("markdown", []), ("pdf", ["weasyprint"])]
)
def test_the_pdf_engine_loads_only_for_a_pdf(tmp_path: Path, fmt: str, engine: list[str]) -> None:
    """WeasyPrint (and its fonts, Pango and fontTools) are imported by the PDF path alone."""
    if fmt == "pdf":
        from tests.handout_helpers import pdf_module

        pdf_module()  # skips, saying what to install, where the engine cannot load
    target = tmp_path / f"handout.{fmt}"
    args = ["handout", "--preset", "standard", "--opioids", "none", "-f", fmt, "-o", str(target)]
    assert loaded(args, ["weasyprint"]) == engine
    assert target.exists()
