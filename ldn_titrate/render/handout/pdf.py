"""The handout as a PDF drawn with fpdf2 (the optional ``pdf`` extra), page for page like the HTML.

fpdf2 is pure Python and places every line itself, so the layout is exact and the same on every
machine: one page for the plan ("Before you start" box, header, doses, any changes, clinic box), one
for the instructions (either may run onto a second page with large print or very many steps), then
exactly one page per calendar month with nights in it; the month grid shrinks its rows to fit rather
than break. fpdf2's built-in fonts are Latin-1 only, so the DejaVu Sans shipped in
``ldn_titrate/render/handout/fonts`` is embedded: names such as "Zoë Øster-Łukasz" print. Text is
placed as plain text (fpdf2's markdown stays off), so user text cannot style itself.
"""

from __future__ import annotations

import dataclasses
import functools
import unicodedata
from contextlib import ExitStack
from datetime import UTC, datetime, time
from importlib import resources

from fpdf import FPDF
from fpdf.fonts import FontFace

from ldn_titrate.core.errors import Problems
from ldn_titrate.core.model import Schedule
from ldn_titrate.render.handout import content as content
from ldn_titrate.render.handout import words as words
from ldn_titrate.render.handout.common import HandoutOptions, Paper
from ldn_titrate.render.handout.pdf_parts import (
    FONT,
    MARGIN,
    Sizes,
    bullet,
    bullet_box,
    month_page,
    paragraph,
    text_height,
)

_FORMATS = {Paper.A4: "A4", Paper.LETTER: "Letter"}
_FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}


def render(schedule: Schedule, options: HandoutOptions) -> bytes:
    handout = content.build(schedule, options)
    _check_printable(_glyphs(), handout, options)
    large = options.large_print
    sizes = Sizes(base=16, dose=16, paused=14) if large else Sizes(base=12, dose=13, paused=12)
    pdf = FPDF(unit="mm", format=_FORMATS[options.paper])
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.set_auto_page_break(True, margin=MARGIN)
    pdf.set_creation_date(datetime.combine(options.made_on, time(), tzinfo=UTC))
    pdf.set_title(handout.title)
    pdf.set_lang("en")
    with ExitStack() as stack:
        for style, name in _FONT_FILES.items():
            path = stack.enter_context(
                resources.as_file(resources.files("ldn_titrate.render.handout") / "fonts" / name)
            )
            pdf.add_font(FONT, style, str(path))
        _summary(pdf, handout, sizes)
        _instructions(pdf, handout, sizes)
        for month in handout.months:
            month_page(pdf, month, handout, options, sizes)
        return bytes(pdf.output())


@functools.cache
def _glyphs() -> frozenset[int]:
    """The characters both embedded faces (regular and bold) draw."""
    from fontTools.ttLib import TTFont  # type: ignore[import-untyped]  # fpdf2's dependency

    faces = []
    for name in _FONT_FILES.values():
        font_file = resources.files("ldn_titrate.render.handout") / "fonts" / name
        with resources.as_file(font_file) as path, TTFont(str(path), lazy=True) as font:
            faces.append(frozenset(font.getBestCmap()))
    return frozenset.intersection(*faces)


def _check_printable(
    glyphs: frozenset[int], handout: content.Handout, options: HandoutOptions
) -> None:
    """Refuse, naming them, the characters the embedded font cannot draw (Chinese, Korean, ...)
    or that fpdf2 cannot lay out without a text shaper (Arabic and Hebrew run right to left):
    a PDF that silently dropped a patient's name would be worse than none.
    """
    fields = {
        "--patient": options.patient,
        "--prescriber": options.prescriber,
        "--contact": options.contact,
        "--notes": options.notes,
    }
    problems = Problems()
    for flag, text in fields.items():
        bad = _unprintable(text or "", glyphs)
        if bad:
            problems.add(f"{flag}: --format pdf {_cannot(bad)}")
    others = _unprintable(" ".join(_texts(handout)), glyphs) if not problems else []
    if others:
        problems.add(f"the plan's text: --format pdf {_cannot(others)}")
    problems.raise_if_any()


def _cannot(characters: list[str]) -> str:
    shown = ", ".join(f"{char} (U+{ord(char):04X})" for char in characters[:8])
    more = f" and {len(characters) - 8} more" if len(characters) > 8 else ""
    return (
        f"cannot print {shown}{more}: its font (DejaVu Sans) has no such letters, or they run "
        "right to left, which it cannot lay out; use --format html and print from a browser"
    )


def _unprintable(text: str, glyphs: frozenset[int]) -> list[str]:
    found: list[str] = []
    for char in text:
        missing = not char.isspace() and ord(char) not in glyphs
        if (missing or unicodedata.bidirectional(char) in ("R", "AL")) and char not in found:
            found.append(char)
    return found


def _texts(value: object) -> list[str]:
    """Every string the handout will print (its dataclasses, tuples and strings, walked)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, tuple | list):
        return [text for item in value for text in _texts(item)]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [text for f in dataclasses.fields(value) for text in _texts(getattr(value, f.name))]
    return []


def _heading(pdf: FPDF, text: str, sizes: Sizes, scale: float = 1.3) -> None:
    pdf.ln(sizes.line() * 0.6)
    paragraph(pdf, text, sizes.base * scale, bold=True)
    pdf.ln(sizes.line() * 0.2)


def _summary(pdf: FPDF, handout: content.Handout, sizes: Sizes) -> None:
    pdf.add_page()
    paragraph(pdf, handout.title, sizes.base * 1.7, bold=True)
    pdf.ln(sizes.line() * 0.4)
    bullet_box(pdf, handout.before_start.heading, handout.before_start.points, sizes)
    pdf.ln(sizes.line() * 0.5)
    pdf.set_font(FONT, "", sizes.base)
    label_w = max(pdf.get_string_width(fact.label) for fact in handout.facts) + 5
    for fact in handout.facts:
        y = pdf.get_y()
        pdf.set_font(FONT, "", sizes.base)
        pdf.cell(label_w, sizes.line(), fact.label)
        pdf.set_font(FONT, "B", sizes.base)
        pdf.set_xy(pdf.l_margin + label_w, y)
        pdf.multi_cell(pdf.epw - label_w, sizes.line(), fact.value, align="L", new_x="LMARGIN")
    _heading(pdf, "Your doses", sizes)
    _dose_table(pdf, handout, sizes)
    if handout.history:
        _heading(pdf, words.HISTORY_HEADING, sizes)
        for line in handout.history:
            bullet(pdf, line, sizes.base)
    _contact_box(pdf, handout, sizes)


def _dose_table(pdf: FPDF, handout: content.Handout, sizes: Sizes) -> None:
    headings = ["From", "To", "Nights", handout.dose_heading]
    if handout.show_amount:
        headings.append("What to take")
    bold = FontFace(emphasis="BOLD")
    pdf.set_font(FONT, "", sizes.base)
    with pdf.table(
        col_widths=_column_widths(pdf, handout, len(headings)),
        line_height=sizes.line(),
        text_align="LEFT",
        padding=1.5,
        headings_style=bold,
        v_align="TOP",
    ) as table:
        heading_row = table.row()
        for heading in headings:
            heading_row.cell(heading)
        for item in handout.rows:
            row = table.row()
            for cell in (item.first, item.last, item.nights):
                row.cell(cell)
            row.cell(_dose_cell(item), style=bold)
            if handout.show_amount:
                row.cell(item.amount or "")
            if item.notes:
                note = " ".join(f"{text}." for text in item.notes)
                table.row().cell(note, colspan=len(headings))


def _column_widths(pdf: FPDF, handout: content.Handout, count: int) -> list[float]:
    """Dates and night counts unbroken when they fit; the dose and amount share what is left."""
    pad = 2 * 1.5 + 1
    fixed = [
        max(pdf.get_string_width(text) for text in column) + pad
        for column in (
            [row.first for row in handout.rows] + ["From"],
            [row.last for row in handout.rows] + ["To"],
            [row.nights for row in handout.rows] + ["Nights"],
        )
    ]
    rest = pdf.epw - sum(fixed)
    if rest < 0.4 * pdf.epw:  # large print: let the dates wrap instead
        return [2, 2, 1.4, 2.6, 2.6][:count]
    if count == 4:
        return [*fixed, rest]
    pdf.set_font(style="B")
    dose = max(pdf.get_string_width(_dose_cell(row)) for row in handout.rows) + pad
    # The heading may wrap between words, as the dose and amount may not.
    words_w = max(pdf.get_string_width(word) for word in handout.dose_heading.split())
    dose = max(dose, words_w + pad)
    pdf.set_font(style="")
    dose = min(dose, rest / 2) if rest - dose < 30 else dose
    return [*fixed, dose, rest - dose]


def _dose_cell(row: content.Row) -> str:
    return row.dose + (f" {row.when}" if row.when else "")


def _contact_box(pdf: FPDF, handout: content.Handout, sizes: Sizes) -> None:
    """A heavy box with the clinic's number (or a line to write it on) and the clinic's notes."""
    pad = 3.0
    inner = pdf.epw - 2 * pad
    parts: list[tuple[str, float, bool]] = [(words.CONTACT_HEADING, sizes.base * 1.3, True)]
    parts.append((handout.contact or words.CONTACT_BLANK, sizes.base, bool(handout.contact)))
    parts.append((words.CONTACT_WHEN, sizes.base, False))
    if handout.notes:
        parts += [(words.NOTES_LABEL, sizes.base, True), (handout.notes, sizes.base, False)]
    blank = 0.0 if handout.contact else sizes.line() * 1.5
    height = (
        2 * pad
        + blank
        + sum(text_height(pdf, text, size, bold, inner) for text, size, bold in parts)
    )
    pdf.ln(sizes.line())
    if pdf.will_page_break(height):
        pdf.add_page()
    top = pdf.get_y()
    pdf.set_y(top + pad)
    for index, (text, size, bold) in enumerate(parts):
        paragraph(pdf, text, size, bold=bold, indent=pad)
        if index == 1 and not handout.contact:
            pdf.set_line_width(0.3)
            y = pdf.get_y() + blank - 2
            pdf.line(pdf.l_margin + pad, y, pdf.l_margin + pad + inner, y)
            pdf.ln(blank)
    pdf.set_line_width(1.0)
    pdf.rect(pdf.l_margin, top, pdf.epw, height)
    pdf.set_y(top + height)


def _instructions(pdf: FPDF, handout: content.Handout, sizes: Sizes) -> None:
    pdf.add_page()
    first = True
    for section in handout.sections:
        if not first:
            pdf.ln(sizes.line() * 0.6)
        first = False
        paragraph(pdf, section.heading, sizes.base * 1.3, bold=True)
        pdf.ln(sizes.line() * 0.2)
        for point in section.points:
            bullet(pdf, point, sizes.base)
