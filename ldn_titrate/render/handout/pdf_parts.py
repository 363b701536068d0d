"""Drawing pieces for the fpdf2 handout: type sizes, paragraphs, bullets and boxes.

Split from :mod:`pdf` (the front pages) to keep each module small; the month pages are in
:mod:`pdf_month`.
"""

from __future__ import annotations

from dataclasses import dataclass

from fpdf import FPDF

FONT = "DejaVu"
MARGIN = 12.0
PT = 0.3528  # millimetres in a point


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


def heading(pdf: FPDF, text: str, sizes: Sizes, scale: float = 1.3) -> None:
    pdf.ln(sizes.line() * 0.6)
    paragraph(pdf, text, sizes.base * scale, bold=True)
    pdf.ln(sizes.line() * 0.2)


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
