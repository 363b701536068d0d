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
    picked = pick_draws(volume, syringes, forced)
    return picked[0] if picked is not None and picked[1] == 1 else None


def pick_draws(
    volume: Decimal, syringes: tuple[Syringe, ...], forced: Decimal | None
) -> tuple[Syringe, int] | None:
    """The syringe and the number of fills that measure ``volume`` exactly: one fill of the
    smallest syringe that can, else (where the policy allows repeat draws) the fewest fills, each
    full but the last, which ends on a mark. Never a volume between marks.
    """
    candidates = sorted(syringes, key=lambda s: (s.size_ml, s.graduation_ml))
    if forced is not None:
        candidates = [s for s in candidates if s.size_ml == forced]
    best: tuple[Syringe, int] | None = None
    for syringe in candidates:
        for draws in range(1, syringe.max_draws + 1):
            rest = volume - (draws - 1) * syringe.size_ml
            if 0 < rest <= syringe.size_ml and rest % syringe.graduation_ml == 0:
                if best is None or draws < best[1]:
                    best = (syringe, draws)
                break
        if best is not None and best[1] == 1:
            return best
    return best


def _measurable(dose: Decimal, concentration: Decimal, policy: FormulationPolicy,
                forced: Decimal | None) -> bool:  # fmt: skip
    volume = dose / concentration
    return (
        volume >= policy.min_volume_ml and pick_draws(volume, policy.syringes, forced) is not None
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
    doses = sorted(
        {s.dose_mg for s in schedule.steps if s.phase is not Phase.PAUSED}
        | {added.dose_mg for added in schedule.also}
    )
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
            elif volume > max(s.size_ml * s.max_draws for s in policy.syringes):
                why = "more than the largest syringe holds"
            elif volume.normalize().as_tuple().exponent < -3:  # type: ignore[operator]
                why = "no syringe measures it exactly"
            elif any(s.size_ml < volume and volume % s.graduation_ml == 0 for s in policy.syringes):
                why = (
                    "not on any syringe's marks in one fill; a clinic's policy may allow repeat "
                    "draws of a smaller syringe (max_draws)"
                )
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
                step.model_copy(
                    update={"volume_ml": None, "syringe_ml": None, "capsules": None, "draws": None}
                )
            )
            continue
        volume = (step.dose_mg / concentration).normalize()
        picked = pick_draws(volume, policy.syringes, forced_syringe)
        assert picked is not None  # checked above
        syringe, draws = picked
        update = {"volume_ml": volume, "syringe_ml": syringe.size_ml, "capsules": None}
        steps.append(step.model_copy(update=update | {"draws": draws if draws > 1 else None}))
    also = []
    for added in schedule.also:  # measurable: checked with every dose above
        volume = (added.dose_mg / concentration).normalize()
        picked = pick_draws(volume, policy.syringes, forced_syringe)
        assert picked is not None
        fills = picked[1] if picked[1] > 1 else None
        measured = {"volume_ml": volume, "syringe_ml": picked[0].size_ml, "draws": fills}
        also.append(added.model_copy(update=measured | {"capsules": None}))
    formulation = Formulation(form=Form.LIQUID, concentration_mg_per_ml=concentration)
    made: dict[str, object] = {"steps": tuple(steps), "formulation": formulation}
    return schedule.model_copy(update=made | {"also": tuple(also)})


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
                step.model_copy(
                    update={"volume_ml": None, "syringe_ml": None, "capsules": None, "draws": None}
                )
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
        counts = _counts(combo)
        steps.append(
            step.model_copy(
                update={"capsules": counts, "volume_ml": None, "syringe_ml": None, "draws": None}
            )
        )
    also = []
    for added in schedule.also:
        combo = combine(added.dose_mg, list(pieces), policy.max_capsules_per_dose)
        if combo is None:
            problems.add(
                f"--strengths {names}: the added dose of {format_mg(added.dose_mg)} at "
                f"{added.at} cannot be made exactly from at most "
                f"{policy.max_capsules_per_dose} capsules of these strengths"
            )
            continue
        amount = {"capsules": _counts(combo), "volume_ml": None, "syringe_ml": None}
        also.append(added.model_copy(update=amount | {"draws": None}))
    problems.raise_if_any()
    split_parts: dict[str, int] = {}
    for split in policy.splits:  # policy order, first wins: as _pieces chose the pieces
        if split.strength_mg in chosen:
            split_parts.setdefault(format_number(split.strength_mg), split.parts)
    formulation = Formulation(
        form=Form.CAPSULES, strengths_mg=chosen, split_parts=split_parts or None
    )
    update = {"steps": tuple(steps), "formulation": formulation, "also": tuple(also)}
    return schedule.model_copy(update=update)


def _counts(combo: tuple[Decimal, ...]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for piece in combo:
        key = format_number(piece)
        counts[key] = counts.get(key, 0) + 1
    return counts
