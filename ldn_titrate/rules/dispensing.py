"""How much the pharmacy dispenses: per step, per fill of ``--supply-days``, and in total.

Liquid quantities get the policy's overage (priming, spills) and are packed into the fewest
bottles of the stocked sizes, least excess first; capsules are counted per strength.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from decimal import ROUND_CEILING, Decimal
from itertools import combinations_with_replacement

from ldn_titrate.core.checkin import GateMode
from ldn_titrate.core.errors import InputError
from ldn_titrate.core.model import (
    AddedDose,
    Dispensing,
    Form,
    Formulation,
    Phase,
    Schedule,
    Step,
    Supply,
)
from ldn_titrate.rules.policy import FormulationPolicy

_HUNDREDTH = Decimal("0.01")
BEYOND_USE_PREFIX = "the plan runs "


# Beyond this many bottles the exact search (every combination) would take minutes: the rest
# are filled with the largest size and only the last few are chosen by search.
_SEARCHED_BOTTLES = 4


def bottles_for(volume: Decimal, sizes: tuple[Decimal, ...]) -> tuple[Decimal, ...]:
    """The fewest bottles holding ``volume``; among those, the least excess; largest first.

    Exact up to four bottles; a larger quantity takes the largest bottle for all but the last
    four, so the count is still the fewest and the search stays small whatever the volume.
    """
    if volume <= 0:
        return ()
    largest = max(sizes)
    fewest = (volume / largest).to_integral_value(ROUND_CEILING)  # no fewer can hold it
    fixed = max(int(fewest) - _SEARCHED_BOTTLES, 0)
    rest = volume - largest * fixed
    ordered = sorted(sizes, reverse=True)
    for count in range(1, _SEARCHED_BOTTLES + 1):
        fits = [
            combo for combo in combinations_with_replacement(ordered, count) if sum(combo) >= rest
        ]
        if fits:
            best = min(fits, key=lambda combo: (sum(combo) - rest, [-b for b in combo]))
            return (largest,) * fixed + best
    raise AssertionError("four of the largest bottles hold the rest")  # pragma: no cover


def covering(schedule: Schedule) -> tuple[Step, ...]:
    """The nights dispensing must cover (issue 26): with a clinician-gated interval range the
    dates are projected at the upper bound, but an accepted advance can take the patient up from
    the lower bound; each night counts the higher of the two paths' doses, so a patient who goes
    up early never runs out."""
    span, steps = schedule.interval_range, schedule.steps
    if span is None or span.months or span.mode is not GateMode.CLINICIAN:
        return steps
    fast: list[Step] = []
    start = steps[0].start
    for step in steps:
        nights = min(span.min_days, step.nights) if step.phase is Phase.TITRATION else step.nights
        end = start + timedelta(days=nights - 1)
        fast.append(step.model_copy(update={"start": start, "end": end, "nights": nights}))
        start = end + timedelta(days=1)
    runs: list[Step] = []
    night = steps[0].start
    while night <= steps[-1].end:
        slow = next(s for s in steps if s.start <= night <= s.end)
        quick = next((s for s in fast if s.start <= night <= s.end), fast[-1])
        taken = quick if quick.dose_mg > slow.dose_mg and quick.phase is not Phase.PAUSED else slow
        if runs and runs[-1].number == taken.number and runs[-1].dose_mg == taken.dose_mg:
            last = runs[-1]
            runs[-1] = last.model_copy(update={"end": night, "nights": last.nights + 1})
        else:
            runs.append(taken.model_copy(update={"start": night, "end": night, "nights": 1}))
        night += timedelta(days=1)
    return tuple(runs)


def _supply(
    schedule: Schedule,
    first: date,
    last: date,
    policy: FormulationPolicy,
    steps: tuple[Step, ...] | None = None,
) -> Supply:
    nights = (last - first).days + 1
    consumed = Decimal(0)
    capsules: Counter[str] = Counter()
    for step in schedule.steps if steps is None else steps:
        overlap = _overlap(step, first, last)
        if overlap == 0 or step.phase is Phase.PAUSED:
            continue
        # The step's dose, and each added daily dose (--also), every night of the overlap.
        amounts: list[Step | AddedDose] = [step, *schedule.also]
        for amount in amounts:
            if amount.volume_ml is not None:
                consumed += amount.volume_ml * overlap
            for strength, count in (amount.capsules or {}).items():
                capsules[strength] += count * overlap
    formulation = schedule.formulation
    if formulation is not None and formulation.form is Form.LIQUID:
        overage = (consumed * policy.overage_percent / 100).quantize(_HUNDREDTH, ROUND_CEILING)
        dispense = consumed + overage
        return Supply(
            first_night=first,
            last_night=last,
            nights=nights,
            consumed_ml=consumed.normalize(),
            overage_ml=overage.normalize(),
            dispense_ml=dispense.normalize(),
            bottles_ml=bottles_for(dispense, policy.bottle_sizes_ml),
        )
    whole, split = _whole_capsules(capsules, formulation)
    return Supply(
        first_night=first,
        last_night=last,
        nights=nights,
        capsules=whole,
        split_capsules=split or None,
    )


def _whole_capsules(
    pieces: Counter[str], formulation: Formulation | None
) -> tuple[dict[str, int], dict[str, int]]:
    """Capsules as the pharmacy dispenses them: a piece of a split capsule (1.125 mg, a quarter
    of 4.5 mg) is counted as whole 4.5 mg capsules to be split, rounded up, never as a
    1.125 mg capsule that does not exist. The step text reads pieces by the same rule.
    """
    whole: Counter[str] = Counter()
    split_pieces: Counter[tuple[str, int]] = Counter()
    for key, count in pieces.items():
        source = formulation.split_source(Decimal(key)) if formulation else None
        if source is None:
            whole[key] += count
        else:
            split_pieces[source] += count
    split: Counter[str] = Counter()
    for (strength, parts), count in split_pieces.items():
        needed = -(-count // parts)  # whole capsules, rounded up
        split[strength] += needed
        whole[strength] += needed
    order = sorted(whole, key=lambda k: -Decimal(k))
    return {k: whole[k] for k in order}, {k: split[k] for k in order if split[k]}


def _overlap(step: Step, first: date, last: date) -> int:
    start, end = max(step.start, first), min(step.end, last)
    return max(0, (end - start).days + 1)


def dispense(schedule: Schedule, policy: FormulationPolicy, supply_days: int | None) -> Schedule:
    """Attach the dispensing quantities; the schedule must already carry a formulation."""
    if schedule.formulation is None:
        return schedule
    liquid = schedule.formulation.form is Form.LIQUID
    if supply_days is not None:
        if supply_days < 1:
            raise InputError(f"--supply-days {supply_days} must be at least 1")
        if liquid and supply_days > policy.beyond_use_days:
            raise InputError(
                f"--supply-days {supply_days} is more than this policy's beyond-use days for "
                f"compounded liquid ({policy.beyond_use_days}): "
                f"give at most {policy.beyond_use_days}"
            )
    active = [s for s in schedule.steps if s.phase is not Phase.PAUSED]
    first, last = schedule.first_night, schedule.last_night
    cover = covering(schedule)
    per_step = tuple(_supply(schedule, s.start, s.end, policy, cover) for s in active)
    fills: list[Supply] = []
    if supply_days is None:
        fills.append(_supply(schedule, first, last, policy, cover))
    else:
        start = first
        while start <= last:
            end = min(start + timedelta(days=supply_days - 1), last)
            fills.append(_supply(schedule, start, end, policy, cover))
            start = end + timedelta(days=1)
    total = _supply(schedule, first, last, policy, cover)
    if liquid:
        # The total is what the fills add up to, overage included.
        total = total.model_copy(
            update={
                "overage_ml": sum(
                    (f.overage_ml or Decimal(0) for f in fills), Decimal(0)
                ).normalize(),
                "dispense_ml": sum(
                    (f.dispense_ml or Decimal(0) for f in fills), Decimal(0)
                ).normalize(),
                "bottles_ml": tuple(b for f in fills for b in f.bottles_ml or ()),
            }
        )
    else:
        # Likewise for capsules: each fill rounds its split capsules up on its own.
        whole: Counter[str] = Counter()
        split: Counter[str] = Counter()
        for fill in fills:
            whole.update(fill.capsules or {})
            split.update(fill.split_capsules or {})
        total = total.model_copy(
            update={"capsules": dict(whole), "split_capsules": dict(split) or None}
        )
    dispensing = Dispensing(
        overage_percent=policy.overage_percent if liquid else None,
        supply_days=supply_days,
        per_step=per_step,
        fills=tuple(fills),
        total=total,
    )
    # Re-dispensing (a new concentration on a saved plan, an adjustment) replaces the old advice.
    warnings = [w for w in schedule.warnings if not w.startswith(BEYOND_USE_PREFIX)]
    if liquid and supply_days is None and total.nights > policy.beyond_use_days:
        warnings.append(
            f"{BEYOND_USE_PREFIX}{total.nights} nights but compounded liquid is used within "
            f"{policy.beyond_use_days} days: dispense in fills with --supply-days "
            f"{policy.beyond_use_days}"
        )
    return schedule.model_copy(update={"dispensing": dispensing, "warnings": tuple(warnings)})
