"""From nightly mg to what the patient measures or counts: liquid mL or capsules.

Pure and exact (Decimal). Computed once here and stored on the :class:`Schedule`; renderers
only read it. A concentration is never assumed: a wrong one is a five-fold dosing error.
"""

from __future__ import annotations

import re
from decimal import Decimal
from itertools import combinations_with_replacement

from ldn_titrate.core.dosetext import format_mg, format_ml, format_number
from ldn_titrate.core.errors import Problems
from ldn_titrate.core.model import Form, Formulation, Phase, Schedule, Step
from ldn_titrate.core.parsing import bounded_decimal, parse_dose
from ldn_titrate.rules.policy import FormulationPolicy, Syringe

_CONCENTRATION = re.compile(
    r"^\s*(?P<num>[0-9]+(?:\.[0-9]+)?)\s*(?P<unit>mg|mcg)\s*/\s*(?P<per>[0-9.]*)\s*ml\s*$", re.I
)
_VOLUME = re.compile(r"^\s*(?P<num>[0-9]+(?:\.[0-9]+)?)\s*(?:ml)?\s*$", re.I)
# Concentrations a compounding pharmacy commonly makes, offered when a dose cannot be measured.
COMMON_CONCENTRATIONS = tuple(Decimal(c) for c in ("0.5", "1", "2", "2.5", "5"))


def parse_concentration(text: str) -> Decimal:
    """``1mg/mL``, ``1 mg/mL``, ``5mg/ml``, ``500mcg/mL`` → mg per mL."""
    match = _CONCENTRATION.match(text)
    if not match:
        raise ValueError("is not a concentration; write it as mg per mL, such as 1mg/mL or 5mg/mL")
    if match["per"] not in ("", "1"):
        raise ValueError(
            "is ambiguous: give the amount in 1 mL, such as 1mg/mL (not an amount per "
            f"{match['per']} mL)"
        )
    value = bounded_decimal(match["num"])
    if match["unit"].lower() == "mcg":
        value /= 1000
    if value <= 0:
        raise ValueError("must be above zero")
    return value


def parse_volume(text: str) -> Decimal:
    match = _VOLUME.match(text)
    if not match:
        raise ValueError("is not a volume; write it in mL, such as 1mL or 3mL")
    return bounded_decimal(match["num"])


def parse_strengths(text: str) -> tuple[Decimal, ...]:
    parts = [p for p in text.split(",") if p.strip()]
    if not parts:
        raise ValueError("lists no strengths; write them like 1.5,3,4.5")
    values = []
    for part in parts:
        try:
            values.append(parse_dose(part))
        except ValueError:
            raise ValueError(f"has {part.strip()!r}, which is not a strength in mg") from None
    if any(v <= 0 for v in values):
        raise ValueError("has a strength of zero")
    return tuple(sorted(set(values), reverse=True))


def pick_syringe(
    volume: Decimal, syringes: tuple[Syringe, ...], forced: Decimal | None
) -> Syringe | None:
    """The smallest syringe that holds ``volume`` and has a mark exactly at it."""
    candidates = sorted(syringes, key=lambda s: (s.size_ml, s.graduation_ml))
    if forced is not None:
        candidates = [s for s in candidates if s.size_ml == forced]
    for syringe in candidates:
        if volume <= syringe.size_ml and volume % syringe.graduation_ml == 0:
            return syringe
    return None


def _measurable(dose: Decimal, concentration: Decimal, policy: FormulationPolicy,
                forced: Decimal | None) -> bool:  # fmt: skip
    volume = dose / concentration
    return (
        volume >= policy.min_volume_ml and pick_syringe(volume, policy.syringes, forced) is not None
    )


def _volume_text(volume: Decimal) -> str:
    """``0.75 mL``, or ``about 0.83 mL`` for a volume with no end to its digits."""
    exact = volume.normalize()
    if exact.as_tuple().exponent >= -3:  # type: ignore[operator]
        return format_ml(exact)
    return f"about {format_ml(volume.quantize(Decimal('0.01')))}"


def apply_liquid(
    schedule: Schedule,
    concentration: Decimal,
    policy: FormulationPolicy,
    forced_syringe: Decimal | None = None,
) -> Schedule:
    problems = Problems()
    if forced_syringe is not None and forced_syringe not in {s.size_ml for s in policy.syringes}:
        sizes = ", ".join(format_ml(s.size_ml) for s in policy.syringes)
        problems.add(
            f"--syringe {format_ml(forced_syringe)} is not one this policy hands out ({sizes})"
        )
        problems.raise_if_any()
    conc = f"{format_number(concentration)} mg/mL"
    doses = sorted({s.dose_mg for s in schedule.steps if s.phase is not Phase.PAUSED})
    bad = [d for d in doses if not _measurable(d, concentration, policy, forced_syringe)]
    if bad:
        working = [
            f"{format_number(c)} mg/mL"
            for c in COMMON_CONCENTRATIONS
            if all(_measurable(d, c, policy, forced_syringe) for d in doses)
        ]
        hint = (
            f"concentrations that measure every dose of this plan: {', '.join(working)}"
            if working
            else "no common concentration measures every dose of this plan"
        )
        for dose in bad:
            volume = dose / concentration
            if volume < policy.min_volume_ml:
                why = f"below the smallest volume measured, {format_ml(policy.min_volume_ml)}"
            elif volume > max(s.size_ml for s in policy.syringes):
                why = "more than the largest syringe holds"
            elif volume.normalize().as_tuple().exponent < -3:  # type: ignore[operator]
                why = "no syringe measures it exactly"
            else:
                why = "not on any syringe's marks"
            problems.add(
                f"--concentration {conc}: {format_mg(dose)} is "
                f"{_volume_text(volume)} ({why}); {hint}"
            )
        problems.raise_if_any()
    steps = []
    for step in schedule.steps:
        if step.phase is Phase.PAUSED:
            steps.append(
                step.model_copy(update={"volume_ml": None, "syringe_ml": None, "capsules": None})
            )
            continue
        volume = (step.dose_mg / concentration).normalize()
        syringe = pick_syringe(volume, policy.syringes, forced_syringe)
        assert syringe is not None  # checked above
        steps.append(
            step.model_copy(
                update={"volume_ml": volume, "syringe_ml": syringe.size_ml, "capsules": None}
            )
        )
    formulation = Formulation(form=Form.LIQUID, concentration_mg_per_ml=concentration)
    return schedule.model_copy(update={"steps": tuple(steps), "formulation": formulation})


def _pieces(strengths: tuple[Decimal, ...], policy: FormulationPolicy) -> dict[Decimal, Decimal]:
    """Every piece a dose may be made of, mapped to the capsule strength it comes from."""
    pieces = {s: s for s in strengths}
    for split in policy.splits:
        if split.strength_mg in strengths:
            pieces.setdefault(split.strength_mg / split.parts, split.strength_mg)
    return pieces


def combine(dose: Decimal, pieces: list[Decimal], most: int) -> tuple[Decimal, ...] | None:
    """Fewest capsules; then fewest distinct strengths; then the larger strengths."""
    best: tuple[tuple[int, int, tuple[Decimal, ...]], tuple[Decimal, ...]] | None = None
    for count in range(1, most + 1):
        for combo in combinations_with_replacement(sorted(pieces, reverse=True), count):
            if sum(combo) != dose:
                continue
            key = (count, len(set(combo)), tuple(-p for p in combo))
            if best is None or key < best[0]:
                best = (key, combo)
        if best is not None:
            return best[1]
    return None


def apply_capsules(
    schedule: Schedule, strengths: tuple[Decimal, ...] | None, policy: FormulationPolicy
) -> Schedule:
    problems = Problems()
    stocked = set(policy.capsule_strengths_mg)
    chosen = strengths or tuple(sorted(stocked, reverse=True))
    for strength in chosen:
        if strength not in stocked:
            listed = ", ".join(format_mg(s) for s in sorted(stocked))
            problems.add(
                f"--strengths: {format_mg(strength)} capsules are not stocked under this "
                f"policy ({listed})"
            )
    problems.raise_if_any()
    pieces = _pieces(chosen, policy)
    names = ", ".join(format_mg(s) for s in chosen)
    steps: list[Step] = []
    for step in schedule.steps:
        if step.phase is Phase.PAUSED:
            steps.append(
                step.model_copy(update={"volume_ml": None, "syringe_ml": None, "capsules": None})
            )
            continue
        combo = combine(step.dose_mg, list(pieces), policy.max_capsules_per_dose)
        if combo is None:
            problems.add(
                f"--strengths {names}: {format_mg(step.dose_mg)} (step {step.number}) "
                "cannot be made "
                f"exactly from at most {policy.max_capsules_per_dose} capsules of these strengths"
            )
            continue
        counts: dict[str, int] = {}
        for piece in combo:
            key = format_number(piece)
            counts[key] = counts.get(key, 0) + 1
        steps.append(
            step.model_copy(update={"capsules": counts, "volume_ml": None, "syringe_ml": None})
        )
    problems.raise_if_any()
    split_parts: dict[str, int] = {}
    for split in policy.splits:  # policy order, first wins: as _pieces chose the pieces
        if split.strength_mg in chosen:
            split_parts.setdefault(format_number(split.strength_mg), split.parts)
    formulation = Formulation(
        form=Form.CAPSULES, strengths_mg=chosen, split_parts=split_parts or None
    )
    return schedule.model_copy(update={"steps": tuple(steps), "formulation": formulation})
