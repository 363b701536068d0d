"""Sentences about a schedule shared by every human-readable output, written once."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from ldn_titrate.dosetext import format_date, format_mg, format_ml, format_number, plural
from ldn_titrate.model import (
    Change,
    ChangeKind,
    DoseTime,
    Form,
    Formulation,
    Phase,
    Schedule,
    Step,
)


def regimen(schedule: Schedule) -> str:
    """``1.5 mg at bedtime, up 1 mg every 14 nights to 4.5 mg, then 28 nights at 4.5 mg``."""
    inputs = schedule.inputs
    start, ceiling = format_mg(inputs.start_dose_mg), format_mg(inputs.ceiling_mg)
    hold = f"{plural(inputs.maintain_days, 'night')} at {ceiling}"
    if inputs.start_dose_mg >= inputs.ceiling_mg:
        return f"{start} at bedtime for {hold.split(' at ')[0]}"
    return (
        f"{start} at bedtime, up {format_mg(inputs.step_mg)} every "
        f"{plural(inputs.interval_days, 'night')} to {ceiling}, then {hold}"
    )


def phase_name(step: Step) -> str:
    return {
        Phase.TITRATION: "titration",
        Phase.MAINTENANCE: "maintenance",
        Phase.PAUSED: "paused",
    }[step.phase]


def dose_text(step: Step) -> str:
    return "none (paused)" if step.phase is Phase.PAUSED else format_mg(step.dose_mg)


def regimen_label(schedule: Schedule) -> str:
    """An adjusted plan no longer follows its regimen line, so the line says it was the start."""
    return "Regimen as first planned" if schedule.history else "Regimen"


def ending(schedule: Schedule) -> str:
    """``Review on …``, or for a discontinued plan when it stopped and when the review is."""
    if schedule.discontinued_on is None:
        return review(schedule)
    return (
        f"Discontinued from {format_date(schedule.discontinued_on)} (last night "
        f"{format_date(schedule.last_night)}); review on {format_date(schedule.review_date)}"
    )


def span(schedule: Schedule) -> str:
    return (
        f"{format_date(schedule.first_night)} to {format_date(schedule.last_night)} "
        f"({plural(schedule.total_nights, 'night')})"
    )


def review(schedule: Schedule) -> str:
    return f"Review on {format_date(schedule.review_date)}"


def concentration_text(concentration_mg_per_ml: Decimal) -> str:
    return f"{format_number(concentration_mg_per_ml)} mg/mL"


def formulation_text(formulation: Formulation | None) -> str | None:
    """``oral liquid, 1 mg/mL`` or ``capsules of 1.5 mg, 3 mg``; None when not given."""
    if formulation is None:
        return None
    if formulation.form is Form.LIQUID and formulation.concentration_mg_per_ml is not None:
        return f"oral liquid, {concentration_text(formulation.concentration_mg_per_ml)}"
    strengths = ", ".join(format_mg(s) for s in formulation.strengths_mg or ())
    return f"capsules of {strengths}"


def capsules_text(capsules: dict[str, int]) -> str:
    """``1 capsule of 3 mg + 1 capsule of 1.5 mg``, largest strength first."""
    parts = [
        f"{plural(count, 'capsule')} of {format_mg(Decimal(strength))}"
        for strength, count in sorted(capsules.items(), key=lambda kv: -Decimal(kv[0]))
    ]
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
        return capsules_text(step.capsules)
    return None


# Wording for a dose retried after a step back (FACTS.md: increase again only once the side
# effects have settled). Every output that shows a provisional step uses these words.
PROVISIONAL = "only if the side effects have settled"


def timing_text(step: Step) -> str | None:
    """``in the morning``, ``in the morning (08:00)``, ``at bedtime (22:00)``; None for a plain
    bedtime dose, which every plan assumes and states once in its regimen.
    """
    if step.phase is Phase.PAUSED:
        return None
    when = "in the morning" if step.dose_time is DoseTime.MORNING else "at bedtime"
    if step.at is not None:
        return f"{when} ({step.at})"
    return when if step.dose_time is not DoseTime.BEDTIME else None


def step_notes(step: Step) -> list[str]:
    """What a person must know about a step beyond its dose: when, whether, and any warning."""
    notes = []
    timing = timing_text(step)
    if timing:
        notes.append(f"take {timing}")
    if step.provisional:
        notes.append(PROVISIONAL)
    if step.note:
        notes.append(step.note)
    return notes


def change_text(change: Change) -> str:
    """``Changed on Sun 20 Dec 2026: held 7 nights — vivid dreams``."""
    text = f"Changed on {format_date(change.on)}: {_what(change)}"
    return f"{text} — {change.reason}" if change.reason else text


def _what(change: Change) -> str:
    p = change.parameters

    def mg(key: str) -> str:
        return format_mg(Decimal(str(p[key]))) if key in p else "?"

    def day(key: str) -> str:
        return format_date(date.fromisoformat(str(p[key]))) if key in p else "?"

    match change.kind:
        case ChangeKind.HOLD:
            return f"held {plural(int(p.get('nights', 0)), 'night')}"
        case ChangeKind.STEP_BACK:
            return f"stepped back from {mg('from_mg')} to {mg('to_mg')}, then up again"
        case ChangeKind.STOP_AT_CURRENT:
            return f"stopped rising: {mg('ceiling_mg')} is the maintenance dose from here"
        case ChangeKind.PAUSE:
            return f"paused to {day('last')}, restarting at {mg('resume_mg')}"
        case ChangeKind.DOSE_TIME:
            at = f" ({p['at']})" if "at" in p else ""
            when = "the morning" if p.get("dose_time") == DoseTime.MORNING else "bedtime"
            return f"dose moved to {when}{at}"
        case ChangeKind.DISCONTINUE:
            return f"discontinued; last night {day('last_night')}"
        case ChangeKind.UNDO:
            return f"undid revision {p.get('undid_revision', '?')} ({p.get('undid', '?')})"
    return str(change.kind)  # pragma: no cover - every kind is named above
