"""The handout's headings, column names and marks in the patient's language, for the renderers
to place (split from :mod:`content`): a renderer never translates, it only lays out.

:class:`Labels` holds the English message ids as its defaults; :func:`labels` says each in the
patient's language, with the page's language tag (``<html lang>``, the PDF's language), the
weekday names over the month grids (CLDR's, through Babel, for a language other than English),
and, in a language that writes decimals with a comma, the sentence that says so once.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from ldn_titrate.core.dosetext import weekday_names
from ldn_titrate.core.language import N_, Language
from ldn_titrate.render.calendar.wording import DECIMAL_COMMA
from ldn_titrate.render.handout import words as words


@dataclass(frozen=True)
class Labels:
    """Each patient-facing label a renderer writes besides the content's sentences."""

    doses: str = N_("Your doses")
    first: str = N_("From")
    last: str = N_("To")
    nights: str = N_("Nights")
    days: str = N_("Days")
    what_to_take: str = N_("What to take")
    notes: str = N_("Notes")
    about: str = N_("About your plan")
    calendar: str = N_("Calendar")
    contact_heading: str = words.CONTACT_HEADING
    contact_when: str = words.CONTACT_WHEN
    notes_label: str = words.NOTES_LABEL
    key_heading: str = words.KEY_HEADING
    review_mark: str = words.REVIEW_MARK
    history_heading: str = words.HISTORY_HEADING
    # Not translated from a default: set by :func:`labels`.
    lang: str = "en"
    page_title: str = words.TITLE
    weekdays: tuple[str, ...] = weekday_names()
    decimal_note: str | None = None


_SAID = frozenset({"lang", "page_title", "weekdays", "decimal_note"})


def labels(language: Language, patient: str | None) -> Labels:
    """Every label in ``language``; the page's title names the patient when there is one."""
    t = language.text
    plain = Labels()
    said = {
        field.name: t(getattr(plain, field.name))
        for field in dataclasses.fields(Labels)
        if field.name not in _SAID
    }
    title = t(words.TITLE)
    if patient:
        title = t("{title} for {patient}").format(title=title, patient=patient)
    return Labels(
        **said,
        lang=language.tag,
        page_title=title,
        weekdays=weekday_names(language),
        decimal_note=t(DECIMAL_COMMA) if language.decimal_comma else None,
    )
