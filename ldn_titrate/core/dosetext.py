"""The one formatter for doses, volumes and dates that a person reads.

ISMP and Joint Commission rules: a leading zero (0.5 mg), never a trailing zero after the
point (1 mg), a space before the unit, commas from 1,000, and units written in full (mg, mcg, mL).
Dates are written so that no reader can swap day and month (Tue 1 Dec 2026).

Every function takes an optional :class:`~ldn_titrate.core.language.Language`: its decimal
separator (``1,5 mg`` in es-ES, ``1.5 mg`` in es-US) and its full date form (day name, day, month
name, year in the locale's order, from CLDR). Units are never translated.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from ldn_titrate.core.language import ENGLISH, Language
from ldn_titrate.core.vocab import Form

if TYPE_CHECKING:
    from ldn_titrate.core.model import Formulation


def format_number(value: Decimal, language: Language = ENGLISH) -> str:
    """Exact decimal text: no exponent, no trailing zero, a leading zero, groups from 1,000;
    the separators are the language's (a comma-decimal locale groups with a no-break space)."""
    if not value.is_finite():
        raise ValueError(f"not a finite number: {value}")
    text = f"{value:,f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if text in ("-0", ""):
        text = "0"
    if language.decimal != "." or language.group != ",":
        whole, _, fraction = text.partition(".")
        whole = whole.replace(",", language.group)
        text = f"{whole}{language.decimal}{fraction}" if fraction else whole
    return text


def format_mg(value: Decimal, language: Language = ENGLISH) -> str:
    return f"{format_number(value, language)} mg"


def format_ml(value: Decimal, language: Language = ENGLISH) -> str:
    return f"{format_number(value, language)} mL"


_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def format_date(day: date, language: Language = ENGLISH) -> str:
    """``Tue 1 Dec 2026``: never a numeric date, and the same whatever the machine's locale.

    In another language, CLDR's full form: ``martes, 1 de diciembre de 2026``.
    """
    if not language.english:
        from babel.dates import format_date as cldr_date

        return cldr_date(day, "full", locale=language.babel_locale)
    return f"{_WEEKDAYS[day.weekday()]} {day.day} {_MONTHS[day.month - 1]} {day.year}"


def compact_date(day: date, language: Language = ENGLISH) -> str:
    """A date where room is short (a month's key): day name, day, month name and year still,
    abbreviated as English always is: ``Tue 1 Dec 2026``, ``mar, 1 dic 2026`` (CLDR)."""
    if not language.english:
        from babel.dates import format_skeleton

        return str(format_skeleton("yMMMEd", day, locale=language.babel_locale))
    return format_date(day)


def month_title(year: int, month: int, language: Language = ENGLISH) -> str:
    """A calendar page's title: ``December 2026``, ``diciembre de 2026``."""
    if not language.english:
        from babel.dates import format_skeleton

        title = format_skeleton("yMMMM", date(year, month, 1), locale=language.babel_locale)
        return title[:1].upper() + title[1:]
    return f"{_MONTH_NAMES[month - 1]} {year}"


_MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def weekday_names(language: Language = ENGLISH) -> tuple[str, ...]:
    """A calendar's column headings, Monday first: ``Mon`` … ``Sun``, ``Lun`` … ``Dom``."""
    if not language.english:
        from babel.dates import get_day_names

        names = get_day_names("abbreviated", "stand-alone", language.babel_locale)
        return tuple(names[day][:1].upper() + names[day][1:] for day in range(7))
    return _WEEKDAYS


def month_abbreviation(month: int, language: Language = ENGLISH) -> str:
    """A month under a chart's axis: ``Dec``, ``Dic``."""
    if not language.english:
        from babel.dates import get_month_names

        name = str(get_month_names("abbreviated", "stand-alone", language.babel_locale)[month])
        return name[:1].upper() + name[1:]
    return _MONTHS[month - 1]


def short_date(day: date, language: Language = ENGLISH) -> str:
    """A day and month for a mark on a chart (a list beside it gives the full date): ``10 Dec``,
    ``10 dic``."""
    if not language.english:
        from babel.dates import format_skeleton

        return str(format_skeleton("dMMM", day, locale=language.babel_locale))
    return f"{day.day} {_MONTHS[day.month - 1]}"


def counted(message: str, count: int, language: Language = ENGLISH) -> str:
    """A counted message (``language.ntext("{count} night", "{count} nights", n)``) with its
    count in the locale's digits."""
    return message.format(count=format_number(Decimal(count), language))


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    word = singular if count == 1 else (plural_form or singular + "s")
    return f"{count:,} {word}"


def concentration_text(concentration_mg_per_ml: Decimal, language: Language = ENGLISH) -> str:
    return f"{format_number(concentration_mg_per_ml, language)} mg/mL"


def formulation_text(formulation: Formulation | None, language: Language = ENGLISH) -> str | None:
    """``oral liquid, 1 mg/mL`` or ``capsules of 1.5 mg, 3 mg``; None when not given."""
    if formulation is None:
        return None
    if formulation.form is Form.LIQUID and formulation.concentration_mg_per_ml is not None:
        concentration = concentration_text(formulation.concentration_mg_per_ml, language)
        return language.text("oral liquid, {concentration}").format(concentration=concentration)
    strengths = ", ".join(format_mg(s, language) for s in formulation.strengths_mg or ())
    return language.text("capsules of {strengths}").format(strengths=strengths)
