"""Sentences about a schedule shared by every human-readable output, written once."""

from __future__ import annotations

from decimal import Decimal

from ldn_titrate.dosetext import format_date, format_mg, format_ml, format_number, plural
from ldn_titrate.model import Form, Formulation, Phase, Schedule, Step


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
