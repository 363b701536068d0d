"""The wallet card in the fpdf2 handout: a dashed box of a bank card's size to cut out.

Split from :mod:`pdf_parts` to keep each module small.
"""

from __future__ import annotations

from fpdf import FPDF

from ldn_titrate.render.handout import words as words
from ldn_titrate.render.handout.pdf_parts import FONT, PT, text_height

_CARD = (85.6, 54.0, 3.0, 10.0)  # width, least height, padding (mm), type size (pt)


def card_height(pdf: FPDF, card: words.Section) -> float:
    """The card's height (a bank card's, unless the clinic's line runs longer) and the gap."""
    width, height, pad, size = _CARD
    needed = 2 * pad + text_height(pdf, card.heading, size, True, width - 2 * pad) + 1
    needed += sum(text_height(pdf, p, size, False, width - 2 * pad) + 1 for p in card.points)
    return max(height, needed) + 4


def card_box(pdf: FPDF, card: words.Section) -> None:
    """The wallet card: a dashed box of a bank card's size (85.6 × 54 mm) to cut out."""
    width, _, pad, size = _CARD
    height = card_height(pdf, card) - 4
    pdf.ln(4)
    if pdf.will_page_break(height):
        pdf.add_page()
    top = pdf.get_y()
    pdf.set_y(top + pad)
    for index, text in enumerate((card.heading, *card.points)):
        pdf.set_font(FONT, "B" if index == 0 else "", size)
        pdf.set_x(pdf.l_margin + pad)
        pdf.multi_cell(width - 2 * pad, size * PT * 1.35, text, align="L", new_x="LMARGIN")
        pdf.ln(1)
    pdf.set_line_width(0.5)
    pdf.set_dash_pattern(dash=2, gap=1.5)
    pdf.rect(pdf.l_margin, top, width, height)
    pdf.set_dash_pattern()
    pdf.set_line_width(0.3)
    pdf.set_y(top + height)
