"""The order sheet as one HTML document with print CSS (a browser, or the PDF engine that
prints the handout's HTML, prints it on the clinic's paper)."""

from __future__ import annotations

from html import escape

from ldn_titrate.core.model import Schedule
from ldn_titrate.render.prescription.options import PrescriptionOptions
from ldn_titrate.render.prescription.order_sheet import OrderSheet, build

HEADINGS = ("Fill", "Nights", "Needed by", "Compound between", "Quantity", "Need")

STYLE = """
@page { size: PAPER; margin: 15mm; }
body { font-family: Arial, Helvetica, sans-serif; font-size: 11pt; line-height: 1.35;
       color: #000; max-width: 48rem; margin: 1rem auto; }
h1 { font-size: 16pt; margin: 0 0 0.6rem; }
h2 { font-size: 12.5pt; margin: 1rem 0 0.4rem; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.15rem 1rem; margin: 0; }
dl.facts dt { font-weight: bold; }
dl.facts dd { margin: 0; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #000; padding: 0.25rem 0.4rem; text-align: left; vertical-align: top; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
.sig { border: 2px solid #000; padding: 0.5rem; }
@media print { body { margin: 0; max-width: none; } }
"""


def page(sheet: OrderSheet) -> str:
    out = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f"<title>{escape(sheet.title)}</title>",
        f"<style>{STYLE.replace('PAPER', sheet.paper)}</style>",
        "</head>",
        "<body>",
        f"<h1>{escape(sheet.title)}</h1>",
        '<dl class="facts">',
    ]
    for label, value in sheet.facts:
        out.append(f"<dt>{escape(label)}</dt><dd>{escape(value)}</dd>")
    out += ["</dl>", "<h2>Fills</h2>"]
    if sheet.fills:
        out.append("<table>")
        out.append("<thead><tr>" + "".join(f"<th>{h}</th>" for h in HEADINGS) + "</tr></thead>")
        out.append("<tbody>")
        for row in sheet.fills:
            cells = (row.number, row.nights, row.needed_by, row.compound, row.quantity, row.need)
            out.append("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in cells) + "</tr>")
        out += ["</tbody>", "</table>"]
    out += [f"<p>{escape(note)}</p>" for note in sheet.notes]
    out += ["<h2>Directions</h2>", f'<p class="sig">{escape(sheet.directions)}</p>']
    if sheet.short_directions is not None:
        out += [
            "<h2>Directions, short form (140 characters)</h2>",
            f'<p class="sig">{escape(sheet.short_directions)}</p>',
        ]
    out += ["</body>", "</html>"]
    return "\n".join(out) + "\n"


def render(schedule: Schedule, options: PrescriptionOptions | None = None) -> str:
    return page(build(schedule, options or PrescriptionOptions()))
