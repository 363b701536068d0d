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

from contextlib import ExitStack
from datetime import UTC, datetime, time
from importlib import resources

from fpdf import FPDF
from fpdf.fonts import FontFace

from ldn_titrate.core.model import Schedule
from ldn_titrate.render.handout import chart as chart
from ldn_titrate.render.handout import content as content
from ldn_titrate.render.handout.common import HandoutOptions, Paper
from ldn_titrate.render.handout.pdf_glyphs import FONT_FILES, check_printable
from ldn_titrate.render.handout.pdf_history import after_table
from ldn_titrate.render.handout.pdf_instructions import instructions
from ldn_titrate.render.handout.pdf_month import month_page
from ldn_titrate.render.handout.pdf_parts import (
    FONT,
    MARGIN,
    Sizes,
    bullet_box,
    heading,
    line_count,
    paragraph,
    text_height,
)

_FORMATS = {Paper.A4: "A4", Paper.LETTER: "Letter"}


def render(schedule: Schedule, options: HandoutOptions) -> bytes:
    handout = content.build(schedule, options)
    check_printable(handout, options)
    data, alone = _document(handout, options, pull=False)
    if alone:  # the changes went onto a page of their own: the table's last rows go with them
        data, _ = _document(handout, options, pull=True)
    return data


def _document(handout: content.Handout, options: HandoutOptions, pull: bool) -> tuple[bytes, bool]:
    sizes = sizes_for(options.large_print)
    pdf = FPDF(unit="mm", format=_FORMATS[options.paper])
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.set_auto_page_break(True, margin=MARGIN)
    pdf.set_creation_date(datetime.combine(options.made_on, time(), tzinfo=UTC))
    pdf.set_title(handout.title)
    pdf.set_lang(handout.labels.lang)
    with ExitStack() as stack:
        for style, name in FONT_FILES.items():
            path = stack.enter_context(
                resources.as_file(resources.files("ldn_titrate.render.handout") / "fonts" / name)
            )
            pdf.add_font(FONT, style, str(path))
        alone = _summary(pdf, handout, sizes, pull)
        instructions(pdf, handout, sizes)
        for month in handout.months:
            month_page(pdf, month, handout, options, sizes)
        return bytes(pdf.output()), alone


def sizes_for(large_print: bool) -> Sizes:
    """Type sizes: large print enlarges the body, the doses and the marks on the squares."""
    if large_print:
        return Sizes(base=16, dose=16, paused=14, mark=14)
    return Sizes(base=12, dose=13, paused=12)


def _summary(pdf: FPDF, handout: content.Handout, sizes: Sizes, pull: bool) -> bool:
    """The first page; True when the changes to the plan had to start a page of their own."""
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
    _chart_and_contact(pdf, handout, sizes)
    heading(pdf, handout.labels.doses, sizes)
    if handout.labels.decimal_note:
        paragraph(pdf, handout.labels.decimal_note, sizes.base)
        pdf.ln(sizes.line() * 0.3)
    _dose_table(pdf, handout, sizes, pull)
    return after_table(pdf, handout, sizes)


def _dose_table(pdf: FPDF, handout: content.Handout, sizes: Sizes, pull: bool) -> None:
    """The doses as a table drawn a row at a time, each row with its note under it: a row and
    its note (a retried dose's condition, the restart warning) always share a page. With
    ``pull``, the last rows (three, or all but the first) start the next page.
    """
    labels = handout.labels
    headings = [
        labels.first,
        labels.last,
        labels.nights if handout.period == "night" else labels.days,
    ]
    if handout.show_amount:
        headings.append(labels.what_to_take)
    headings.append(handout.dose_heading)
    pdf.set_font(FONT, "", sizes.base)
    widths = _column_widths(pdf, handout, len(headings))
    scale = pdf.epw / sum(widths)
    widths = [w * scale for w in widths]
    groups: list[list[tuple[list[str], bool]]] = [[(headings, True)]]
    for item in handout.rows:
        cells = [item.first, item.last, item.nights]
        if handout.show_amount:
            cells += [_amount_cell(item), _dose_cell(item)]
        else:
            cells.append(_dose_cell(item))
        group = [(cells, False)]
        if item.notes:
            group.append(([" ".join(f"{text}." for text in item.notes)], False))
        groups.append(group)
    # The headings travel with the first row.
    groups = [groups[0] + groups[1], *groups[2:]] if len(groups) > 1 else groups
    bold_column = 3
    heights = [
        sum(_row_height(pdf, cells, widths, sizes, head) for cells, head in group)
        for group in groups
    ]
    for index, (group, height) in enumerate(zip(groups, heights, strict=True)):
        # No widow: when the rest will not fit, at least three rows go over to the next page.
        rest = sum(heights[index:])
        tail = len(groups) - index
        if (
            pdf.will_page_break(height)
            or (index > 0 and tail == _WIDOWS and pdf.will_page_break(rest))
            or (pull and index > 0 and tail == min(_WIDOWS, len(groups) - 1))
        ):
            pdf.add_page()
        with pdf.table(
            col_widths=widths,
            width=pdf.epw,
            line_height=sizes.line(),
            text_align="LEFT",
            padding=_CELL_PAD,
            first_row_as_headings=False,
            v_align="TOP",
        ) as table:
            for cells, head in group:
                row = table.row()
                if len(cells) == 1:
                    row.cell(cells[0], colspan=len(headings))
                    continue
                for index, text in enumerate(cells):
                    bold = head or index == bold_column
                    row.cell(text, style=FontFace(emphasis="BOLD") if bold else None)


_CELL_PAD = 1.5
_WIDOWS = 3  # the fewest table rows a page break leaves for the next page


def _row_height(
    pdf: FPDF, cells: list[str], widths: list[float], sizes: Sizes, head: bool
) -> float:
    """The height a table row takes: its tallest cell's wrapped lines, plus the padding."""
    spans = [sum(widths)] if len(cells) == 1 else widths
    lines = 1
    for index, (text, width) in enumerate(zip(cells, spans, strict=False)):
        pdf.set_font(FONT, "B" if head or index == 3 else "", sizes.base)
        lines = max(lines, line_count(pdf, width - 2 * _CELL_PAD, text))
    pdf.set_font(FONT, "", sizes.base)
    return lines * sizes.line() + 2 * _CELL_PAD + 0.5


def _column_widths(pdf: FPDF, handout: content.Handout, count: int) -> list[float]:
    """Dates and night counts unbroken when they fit; what to take and the dose share the rest."""
    pad = 2 * _CELL_PAD + 1
    fixed = [
        max(pdf.get_string_width(text) for text in column) + pad
        for column in (
            [row.first for row in handout.rows] + [handout.labels.first],
            [row.last for row in handout.rows] + [handout.labels.last],
            [row.nights for row in handout.rows] + [handout.labels.nights],
        )
    ]
    rest = pdf.epw - sum(fixed)
    if rest < 0.4 * pdf.epw:  # large print: let the dates wrap instead, never the count
        shares = [2, 2, 1.4, 2.6, 2.6][:count]
        unit = pdf.epw / sum(shares)
        more = max(0.0, fixed[2] / unit - shares[2])
        return [2 - more / 2, 2 - more / 2, shares[2] + more, *shares[3:]]
    if count == 4:
        return [*fixed, rest]
    pdf.set_font(style="B")
    amount = max(
        pdf.get_string_width(line) for row in handout.rows for line in _amount_cell(row).split("\n")
    )
    pdf.set_font(style="")
    amount = min(amount + pad, rest * 0.6)
    return [*fixed, amount, rest - amount]


def _amount_cell(row: content.Row) -> str:
    if row.measure is None:
        return ""
    text = row.measure + row.strength
    return text + (f"\n{row.syringe}" if row.syringe else "")


def _dose_cell(row: content.Row) -> str:
    return row.dose + (f" {row.when}" if row.when else "")


def _chart_and_contact(pdf: FPDF, handout: content.Handout, sizes: Sizes) -> None:
    """The dose chart and the clinic box side by side (normal print), or one above the other
    (large print). Each is drawn within narrowed margins, so it takes its half of the page.
    """
    if handout.chart is None:
        _contact_box(pdf, handout, sizes)
        return
    large = sizes.base > 12
    half = (pdf.epw - 6) / 2
    top = pdf.get_y()
    if not large:
        pdf.set_right_margin(MARGIN + half + 6)
    _contact_box(pdf, handout, sizes)
    bottom = pdf.get_y()
    if not large:
        pdf.set_right_margin(MARGIN)
        pdf.set_left_margin(MARGIN + half + 6)
        pdf.set_y(top + sizes.line())
    else:
        pdf.ln(sizes.line() * 0.5)
    caption = f"{handout.chart.title}. {handout.chart.caption}"
    height = 38.0 if large else 28.0
    needed = text_height(pdf, caption, sizes.base * 0.85, False, pdf.epw) + height
    if large and pdf.get_y() + needed > pdf.h:
        # The chart is drawn line by line: rather than run off the paper, it starts a page.
        pdf.add_page()
        bottom = pdf.get_y()
    paragraph(pdf, caption, sizes.base * 0.85)
    chart.draw(pdf, handout.chart, FONT, sizes.base * 0.75, height)
    pdf.set_left_margin(MARGIN)
    pdf.set_y(max(bottom, pdf.get_y()))


def _contact_box(pdf: FPDF, handout: content.Handout, sizes: Sizes) -> None:
    """A heavy box with the clinic's contact line (when known: never an empty label), the time
    zone when the clinic sets one, and the clinic's notes."""
    pad = 3.0
    inner = pdf.epw - 2 * pad
    labels = handout.labels
    parts: list[tuple[str, float, bool]] = [(labels.contact_heading, sizes.base * 1.3, True)]
    if handout.contact:  # unset: no empty label
        parts.append((handout.contact, sizes.base, True))
    parts.append((labels.contact_when, sizes.base, False))
    if handout.zone_line:
        parts.append((handout.zone_line, sizes.base, False))
    if handout.notes:
        parts += [(labels.notes_label, sizes.base, True), (handout.notes, sizes.base, False)]
    height = 2 * pad + sum(text_height(pdf, text, size, bold, inner) for text, size, bold in parts)
    pdf.ln(sizes.line())
    if pdf.will_page_break(height):
        pdf.add_page()
    top = pdf.get_y()
    pdf.set_y(top + pad)
    for text, size, bold in parts:
        paragraph(pdf, text, size, bold=bold, indent=pad)
    pdf.set_line_width(1.0)
    pdf.rect(pdf.l_margin, top, pdf.epw, height)
    pdf.set_line_width(0.3)
    pdf.set_y(top + height)
