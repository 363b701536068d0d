"""The terminal table never loses a letter, however narrow the terminal (issue 25).

At 80 columns rich squeezed the capsule column to "1 capsule o" (the "f" of "of" cut off), and
narrower it ended "titration" with "…" or dropped whole columns. Now the table is printed only
when every letter of every cell fits; otherwise each step is a paragraph wrapped between words.
"""

from __future__ import annotations

import os
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ldn_titrate.core.dosetext import format_date
from ldn_titrate.render import describe
from tests.conftest import Cli

SLOW = ("--start-date", "2026-12-01", "--start-dose", "0.5", "--step", "0.5", "--interval", "2w",
        "--ceiling", "4.5")  # fmt: skip


def _phrases(cli: Cli, args: tuple[str, ...]) -> list[str]:
    import json

    from ldn_titrate.core.model import Schedule

    plan = Schedule.model_validate(json.loads(cli("plan", *args, "-f", "json").stdout))
    out = []
    for step in plan.steps:
        out += [describe.dose_text(step), format_date(step.start), format_date(step.end)]
        if plan.formulation is not None:
            out.append(describe.take_text(step, plan.formulation))
    return out


def _joined(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize(
    "form", [("--form", "capsules"), ("--form", "liquid", "--concentration", "1mg/mL"), ()]
)
@pytest.mark.parametrize("width", [80, 72, 60, 50, 40])
def test_every_phrase_survives_a_narrow_terminal(
    cli: Cli, monkeypatch: pytest.MonkeyPatch, width: int, form: tuple[str, ...]
) -> None:
    monkeypatch.setenv("COLUMNS", str(width))
    result = cli("plan", *SLOW, *form)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= width
    assert "…" not in result.stdout
    joined = _joined(result.stdout)
    for phrase in _phrases(cli, (*SLOW, *form)):
        assert phrase in joined, (phrase, width)


def test_a_wide_terminal_keeps_the_table(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "120")
    result = cli("plan", *SLOW, "--form", "capsules")
    assert re.search(r"^\s+1\s+0\.5 mg\s+Tue 1 Dec 2026\s+Mon 14 Dec 2026", result.stdout, re.M)
    assert "1 capsule of 0.5 mg" in result.stdout
    assert "Step 1:" not in result.stdout


@settings(max_examples=25, deadline=None)
@given(width=st.integers(min_value=30, max_value=110))
def test_no_width_loses_a_letter(width: int) -> None:
    cli = Cli()
    os.environ["COLUMNS"] = str(width)
    try:
        result = cli("plan", *SLOW, "--form", "capsules")
    finally:
        del os.environ["COLUMNS"]
    assert "…" not in result.stdout
    assert max(len(line) for line in result.stdout.splitlines()) <= width
    if "Step 1:" in result.stdout:  # paragraphs: every phrase, lines joined
        joined = _joined(result.stdout)
        assert "1 capsule of 0.5 mg" in joined
        assert "Mon 14 Dec 2026" in joined
    else:  # the table: every date whole on its row (the letters are counted by the renderer)
        assert "Mon 14 Dec 2026" in result.stdout
        assert "capsule" in result.stdout
