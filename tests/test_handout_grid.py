"""The printed handout is right at every regimen (issue 25): a grid of plans, laid out.

Every regimen form (start/step/ceiling from 1 to 24 steps, a ladder, phases, calendar months,
ongoing maintenance, an added daily dose, adjusted plans with a step back and a pause), liquid
and capsules, English and Spanish, normal and large print, A4 and Letter: printed to PDF by
the handout command, read back with pdfplumber (:mod:`tests.pdf_layout`). On every page no word
overlaps another (the chart's labels included), nothing leaves the printable area, no heading is
a page's last line, and no dose-table row is split between pages.

CI runs a sample: the grid's edges (1 step, 24 steps, the longest Spanish month, the longest
name, a right-to-left name) and a fixed-seed draw of the rest. The whole grid is a profile run
by hand (see docs/clinic/handout-pdf.md)::

    LDN_LAYOUT_GRID=full pytest tests/test_handout_grid.py -p no:randomly
"""

from __future__ import annotations

import itertools
import os
import random
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest

from ldn_titrate.core import language as languages
from ldn_titrate.core.dosetext import format_date, format_mg
from ldn_titrate.core.model import Schedule
from ldn_titrate.render.handout import content
from ldn_titrate.render.handout.common import make_options
from tests.conftest import Cli
from tests.handout_helpers import page_texts, pdf_module
from tests.pdf_layout import problems

START = ("--start-date", "2026-12-01")


def _ladder(count: int) -> tuple[str, ...]:
    """``count`` doses a week each: 0.5 mg apart from 0.5 mg up to 12 steps (whole capsules),
    0.25 mg apart up to 6 mg beyond (a liquid's doses: the capsules stocked cannot make them)."""
    step = Decimal("0.5") if count <= 12 else Decimal("0.25")
    first = step if count <= 12 else Decimal(6) - step * (count - 1)
    doses = ",".join(str(first + step * n) for n in range(count))
    return ("--doses", doses, "--interval", "7")


REGIMENS: dict[str, tuple[str, ...]] = {
    **{f"steps-{n}": _ladder(n) for n in (1, 2, 4, 8, 12, 16, 20, 24)},
    "standard": ("--preset", "standard"),
    "gentle": ("--preset", "gentle"),
    "slow": ("--start-dose", "0.5", "--step", "0.5", "--interval", "2w", "--ceiling", "4.5"),
    "ladder": ("--preset", "ladder"),
    "phases": ("--start-dose", "0.5", "--phase", "0.5mg/7d:1.5mg", "--phase", "1mg/14d:4.5mg"),
    "months": ("--start-dose", "1.5", "--step", "1", "--interval", "1m", "--ceiling", "4.5"),
    "ongoing": ("--preset", "standard", "--maintain", "ongoing"),
    "added": ("--preset", "standard", "--also", "0.5mg@08:00"),
    "adjusted": ("--preset", "standard"),  # then a step back and a pause (see _plan)
}
FORMS = {
    "capsules": ("--form", "capsules"),
    "liquid": ("--form", "liquid", "--concentration", "1mg/mL"),
}
FINE = ("steps-16", "steps-20", "steps-24")  # the ladders 0.25 mg apart
LANGUAGES = ("en", "es")
PRINTS = ("normal", "large")
PAPERS = ("a4", "letter")


@dataclass(frozen=True)
class Case:
    regimen: str
    form: str
    language: str
    size: str
    paper: str
    start: tuple[str, ...] = START
    patient: str = "Zoë Øster-Łukasz"

    @property
    def id(self) -> str:
        return "-".join((self.regimen, self.form, self.language, self.size, self.paper))


GRID = [
    Case(*values)
    for values in itertools.product(REGIMENS, FORMS, LANGUAGES, PRINTS, PAPERS)
    if not (values[1] == "capsules" and values[0] in FINE)
]
EDGES = [
    Case("steps-1", "capsules", "en", "normal", "a4"),
    Case("steps-24", "liquid", "es", "large", "letter"),
    # September is the longest Spanish month name ("septiembre de 2027").
    Case("gentle", "liquid", "es", "large", "a4", start=("--start-date", "2027-08-30")),
    Case("standard", "capsules", "en", "large", "letter",
         patient="Maria-Magdalena Alexandra Wolfeschlegelsteinhausen-Bergerdorff Ó Dubhghaill"),
    Case("adjusted", "liquid", "en", "normal", "a4", patient="محمد الأحمد"),
]  # fmt: skip
SAMPLED = 6
CASES = (
    GRID
    if os.environ.get("LDN_LAYOUT_GRID") == "full"
    else [*EDGES, *random.Random(25).sample(GRID, SAMPLED)]
)


def _plan(cli: Cli, case: Case, folder: Path) -> Path:
    plan = folder / "plan.json"
    form = FORMS[case.form]
    if case.regimen.startswith("steps-") and case.form == "liquid":  # up to 6 mg in 0.1 mL
        form = ("--form", "liquid", "--concentration", "2.5mg/mL")
    args = ("plan", *case.start, *REGIMENS[case.regimen], *form, "--opioids", "none")
    result = cli(*args, "-f", "json", "-o", str(plan), "-q")
    assert result.exit_code == 0, result.output
    if case.regimen != "adjusted":
        return plan
    back, paused = folder / "back.json", folder / "paused.json"
    steps = [
        ("--step-back", "--on", "2026-12-20", "--reason", "headache", "-o", str(back)),
        ("--pause", "2027-01-10..2027-01-16", "--on", "2027-01-10", "--reason", "surgery",
         "-o", str(paused)),
    ]  # fmt: skip
    source = plan
    for change in steps:
        result = cli("adjust", str(source), *change)
        assert result.exit_code == 0, result.output
        source = Path(change[-1])
    return paused


def _headings(plan: Schedule, case: Case) -> tuple[str, ...]:
    language = languages.resolve(case.language)
    opts = make_options(made_on=plan.first_night, patient=case.patient, language=language)
    handout = content.build(plan, opts)
    labels = handout.labels
    said = [labels.doses, labels.history_heading, labels.contact_heading]
    said += [handout.before_start.heading, *(section.heading for section in handout.sections)]
    said += [month.title for month in handout.months]
    return tuple(said)


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
def test_every_page_is_laid_out_right(cli: Cli, tmp_path: Path, case: Case) -> None:
    pdf_module()  # skips, saying what to install, without the engine
    plan_file = _plan(cli, case, tmp_path)
    target = tmp_path / "handout.pdf"
    args = ["handout", "--plan", str(plan_file), "--language", case.language]
    args += ["--paper", case.paper, "--patient", case.patient, "--contact", "Clinic 01234 567890"]
    args += ["--large-print"] if case.size == "large" else []
    result = cli(*args, "--format", "pdf", "-o", str(target), "-q")
    assert result.exit_code == 0, result.output
    pdf = target.read_bytes()
    plan = Schedule.model_validate_json(plan_file.read_text(encoding="utf-8"))
    assert problems(pdf, _headings(plan, case)) == []
    # No table row split: each step's dates, nights and dose on one page, together.
    language = languages.resolve(case.language)
    texts = page_texts(pdf)
    for step in plan.steps:
        dates = f"{format_date(step.start, language)} {format_date(step.end, language)}"
        page = next((text for text in texts if dates in text), None)
        assert page is not None, (dates, case.id)
        if step.dose_mg > 0:
            assert format_mg(step.dose_mg, language) in page[page.index(dates) :], dates
