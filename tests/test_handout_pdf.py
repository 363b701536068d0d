"""The PDF handout is the HTML handout printed by WeasyPrint, tagged for screen readers (issue 25).

Every name prints or is refused by name; a right-to-left name never reorders a dose; the PDF
passes the machine-checkable PDF/UA-1 rules (the ``pdfua`` package); the chart's labels never
touch and its text alternative lists every dose; ``-o -`` writes to a pipe; batch writes one
readable PDF per row.
"""

from __future__ import annotations

import csv
import io
import itertools
import os
import re
from datetime import date
from pathlib import Path

import pikepdf
import pytest
from pypdf import PdfReader

from ldn_titrate.core import language as languages
from ldn_titrate.core.dosetext import format_date, format_mg
from ldn_titrate.core.model import Phase, Schedule
from ldn_titrate.render.handout import chart as dose_chart
from ldn_titrate.render.handout import content
from ldn_titrate.render.handout.common import Paper
from ldn_titrate.render.handout.fonts import installed
from tests.conftest import Cli
from tests.handout_helpers import (
    adjusted,
    check_printed,
    options,
    page_texts,
    pdf_module,
    render_pdf,
    schedule,
    with_capsules,
    with_liquid,
)
from tests.pdf_layout import problems

START = ("--start-date", "2026-12-01")
MECFS = (*START, "--start-dose", "0.5", "--step", "0.5", "--interval", "2w", "--ceiling", "4.5",
         "--form", "capsules")  # fmt: skip

# A name in each script, and the Noto family that prints it.
SCRIPTS = [
    ("张伟", "Noto Sans CJK SC"),
    ("김민준", "Noto Sans CJK SC"),
    ("محمد الأحمد", "Noto Sans Arabic"),
    ("สมชาย ใจดี", "Noto Sans Thai"),
]


def _need(family: str) -> None:
    pdf_module()  # the engine first (fontconfig comes with it)
    if installed(family) is None:
        why = f"the font {family} is not installed (Debian: fonts-noto-core fonts-noto-cjk)"
        if os.environ.get("CI"):  # .ci/run installs them: CI runs every test
            pytest.fail(why)
        pytest.skip(why)


@pytest.mark.parametrize(("name", "family"), SCRIPTS)
def test_a_name_in_any_script_the_fonts_cover_prints(
    cli: Cli, tmp_path: Path, name: str, family: str
) -> None:
    render_pdf(schedule(), options())  # skips without the engine
    _need(family)
    target = tmp_path / "h.pdf"
    result = cli("handout", *START, "--patient", name, "--format", "pdf", "-o", str(target))
    assert result.exit_code == 0, result.output
    texts = page_texts(target.read_bytes())
    # Every month page carries the name, whole (an Arabic name's letters in reading order).
    assert all(name in text for text in texts[-3:]), texts[-1][:120]


def test_every_dose_stays_intact_beside_an_arabic_name() -> None:
    """A right-to-left name is isolated: the dose and date beside it keep their order."""
    _need("Noto Sans Arabic")
    plan = with_liquid(schedule())
    name = "محمد الأحمد"
    opts = options(patient=name, contact=f"{name} 0123 456", language=languages.resolve("en"))
    pdf = render_pdf(plan, opts)
    check_printed(pdf, plan, Paper.A4)  # every night's dose on its month's page, in order
    first = page_texts(pdf)[0]
    for row in content.build(plan, opts).rows:
        assert f"{row.first} {row.last} {row.nights}" in first, row
        assert re.search(rf"{re.escape(row.dose)}(?!\d)", first), row.dose


def _pdfua(pdf: bytes, tmp_path: Path) -> list[str]:
    from pdfua import validate

    path = tmp_path / "h.pdf"
    path.write_bytes(pdf)
    report = validate(str(path))
    return [f"{f.rule_id} {f.severity.name}: {f.message}" for f in report.findings]


SAMPLE = [("en", False), ("en", True), ("es-ES", False), ("es-ES", True)]


@pytest.mark.parametrize(("tag", "large"), SAMPLE)
def test_pdf_ua_machine_checks_pass(tmp_path: Path, tag: str, large: bool) -> None:
    """0 errors and 0 warnings from the pdfua checker; the structure a screen reader reads."""
    language = languages.resolve(tag)
    plan = adjusted()
    pdf = render_pdf(plan, options(language=language, large_print=large, contact="0123"))
    assert _pdfua(pdf, tmp_path) == []
    with pikepdf.open(io.BytesIO(pdf)) as document:
        root = document.Root
        assert str(root.Lang) == language.tag.split("-")[0] or str(root.Lang) == language.tag
        assert bool(root.MarkInfo.Marked)
        assert bool(root.ViewerPreferences.DisplayDocTitle)
        with document.open_metadata() as meta:
            assert meta.get("dc:title", "").startswith(language.text("Your LDN dose plan"))
        roles: dict[str, int] = {}
        headings_empty = []
        stack = [root.StructTreeRoot]
        while stack:
            node = stack.pop()
            kids = node.get("/K")
            role = str(node.get("/S", ""))
            roles[role] = roles.get(role, 0) + 1
            if role in ("/H1", "/H2") and kids is None:
                headings_empty.append(role)
            if role == "/TH":
                assert str(node.A.Scope) in ("/Column", "/Row")
            if isinstance(kids, pikepdf.Array):
                stack += [kid for kid in kids if isinstance(kid, pikepdf.Dictionary)]
            elif isinstance(kids, pikepdf.Dictionary):
                stack.append(kids)
    assert headings_empty == []
    for role in ("/H1", "/H2", "/L", "/LI", "/Table", "/TH", "/TD", "/Figure", "/Caption"):
        assert roles.get(role), (role, roles)


def test_the_chart_tells_a_screen_reader_every_dose_and_its_dates() -> None:
    plan = adjusted()
    drawn = dose_chart.build(plan)
    assert "Every dose and its dates are in the table of your doses." in drawn.caption
    for step in plan.steps:
        dates = f"from {format_date(step.start)} to {format_date(step.end)}"
        said = "no dose" if step.phase is Phase.PAUSED else format_mg(step.dose_mg)
        assert f"{said} {dates}" in drawn.alternative
    svg = dose_chart.svg(drawn, large_print=False)
    assert '<title id="chart-title">' in svg
    assert 'aria-labelledby="chart-title"' in svg


def _drawn_labels(plan: Schedule, large: bool) -> list[str]:
    svg = dose_chart.svg(dose_chart.build(plan), large)
    return re.findall(r'text-anchor="end">([^<]+)</text>', svg)


@pytest.mark.parametrize("large", [False, True])
def test_chart_keeps_the_first_dose_the_ceiling_and_a_dose_gone_back_to(large: bool) -> None:
    plan = adjusted()  # a step back to 1.5 mg after 2.5 mg, then a pause
    drawn = dose_chart.build(plan)
    first = plan.steps[0].dose_mg
    assert first in drawn.kept
    assert max(s.dose_mg for s in plan.steps) in drawn.kept
    labels = _drawn_labels(plan, large)
    assert format_mg(first) in labels
    assert format_mg(max(s.dose_mg for s in plan.steps)) in labels
    back = [d for d in drawn.kept if d not in (first, max(s.dose_mg for s in plan.steps))]
    assert all(format_mg(dose) in labels for dose in back)


@pytest.mark.parametrize(
    "extra", [(), ("--language", "es"), ("--large-print",), ("--language", "es", "--large-print")]
)
def test_the_slow_regimen_chart_labels_never_touch(
    cli: Cli, tmp_path: Path, extra: tuple[str, ...]
) -> None:
    render_pdf(schedule(), options())  # skips without the engine
    target = tmp_path / "h.pdf"
    result = cli("handout", *MECFS, *extra, "--format", "pdf", "-o", str(target))
    assert result.exit_code == 0, result.output
    assert problems(target.read_bytes()) == []


@pytest.mark.parametrize("large", ["", "--large-print"])
def test_ongoing_capsules_month_grid_stays_on_the_page(
    cli: Cli, tmp_path: Path, large: str
) -> None:
    render_pdf(schedule(), options())
    target = tmp_path / "h.pdf"
    args = ["handout", *START, "--maintain", "ongoing", "--form", "capsules", "--paper", "letter"]
    result = cli(*args, *([large] if large else []), "--format", "pdf", "-o", str(target))
    assert result.exit_code == 0, result.output
    assert problems(target.read_bytes()) == []


def test_pdf_to_a_pipe(cli: Cli) -> None:
    render_pdf(schedule(), options())
    result = cli("handout", *START, "--format", "pdf", "-o", "-")
    assert result.exit_code == 0, result.stderr
    data = result.stdout_bytes
    assert data.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(data))
    assert reader.metadata is not None
    assert reader.metadata.title == "Your LDN dose plan"
    assert str(reader.trailer["/Root"]["/Lang"]) == "en"


def test_batch_writes_one_readable_pdf_per_row(cli: Cli, tmp_path: Path) -> None:
    render_pdf(schedule(), options())
    rows = [
        ("p1", "standard", "", ""),
        ("p2", "gentle", "liquid", "1mg/mL"),
        ("p3", "weekly", "", ""),
    ]
    table = tmp_path / "patients.csv"
    with table.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "preset", "start_date", "form", "concentration", "opioids"])
        writer.writerows([(i, p, "2026-12-01", f, c, "none") for i, p, f, c in rows])
    out = tmp_path / "out"
    result = cli("batch", str(table), "--out-dir", str(out), "--formats", "json,pdf")
    assert result.exit_code == 0, result.output
    assert sorted(path.name for path in out.glob("*.pdf")) == ["p1.pdf", "p2.pdf", "p3.pdf"]
    for row_id, *_ in rows:
        plan = Schedule.model_validate_json((out / f"{row_id}.json").read_text(encoding="utf-8"))
        text = " ".join(page_texts((out / f"{row_id}.pdf").read_bytes()))
        for step in plan.steps:
            assert f"{format_date(step.start)} {format_date(step.end)}" in text, row_id
            assert format_mg(step.dose_mg) in text, row_id


def test_capsule_plan_dose_text_follows_the_plan_every_night() -> None:
    plan = with_capsules(schedule("twelve-months"))
    check_printed(render_pdf(plan, options(paper=Paper.LETTER)), plan, Paper.LETTER)
    assert date(2027, 1, 1) == plan.first_night


@pytest.mark.parametrize("count", [1, 2, 9, 16, 24])
@pytest.mark.parametrize("large", [False, True])
def test_chart_labels_stand_apart_at_any_number_of_doses(cli: Cli, count: int, large: bool) -> None:
    """However many dose levels, no two labels closer than the least gap; the first dose and
    the highest always labelled; on paper a label is never under 8 pt."""
    from tests.test_handout_grid import _ladder

    result = cli("plan", *START, *_ladder(count), "--opioids", "none", "-f", "json")
    plan = Schedule.model_validate_json(result.stdout)
    svg = dose_chart.svg(dose_chart.build(plan), large)
    font = float(re.search(r'font-size="([\d.]+)"', svg).group(1))  # type: ignore[union-attr]
    width = float(re.search(r'viewBox="0 0 ([\d.]+)', svg).group(1))  # type: ignore[union-attr]
    labels = re.findall(r'y="([\d.]+)" text-anchor="end">([^<]+)</text>', svg)
    heights = sorted(float(y) for y, _ in labels)
    assert all(b - a >= dose_chart.GAP * font - 0.2 for a, b in itertools.pairwise(heights))
    shown = {label for _, label in labels}
    assert format_mg(plan.steps[0].dose_mg) in shown
    assert format_mg(max(step.dose_mg for step in plan.steps)) in shown
    # The chart spans half the printable width (normal print) or all of it (large print).
    column_mm = (210 - 24 - 6) / 2 if not large else 210 - 24
    assert font * column_mm / width / 0.3528 >= 8


def test_the_letters_known_to_the_bundled_font_are_in_it() -> None:
    from ldn_titrate.render.handout import fonts

    pytest.importorskip("fontTools", reason="fontTools comes with the pdf extra")
    drawn = fonts.bundled()
    assert all(code in drawn for known in fonts.KNOWN for code in known)
