"""Nothing overflows a calendar square, at any dose the policy grid allows (issue 13).

Every multiple of 0.025 mg up to 10 mg, as mg alone and as liquids of four concentrations, every
capsule combination of the built-in strengths (up to three a dose) and every split of a 4.5 mg
capsule, each square also carrying the longest words a square can have (a mark and "morning"):
laid out by real Chromium (playwright driving the Debian ``chromium``), in normal and large print,
on A4 and Letter. One page per paper and print size holds every square, so the browser starts
once. Each square's content must be no wider than the square (``scrollWidth`` against
``clientWidth``, and every line box inside the square's edges), and the grid no wider than the
page. The PDF (WeasyPrint printing the same page) is read back: no word overlaps another, none
leaves the printable area.
"""

from __future__ import annotations

import itertools
import os
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest

from ldn_titrate.core import language as languages
from ldn_titrate.core.dosetext import format_mg
from ldn_titrate.core.language import ENGLISH, Language
from ldn_titrate.core.model import Form, Formulation, Phase, Step
from ldn_titrate.render import measure
from ldn_titrate.render.handout import content, words
from ldn_titrate.render.handout import html as handout_html
from ldn_titrate.render.handout.common import Paper
from tests.handout_helpers import (
    adjusted,
    check_printed,
    options,
    page_texts,
    pdf_module,
    schedule,
    with_capsules,
    with_liquid,
)
from tests.pdf_layout import problems
from tests.programs import program

GRID = [Decimal("0.025") * n for n in range(1, 401)]  # 0.025 mg to 10 mg
CONCENTRATIONS = [Decimal("0.5"), Decimal(1), Decimal(2), Decimal(5)]
STRENGTHS = [Decimal("0.5"), Decimal(1), Decimal("1.5"), Decimal(3), Decimal("4.5")]
# The longest marks, so a square is tested with the most it can hold.
MARKS = (words.PROVISIONAL_MARK, words.CHANGE_MARK, words.RESTART_MARK, words.TIME_MARK)
# The content width in CSS pixels of a month page at its 8 mm margins (large print has 6 mm, so
# this is the narrower: a square that fits here fits there).
CONTENT_PX = {Paper.A4: (210 - 16) * 96 / 25.4, Paper.LETTER: (215.9 - 16) * 96 / 25.4}
ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)


def _step(dose: Decimal, **changes: Any) -> Step:
    day = date(2027, 1, 1)
    values: dict[str, Any] = {
        "number": 1,
        "phase": Phase.TITRATION,
        "start": day,
        "end": day,
        "nights": 1,
        "dose_mg": dose,
    }
    values.update(changes)
    return Step(**values)


def squares(language: Language = ENGLISH) -> list[tuple[str | None, str]]:
    """(the large line, the small line) of every square the grid allows, in ``language``."""
    out: list[tuple[str | None, str]] = []
    out += [(None, format_mg(dose, language)) for dose in GRID]
    for concentration in CONCENTRATIONS:
        liquid = Formulation(form=Form.LIQUID, concentration_mg_per_ml=concentration)
        for dose in GRID:
            step = _step(dose, volume_ml=dose / concentration, syringe_ml=Decimal(5))
            shown = measure.square_measure(step, liquid, language)
            assert shown is not None
            out.append(shown)
    capsules = Formulation(form=Form.CAPSULES, strengths_mg=tuple(STRENGTHS))
    for count in (1, 2, 3):
        for combo in itertools.combinations_with_replacement(STRENGTHS, count):
            counts = {str(s): combo.count(s) for s in set(combo)}
            step = _step(sum(combo, Decimal(0)), capsules=counts)
            shown = measure.square_measure(step, capsules, language)
            assert shown is not None
            out.append(shown)
    for parts in (2, 3, 4):
        split = Formulation(
            form=Form.CAPSULES, strengths_mg=tuple(STRENGTHS), split_parts={"4.5": parts}
        )
        piece = Decimal("4.5") / parts
        for count in (1, 2, 3):
            step = _step(piece * count, capsules={str(piece): count})
            shown = measure.square_measure(step, split, language)
            assert shown is not None
            out.append(shown)
    out.append((None, language.text(words.PAUSED_DOSE)))
    return out


def months(language: Language = ENGLISH) -> tuple[content.Month, ...]:
    """Every square above, in weeks of seven, as one long made-up month."""
    cells: list[content.Cell] = []
    day = date(2027, 1, 1)
    paused = language.text(words.PAUSED_DOSE)
    for index, (large, dose) in enumerate(squares(language)):
        night = content.Night(
            day=day + timedelta(days=index % 28),
            dose=dose,
            marker=language.text(MARKS[index % len(MARKS)]),
            paused=dose == paused,
            when=None if index % 3 else language.text("morning"),
            measure=large,
        )
        cells.append(content.Cell(night.day, night, review=index % 50 == 0))
    weeks = tuple(tuple(cells[i : i + 7]) for i in range(0, len(cells) - 6, 7))
    return (content.Month(title="All doses", key=(), weeks=weeks, nights=()),)


OVERFLOW_JS = """
() => {
  const bad = [];
  const grid = document.querySelector('table.grid');
  if (grid.getBoundingClientRect().right > window.innerWidth + 0.5) bad.push('grid too wide');
  for (const td of document.querySelectorAll('table.grid td')) {
    const box = td.getBoundingClientRect();
    if (td.scrollWidth > td.clientWidth) bad.push('square: ' + td.innerText);
    for (const span of td.querySelectorAll('span')) {
      if (span.scrollWidth > span.clientWidth && span.clientWidth > 0)
        bad.push('line: ' + span.innerText);
      for (const line of span.getClientRects())
        if (line.right > box.right + 0.5 || line.left < box.left - 0.5)
          bad.push('outside: ' + span.innerText);
    }
  }
  return [document.querySelectorAll('table.grid td').length, bad];
}
"""


@pytest.fixture(scope="module")
def browser() -> Any:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - installed with .[test]
        if os.environ.get("CI"):
            pytest.fail("playwright is required in CI (pip install '.[test]')")
        pytest.skip("playwright is not installed")
    chromium = program("chromium")  # skipped, naming the install command, when missing
    with sync_playwright() as driver:
        launched = driver.chromium.launch(executable_path=chromium, args=list(ARGS))
        yield launched
        launched.close()


# English in both print sizes; Spanish (longer words: "Dosis nueva", "Si ya pasaron",
# "cuartos de") in large print, whose squares are the narrowest for their type.
SQUARE_CASES = [
    (paper, large, tag)
    for paper in Paper
    for large, tag in ((False, "en"), (True, "en"), (True, "es-ES"))
]


@pytest.mark.parametrize(("paper", "large_print", "tag"), SQUARE_CASES)
def test_no_square_overflows_in_chromium(
    browser: Any, paper: Paper, large_print: bool, tag: str
) -> None:
    language = languages.resolve(tag)
    opts = options(paper=paper, large_print=large_print, language=language)
    handout = replace(content.build(schedule(), opts), months=months(language))
    page = browser.new_page(viewport={"width": round(CONTENT_PX[paper]), "height": 900})
    try:
        page.emulate_media(media="print")
        page.set_content(handout_html.page(handout, opts))
        count, bad = page.evaluate(OVERFLOW_JS)
    finally:
        page.close()
    assert count >= len(squares()) - 6
    assert bad == []


# WeasyPrint lays out the same page; every square of the grid on paper, where the squares are
# narrowest for their words (Spanish, large print, A4). The squares are the HTML's, which
# Chromium checks above in every paper and print size; 35 pages take ~25 s, so one case here.
@pytest.mark.parametrize(("paper", "large_print", "tag"), [(Paper.A4, True, "es-ES")])
def test_no_square_overflows_in_the_pdf(paper: Paper, large_print: bool, tag: str) -> None:
    language = languages.resolve(tag)
    opts = options(paper=paper, large_print=large_print, language=language)
    # A week of squares per row, four weeks a page: every square the grid allows, printed.
    weeks = months(language)[0].weeks
    pages = tuple(
        content.Month(title=f"Squares {index}", key=(), weeks=weeks[index : index + 4], nights=())
        for index in range(0, len(weeks), 4)
    )
    handout = replace(content.build(schedule(), opts), months=pages)
    pdf = pdf_module().print_page(handout_html.page(handout, opts), opts)
    assert problems(pdf) == []
    texts = page_texts(pdf)
    assert sum(text.startswith("Squares") for text in texts) == len(pages)


# The whole Spanish handout printed by the same browser (page.pdf): large print, a liquid and
# capsules, on A4 and Letter: one page per month, every night on its page, nothing off a page,
# and no box wider than its page.
PRINTED = [("liquid", Paper.A4, True, "es-ES"), ("capsules", Paper.LETTER, True, "es-ES"),
           ("liquid", Paper.LETTER, True, "es-ES"), ("capsules", Paper.A4, True, "es-ES"),
           ("capsules", Paper.A4, False, "es-ES"), ("liquid", Paper.LETTER, False, "es-ES"),
           # An adjusted plan (a 1 mg/mL liquid): the longest keys and the changes to the plan.
           ("adjusted", Paper.LETTER, True, "es-ES"), ("adjusted", Paper.A4, True, "es-US")]  # fmt: skip

BOX_JS = """
() => {
  const bad = [];
  for (const el of document.querySelectorAll('body *')) {
    if (el.closest('svg') && el.tagName !== 'svg') continue;
    const box = el.getBoundingClientRect();
    if (box.width && box.right > window.innerWidth + 0.5) bad.push(el.tagName + ': ' + el.className);
    if (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX !== 'visible')
      bad.push('scrolls: ' + el.tagName);
  }
  return bad;
}
"""


@pytest.mark.parametrize(("form", "paper", "large_print", "tag"), PRINTED)
def test_spanish_prints_in_chromium(
    browser: Any, form: str, paper: Paper, large_print: bool, tag: str
) -> None:
    spanish = languages.resolve(tag)
    plans = {
        "liquid": lambda: with_liquid(schedule()),
        "capsules": lambda: with_capsules(schedule()),
    }
    plan = plans.get(form, adjusted)()
    contact = "Clinic 01234 567890"
    opts = options(paper=paper, large_print=large_print, language=spanish, contact=contact)
    page = browser.new_page(viewport={"width": round(CONTENT_PX[paper]), "height": 900})
    try:
        page.set_content(handout_html.page(content.build(plan, opts), opts))
        page.emulate_media(media="print")
        bad = page.evaluate(BOX_JS)
        _, squares_bad = page.evaluate(OVERFLOW_JS)
        pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    finally:
        page.close()
    assert bad == []
    assert squares_bad == []
    check_printed(pdf, plan, paper, large_print=large_print, language=spanish)
