"""The handout as one self-contained HTML page, made to be printed from any browser.

Inline CSS only: no script, no web font, no image, nothing fetched. Printed, it is one page for
the plan ("Before you start" box, header, dose table, any changes, clinic box), one page of
instructions, then one page per calendar
month the plan has nights in. Every string is escaped with :func:`html.escape`, ours and the
user's alike, so a name such as ``</td><img src=x onerror=...>`` prints as text
(:mod:`.markup`).
"""

from __future__ import annotations

import html

from ldn_titrate.core.model import Schedule
from ldn_titrate.render.handout import chart as chart
from ldn_titrate.render.handout import content as content
from ldn_titrate.render.handout.common import HandoutOptions, Paper
from ldn_titrate.render.handout.fonts import font_family
from ldn_titrate.render.handout.markup import escape, isolated
from ldn_titrate.render.handout.style import CSS, LONGER_WORDS

_PAGE_SIZE = {Paper.A4: "A4", Paper.LETTER: "letter"}
_WIDOWS = 3  # the fewest table rows a page break leaves for the next page


def render(schedule: Schedule, options: HandoutOptions) -> str:
    return page(content.build(schedule, options), options)


def page(handout: content.Handout, options: HandoutOptions) -> str:
    """The whole HTML document for ``handout`` (the layout test lays out made-up months too)."""
    css = CSS % {
        "page": _PAGE_SIZE[options.paper],
        "family": font_family(),
        "base": "16pt" if options.large_print else "12pt",
        "cell": "20mm" if options.large_print else "26mm",
        "month_title": "1.4rem" if options.large_print else "1.7rem",
        "key": "14pt" if options.large_print else "12pt",
        "month_margin": "6mm" if options.large_print else "8mm",
        "dose": "16pt" if options.large_print else "13pt",
        "paused": "14pt" if options.large_print else "12pt",
        "mark": "13pt" if options.large_print else "12pt",
        "pair": "1fr" if options.large_print else "1fr 1fr",
        # English dates fit on one line (Tue 1 Dec 2026); longer ones wrap between words.
        "date_wrap": "nowrap" if options.language.english and not options.large_print else "normal",
    }
    if not options.language.english:
        large = options.large_print
        css += LONGER_WORDS % {
            "cell": "18mm" if large else "24mm",
            "key": "12pt",  # a long key (a retried dose, a restart) keeps its month on a page
        }
    labels = handout.labels
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{html.escape(labels.lang)}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{html.escape(labels.page_title)}</title>",
        f"<style>\n{css}</style>",
        "</head>",
        "<body>",
        "<main>",
        *_summary(handout, options.large_print),
        *_instructions(handout),
    ]
    for month in handout.months:
        parts += _month(month, handout, options)
    parts += ["</main>", "</body>", "</html>"]
    return "\n".join(parts) + "\n"


def _summary(handout: content.Handout, large_print: bool) -> list[str]:
    before = handout.before_start
    out = [
        '<section class="summary">',
        f"<h1>{escape(handout.title)}</h1>",
        '<div class="box before">',
        f"<h2>{escape(before.heading)}</h2>",
        "<ul>",
        *[f"<li>{escape(point)}</li>" for point in before.points],
        "</ul>",
        "</div>",
        '<table class="facts">',
    ]
    out += [
        f'<tr><th scope="row">{escape(fact.label)}</th><td>{_fact(fact)}</td></tr>'
        for fact in handout.facts
    ]
    out += ["</table>", '<div class="pair">', *_contact_box(handout), *_chart(handout, large_print)]
    out.append("</div>")
    labels = handout.labels
    out.append(f"<h2>{escape(labels.doses)}</h2>")
    if labels.decimal_note:
        out.append(f'<p class="decimal">{escape(labels.decimal_note)}</p>')
    out.append('<table class="doses">')
    headings = [
        labels.first,
        labels.last,
        labels.nights if handout.period == "night" else labels.days,
    ]
    if handout.show_amount:
        headings.append(labels.what_to_take)
    headings.append(handout.dose_heading)
    out.append(
        "<thead><tr>"
        + "".join(f'<th scope="col">{escape(h)}</th>' for h in headings)
        + "</tr></thead>"
    )
    # When the table runs onto another page, its last rows keep together: never one row alone.
    tail = max(len(handout.rows) - _WIDOWS, 0)
    out.append('<tbody class="tail">' if tail == 0 else "<tbody>")
    for index, row in enumerate(handout.rows):
        if index == tail and index > 0:
            out += ["</tbody>", '<tbody class="tail">']
        cells = [row.first, row.last, row.nights]
        line = "".join(f'<td class="unbroken">{escape(cell)}</td>' for cell in cells)
        when = f" {escape(row.when)}" if row.when else ""
        if handout.show_amount:
            line += f'<td class="amount">{_amount(row)}</td>'
            line += f"<td>{escape(row.dose)}{when}</td>"
        else:
            line += f"<td><strong>{escape(row.dose)}</strong>{when}</td>"
        if not row.notes:
            out.append(f"<tr>{line}</tr>")
            continue
        # The note row prints on the same page as its step: a body of its own that never splits.
        note = " ".join(f"{note}." for note in row.notes)
        if index >= tail:  # already in a body that never splits
            out.append(f'<tr class="noted">{line}</tr>')
            out.append(f'<tr class="note"><td colspan="{len(headings)}">{escape(note)}</td></tr>')
            continue
        out += [
            "</tbody>",
            '<tbody class="noted">',
            f'<tr class="noted">{line}</tr>',
            f'<tr class="note"><td colspan="{len(headings)}">{escape(note)}</td></tr>',
            "</tbody>",
            "<tbody>",
        ]
    out += ["</tbody>", "</table>"]
    if handout.syringe_line:
        out.append(f'<p class="syringe-line"><strong>{escape(handout.syringe_line)}</strong></p>')
    if handout.history:
        out += [
            f'<h2 class="history-head">{escape(labels.history_heading)}</h2>',
            '<ul class="history">',
        ]
        out += [f"<li>{escape(line)}</li>" for line in handout.history]
        out.append("</ul>")
    out.append("</section>")
    return out


def _fact(fact: content.Fact) -> str:
    """A fact's value; the patient's and prescriber's names are isolated."""
    return isolated(fact.value) if fact.user else escape(fact.value)


def _chart(handout: content.Handout, large_print: bool) -> list[str]:
    if handout.chart is None:
        return []
    return [
        f'<figure class="chart-box"><figcaption><strong>{escape(handout.chart.title)}</strong> '
        f"{escape(handout.chart.caption)}</figcaption>",
        chart.svg(handout.chart, large_print),
        "</figure>",
    ]


def _amount(row: content.Row) -> str:
    """``<strong>0.5 mL</strong> of 5 mg/mL`` and the syringe under it; empty when paused."""
    if row.measure is None:
        return ""
    text = f'<strong class="measure">{escape(row.measure)}</strong>{escape(row.strength)}'
    if row.syringe:
        text += f'<span class="syringe">{escape(row.syringe)}</span>'
    return text


def _card(handout: content.Handout) -> list[str]:
    """A cut-out box the size of a bank card (85.6 × 54 mm), dashed so it is cut, not torn."""
    card = handout.card
    if card is None:
        return []
    out = ['<div class="card">', f'<p class="card-head">{escape(card.heading)}</p>']
    out += [f"<p>{escape(point)}</p>" for point in card.points]
    out.append("</div>")
    return out


def _contact_box(handout: content.Handout) -> list[str]:
    labels = handout.labels
    out = ['<div class="box">', f"<h2>{escape(labels.contact_heading)}</h2>"]
    if handout.contact:  # unset: no empty label
        out.append(f'<p class="who">{isolated(handout.contact)}</p>')
    out.append(f"<p>{escape(labels.contact_when)}</p>")
    if handout.zone_line:
        out.append(f"<p>{escape(handout.zone_line)}</p>")
    if handout.notes:
        out.append(f"<p><strong>{escape(labels.notes_label)}</strong></p>")
        out.append(f'<p class="notes">{isolated(handout.notes)}</p>')
    out.append("</div>")
    return out


def _instructions(handout: content.Handout) -> list[str]:
    out = ['<section class="instructions">']
    last = len(handout.sections) - 1
    for index, section in enumerate(handout.sections):
        if index == last:  # the last section and the card start a page, to cut out
            out.append('<div class="keep">')
        out.append(f"<h2>{escape(section.heading)}</h2>")
        out.append("<ul>")
        out += [f"<li>{escape(point)}</li>" for point in section.points]
        out.append("</ul>")
    out += [*_card(handout), "</div>", "</section>"]
    return out


def _month(month: content.Month, handout: content.Handout, options: HandoutOptions) -> list[str]:
    out = ['<section class="month">', '<div class="month-head">', f"<h2>{escape(month.title)}</h2>"]
    if options.patient:
        out.append(f'<p class="who">{isolated(options.patient)}</p>')
    out += ["</div>"]
    if handout.strength_line:
        out.append(f'<p class="strength"><strong>{escape(handout.strength_line)}</strong></p>')
    labels = handout.labels
    out.append(f"<p>{escape(handout.tick_hint)} {escape(labels.key_heading)}</p>")
    out.append('<ul class="key">')
    out += [f"<li>{escape(line)}</li>" for line in month.key]
    out.append("</ul>")
    out.append('<table class="grid">')
    out.append(
        "<thead><tr>"
        + "".join(f'<th scope="col">{escape(day)}</th>' for day in labels.weekdays)
        + "</tr></thead>"
    )
    out.append("<tbody>")
    for week in month.weeks:
        out.append("<tr>" + "".join(_cell(cell, labels.review_mark) for cell in week) + "</tr>")
    out += ["</tbody>", "</table>"]
    foot = escape(handout.reference)
    if handout.contact:
        foot = f"{escape(labels.contact_heading)}: {isolated(handout.contact)}. {foot}"
    out += [f'<p class="foot">{foot}</p>', "</section>"]
    return out


def _wrap(text: str) -> str:
    """Text that may wrap between words in a narrow square (a number from its unit too, when it
    must), never inside a word or a number: plain spaces, not the table's no-break ones.
    """
    return html.escape(text)


def _cell(cell: content.Cell, review: str) -> str:
    if cell.day is None:
        return "<td></td>"
    night = cell.night
    inner = '<span class="tick"></span>' if night is not None and not night.paused else ""
    inner += f'<span class="day">{cell.day.day}</span>'
    if night is not None:
        if night.paused:
            inner += f'<span class="paused">{_wrap(night.dose)}</span>'
        elif night.measure is not None:
            inner += f'<span class="dose">{_wrap(night.measure)}</span>'
            inner += f'<span class="mg">{_wrap(night.dose)}</span>'
        else:
            inner += f'<span class="dose">{_wrap(night.dose)}</span>'
        if night.when:
            inner += f'<span class="when">{escape(night.when)}</span>'
        if night.marker:
            inner += f'<span class="mark">{escape(night.marker)}</span>'
    if cell.review:
        inner += f'<span class="mark">{escape(review)}</span>'
    if cell.review or (night is not None and night.stands_out):
        return f'<td class="stand-out">{inner}</td>'
    return f'<td class="off">{inner}</td>' if night is None else f"<td>{inner}</td>"
