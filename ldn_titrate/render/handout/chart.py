"""The dose over time as a step chart on the handout's first page (issue 13).

Patients and clinicians read the shape of a titration faster from a picture than from a table:
a line at each step's dose from its first night to its last, a gap at zero for a pause, and a
dashed mark with a number at each night an adjustment took effect. It is inline SVG (no script,
nothing fetched), printed to the PDF with the rest of the page. Every label is plain text here;
the SVG escapes it. The chart is a picture for those who read one: its caption says the doses
are in the table, and its text alternative (the SVG's title) lists every dose with its dates.

However many dose levels a plan has, no two labels share a place: the plot grows taller (up to
a limit) so the labels that must be there fit (the first dose, the highest, and any dose the plan
goes back to after a step back or a pause), and the others are left out where they would touch.
"""

from __future__ import annotations

import html
import itertools
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from ldn_titrate.core.dosetext import format_date, format_mg, month_abbreviation, short_date
from ldn_titrate.core.language import ENGLISH, N_, Language
from ldn_titrate.core.model import ChangeKind, Phase, Schedule
from ldn_titrate.core.vocab import RECORD_KINDS
from ldn_titrate.render.handout.fonts import FAMILIES

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
    # The doses whose labels are never left out: the first, the highest, any gone back to.
    kept: frozenset[Decimal] = frozenset()
    # What a screen reader says for the picture: every dose with its dates.
    alternative: str = ""


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
    caption += " " + t("Every dose and its dates are in the table of your doses.")
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
        kept=_kept(runs),
        alternative=_alternative(schedule, language),
    )


def _kept(runs: tuple[Run, ...]) -> frozenset[Decimal]:
    """The first dose, the highest, and every dose the plan comes back to after another."""
    doses = [run.dose for run in runs if run.dose > 0]
    if not doses:
        return frozenset()
    back = {dose for index, dose in enumerate(doses) if dose in doses[: max(index - 1, 0)]}
    return frozenset({doses[0], max(doses), *back})


def _alternative(schedule: Schedule, language: Language) -> str:
    """``Your dose over time: 1.5 mg from Tue 1 Dec 2026 to Mon 14 Dec 2026; ...``"""
    t = language.text
    parts = []
    for step in schedule.steps:
        first, last = format_date(step.start, language), format_date(step.end, language)
        if step.phase is Phase.PAUSED:
            parts.append(t("no dose from {first} to {last}").format(first=first, last=last))
        else:
            dose = format_mg(step.dose_mg, language)
            parts.append(
                t("{dose} from {first} to {last}").format(dose=dose, first=first, last=last)
            )
    return f"{t(TITLE)}: " + "; ".join(parts) + "."


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


GAP = 1.25  # the least distance between two dose labels' baselines, in font sizes
TALLEST = 2.5  # for labels that may be left out, the plot grows at most this many times


def plot_height(chart: Chart, usual: float, font: float) -> float:
    """The plot's height: the usual one, or taller (up to :data:`TALLEST` times) so every dose
    label stands apart; taller still if the labels that must show need it."""

    def needed(doses: list[Decimal]) -> float:
        steps = [float((b - a) / chart.top) for a, b in itertools.pairwise([Decimal(0), *doses])]
        closest = min((step for step in steps if step > 0), default=1.0)
        return GAP * font / closest

    every = min(max(usual, needed(sorted(chart.doses))), usual * TALLEST)
    return max(every, needed(sorted(chart.kept)))


def dose_labels(chart: Chart, frame: _Frame, font: float) -> list[tuple[Decimal, str]]:
    """The dose labels drawn: those that must show first, then each other one that stands
    clear of every label already placed (and of the axis below)."""
    pairs = dict(zip(chart.doses, chart.dose_labels, strict=True))
    order = sorted(pairs, key=lambda dose: (dose not in chart.kept, dose))
    placed: list[Decimal] = []
    bottom = frame.top + frame.height
    for dose in order:
        y = frame.y(dose)
        clear = all(abs(y - frame.y(other)) >= GAP * font - 0.01 for other in placed)
        if dose in chart.kept or (clear and bottom - y >= GAP * font * 0.5):
            placed.append(dose)
    return [(dose, pairs[dose]) for dose in sorted(placed)]


def _months(chart: Chart, frame: _Frame, font: float) -> list[tuple[date, str]]:
    """Each month's label where it stands clear of the one before."""
    out: list[tuple[date, str]] = []
    last: float | None = None
    for day, label in chart.month_labels:
        x = frame.x(day)
        width = font * 0.62 * (len(label) + 1)
        if last is None or x - last >= width:
            out.append((day, label))
            last = x
    return out


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
    """The chart as inline SVG. In normal print it takes half the page's width (300 units),
    in large print all of it (600 units): either way a label prints at about 9 pt or more
    (large print, 13 pt); the plot grows taller for the labels that must show.
    """
    font = 15.0 if large_print else 11.0
    width = 600.0 if large_print else 300.0
    usual = 150.0 if large_print else 100.0
    plot = plot_height(chart, usual - font * 3.0, font)
    height = plot + font * 3.0
    f = _frame(chart, width, height, font)
    e = html.escape
    bottom = f.top + f.height
    family = f"{FAMILIES[0]}, sans-serif"
    parts = [
        f'<svg class="chart" viewBox="0 0 {width:g} {height:.0f}" role="img" '
        f'aria-labelledby="chart-title" font-family="{e(family)}" font-size="{font:g}">',
        f'<title id="chart-title">{e(chart.alternative)}</title>',
        f'<line x1="{f.left:.1f}" y1="{bottom:.1f}" x2="{f.left + f.width:.1f}" '
        f'y2="{bottom:.1f}" stroke="#000" stroke-width="1"/>',
    ]
    for dose in chart.doses:
        y = f.y(dose)
        parts.append(
            f'<line x1="{f.left:.1f}" y1="{y:.1f}" x2="{f.left + f.width:.1f}" y2="{y:.1f}" '
            'stroke="#bbb" stroke-width="0.5"/>'
        )
    for dose, label in dose_labels(chart, f, font):
        y = f.y(dose)
        parts.append(
            f'<text x="{f.left - font * 0.4:.1f}" y="{y + font * 0.35:.1f}" '
            f'text-anchor="end">{e(label)}</text>'
        )
    for day, month in _months(chart, f, font):
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
