"""The order sheet as Markdown, on the same content as the HTML."""

from __future__ import annotations

from ldn_titrate.core.model import Schedule
from ldn_titrate.render.markdown import escape
from ldn_titrate.render.prescription.options import PrescriptionOptions
from ldn_titrate.render.prescription.order_html import HEADINGS
from ldn_titrate.render.prescription.order_sheet import build


def render(schedule: Schedule, options: PrescriptionOptions | None = None) -> str:
    sheet = build(schedule, options or PrescriptionOptions())
    out = [f"# {escape(sheet.title)}", ""]
    out += [f"- **{escape(label)}:** {escape(value)}" for label, value in sheet.facts]
    out += ["", "## Fills", ""]
    if sheet.fills:
        out.append("| " + " | ".join(HEADINGS) + " |")
        out.append("|" + " --- |" * len(HEADINGS))
        for row in sheet.fills:
            cells = (row.number, row.nights, row.needed_by, row.compound, row.quantity, row.need)
            out.append("| " + " | ".join(escape(c) for c in cells) + " |")
        out.append("")
    out += [escape(note) + "\n" for note in sheet.notes]
    out += ["## Directions", "", escape(sheet.directions), ""]
    if sheet.short_directions is not None:
        out += [
            "## Directions, short form (140 characters)",
            "",
            escape(sheet.short_directions),
            "",
        ]
    return "\n".join(out)
