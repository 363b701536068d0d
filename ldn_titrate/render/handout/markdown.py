"""The handout as Markdown, for pasting into a patient portal message.

The same content as the printed handout, in the same order. Every string goes through
:func:`ldn_titrate.render.markdown.escape` (ours too), which makes markup characters literal and
turns newlines into spaces, so nothing a user typed can start a link, an image, HTML or a table
cell. Calendar squares are table cells: the day, the dose, a word for a change, and a tick box.
"""

from __future__ import annotations

from ldn_titrate.core.model import Schedule
from ldn_titrate.render.handout import content as content
from ldn_titrate.render.handout import words as words
from ldn_titrate.render.handout.common import HandoutOptions
from ldn_titrate.render.markdown import escape

TICK_BOX = "☐"


def render(schedule: Schedule, options: HandoutOptions) -> str:
    handout = content.build(schedule, options)
    lines = [f"# {escape(handout.title)}", "", *_before_start(handout), ""]
    lines += [f"- **{escape(fact.label)}:** {escape(fact.value)}" for fact in handout.facts]
    lines += ["", *_doses(handout), *_history(handout), "", *_contact(handout)]
    for section in handout.sections:
        lines += ["", f"## {escape(section.heading)}", ""]
        lines += [f"- {escape(point)}" for point in section.points]
    lines += ["", "## Calendar", "", escape(words.TICK_HINT)]
    for month in handout.months:
        lines += ["", *_month(month)]
    lines += ["", f"_{escape(handout.reference)}_"]
    return "\n".join(lines) + "\n"


def _before_start(handout: content.Handout) -> list[str]:
    """First, as on the printed page. A heading, not a quote block: the text has no ``>`` at all."""
    box = handout.before_start
    return [f"## {escape(box.heading)}", "", *[f"- {escape(point)}" for point in box.points]]


def _history(handout: content.Handout) -> list[str]:
    if not handout.history:
        return []
    lines = ["", f"## {escape(words.HISTORY_HEADING)}", ""]
    return lines + [f"- {escape(line)}" for line in handout.history]


def _doses(handout: content.Handout) -> list[str]:
    headings = ["From", "To", "Nights", handout.dose_heading]
    if handout.show_amount:
        headings.append("What to take")
    noted = any(row.notes for row in handout.rows)
    if noted:
        headings.append("Notes")
    lines = ["## Your doses", "", _table_row(headings), _table_row(["---"] * len(headings))]
    for row in handout.rows:
        dose = escape(row.dose + (f" {row.when}" if row.when else ""))
        cells = [escape(row.first), escape(row.last), escape(row.nights), f"**{dose}**"]
        if handout.show_amount:
            cells.append(escape(row.amount or ""))
        if noted:
            cells.append(escape(" ".join(f"{note}." for note in row.notes)))
        lines.append(_table_row(cells))
    return lines


def _contact(handout: content.Handout) -> list[str]:
    lines = [f"## {escape(words.CONTACT_HEADING)}", ""]
    if handout.contact:
        lines.append(f"**{escape(handout.contact)}**")
        lines.append("")
    lines.append(escape(words.CONTACT_WHEN))
    if handout.notes:
        lines += ["", f"**{escape(words.NOTES_LABEL)}** {escape(handout.notes)}"]
    return lines


def _month(month: content.Month) -> list[str]:
    lines = [f"### {escape(month.title)}", "", escape(words.KEY_HEADING), ""]
    lines += [f"- {escape(line)}" for line in month.key]
    lines += ["", _table_row(list(content.WEEKDAYS)), _table_row(["---"] * 7)]
    lines += [_table_row([_cell(cell) for cell in week]) for week in month.weeks]
    return lines


def _cell(cell: content.Cell) -> str:
    if cell.day is None:
        return ""
    parts = [f"{cell.day.day}:" if cell.night is not None else str(cell.day.day)]
    night = cell.night
    if night is not None:
        dose = escape(night.dose)
        parts.append(f"**{dose} ({escape(night.marker)})**" if night.marker else dose)
        if night.when:
            parts.append(escape(night.when))
        if not night.paused:
            parts.append(TICK_BOX)
    if cell.review:
        parts.append(f"**{escape(words.REVIEW_MARK)}**")
    return " ".join(parts)


def _table_row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"
