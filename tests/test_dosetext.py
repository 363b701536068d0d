"""Dose text follows the ISMP rules everywhere a person reads it."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ldn_titrate.core.dosetext import format_date, format_mg, format_ml, format_number, plural

# 0.001 mg to 6 mg in steps of a microgram.
micrograms = st.integers(min_value=1, max_value=6000).map(lambda n: Decimal(n) / 1000)


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ("0.001", "0.001 mg"),
        ("0.025", "0.025 mg"),
        ("0.1", "0.1 mg"),
        ("0.5", "0.5 mg"),
        ("0.50", "0.5 mg"),
        ("1", "1 mg"),
        ("1.0", "1 mg"),
        ("1.000", "1 mg"),
        ("1.125", "1.125 mg"),
        ("4.5", "4.5 mg"),
        ("6", "6 mg"),
        ("10", "10 mg"),
        ("1E+1", "10 mg"),
        ("1500", "1,500 mg"),
    ],
)
def test_format_mg_examples(value: str, text: str) -> None:
    assert format_mg(Decimal(value)) == text


@given(micrograms)
def test_every_dose_from_one_microgram_to_six_mg_is_safe(dose: Decimal) -> None:
    text = format_mg(dose)
    number = text.removesuffix(" mg")
    assert text.endswith(" mg")
    assert not number.startswith(".")
    assert not re.search(r"\.[0-9]*0$", number), text  # no trailing zero
    assert "e" not in number.lower()
    assert Decimal(number) == dose  # exact


@given(st.decimals(min_value=0, max_value=10_000, places=3, allow_nan=False))
def test_number_round_trips_exactly(value: Decimal) -> None:
    assert Decimal(format_number(value).replace(",", "")) == value


def test_format_number_refuses_nan() -> None:
    with pytest.raises(ValueError, match="finite"):
        format_number(Decimal("NaN"))


def test_zero_and_volumes() -> None:
    assert format_number(Decimal("0.000")) == "0"
    assert format_ml(Decimal("1.50")) == "1.5 mL"
    assert format_ml(Decimal("0.75")) == "0.75 mL"


def test_dates_are_never_numeric() -> None:
    assert format_date(date(2026, 12, 1)) == "Tue 1 Dec 2026"
    assert format_date(date(2028, 2, 29)) == "Tue 29 Feb 2028"


def test_plural() -> None:
    assert plural(1, "night") == "1 night"
    assert plural(14, "night") == "14 nights"
    assert plural(1000, "night") == "1,000 nights"
