"""The instruction pages of the fpdf2 handout (split from :mod:`pdf`): each section in its
order, the last one with the wallet card on a page of its own, to cut out.

A section that does not fit the rest of a page but fits a page of its own starts the next
page, so no page is left with a sentence or two (a longer language runs onto more pages).
"""

from __future__ import annotations

from fpdf import FPDF

from ldn_titrate.render.handout import content as content
from ldn_titrate.render.handout import words as words
from ldn_titrate.render.handout.pdf_card import card_box
from ldn_titrate.render.handout.pdf_parts import PT, Sizes, bullet, paragraph, text_height


def section_height(pdf: FPDF, section: words.Section, sizes: Sizes) -> float:
    """The height a section takes: the gap, the heading and every bullet with its gap."""
    height = sizes.line() * 0.8 + text_height(pdf, section.heading, sizes.base * 1.3, True, pdf.epw)
    indent = sizes.base * PT * 1.5
    for point in section.points:
        height += text_height(pdf, point, sizes.base, False, pdf.epw - indent)
        height += sizes.base * PT * 0.2
    return height


def instructions(pdf: FPDF, handout: content.Handout, sizes: Sizes) -> None:
    pdf.add_page()
    first = True
    last = handout.sections[-1]
    for section in handout.sections:
        if section is last and handout.card is not None:
            # The last section and the card start a page: cutting the card out cuts nothing else.
            pdf.add_page()
            first = True
        page = pdf.h - pdf.t_margin - pdf.b_margin
        height = section_height(pdf, section, sizes)
        if not first and pdf.will_page_break(height) and height <= page:
            pdf.add_page()
            first = True
        if not first:
            pdf.ln(sizes.line() * 0.6)
        first = False
        paragraph(pdf, section.heading, sizes.base * 1.3, bold=True)
        pdf.ln(sizes.line() * 0.2)
        for point in section.points:
            bullet(pdf, point, sizes.base)
    if handout.card is not None:
        card_box(pdf, handout.card)
