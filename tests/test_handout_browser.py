"""The HTML handout printed by a real browser (headless Chromium), read back with pypdf.

Checks the layout documented in :mod:`tests.handout_helpers`: two front pages, then one page per
calendar month the plan has nights in, every night's dose on its month's page, at the paper size
asked for. Chromium starts slowly, so all documents are printed by one module fixture with the
browsers running side by side (six launches in all).

Skipped only when Chromium is missing on a developer's machine, naming the install command
(:mod:`tests.programs`); when ``CI`` is set it must run, so a missing browser fails (``.ci/run``
installs the Debian ``chromium`` package).
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from ldn_titrate.core.model import Schedule
from ldn_titrate.render.handout import html as handout_html
from ldn_titrate.render.handout.common import Paper
from tests.handout_helpers import (
    PLANS,
    adjusted,
    check_printed,
    options,
    page_texts,
    schedule,
    with_liquid,
    with_pause,
)
from tests.programs import program

FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-pdf-header-footer",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
)


def chromium() -> str:
    return program("chromium")


@dataclass(frozen=True)
class Case:
    plan_name: str
    paper: Paper
    large_print: bool = False

    def schedule(self) -> Schedule:
        if self.plan_name == ADJUSTED:
            return adjusted()
        plan = with_liquid(schedule(self.plan_name))
        return with_pause(plan) if self.large_print else plan


# The standard plan held, stepped back, moved to the morning and paused (handout_helpers.CHANGES):
# 10 steps over 5 months, so its first page runs onto a second.
ADJUSTED = "adjusted"


CASES = (
    Case("three-months", Paper.A4),
    Case("twelve-months", Paper.LETTER),
    Case("start-31st", Paper.A4, large_print=True),
    Case("one-month", Paper.LETTER),
    Case(ADJUSTED, Paper.LETTER),
    Case(ADJUSTED, Paper.A4),
    Case("odd-steps", Paper.A4, large_print=True),
    Case("odd-steps", Paper.LETTER, large_print=True),
    Case(ADJUSTED, Paper.LETTER, large_print=True),
)


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> dict[Case, bytes]:
    """Print every case's HTML to PDF, the browsers running in parallel; PDF bytes per case."""
    browser = chromium()
    folder = tmp_path_factory.mktemp("browser")
    running: list[tuple[Case, Path, subprocess.Popen[bytes]]] = []
    for index, case in enumerate(CASES):
        page = folder / f"handout-{index}.html"
        contact = "Clinic 01234 567890" if case.large_print else None
        opts = options(paper=case.paper, large_print=case.large_print, contact=contact)
        page.write_text(handout_html.render(case.schedule(), opts), encoding="utf-8")
        pdf = folder / f"handout-{index}.pdf"
        command = [
            browser,
            *FLAGS,
            f"--user-data-dir={folder / f'profile-{index}'}",
            f"--print-to-pdf={pdf}",
            page.as_uri(),
        ]
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        running.append((case, pdf, process))
    out: dict[Case, bytes] = {}
    for case, pdf, process in running:
        log, _ = process.communicate(timeout=120)
        assert process.returncode == 0, log.decode("utf-8", "replace")
        assert pdf.exists(), log.decode("utf-8", "replace")
        out[case] = pdf.read_bytes()
    return out


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c.plan_name}-{c.paper}")
def test_browser_prints_one_page_per_month(printed: dict[Case, bytes], case: Case) -> None:
    pages = check_printed(printed[case], case.schedule(), case.paper, large_print=case.large_print)
    if case.plan_name == ADJUSTED and case.large_print:
        assert pages <= 9 + 5  # checked page by page by check_printed
    elif case.plan_name == ADJUSTED:
        assert pages == 4 + 5  # the plan on two pages, the instructions, the card page
    elif not case.large_print:
        assert pages - PLANS[case.plan_name][1] in (3, 4)  # exactly: check_printed


@pytest.mark.parametrize("paper", [Paper.A4, Paper.LETTER])
def test_browser_prints_the_changes_of_an_adjusted_plan(
    printed: dict[Case, bytes], paper: Paper
) -> None:
    """The box, the history, the morning time and both notes reach paper; each note on the month
    page of its night (the restart on Wed 27 Jan 2027, the retried dose on Thu 7 Jan 2027).
    """
    texts = page_texts(printed[Case(ADJUSTED, paper)])
    front = " ".join(texts[:3])
    assert texts[0].startswith("Your LDN dose plan Before you start")
    assert (
        "Changed on Thu 10 Dec 2026, recorded Tue 24 Nov 2026: held 7 nights — vivid dreams <b>"
        in front
    )
    assert "in the morning (08:00)" in front
    january = next(text for text in texts if text.startswith("January 2027"))
    assert "Restart night: do not restart LDN" in january
    assert "only if the side effects have settled" in january
    assert "If settled" in january


def test_browser_prints_no_header_or_footer(printed: dict[Case, bytes]) -> None:
    """Without --no-pdf-header-footer every page would carry a date and the file's path."""
    for data in printed.values():
        for text in page_texts(data):
            assert "file://" not in text
            assert ".html" not in text
