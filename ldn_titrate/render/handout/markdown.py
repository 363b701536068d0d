"""The handout as Markdown, for pasting into a patient portal message.

The same content as the printed handout, in the same order. Every string goes through
:func:`ldn_titrate.render.markdown.escape` (ours too), which makes markup characters literal and
turns newlines into spaces, so nothing a user typed can start a link, an image, HTML or a table
cell. Calendar squares are table cells: the day, the dose, a word for a change, and a tick box.
"""

from __future__ import annotations

from ldn_titrate.core.model import Schedule
from ldn_titrate.render.handout import content as content
from ldn_titrate.render.handout.common import HandoutOptions
from ldn_titrate.render.handout.labels import Labels
from ldn_titrate.render.markdown import escape

TICK_BOX = "☐"


def render(schedule: Schedule, options: HandoutOptions) -> str:
    handout = content.build(schedule, options)
    lines = [f"# {escape(handout.title)}", "", *_before_start(handout), ""]
    # A heading between the two lists: in CommonMark two lists with only a blank line between
    # them are one list.
    labels = handout.labels
    lines += [f"## {escape(labels.about)}", ""]
    lines += [f"- **{escape(fact.label)}:** {escape(fact.value)}" for fact in handout.facts]
    lines += ["", *_contact(handout), "", *_doses(handout), *_history(handout)]
    for section in handout.sections:
        lines += ["", f"## {escape(section.heading)}", ""]
        lines += [f"- {escape(point)}" for point in section.points]
    lines += _card(handout)
    lines += ["", f"## {escape(labels.calendar)}", "", escape(handout.tick_hint)]
    for month in handout.months:
        lines += ["", *_month(month, handout.strength_line, labels)]
    lines += ["", f"_{escape(handout.reference)}_"]
    return "\n".join(lines) + "\n"


def _before_start(handout: content.Handout) -> list[str]:
    """First, as on the printed page. A heading, not a quote block: the text has no ``>`` at all."""
    box = handout.before_start
    return [f"## {escape(box.heading)}", "", *[f"- {escape(point)}" for point in box.points]]


def _history(handout: content.Handout) -> list[str]:
    if not handout.history:
        return []
    lines = ["", f"## {escape(handout.labels.history_heading)}", ""]
    return lines + [f"- {escape(line)}" for line in handout.history]


def _card(handout: content.Handout) -> list[str]:
    """The wallet card as a section of its own, to copy onto a card or print and cut out."""
    card = handout.card
    if card is None:
        return []
    return ["", f"## {escape(card.heading)}", "", *[f"- {escape(p)}" for p in card.points]]


def _doses(handout: content.Handout) -> list[str]:
    labels = handout.labels
    headings = [
        labels.first,
        labels.last,
        labels.nights if handout.period == "night" else labels.days,
    ]
    if handout.show_amount:
        headings.append(labels.what_to_take)
    headings.append(handout.dose_heading)
    noted = any(row.notes for row in handout.rows)
    if noted:
        headings.append(labels.notes)
    lines = [f"## {escape(labels.doses)}", ""]
    if labels.decimal_note:
        lines += [escape(labels.decimal_note), ""]
    lines += [_table_row([escape(h) for h in headings]), _table_row(["---"] * len(headings))]
    for row in handout.rows:
        dose = escape(row.dose + (f" {row.when}" if row.when else ""))
        cells = [escape(row.first), escape(row.last), escape(row.nights)]
        if handout.show_amount:
            cells.append(_amount(row))
            cells.append(dose)
        else:
            cells.append(f"**{dose}**")
        if noted:
            cells.append(escape(" ".join(f"{note}." for note in row.notes)))
        lines.append(_table_row(cells))
    if handout.syringe_line:
        lines += ["", f"**{escape(handout.syringe_line)}**"]
    return lines


def _amount(row: content.Row) -> str:
    if row.measure is None:
        return ""
    text = f"**{escape(row.measure)}**{escape(row.strength)}"
    return text + (f", {escape(row.syringe)}" if row.syringe else "")


def _contact(handout: content.Handout) -> list[str]:
    labels = handout.labels
    lines = [f"## {escape(labels.contact_heading)}", ""]
    if handout.contact:
        lines.append(f"**{escape(handout.contact)}**")
        lines.append("")
    lines.append(escape(labels.contact_when))
    if handout.zone_line:
        lines += ["", escape(handout.zone_line)]
    if handout.notes:
        lines += ["", f"**{escape(labels.notes_label)}** {escape(handout.notes)}"]
    return lines


def _month(month: content.Month, strength: str | None, labels: Labels) -> list[str]:
    lines = [f"### {escape(month.title)}", ""]
    if strength:  # each month, so its mL are read with the concentration
        lines += [f"**{escape(strength)}**", ""]
    lines += [escape(labels.key_heading), ""]
    lines += [f"- {escape(line)}" for line in month.key]
    lines += ["", _table_row([escape(day) for day in labels.weekdays]), _table_row(["---"] * 7)]
    lines += [
        _table_row([_cell(cell, labels.review_mark) for cell in week]) for week in month.weeks
    ]
    return lines


def _cell(cell: content.Cell, review: str) -> str:
    if cell.day is None:
        return ""
    parts = [f"{cell.day.day}:" if cell.night is not None else str(cell.day.day)]
    night = cell.night
    if night is not None:
        dose = escape(night.dose)
        parts.append(f"**{escape(night.measure)}** ({dose})" if night.measure else dose)
        if night.marker:
            parts.append(f"**{escape(night.marker)}**")
        if night.when:
            parts.append(escape(night.when))
        if not night.paused:
            parts.append(TICK_BOX)
    if cell.review:
        parts.append(f"**{escape(review)}**")
    return " ".join(parts)


def _table_row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"
