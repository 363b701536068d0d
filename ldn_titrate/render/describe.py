"""Sentences about a schedule shared by every human-readable output, written once."""

from __future__ import annotations

from decimal import Decimal

from ldn_titrate.core.dosetext import (
    concentration_text,
    format_date,
    format_mg,
    format_ml,
    plural,
)
from ldn_titrate.core.language import ENGLISH, N_, Language
from ldn_titrate.core.model import (
    AddedDose,
    DoseTime,
    Formulation,
    Phase,
    Schedule,
    Step,
    Supply,
)
from ldn_titrate.core.nightly import NO_TERMS, StepTerms

# Re-exported: the regimen line (read from the steps), the history sentences and ongoing
# maintenance have modules of their own and are said from here.
from ldn_titrate.render.change_words import change_text as change_text
from ldn_titrate.render.regimen import regimen as steps_regimen
from ldn_titrate.render.regimen_words import ongoing as ongoing
from ldn_titrate.render.screen_words import screen_lines as screen_lines
from ldn_titrate.render.warning_words import OPIOID_WARNING as OPIOID_WARNING
from ldn_titrate.render.warning_words import restart_note as restart_note
from ldn_titrate.render.warning_words import step_note as step_note
from ldn_titrate.render.warning_words import terms_clause


def phase_name(step: Step) -> str:
    return {
        Phase.TITRATION: "titration",
        Phase.MAINTENANCE: "maintenance",
        Phase.PAUSED: "paused",
    }[step.phase]


def dose_text(step: Step, language: Language = ENGLISH) -> str:
    if step.phase is Phase.PAUSED:
        return language.text("none (paused)")
    return format_mg(step.dose_mg, language)


def regimen_label(schedule: Schedule) -> str:
    """An adjusted plan no longer follows its regimen line, so the line says it was the start."""
    return "Regimen as first planned" if schedule.history else "Regimen"


def ending(schedule: Schedule, language: Language = ENGLISH) -> str:
    """``Review on …``, or for a discontinued plan when it stopped and when the review is."""
    if schedule.discontinued_on is None:
        return review(schedule, language)
    return language.text(
        "Discontinued from {stopped} (last night {last}); review on {review}"
    ).format(
        stopped=format_date(schedule.discontinued_on, language),
        last=format_date(schedule.last_night, language),
        review=format_date(schedule.review_date, language),
    )


def span(schedule: Schedule) -> str:
    return (
        f"{format_date(schedule.first_night)} to {format_date(schedule.last_night)} "
        f"({plural(schedule.total_nights, 'night')})"
    )


def review(schedule: Schedule, language: Language = ENGLISH) -> str:
    going_on = ongoing(schedule, language)
    when = language.text("Review on {day}").format(day=format_date(schedule.review_date, language))
    return f"{going_on}; {when[0].lower()}{when[1:]}" if going_on else when


def syringe_text(step: Step, language: Language = ENGLISH) -> str | None:
    """``3 mL oral syringe``; with repeat draws, how to fill it: ``1 mL oral syringe, filled
    1 mL, then 0.25 mL``."""
    if step.syringe_ml is None:
        return None
    t = language.text
    size = format_ml(step.syringe_ml, language)
    text = t("{size} oral syringe").format(size=size)
    if step.draws and step.volume_ml is not None:
        rest = step.volume_ml - (step.draws - 1) * step.syringe_ml
        full = {3: t("{size} twice"), 4: t("{size} three times")}.get(step.draws, "{size}")
        text += t(", filled {full}, then {rest}").format(
            full=full.format(size=size), rest=format_ml(rest, language)
        )
    return text


PART_NAMES = {2: (N_("half"), N_("halves")), 3: (N_("third"), N_("thirds")),
              4: (N_("quarter"), N_("quarters"))}  # fmt: skip


def capsules_text(
    capsules: dict[str, int], formulation: Formulation | None = None, language: Language = ENGLISH
) -> str:
    """``1 capsule of 3 mg + 1 capsule of 1.5 mg``, largest first; a split piece is named as
    such: ``1 quarter of a 4.5 mg capsule (1.125 mg each)``.
    """
    t, parts = language.text, []
    for text, count in sorted(capsules.items(), key=lambda kv: -Decimal(kv[0])):
        piece = Decimal(text)
        source = formulation.split_source(piece) if formulation else None
        if source is None:
            many = language.ntext("{count} capsule of {mg}", "{count} capsules of {mg}", count)
            parts.append(many.format(count=f"{count:,}", mg=format_mg(piece, language)))
        else:
            name = t(PART_NAMES[source[1]][0 if count == 1 else 1])
            parts.append(
                t("{count} {part} of a {mg} capsule ({each} each)").format(
                    count=count,
                    part=name,
                    mg=format_mg(Decimal(source[0]), language),
                    each=format_mg(piece, language),
                )
            )
    return " + ".join(parts)


def amount_text(step: Step, formulation: Formulation | None) -> str | None:
    """What to measure or count for one night of ``step``: ``1.5 mL of 1 mg/mL`` (a volume is
    never shown without its concentration), ``1 capsule of 1.5 mg``; None without a formulation.
    """
    if formulation is None or step.phase is Phase.PAUSED:
        return None
    if step.volume_ml is not None and formulation.concentration_mg_per_ml is not None:
        concentration = concentration_text(formulation.concentration_mg_per_ml)
        return f"{format_ml(step.volume_ml)} of {concentration}"
    if step.capsules:
        return capsules_text(step.capsules, formulation)
    return None


def take_text(step: Step, formulation: Formulation | None) -> str:
    """The "Take" cell: what to measure with which syringe, or which capsules."""
    amount = amount_text(step, formulation)
    if amount is None:
        return "–"
    syringe = syringe_text(step)
    return f"{amount} ({syringe})" if syringe else amount


def supply_contents(supply: Supply, formulation: Formulation | None = None) -> str:
    if supply.capsules is not None:
        split = supply.split_capsules or {}
        parts = (formulation.split_parts if formulation else None) or {}

        def how(strength: str) -> str:
            if strength not in split:
                return ""
            into = PART_NAMES[parts[strength]][1] if strength in parts else "parts"
            return f" ({split[strength]} of them split into {into})"

        return ", ".join(
            f"{plural(count, 'capsule')} of {format_mg(Decimal(strength))}{how(strength)}"
            for strength, count in supply.capsules.items()
        )
    consumed = format_ml(supply.consumed_ml or Decimal(0))
    overage = format_ml(supply.overage_ml or Decimal(0))
    dispense = format_ml(supply.dispense_ml or Decimal(0))
    bottles = supply.bottles_ml or ()
    sizes = " + ".join(format_ml(b) for b in bottles)
    return (
        f"{dispense} ({consumed} + {overage} overage): {plural(len(bottles), 'bottle')} ({sizes})"
    )


DISPENSING_HEADERS = ("Fill", "Nights", "Dispense")


def dispensing_rows(schedule: Schedule) -> list[tuple[str, str, str]]:
    """One row per fill and a total row, for the table and markdown renderers."""
    dispensing = schedule.dispensing
    if dispensing is None:
        return []
    rows = [
        (
            str(number),
            f"{format_date(fill.first_night)} to {format_date(fill.last_night)} "
            f"({plural(fill.nights, 'night')})",
            supply_contents(fill, schedule.formulation),
        )
        for number, fill in enumerate(dispensing.fills, start=1)
    ]
    if len(dispensing.fills) > 1:
        total = dispensing.total
        rows.append(
            ("Total", plural(total.nights, "night"), supply_contents(total, schedule.formulation))
        )
    return rows


def timing_text(step: Step, language: Language = ENGLISH) -> str | None:
    """``in the morning``, ``in the morning (08:00)``, ``at bedtime (22:00)``; None for a plain
    bedtime dose, which every plan assumes and states once in its regimen.
    """
    if step.phase is Phase.PAUSED:
        return None
    t = language.text
    when = t("in the morning") if step.dose_time is DoseTime.MORNING else t("at bedtime")
    if step.at is not None:
        return f"{when} ({step.at})"
    return when if step.dose_time is not DoseTime.BEDTIME else None


def step_notes(step: Step, terms: StepTerms = NO_TERMS) -> list[str]:
    """What a person must know about a step beyond its dose: when, whether (its terms: a
    conditional dose, or a night after one), and any warning."""
    timing = timing_text(step)
    notes = [f"take {timing}" if timing else None, terms_clause(terms), step_note(step)]
    return [note for note in notes if note]


def added_amount(
    added: AddedDose, formulation: Formulation | None, language: Language = ENGLISH
) -> str | None:
    """What to measure or count for an added dose, as :func:`amount_text` says it for a
    step: ``0.5 mL of 1 mg/mL (1 mL oral syringe)``, ``1 capsule of 0.5 mg``; None without."""
    if formulation is None:
        return None
    if added.volume_ml is not None and formulation.concentration_mg_per_ml is not None:
        t = language.text
        concentration = concentration_text(formulation.concentration_mg_per_ml, language)
        size = format_ml(added.syringe_ml, language) if added.syringe_ml else None
        syringe = ", " + t("{size} oral syringe").format(size=size) if size else ""
        volume = format_ml(added.volume_ml, language)
        return (
            t("{volume} of {concentration}").format(volume=volume, concentration=concentration)
            + syringe
        )
    if added.capsules:
        return capsules_text(added.capsules, formulation, language)
    return None


def also_text(schedule: Schedule, amounts: bool = True, language: Language = ENGLISH) -> str | None:
    """The added daily doses (``--also``): ``0.5 mg at 08:00``, with what to measure when the
    plan has a formulation; None for a plan with one dose a day."""
    if not schedule.also:
        return None
    parts = []
    for added in schedule.also:
        amount = added_amount(added, schedule.formulation, language) if amounts else None
        dose = format_mg(added.dose_mg, language) + (f" ({amount})" if amount else "")
        parts.append(language.text("{dose} at {time}").format(dose=dose, time=added.at))
    joined = language.text("and")
    return f" {joined} ".join(parts)


def regimen(schedule: Schedule) -> str:
    """The regimen sentence, with the added daily doses (``--also``) when there are any."""
    also = also_text(schedule, amounts=False)
    text = steps_regimen(schedule)
    return f"{text}; also {also} every day" if also else text
