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
    "fpdf",
    "fhir",
    "caldav",
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
