"""The dose over time as a step chart on the handout's first page (issue 13).

Patients and clinicians read the shape of a titration faster from a picture than from a table:
a line at each step's dose from its first night to its last, a gap at zero for a pause, and a
dashed mark with a number at each night an adjustment took effect. The HTML draws it as inline
SVG (no script, nothing fetched); the PDF draws the same shapes with fpdf2's lines. Every label
is plain text here; each renderer escapes it.
"""

from __future__ import annotations

import html
import itertools
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from ldn_titrate.core.dosetext import format_mg, month_abbreviation, short_date
from ldn_titrate.core.language import ENGLISH, N_, Language
from ldn_titrate.core.model import ChangeKind, Phase, Schedule
from ldn_titrate.core.vocab import RECORD_KINDS

if TYPE_CHECKING:
    from fpdf import FPDF

TITLE = N_("Your dose over time")


@dataclass(frozen=True)
class Run:
    """One step on the chart: from its first night to the night after its last, at ``dose``."""

    start: date
    stop: date
    dose: Decimal


@dataclass(frozen=True)
class Chart:
    first: date
    last: date  # the review date: the right-hand edge
    top: Decimal
    runs: tuple[Run, ...]
    # The nights adjustments took effect, each marked with its date.
    changes: tuple[date, ...]
    doses: tuple[Decimal, ...]
    caption: str
    # Every label in the patient's language: the title, each dose (as ``doses``), each month
    # start, each change (as ``changes``), and the widest a change's date can be.
    title: str
    dose_labels: tuple[str, ...]
    month_labels: tuple[tuple[date, str], ...]
    change_labels: tuple[str, ...]
    label_sample: str


def build(schedule: Schedule, language: Language = ENGLISH) -> Chart:
    runs = tuple(
        Run(
            step.start,
            step.end + timedelta(days=1),
            Decimal(0) if step.phase is Phase.PAUSED else step.dose_mg,
        )
        for step in schedule.steps
    )
    changes = tuple(
        sorted(
            {
                change.on
                for change in schedule.history
                if change.kind is not ChangeKind.UNDO
                and change.kind not in RECORD_KINDS
                and schedule.first_night <= change.on <= schedule.review_date
            }
        )
    )
    top = max(run.dose for run in runs) or Decimal(1)
    t = language.text
    caption = t("Each flat line is one dose, from its first day to its last.")
    if changes:
        caption += " " + t("A dashed line marks the day each change to your plan began.")
    first = schedule.first_night
    last = max(schedule.review_date, schedule.last_night + timedelta(days=1))
    doses = tuple(sorted({run.dose for run in runs if run.dose > 0}))
    return Chart(
        first=first,
        last=last,
        top=top,
        runs=runs,
        changes=changes,
        doses=doses,
        caption=caption,
        title=t(TITLE),
        dose_labels=tuple(format_mg(dose, language) for dose in doses),
        month_labels=tuple(
            (day, month_abbreviation(day.month, language)) for day in _starts(first, last)
        ),
        change_labels=tuple(short(day, language) for day in changes),
        label_sample=short(date(2026, 12, 30), language),
    )


def short(day: date, language: Language = ENGLISH) -> str:
    """``10 Dec``: a change's mark on the chart (the list of changes gives the full date)."""
    return short_date(day, language)


def month_starts(chart: Chart) -> list[date]:
    return _starts(chart.first, chart.last)


def _starts(first: date, last: date) -> list[date]:
    out: list[date] = []
    day = first.replace(day=1)
    while day <= last:
        if day >= first:
            out.append(day)
        day = (day.replace(day=28) + timedelta(days=4)).replace(day=1)
    return out


@dataclass(frozen=True)
class _Frame:
    """Where the plot sits in a box of ``width`` × ``height`` units, and the scales."""

    chart: Chart
    left: float
    top: float
    width: float
    height: float

    def x(self, day: date) -> float:
        span = max((self.chart.last - self.chart.first).days, 1)
        return self.left + self.width * (day - self.chart.first).days / span

    def y(self, dose: Decimal) -> float:
        return self.top + self.height * (1 - float(dose / self.chart.top))


def _frame(chart: Chart, width: float, height: float, font: float) -> _Frame:
    label = max(len(text) for text in chart.dose_labels) if chart.dose_labels else 4
    left = font * 0.62 * label + font * 0.6
    return _Frame(chart, left, font * 1.2, width - left - font, height - font * 3.0)


def _labels(chart: Chart, frame: _Frame, width: float) -> list[tuple[date, str | None]]:
    """Each change with its label when it fits beside the last one written (no overlap)."""
    out: list[tuple[date, str | None]] = []
    last: float | None = None
    for day, label in zip(chart.changes, chart.change_labels, strict=True):
        x = frame.x(day)
        fits = last is None or x - last >= width
        out.append((day, label if fits else None))
        last = x if fits else last
    return out


def svg(chart: Chart, large_print: bool) -> str:
    """The chart as inline SVG, 600 units wide; text sizes follow the print size."""
    font = 15.0 if large_print else 11.0
    width, height = 600.0, 150.0 if large_print else 120.0
    f = _frame(chart, width, height, font)
    e = html.escape
    bottom = f.top + f.height
    parts = [
        f'<svg class="chart" viewBox="0 0 {width:g} {height:g}" role="img" '
        f'aria-label="{e(chart.title)}" font-family="DejaVu Sans, Verdana, sans-serif" '
        f'font-size="{font:g}">',
        f'<line x1="{f.left:.1f}" y1="{bottom:.1f}" x2="{f.left + f.width:.1f}" '
        f'y2="{bottom:.1f}" stroke="#000" stroke-width="1"/>',
    ]
    for dose, label in zip(chart.doses, chart.dose_labels, strict=True):
        y = f.y(dose)
        parts.append(
            f'<line x1="{f.left:.1f}" y1="{y:.1f}" x2="{f.left + f.width:.1f}" y2="{y:.1f}" '
            'stroke="#bbb" stroke-width="0.5"/>'
        )
        parts.append(
            f'<text x="{f.left - font * 0.4:.1f}" y="{y + font * 0.35:.1f}" '
            f'text-anchor="end">{e(label)}</text>'
        )
    for day, month in chart.month_labels:
        x = f.x(day)
        parts.append(
            f'<text x="{x:.1f}" y="{bottom + font * 1.3:.1f}" text-anchor="middle">'
            f"{e(month)}</text>"
        )
    points: list[str] = []
    for run in chart.runs:
        points += [
            f"{f.x(run.start):.1f},{f.y(run.dose):.1f}",
            f"{f.x(run.stop):.1f},{f.y(run.dose):.1f}",
        ]
    parts.append(
        f'<polyline points="{" ".join(points)}" fill="none" stroke="#000" stroke-width="3" '
        'stroke-linejoin="miter"/>'
    )
    for day, labelled in _labels(chart, f, font * 0.62 * max(6.5, len(chart.label_sample) + 0.5)):
        x = f.x(day)
        parts.append(
            f'<line x1="{x:.1f}" y1="{f.top:.1f}" x2="{x:.1f}" y2="{bottom:.1f}" stroke="#000" '
            'stroke-width="1" stroke-dasharray="4 3"/>'
        )
        if labelled:
            parts.append(
                f'<text x="{x + 2:.1f}" y="{f.top - font * 0.25:.1f}" font-weight="bold">'
                f"{e(labelled)}</text>"
            )
    parts.append("</svg>")
    return "".join(parts)


def draw(pdf: FPDF, chart: Chart, font_name: str, size: float, height: float) -> None:
    """The same chart drawn into the PDF at the cursor, across the page width."""
    pt = 0.3528
    font = size * pt
    x0, y0 = pdf.l_margin, pdf.get_y()
    f = _frame(chart, pdf.epw, height, font)
    f = _Frame(chart, x0 + f.left, y0 + f.top, f.width, f.height)
    bottom = f.top + f.height
    pdf.set_font(font_name, "", size)
    pdf.set_draw_color(0)
    pdf.set_line_width(0.3)
    pdf.line(f.left, bottom, f.left + f.width, bottom)
    for dose, label in zip(chart.doses, chart.dose_labels, strict=True):
        y = f.y(dose)
        pdf.set_draw_color(190)
        pdf.set_line_width(0.15)
        pdf.line(f.left, y, f.left + f.width, y)
        pdf.text(f.left - font * 0.4 - pdf.get_string_width(label), y + font * 0.35, label)
    pdf.set_draw_color(0)
    for day, label in chart.month_labels:
        pdf.text(f.x(day) - pdf.get_string_width(label) / 2, bottom + font * 1.3, label)
    pdf.set_line_width(0.9)
    points: list[tuple[float, float]] = []
    for run in chart.runs:
        points += [(f.x(run.start), f.y(run.dose)), (f.x(run.stop), f.y(run.dose))]
    for (ax, ay), (bx, by) in itertools.pairwise(points):
        pdf.line(ax, ay, bx, by)
    pdf.set_line_width(0.3)
    pdf.set_font(font_name, "B", size)
    for day, labelled in _labels(chart, f, pdf.get_string_width(chart.label_sample) + 1):
        x = f.x(day)
        pdf.set_dash_pattern(dash=1.2, gap=0.9)
        pdf.line(x, f.top, x, bottom)
        pdf.set_dash_pattern()
        if labelled:
            pdf.text(x + 0.6, f.top - font * 0.25, labelled)
    pdf.set_y(y0 + height)
