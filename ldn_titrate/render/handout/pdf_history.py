"""What follows the dose table on the PDF's first page (split from :mod:`pdf`): the syringe
line and the changes to the plan, each kept with what it belongs to, never on a page alone.
"""

from __future__ import annotations

from fpdf import FPDF

from ldn_titrate.render.handout import content as content
from ldn_titrate.render.handout.pdf_parts import (
    MARGIN,
    PT,
    Sizes,
    bullet,
    heading,
    paragraph,
    text_height,
)


def history_height(pdf: FPDF, handout: content.Handout, sizes: Sizes) -> float:
    """The height of the changes under their heading."""
    title = handout.labels.history_heading
    height = sizes.line() * 0.8 + text_height(pdf, title, sizes.base * 1.3, True, pdf.epw)
    indent = sizes.base * PT * 1.5
    height += sum(
        text_height(pdf, line, sizes.base, False, pdf.epw - indent) + sizes.base * PT * 0.2
        for line in handout.history
    )
    return height


def after_table(pdf: FPDF, handout: content.Handout, sizes: Sizes) -> bool:
    """The syringe line (into the margin rather than onto a page alone), then the changes,
    together under their heading when they fit a page; True when they had to start a page."""
    syringe = handout.syringe_line
    if syringe:
        pdf.ln(sizes.line() * 0.3)
        height = text_height(pdf, syringe, sizes.base, True, pdf.epw)
        spill = pdf.will_page_break(height) and pdf.get_y() + height < pdf.h - MARGIN / 2
        pdf.set_auto_page_break(not spill, margin=MARGIN)
        paragraph(pdf, syringe, sizes.base, bold=True)
        pdf.set_auto_page_break(True, margin=MARGIN)
    if handout.history:
        title = handout.labels.history_heading
        height = history_height(pdf, handout, sizes)
        moved = pdf.will_page_break(height) and height < pdf.h - 2 * MARGIN
        if moved:
            pdf.add_page()
        heading(pdf, title, sizes)
        for line in handout.history:
            bullet(pdf, line, sizes.base)
        return moved
    return False
