"""What people type is read exactly, and anything ambiguous is refused."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from ldn_titrate.core.parsing import parse_date, parse_dose, parse_duration

TODAY = date(2026, 11, 24)


@pytest.mark.parametrize(
    ("text", "mg"),
    [
        ("1.5", "1.5"),
        ("1.5mg", "1.5"),
        ("1.5 mg", "1.5"),
        ("0.5 MG", "0.5"),
        ("500mcg", "0.5"),
        ("250 mcg", "0.25"),
        ("1mcg", "0.001"),
        ("4", "4"),
        ("0", "0"),
        (".5", "0.5"),
    ],
)
def test_doses(text: str, mg: str) -> None:
    assert parse_dose(text) == Decimal(mg)


@pytest.mark.parametrize(
    "text",
    ["abc", "-1", "nan", "inf", "1e400", "1E2", "1.5 g", "1,5", "", "1.", "٣", "1.5 mg mg", "0x10"],
)
def test_bad_doses(text: str) -> None:
    with pytest.raises(ValueError, match="is not a dose"):
        parse_dose(text)


@pytest.mark.parametrize(
    ("text", "nights"),
    [("14", 14), ("14d", 14), ("14 days", 14), ("2w", 14), ("1 week", 7), ("4W", 28), ("0", 0)],
)
def test_durations(text: str, nights: int) -> None:
    assert parse_duration(text) == nights


@pytest.mark.parametrize("text", ["", "two weeks", "1.5w", "-7", "14h", "1e3"])
def test_bad_durations(text: str) -> None:
    with pytest.raises(ValueError, match="is not a duration"):
        parse_duration(text)


def test_dates() -> None:
    assert parse_date("2026-12-01", TODAY) == date(2026, 12, 1)
    assert parse_date("today", TODAY) == TODAY
    assert parse_date("Tomorrow", TODAY) == date(2026, 11, 25)
    assert parse_date("2028-02-29", TODAY) == date(2028, 2, 29)


@pytest.mark.parametrize(
    "text", ["20261201", "2026-W49-2", "2026-12-01T22:00", "2026-12", "next week"]
)
def test_forms_python_would_accept_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match="is not a date"):
        parse_date(text, TODAY)


@pytest.mark.parametrize("text", ["2026-02-30", "2027-02-29", "2026-13-01"])
def test_impossible_dates(text: str) -> None:
    with pytest.raises(ValueError, match="not a real calendar date"):
        parse_date(text, TODAY)


@pytest.mark.parametrize("text", ["01/02/2026", "1.2.2026", "2026/12/01"])
def test_ambiguous_dates(text: str) -> None:
    with pytest.raises(ValueError, match="ambiguous"):
        parse_date(text, TODAY)
