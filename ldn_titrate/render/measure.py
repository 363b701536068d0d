"""What the patient measures or counts for one night, and what a plan's doses are counted in.

Split from :mod:`ldn_titrate.core.describe`: the amount comes first and largest on everything a
patient follows (issue 13), so every output takes it from here: ``0.5 mL`` (always shown near its
concentration), ``1 × 1.5 mg capsule``, with the mg beside it.
"""

from __future__ import annotations

from decimal import Decimal

from ldn_titrate.core.dosetext import concentration_text, format_mg, format_ml
from ldn_titrate.core.language import ENGLISH, Language
from ldn_titrate.core.model import DoseTime, Formulation, Phase, Schedule, Step
from ldn_titrate.render.describe import PART_NAMES, dose_text


def period(steps: tuple[Step, ...]) -> str:
    """What a plan's doses are counted in: ``night`` (all at bedtime), ``morning`` (all in the
    morning) or ``day`` (some of each), so no sentence says "each night" of a morning dose.
    """
    times = {step.dose_time for step in steps if step.phase is not Phase.PAUSED}
    if times == {DoseTime.MORNING}:
        return "morning"
    return "day" if DoseTime.MORNING in times else "night"


def dose_heading(schedule: Schedule) -> str:
    """The dose column's heading: ``Nightly dose`` only when every dose is at bedtime."""
    return "Nightly dose" if period(schedule.steps) == "night" else "Daily dose"


def measure_text(
    step: Step, formulation: Formulation | None, language: Language = ENGLISH
) -> str | None:
    """What the patient measures or counts, shortest first: ``0.5 mL``, ``1 × 1.5 mg capsule``,
    ``1 × 3 mg + 1 × 1.5 mg capsules``, ``1 quarter of a 4.5 mg capsule``; None without a
    formulation or on a paused night. A volume is only ever shown near its concentration.
    """
    if formulation is None or step.phase is Phase.PAUSED:
        return None
    if step.volume_ml is not None and formulation.concentration_mg_per_ml is not None:
        return format_ml(step.volume_ml, language)
    if not step.capsules:
        return None
    parts: list[str] = []
    t = language.text
    whole = 0
    for text, count in sorted(step.capsules.items(), key=lambda kv: -Decimal(kv[0])):
        piece = Decimal(text)
        source = formulation.split_source(piece)
        if source is None:
            parts.append(f"{count} × {format_mg(piece, language)}")
            whole += count
        else:
            one, many = PART_NAMES[source[1]]
            name = t(one if count == 1 else many)
            parts.append(
                t("{count} {part} of a {mg}").format(
                    count=count, part=name, mg=format_mg(Decimal(source[0]), language)
                )
            )
    # "1 quarter of a 4.5 mg capsule" reads right in the singular; whole ones are counted.
    amounts = " + ".join(parts)
    return (t("{amounts} capsules") if whole > 1 else t("{amounts} capsule")).format(
        amounts=amounts
    )


def square_measure(
    step: Step, formulation: Formulation | None, language: Language = ENGLISH
) -> tuple[str, str] | None:
    """What a narrow calendar square says: the amount in large type (``0.5 mL``, ``1 × 3 mg +
    1 × 1.5 mg``) and a smaller line under it (``2.5 mg``, ``capsules, 4.5 mg``). Long words
    (capsules, quarters) go on the smaller line so the large one fits at any dose.
    """
    if formulation is None or step.phase is Phase.PAUSED:
        return None
    if step.volume_ml is not None and formulation.concentration_mg_per_ml is not None:
        return format_ml(step.volume_ml, language), format_mg(step.dose_mg, language)
    if not step.capsules:
        return None
    t = language.text
    ordered = sorted(step.capsules.items(), key=lambda kv: -Decimal(kv[0]))
    big = " + ".join(f"{count} × {format_mg(Decimal(text), language)}" for text, count in ordered)
    kinds = []
    for text, count in ordered:
        source = formulation.split_source(Decimal(text))
        if source is not None:
            one, many = PART_NAMES[source[1]]
            kinds.append(
                t("{part} of {mg}").format(
                    part=t(one if count == 1 else many),
                    mg=format_mg(Decimal(source[0]), language),
                )
            )
    whole = sum(count for _, count in ordered)
    small = ", ".join(kinds) if kinds else (t("capsule") if whole == 1 else t("capsules"))
    return big, t("{kind}: {dose}").format(kind=small, dose=format_mg(step.dose_mg, language))


def measure_with_dose(
    step: Step, formulation: Formulation | None, language: Language = ENGLISH
) -> str:
    """``0.5 mL of 5 mg/mL (2.5 mg)``, ``1 × 1.5 mg capsule (1.5 mg)`` or plain ``2.5 mg``."""
    measure = measure_text(step, formulation, language)
    if measure is None:
        return dose_text(step, language)
    if step.volume_ml is not None and formulation is not None:
        concentration = formulation.concentration_mg_per_ml
        if concentration is not None:
            measure = language.text("{volume} of {concentration}").format(
                volume=measure, concentration=concentration_text(concentration, language)
            )
    return f"{measure} ({format_mg(step.dose_mg, language)})"
