"""The handout as a PDF drawn with fpdf2 (the optional ``pdf`` extra), page for page like the HTML.

fpdf2 is pure Python and places every line itself, so the layout is exact and the same on every
machine: one page for the plan, one for the instructions (either may run onto a second page with
large print or very many steps), then exactly one page per calendar month with nights in it; the
month grid shrinks its rows to fit rather than break. fpdf2's built-in fonts are Latin-1 only, so
the DejaVu Sans shipped in ``ldn_titrate/fonts`` is embedded: names such as "Zoë Øster-Łukasz"
print. Text is placed as plain text (fpdf2's markdown stays off), so user text cannot style itself.
"""

from __future__ import annotations

from contextlib import ExitStack
from dataclasses import dataclass
from datetime import UTC, datetime, time
from importlib import resources

from fpdf import FPDF
from fpdf.fonts import FontFace

from ldn_titrate.model import Schedule
from ldn_titrate.render import handout_content as content
from ldn_titrate.render import handout_words as words
from ldn_titrate.render.handout_common import HandoutOptions, Paper

FONT = "DejaVu"
MARGIN = 12.0
_PT = 0.3528  # millimetres in a point
_FORMATS = {Paper.A4: "A4", Paper.LETTER: "Letter"}
_FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}
_GREY = 230
_PAD = 1.2  # inside a calendar square, mm
_ROW_MAX = 30.0  # the tallest a calendar row grows, mm


@dataclass(frozen=True)
class _Sizes:
    """Type sizes in points: 12 pt body text at least, 16 pt with large print."""

    base: float
    dose: float
    paused: float
    mark: float = 12.0

    def line(self, size: float | None = None) -> float:
        return (size or self.base) * _PT * 1.35


def render(schedule: Schedule, options: HandoutOptions) -> bytes:
    handout = content.build(schedule, options)
    large = options.large_print
    sizes = _Sizes(base=16, dose=16, paused=14) if large else _Sizes(base=12, dose=13, paused=12)
    pdf = FPDF(unit="mm", format=_FORMATS[options.paper])
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.set_auto_page_break(True, margin=MARGIN)
    pdf.set_creation_date(datetime.combine(options.made_on, time(), tzinfo=UTC))
    pdf.set_title(handout.title)
    pdf.set_lang("en")
    with ExitStack() as stack:
        for style, name in _FONT_FILES.items():
            path = stack.enter_context(
                resources.as_file(resources.files("ldn_titrate") / "fonts" / name)
            )
            pdf.add_font(FONT, style, str(path))
        _summary(pdf, handout, sizes)
        _instructions(pdf, handout, sizes)
        for month in handout.months:
            _month(pdf, month, handout, options, sizes)
        return bytes(pdf.output())


def _text(pdf: FPDF, text: str, size: float, *, bold: bool = False, indent: float = 0) -> None:
    """A paragraph across the page width (less ``indent``), moving the cursor below it."""
    pdf.set_font(FONT, "B" if bold else "", size)
    pdf.set_x(pdf.l_margin + indent)
    pdf.multi_cell(pdf.epw - indent, size * _PT * 1.35, text, align="L", new_x="LMARGIN")


def _heading(pdf: FPDF, text: str, sizes: _Sizes, scale: float = 1.3) -> None:
    pdf.ln(sizes.line() * 0.6)
    _text(pdf, text, sizes.base * scale, bold=True)
    pdf.ln(sizes.line() * 0.2)


def _summary(pdf: FPDF, handout: content.Handout, sizes: _Sizes) -> None:
    pdf.add_page()
    _text(pdf, handout.title, sizes.base * 1.7, bold=True)
    pdf.ln(sizes.line() * 0.4)
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
    _contact_box(pdf, handout, sizes)


def _dose_table(pdf: FPDF, handout: content.Handout, sizes: _Sizes) -> None:
    headings = ["From", "To", "Nights", "Dose each night"]
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
    pdf.set_font(style="")
    dose = min(dose, rest / 2) if rest - dose < 30 else dose
    return [*fixed, dose, rest - dose]


def _dose_cell(row: content.Row) -> str:
    return row.dose + (f" {row.when}" if row.when else "")


def _contact_box(pdf: FPDF, handout: content.Handout, sizes: _Sizes) -> None:
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
        2 * pad + blank + sum(_height(pdf, text, size, bold, inner) for text, size, bold in parts)
    )
    pdf.ln(sizes.line())
    if pdf.will_page_break(height):
        pdf.add_page()
    top = pdf.get_y()
    pdf.set_y(top + pad)
    for index, (text, size, bold) in enumerate(parts):
        _text(pdf, text, size, bold=bold, indent=pad)
        if index == 1 and not handout.contact:
            pdf.set_line_width(0.3)
            y = pdf.get_y() + blank - 2
            pdf.line(pdf.l_margin + pad, y, pdf.l_margin + pad + inner, y)
            pdf.ln(blank)
    pdf.set_line_width(1.0)
    pdf.rect(pdf.l_margin, top, pdf.epw, height)
    pdf.set_y(top + height)


def _height(pdf: FPDF, text: str, size: float, bold: bool, width: float) -> float:
    pdf.set_font(FONT, "B" if bold else "", size)
    return _line_count(pdf, width, text) * size * _PT * 1.35


def _line_count(pdf: FPDF, width: float, text: str) -> int:
    """How many lines ``text`` wraps to at ``width`` in the current font, without drawing it."""
    lines = pdf.multi_cell(width, 1, text, dry_run=True, output="LINES")
    assert isinstance(lines, list)
    return len(lines)


def _instructions(pdf: FPDF, handout: content.Handout, sizes: _Sizes) -> None:
    pdf.add_page()
    first = True
    for section in handout.sections:
        if not first:
            pdf.ln(sizes.line() * 0.6)
        first = False
        _text(pdf, section.heading, sizes.base * 1.3, bold=True)
        pdf.ln(sizes.line() * 0.2)
        for point in section.points:
            _bullet(pdf, point, sizes.base)


def _bullet(pdf: FPDF, text: str, size: float) -> None:
    pdf.set_font(FONT, "", size)
    y = pdf.get_y()
    indent = size * _PT * 1.5
    if pdf.will_page_break(size * _PT * 1.35 * 2):
        pdf.add_page()
        y = pdf.get_y()
    pdf.set_xy(pdf.l_margin, y)
    pdf.cell(indent, size * _PT * 1.35, "•")
    _text(pdf, text, size, indent=indent)
    pdf.ln(size * _PT * 0.3)


def _month(
    pdf: FPDF,
    month: content.Month,
    handout: content.Handout,
    options: HandoutOptions,
    sizes: _Sizes,
) -> None:
    pdf.set_auto_page_break(False)
    pdf.add_page()
    top = pdf.get_y()
    _text(pdf, month.title, sizes.base * 1.7, bold=True)
    if options.patient:
        pdf.set_font(FONT, "B", sizes.base)
        pdf.set_xy(pdf.l_margin, top + sizes.line(sizes.base * 1.7) - sizes.line())
        pdf.cell(pdf.epw, sizes.line(), options.patient, align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(sizes.line() * 0.3)
    _text(pdf, f"{words.TICK_HINT} {words.KEY_HEADING}", sizes.base)
    for line in month.key:
        _bullet(pdf, line, sizes.base)
    foot = handout.reference
    if handout.contact:
        foot = f"{words.CONTACT_HEADING}: {handout.contact}. {foot}"
    foot_h = _height(pdf, foot, sizes.base, False, pdf.epw)
    _grid(pdf, month, sizes, bottom=pdf.h - MARGIN - foot_h - 2)
    pdf.ln(2)
    _text(pdf, foot, sizes.base)
    pdf.set_auto_page_break(True, margin=MARGIN)


def _grid(pdf: FPDF, month: content.Month, sizes: _Sizes, bottom: float) -> None:
    """Seven columns, Monday first; rows share the height left on the page, 30 mm at most."""
    col = pdf.epw / 7
    head_h = sizes.line() + 2
    y = pdf.get_y() + 1
    pdf.set_line_width(0.3)
    pdf.set_font(FONT, "B", sizes.base)
    for index, name in enumerate(content.WEEKDAYS):
        pdf.set_xy(pdf.l_margin + index * col, y)
        pdf.cell(col, head_h, name, border=1, align="C")
    y += head_h
    needed = [max(_square_height(pdf, cell, col, sizes) for cell in week) for week in month.weeks]
    spare = max(0.0, (bottom - y - sum(needed)) / len(needed))
    for week, height in zip(month.weeks, needed, strict=True):
        row_h = max(height, min(_ROW_MAX, height + spare))
        for index, cell in enumerate(week):
            _square(pdf, cell, pdf.l_margin + index * col, y, col, row_h, sizes)
        y += row_h
    pdf.set_xy(pdf.l_margin, y)


def _square_height(pdf: FPDF, cell: content.Cell, w: float, sizes: _Sizes) -> float:
    """What a square needs: the day, the dose (two lines when paused) and any marker word."""
    height = 2 * _PAD + sizes.line()
    if cell.night is not None:
        size = _dose_size(cell.night, sizes)
        pdf.set_font(FONT, "B", size)
        height += _line_count(pdf, w - 2 * _PAD, cell.night.dose) * sizes.line(size)
    if cell.review or (cell.night is not None and cell.night.marker):
        height += sizes.line(sizes.mark)
    return height


def _dose_size(night: content.Night, sizes: _Sizes) -> float:
    return sizes.paused if night.dose == words.PAUSED_DOSE else sizes.dose


def _square(
    pdf: FPDF, cell: content.Cell, x: float, y: float, w: float, h: float, sizes: _Sizes
) -> None:
    night = cell.night
    off = cell.day is not None and night is None and not cell.review
    if off:
        pdf.set_fill_color(_GREY)
    pdf.set_line_width(0.3)
    pdf.rect(x, y, w, h, style="DF" if off else "D")
    if cell.day is None:
        return
    pad = _PAD
    pdf.set_font(FONT, "", sizes.base)
    pdf.set_xy(x + pad, y + pad)
    pdf.cell(w - 2 * pad, sizes.line(), str(cell.day.day))
    line_y = y + pad + sizes.line()
    if night is not None:
        box = 6.0
        pdf.set_line_width(0.5)
        pdf.rect(x + w - pad - box, y + pad, box, box)
        size = _dose_size(night, sizes)
        pdf.set_font(FONT, "" if night.dose == words.PAUSED_DOSE else "B", size)
        pdf.set_xy(x + pad, line_y)
        pdf.multi_cell(w - 2 * pad, sizes.line(size), night.dose, align="L")
        line_y = pdf.get_y()
    marker = night.marker if night is not None else None
    if cell.review:
        marker = words.REVIEW_MARK
    if marker is not None:
        pdf.set_font(FONT, "B", sizes.mark)
        pdf.set_xy(x + pad, line_y)
        pdf.cell(w - 2 * pad, sizes.line(sizes.mark), marker)
        thick = 1.2
        pdf.set_line_width(thick)
        pdf.rect(x + thick / 2, y + thick / 2, w - thick, h - thick)
    pdf.set_line_width(0.3)
