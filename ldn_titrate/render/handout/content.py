"""What a handout says, computed once from the schedule; the three renderers only lay it out.

:func:`build` reads the :class:`~ldn_titrate.core.model.Schedule` and never recomputes a dose or a
date: every night's dose is the dose of the step that covers it, every text comes from
:mod:`ldn_titrate.render.describe` and :mod:`ldn_titrate.core.dosetext`. Strings here are plain
text, not yet escaped: each renderer escapes every string it writes (user text and ours alike).

A changed plan's words are in :mod:`changes`, the "Before you start" box in :mod:`safety`, the
chart in :mod:`chart`: the renderers only place these fields, so all formats say the same.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from ldn_titrate.core.dosetext import (
    concentration_text,
    counted,
    format_date,
    formulation_text,
    weekday_names,
)
from ldn_titrate.core.language import N_, Language
from ldn_titrate.core.model import Phase, Schedule
from ldn_titrate.render import describe, measure
from ldn_titrate.render.handout import added as added
from ldn_titrate.render.handout import changes as changes
from ldn_titrate.render.handout import response
from ldn_titrate.render.handout import words as words
from ldn_titrate.render.handout.card import wallet_card
from ldn_titrate.render.handout.chart import Chart
from ldn_titrate.render.handout.chart import build as build_chart
from ldn_titrate.render.handout.common import HandoutOptions
from ldn_titrate.render.handout.labels import Labels, labels

# Re-exported: the month pages (each night, each square) have a module of their own.
from ldn_titrate.render.handout.months import Cell as Cell
from ldn_titrate.render.handout.months import Month as Month
from ldn_titrate.render.handout.months import Night as Night
from ldn_titrate.render.handout.months import dose_text as dose_text
from ldn_titrate.render.handout.months import key_line as key_line
from ldn_titrate.render.handout.months import months as months
from ldn_titrate.render.handout.months import nights as nights
from ldn_titrate.render.handout.months import when_text as when_text
from ldn_titrate.render.handout.safety import before_you_start

# Written out, not calendar.day_abbr, which follows the machine's locale.
WEEKDAYS = weekday_names()


@dataclass(frozen=True)
class Fact:
    label: str
    value: str
    user: bool = False  # the clinic's text (a name), isolated from the text around it


@dataclass(frozen=True)
class Row:
    """One line of the dose table: a run of nights at one dose."""

    first: str
    last: str
    nights: str
    dose: str
    # What to measure or count, first and largest (``0.5 mL``), the rest (`` of 5 mg/mL``: a
    # volume is never far from its concentration) and the syringe.
    measure: str | None
    strength: str
    syringe: str | None
    when: str
    # Said under the row: a retried dose (provisional) or the restart night's warning.
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Handout:
    title: str
    before_start: words.Section
    facts: tuple[Fact, ...]
    rows: tuple[Row, ...]
    syringe_line: str | None
    show_amount: bool
    period: str  # "night", "morning" or "day": what every sentence counts the doses in
    contact: str | None
    notes: str | None
    sections: tuple[words.Section, ...]
    months: tuple[Month, ...]
    reference: str
    history: tuple[str, ...] = ()
    # "Dose at bedtime" when every dose is, so the rows need not repeat it; else each row says.
    dose_heading: str = words.DOSE_AT_BEDTIME
    tick_hint: str = words.TICK_HINT
    strength_line: str | None = None  # above a liquid's month grids: mg in each mL
    card: words.Section | None = None
    chart: Chart | None = None
    labels: Labels = field(default_factory=Labels)
    zone_line: str | None = None  # the time zone the dates mean, when the clinic sets one


def build(schedule: Schedule, options: HandoutOptions) -> Handout:
    language = options.language
    t = language.text
    rows = tuple(_row(index, schedule, language) for index in range(len(schedule.steps)))
    syringes = {row.syringe for row in rows if row.syringe}
    syringe_line = None
    if len(syringes) == 1:  # one syringe for every step: said once, under the table
        syringe_line = t("Measure every dose with the {syringe}.").format(syringe=syringes.pop())
        rows = tuple(replace(row, syringe=None) for row in rows)
    return Handout(
        title=t(words.TITLE),
        before_start=before_you_start(schedule, language),
        facts=facts(schedule, options),
        rows=rows,
        syringe_line=syringe_line,
        show_amount=any(row.measure is not None for row in rows),
        period=measure.period(schedule.steps),
        contact=options.contact,
        zone_line=t(words.TIME_ZONE).format(zone=options.timezone) if options.timezone else None,
        notes=options.notes,
        sections=(*words.sections(schedule, options), *response.sections(schedule, language)),
        months=months(schedule, language),
        reference=t("Plan {id}, revision {revision}").format(
            id=schedule.id[:8], revision=schedule.revision
        ),
        history=changes.history(schedule, language),
        dose_heading=words.dose_heading(schedule, language),
        tick_hint=words.tick_hint(schedule, language),
        strength_line=words.strength_line(schedule.formulation, language),
        card=wallet_card(schedule, options),
        chart=build_chart(schedule, language),
        labels=labels(language, options.patient),
    )


def facts(schedule: Schedule, options: HandoutOptions) -> tuple[Fact, ...]:
    """The header: who, what medicine, when it starts and ends, and when this sheet was made."""
    language = options.language
    t = language.text
    medicine = t(words.MEDICINE)
    formulation = formulation_text(schedule.formulation, language)
    if formulation is not None:
        medicine = f"{medicine}, {formulation}"
    named = ((options.patient, N_("Patient")), (options.prescriber, N_("Prescriber")))
    items = [Fact(t(label), name, user=True) for name, label in named if name]
    items += [
        Fact(t("Medicine"), medicine),
        Fact(t("First dose"), format_date(schedule.first_night, language)),
        Fact(t("Last planned dose"), changes.last_night_text(schedule, language)),
        Fact(t("Review"), format_date(schedule.review_date, language)),
        Fact(t("Made on"), format_date(options.made_on, language)),
    ]
    return tuple(items)


def _row(index: int, schedule: Schedule, language: Language) -> Row:
    step = schedule.steps[index]
    shown = measure.measure_text(step, schedule.formulation, language)
    concentration = schedule.formulation.concentration_mg_per_ml if schedule.formulation else None
    strength = ""
    if shown is not None and step.volume_ml is not None and concentration is not None:
        strength = language.text(" of {concentration}").format(
            concentration=concentration_text(concentration, language)
        )
    if measure.period(schedule.steps) == "night":
        count = language.ntext("{count} night", "{count} nights", step.nights)
    else:
        count = language.ntext("{count} day", "{count} days", step.nights)
    return Row(
        first=format_date(step.start, language),
        last=format_date(step.end, language),
        nights=counted(count, step.nights, language),
        dose=dose_text(step, language),
        measure=shown,
        strength=strength,
        syringe=describe.syringe_text(step, language) if shown is not None else None,
        when=when_text(step, language)
        if step.phase is not Phase.PAUSED and changes.varied_times(schedule)
        else "",
        notes=changes.notes(schedule.steps, index, language)
        + added.notes(step, schedule, language),
    )
