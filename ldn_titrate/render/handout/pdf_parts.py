"""Drawing pieces for the fpdf2 handout: type sizes, paragraphs, bullets and the month pages.

Split from :mod:`handout_pdf` (the front pages) to keep each module small. A month page is always
exactly one page: page breaks are off while it is drawn, and the rows of its grid take the height
each needs (a paused night wraps to two lines) and share what is left, up to 30 mm each.
"""

from __future__ import annotations

from dataclasses import dataclass

from fpdf import FPDF

from ldn_titrate.render.handout import content as content
from ldn_titrate.render.handout import words as words
from ldn_titrate.render.handout.common import HandoutOptions
from ldn_titrate.render.handout.labels import Labels

FONT = "DejaVu"
MARGIN = 12.0
PT = 0.3528  # millimetres in a point
_GREY = 230
_PAD = 1.2  # inside a calendar square, mm
_ROW_MAX = 30.0  # the tallest a calendar row grows, mm
_TICK = 6.0  # the tick box's side, mm


@dataclass(frozen=True)
class Sizes:
    """Type sizes in points: 12 pt body text at least, 16 pt with large print."""

    base: float
    dose: float
    paused: float
    mark: float = 12.0

    def line(self, size: float | None = None) -> float:
        return (size or self.base) * PT * 1.35


def paragraph(pdf: FPDF, text: str, size: float, *, bold: bool = False, indent: float = 0) -> None:
    """A paragraph across the page width (less ``indent``), moving the cursor below it."""
    pdf.set_font(FONT, "B" if bold else "", size)
    pdf.set_x(pdf.l_margin + indent)
    pdf.multi_cell(pdf.epw - indent, size * PT * 1.35, text, align="L", new_x="LMARGIN")


def text_height(pdf: FPDF, text: str, size: float, bold: bool, width: float) -> float:
    """The height :func:`paragraph` would take, so a box can be sized before it is drawn."""
    pdf.set_font(FONT, "B" if bold else "", size)
    return line_count(pdf, width, text) * size * PT * 1.35


def line_count(pdf: FPDF, width: float, text: str) -> int:
    """How many lines ``text`` wraps to at ``width`` in the current font, without drawing it."""
    lines = pdf.multi_cell(width, 1, text, dry_run=True, output="LINES")
    assert isinstance(lines, list)
    return len(lines)


def bullet(pdf: FPDF, text: str, size: float) -> None:
    """A bullet point; one of up to four lines is never split by a page (no lone last line)."""
    indent = size * PT * 1.5
    height = min(text_height(pdf, text, size, False, pdf.epw - indent), size * PT * 1.35 * 4)
    y = pdf.get_y()
    if pdf.will_page_break(max(height, size * PT * 1.35 * 2)):
        pdf.add_page()
        y = pdf.get_y()
    pdf.set_xy(pdf.l_margin, y)
    pdf.cell(indent, size * PT * 1.35, "•")
    paragraph(pdf, text, size, indent=indent)
    pdf.ln(size * PT * 0.2)


def bullet_box(pdf: FPDF, heading: str, points: tuple[str, ...], sizes: Sizes) -> None:
    """A heading and bullets inside a heavy border, sized before it is drawn (never split)."""
    pad = 3.0
    indent = sizes.base * PT * 1.5
    inner = pdf.epw - 2 * pad
    gap = sizes.base * PT * 0.3
    height = 2 * pad + text_height(pdf, heading, sizes.base * 1.3, True, inner)
    height += sum(text_height(pdf, p, sizes.base, False, inner - indent) + gap for p in points)
    if pdf.will_page_break(height):
        pdf.add_page()
    top = pdf.get_y()
    pdf.set_y(top + pad)
    paragraph(pdf, heading, sizes.base * 1.3, bold=True, indent=pad)
    for point in points:
        pdf.set_font(FONT, "", sizes.base)
        y = pdf.get_y()
        pdf.set_xy(pdf.l_margin + pad, y)
        pdf.cell(indent, sizes.line(), "•")
        pdf.set_xy(pdf.l_margin + pad + indent, y)
        pdf.multi_cell(inner - indent, sizes.line(), point, align="L", new_x="LMARGIN")
        pdf.ln(gap)
    pdf.set_line_width(1.0)
    pdf.rect(pdf.l_margin, top, pdf.epw, height)
    pdf.set_line_width(0.3)
    pdf.set_y(top + height)


def month_page(
    pdf: FPDF,
    month: content.Month,
    handout: content.Handout,
    options: HandoutOptions,
    sizes: Sizes,
) -> None:
    pdf.set_auto_page_break(False)
    pdf.add_page()
    top = pdf.get_y()
    paragraph(pdf, month.title, sizes.base * 1.7, bold=True)
    if options.patient:
        pdf.set_font(FONT, "B", sizes.base)
        pdf.set_xy(pdf.l_margin, top + sizes.line(sizes.base * 1.7) - sizes.line())
        pdf.cell(pdf.epw, sizes.line(), options.patient, align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(sizes.line() * 0.3)
    if handout.strength_line:
        paragraph(pdf, handout.strength_line, sizes.base, bold=True)
    labels = handout.labels
    paragraph(pdf, f"{handout.tick_hint} {labels.key_heading}", sizes.base)
    foot = handout.reference
    if handout.contact:
        foot = f"{labels.contact_heading}: {handout.contact}. {foot}"
    foot_h = text_height(pdf, foot, sizes.base, False, pdf.epw)
    bottom = pdf.h - MARGIN - foot_h - 2
    key_size, squares = _fitting(pdf, month, sizes, bottom - pdf.get_y(), labels.review_mark)
    for line in month.key:
        bullet(pdf, line, key_size)
    _grid(pdf, month, squares, bottom=bottom, labels=labels)
    pdf.ln(2)
    paragraph(pdf, foot, sizes.base)
    pdf.set_auto_page_break(True, margin=MARGIN)


def _fitting(
    pdf: FPDF, month: content.Month, sizes: Sizes, room: float, review: str
) -> tuple[float, Sizes]:
    """The key's type size and the squares' sizes that fit the month in ``room`` (mm): as given
    when they fit; else the key, then the squares, a point smaller at a time, never below 12 pt.
    Nothing is ever drawn past the page's edge.
    """
    col = pdf.epw / 7

    def key_height(size: float) -> float:
        indent = size * PT * 1.5
        return sum(
            text_height(pdf, line, size, False, pdf.epw - indent) + size * PT * 0.2
            for line in month.key
        )

    def grid_height(squares: Sizes) -> float:
        rows = [
            max(_squareheight(pdf, c, col, squares, review) for c in week) for week in month.weeks
        ]
        return squares.line() + 3 + sum(rows)

    key, squares = sizes.base, sizes
    while key_height(key) + grid_height(squares) > room:
        if key > 12:
            key -= 1
        elif squares.dose > 12 or squares.mark > 12:
            squares = Sizes(
                base=max(12.0, squares.base - 1),
                dose=max(12.0, squares.dose - 1),
                paused=max(12.0, squares.paused - 1),
                mark=max(12.0, squares.mark - 1),
            )
        else:  # pragma: no cover - 12 pt everywhere fits any month on A4 and Letter
            break
    return key, squares


def _grid(pdf: FPDF, month: content.Month, sizes: Sizes, bottom: float, labels: Labels) -> None:
    """Seven columns, Monday first; rows share the height left on the page, 30 mm at most."""
    col = pdf.epw / 7
    head_h = sizes.line() + 2
    y = pdf.get_y() + 1
    pdf.set_line_width(0.3)
    pdf.set_font(FONT, "B", sizes.base)
    for index, name in enumerate(labels.weekdays):
        pdf.set_xy(pdf.l_margin + index * col, y)
        pdf.cell(col, head_h, name, border=1, align="C")
    y += head_h
    review = labels.review_mark
    needed = [
        max(_squareheight(pdf, cell, col, sizes, review) for cell in week) for week in month.weeks
    ]
    spare = max(0.0, (bottom - y - sum(needed)) / len(needed))
    for week, height in zip(month.weeks, needed, strict=True):
        row_h = max(height, min(_ROW_MAX, height + spare))
        for index, cell in enumerate(week):
            _square(pdf, cell, pdf.l_margin + index * col, y, col, row_h, sizes, review)
        y += row_h
    pdf.set_xy(pdf.l_margin, y)


def _squareheight(pdf: FPDF, cell: content.Cell, w: float, sizes: Sizes, review: str) -> float:
    """What a square needs: the day, the dose (two lines when paused) and any marker word."""
    height = 2 * _PAD + sizes.line()
    if cell.night is not None:
        size = _dose_size(cell.night, sizes)
        pdf.set_font(FONT, "B", size)
        first = cell.night.measure or cell.night.dose
        height += line_count(pdf, w - 2 * _PAD, first) * sizes.line(size)
        if cell.night.measure is not None:
            pdf.set_font(FONT, "", sizes.mark)
            height += line_count(pdf, w - 2 * _PAD, cell.night.dose) * sizes.line(sizes.mark)
        if cell.night.when:
            height += sizes.line(sizes.mark)
    marker = review if cell.review else (cell.night.marker if cell.night else None)
    if marker is not None:
        pdf.set_font(FONT, "B", sizes.mark)
        height += line_count(pdf, w - 2 * _PAD, marker) * sizes.line(sizes.mark)
    return height


def too_wide(
    pdf: FPDF, cell: content.Cell, sizes: Sizes, review: str = words.REVIEW_MARK
) -> list[str]:
    """The words of ``cell`` wider than its square on this page (the layout test wants none):
    every line of a square wraps between words, so only a word alone can overflow.
    """
    width = pdf.epw / 7 - 2 * _PAD
    night = cell.night
    lines: list[tuple[str, str, float]] = []
    if night is not None:
        lines.append(
            (night.measure or night.dose, "" if night.paused else "B", _dose_size(night, sizes))
        )
        if night.measure is not None:
            lines.append((night.dose, "", sizes.mark))
        if night.when:
            lines.append((night.when, "", sizes.mark))
        if night.marker:
            lines.append((night.marker, "B", sizes.mark))
    if cell.review:
        lines.append((review, "B", sizes.mark))
    out = []
    for text, style, size in lines:
        pdf.set_font(FONT, style, size)
        out += [word for word in text.split() if pdf.get_string_width(word) > width]
    return out


def _dose_size(night: content.Night, sizes: Sizes) -> float:
    return sizes.paused if night.paused else sizes.dose


def _square(pdf: FPDF, cell: content.Cell, x: float, y: float, w: float, h: float,
            sizes: Sizes, review: str) -> None:  # fmt: skip
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
        if not night.paused:
            pdf.set_line_width(0.5)
            pdf.rect(x + w - pad - _TICK, y + pad, _TICK, _TICK)
        size = _dose_size(night, sizes)
        pdf.set_font(FONT, "" if night.paused else "B", size)
        pdf.set_xy(x + pad, line_y)
        pdf.multi_cell(w - 2 * pad, sizes.line(size), night.measure or night.dose, align="L")
        line_y = pdf.get_y()
        if night.measure is not None:
            pdf.set_font(FONT, "", sizes.mark)
            pdf.set_xy(x + pad, line_y)
            pdf.multi_cell(w - 2 * pad, sizes.line(sizes.mark), night.dose, align="L")
            line_y = pdf.get_y()
        if night.when:
            pdf.set_font(FONT, "", sizes.mark)
            pdf.set_xy(x + pad, line_y)
            pdf.cell(w - 2 * pad, sizes.line(sizes.mark), night.when)
            line_y += sizes.line(sizes.mark)
    marker = night.marker if night is not None else None
    if cell.review:
        marker = review
    if marker is not None:
        pdf.set_font(FONT, "B", sizes.mark)
        pdf.set_xy(x + pad, line_y)
        pdf.multi_cell(w - 2 * pad, sizes.line(sizes.mark), marker, align="L")
        thick = 1.2
        pdf.set_line_width(thick)
        pdf.rect(x + thick / 2, y + thick / 2, w - thick, h - thick)
    pdf.set_line_width(0.3)
