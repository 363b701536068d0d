"""The course report (issue 26): for the clinician, in English, one HTML page of the whole course.

The dose over time with the ratings beside it (a chart and a table), every check-in (voided ones
struck through, with the reason), every change to the doses and why, the goal and the proposal
on the night asked about. Every text a person typed is escaped. Pure: the evaluation (the rules'
proposal) is computed by the caller and passed in.
"""

from __future__ import annotations

import html
from datetime import date, timedelta
from decimal import Decimal

from ldn_titrate.core.checkin import BUILT_IN_RATINGS, CheckIn
from ldn_titrate.core.dosetext import format_date, format_mg
from ldn_titrate.core.model import Phase, Schedule
from ldn_titrate.core.vocab import RECORD_KINDS
from ldn_titrate.render.change_words import change_text
from ldn_titrate.render.regimen import regimen
from ldn_titrate.rules.gates import Evaluation

CSS = """
body { font-family: system-ui, sans-serif; margin: 2rem; color: #111; max-width: 60rem; }
table { border-collapse: collapse; margin: 1rem 0; }
th, td { border: 1px solid #999; padding: .25rem .5rem; text-align: left; vertical-align: top; }
.void { text-decoration: line-through; color: #555; }
.proposal { border: 2px solid #000; padding: .5rem 1rem; }
svg text { font-size: 11px; }
"""


def e(text: object) -> str:
    return html.escape(str(text), quote=True)


def dose_on(schedule: Schedule, night: date) -> str:
    step = schedule.step_on(night)
    if step is None:
        return "before night 1" if night < schedule.first_night else "after the plan"
    return "paused" if step.phase is Phase.PAUSED else format_mg(step.dose_mg)


def render(schedule: Schedule, found: Evaluation, night: date) -> str:
    ratings = sorted({name for c in schedule.checkins for name in c.ratings},
                     key=lambda n: (n not in BUILT_IN_RATINGS, n))  # fmt: skip
    out = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>LDN course report: plan {e(schedule.id)}</title>",
        f"<style>{CSS}</style></head><body>",
        "<h1>LDN course report</h1>",
        "<p>For the prescriber. Proposals are not actions: <code>adjust PLAN --accept ID</code> "
        "applies one.</p>",
        "<ul>",
        f"<li>Plan id {e(schedule.id)}, revision {schedule.revision}</li>",
        f"<li>Regimen: {e(regimen(schedule))}</li>",
        f"<li>Nights: {e(format_date(schedule.first_night))} to "
        f"{e(format_date(schedule.last_night))}; review on "
        f"{e(format_date(schedule.review_date))}</li>",
        f"<li>Policy: {e(schedule.policy.source)}</li>",
        "</ul>",
        f"<h2>On {e(format_date(night))}</h2>",
    ]
    if found.goal is not None:
        out.append(f"<p>Goal: {e(found.goal.words)}</p>")
    if found.proposal is not None:
        p = found.proposal
        note = f" ({e(p.note)})" if p.note else ""
        out += [
            '<div class="proposal"><p><strong>Proposal ' + e(p.id) + "</strong>: "
            + e(p.action) + note + "</p>",
            f"<p>Evidence: {e(p.evidence)}. Rule: {e(p.rule)}"
            + (f" ({e(p.source)})" if p.source else "") + ".</p></div>",
        ]  # fmt: skip
    else:
        out.append("<p>No proposal: the rules propose no change on this night.</p>")
    out += ["<h2>Dose and ratings over time</h2>", chart(schedule, ratings)]
    out += checkin_table(schedule, ratings)
    out += ["<h2>Changes to the doses</h2>"]
    changes = [c for c in schedule.history if c.kind not in RECORD_KINDS]
    if changes:
        out += ["<ol>", *(f"<li>{e(change_text(c))}</li>" for c in changes), "</ol>"]
    else:
        out.append("<p>None: the plan is as first made.</p>")
    out += ["<h2>Steps now</h2>", "<table><tr><th>Step</th><th>Dose</th><th>First night</th>"
            "<th>Last night</th><th>Nights</th><th>Phase</th></tr>"]  # fmt: skip
    for step in schedule.steps:
        dose = "none (paused)" if step.phase is Phase.PAUSED else format_mg(step.dose_mg)
        out.append(
            f"<tr><td>{step.number}</td><td>{e(dose)}</td><td>{e(format_date(step.start))}</td>"
            f"<td>{e(format_date(step.end))}</td><td>{step.nights}</td><td>{e(step.phase)}</td>"
            "</tr>"
        )
    out += ["</table>", "</body></html>", ""]
    return "\n".join(out)


def checkin_table(schedule: Schedule, ratings: list[str]) -> list[str]:
    if not schedule.checkins:
        return ["<p>No check-ins recorded.</p>"]
    head = "".join(f"<th>{e(name)}</th>" for name in ratings)
    out = [
        "<h2>Check-ins</h2>",
        f"<table><tr><th>#</th><th>Date</th><th>Dose that night</th>{head}<th>Side effects</th>"
        "<th>Dose taken</th><th>Missed</th><th>Opioids</th><th>Note</th></tr>",
    ]
    for c in sorted(schedule.checkins, key=lambda c: (c.on, c.number)):
        cells = [str(c.number), format_date(c.on), dose_on(schedule, c.on)]
        cells += [str(c.ratings.get(name, "")) for name in ratings]
        cells.append(", ".join(_effect(r.text or str(r.effect)) + f" {r.severity}"
                               for r in c.side_effects))  # fmt: skip
        cells.append(format_mg(c.taken_mg) if c.taken_mg is not None else "")
        cells.append("" if c.missed_doses is None else str(c.missed_doses))
        cells.append({None: "", True: "yes", False: "no"}[c.opioids])
        note = c.note or ""
        if c.void is not None:
            note = f"VOIDED (entered in error): {c.void.reason}. {note}".strip()
        cells.append(note)
        style = ' class="void"' if c.void is not None else ""
        out.append(f"<tr{style}>" + "".join(f"<td>{e(cell)}</td>" for cell in cells) + "</tr>")
    out.append("</table>")
    return out


def _effect(name: str) -> str:
    return name.replace("-", " ")


def chart(schedule: Schedule, ratings: list[str]) -> str:
    """An SVG: the nightly dose as a step line, each rating's check-ins as points (0–10)."""
    first = min([schedule.first_night, *(c.on for c in schedule.checkins)])
    last = schedule.last_night
    days = max((last - first).days, 1)
    width, height, left, top = 720, 220, 40, 10
    plot = height - 40
    top_mg = max((s.dose_mg for s in schedule.steps), default=Decimal(1)) or Decimal(1)

    def x(day: date) -> float:
        return left + (day - first).days * (width - left - 10) / days

    def y_mg(mg: Decimal) -> float:
        return top + plot - float(mg / top_mg) * plot

    def y_rating(value: int) -> float:
        return top + plot - value * plot / 10

    path = []
    for step in schedule.steps:
        mg = Decimal(0) if step.phase is Phase.PAUSED else step.dose_mg
        path.append(f"{x(step.start):.1f},{y_mg(mg):.1f} {x(step.end + timedelta(days=1)):.1f},"
                    f"{y_mg(mg):.1f}")  # fmt: skip
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img" '
        'aria-label="Nightly dose (line) and ratings (points) over time">',
        f'<polyline fill="none" stroke="#000" stroke-width="2" points="{" ".join(path)}"/>',
        f'<text x="2" y="{top + 10}">{e(format_mg(top_mg))}</text>',
    ]
    for index, name in enumerate(ratings):
        for c in _counted_with(schedule.checkins, name):
            cx, cy = x(c.on), y_rating(c.ratings[name])
            title = f"<title>{e(name)} {c.ratings[name]} on {e(format_date(c.on))}</title>"
            if index % 2 == 0:
                parts.append(f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="3">{title}</circle>')
            else:
                parts.append(
                    f'<rect x="{cx - 3:.1f}" y="{cy - 3:.1f}" width="6" height="6" fill="none" '
                    f'stroke="#000">{title}</rect>'
                )
    legend = "; ".join(f"{name}: {'●' if i % 2 == 0 else '□'}" for i, name in enumerate(ratings))
    parts.append(f'<text x="{left}" y="{height - 5}">Line: nightly dose. Points (0–10): '
                 f"{e(legend or 'no ratings yet')}</text>")  # fmt: skip
    parts.append("</svg>")
    return "\n".join(parts)


def _counted_with(checkins: tuple[CheckIn, ...], name: str) -> list[CheckIn]:
    return [c for c in checkins if c.void is None and name in c.ratings]
