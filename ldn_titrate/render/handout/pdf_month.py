"""The month pages of the fpdf2 handout (split from :mod:`pdf_parts`): a month page is always
exactly one page: page breaks are off while it is drawn, the rows of its grid take the height
each needs (a paused night wraps to two lines) and share what is left, up to 30 mm each, and
the type shrinks a point at a time (never below 12 pt) until the month fits.
"""

from __future__ import annotations

from fpdf import FPDF

from ldn_titrate.render.handout import content as content
from ldn_titrate.render.handout import words as words
from ldn_titrate.render.handout.common import HandoutOptions
from ldn_titrate.render.handout.labels import Labels
from ldn_titrate.render.handout.pdf_parts import (
    FONT,
    MARGIN,
    PT,
    Sizes,
    bullet,
    line_count,
    paragraph,
    text_height,
)

_GREY = 230
_PAD = 1.2  # inside a calendar square, mm
_ROW_MAX = 30.0  # the tallest a calendar row grows, mm
_TICK = 6.0  # the tick box's side, mm


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
    labels = handout.labels
    hint = f"{handout.tick_hint} {labels.key_heading}"
    foot = handout.reference
    if handout.contact:
        foot = f"{labels.contact_heading}: {handout.contact}. {foot}"
    # The lines above and below the grid keep their size, unless the month fits no other way
    # (a longer language in large print): then they too go down to 12 pt.
    for size in dict.fromkeys((sizes.base, 12.0)):
        head = text_height(pdf, hint, size, False, pdf.epw)
        if handout.strength_line:
            head += text_height(pdf, handout.strength_line, size, True, pdf.epw)
        bottom = pdf.h - MARGIN - text_height(pdf, foot, size, False, pdf.epw) - 2
        room = bottom - pdf.get_y() - head
        key_size, squares, fits = _fitting(pdf, month, sizes, room, labels.review_mark)
        if fits:
            break
    if handout.strength_line:
        paragraph(pdf, handout.strength_line, size, bold=True)
    paragraph(pdf, hint, size)
    for line in month.key:
        bullet(pdf, line, key_size)
    _grid(pdf, month, squares, bottom=bottom, labels=labels)
    pdf.ln(2)
    paragraph(pdf, foot, size)
    pdf.set_auto_page_break(True, margin=MARGIN)


def _fitting(
    pdf: FPDF, month: content.Month, sizes: Sizes, room: float, review: str
) -> tuple[float, Sizes, bool]:
    """The key's type size and the squares' sizes that fit the month in ``room`` (mm): as given
    when they fit; else the key, then the squares, a point smaller at a time, never below 12 pt;
    and whether they fit at all (else the caller makes more room).
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
        else:
            return key, squares, False
    return key, squares, True


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
