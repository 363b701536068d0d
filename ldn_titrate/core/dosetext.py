"""The one formatter for doses, volumes and dates that a person reads.

ISMP and Joint Commission rules: a leading zero (0.5 mg), never a trailing zero after the
point (1 mg), a space before the unit, commas from 1,000, and units written in full (mg, mcg, mL).
Dates are written so that no reader can swap day and month (Tue 1 Dec 2026).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from ldn_titrate.core.vocab import Form

if TYPE_CHECKING:
    from ldn_titrate.core.model import Formulation


def format_number(value: Decimal) -> str:
    """Exact decimal text: no exponent, no trailing zero, a leading zero, commas from 1,000."""
    if not value.is_finite():
        raise ValueError(f"not a finite number: {value}")
    text = f"{value:,f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if text in ("-0", ""):
        text = "0"
    return text


def format_mg(value: Decimal) -> str:
    return f"{format_number(value)} mg"


def format_ml(value: Decimal) -> str:
    return f"{format_number(value)} mL"


_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def format_date(day: date) -> str:
    """``Tue 1 Dec 2026``: never a numeric date, and the same whatever the machine's locale."""
    return f"{_WEEKDAYS[day.weekday()]} {day.day} {_MONTHS[day.month - 1]} {day.year}"


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    word = singular if count == 1 else (plural_form or singular + "s")
    return f"{count:,} {word}"


def concentration_text(concentration_mg_per_ml: Decimal) -> str:
    return f"{format_number(concentration_mg_per_ml)} mg/mL"


def formulation_text(formulation: Formulation | None) -> str | None:
    """``oral liquid, 1 mg/mL`` or ``capsules of 1.5 mg, 3 mg``; None when not given."""
    if formulation is None:
        return None
    if formulation.form is Form.LIQUID and formulation.concentration_mg_per_ml is not None:
        return f"oral liquid, {concentration_text(formulation.concentration_mg_per_ml)}"
    strengths = ", ".join(format_mg(s) for s in formulation.strengths_mg or ())
    return f"capsules of {strengths}"
