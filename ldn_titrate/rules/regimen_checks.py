"""Policy checks for the regimen forms beyond start/step/ceiling: calendar-month intervals,
explicit dose ladders (``--doses``) and phases (``--phase``). Every problem names the option
(or the preset key), the value and the allowed range; all are collected, none stops the rest.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from itertools import pairwise

from ldn_titrate.core.dosetext import format_mg, plural
from ldn_titrate.core.errors import Problems
from ldn_titrate.core.model import ABSOLUTE_MAX_MG
from ldn_titrate.core.regimen import Interval
from ldn_titrate.rules.policy import DoseBound, LoadedPolicy, NightsBound


@dataclass(frozen=True)
class PhaseValue:
    """One parsed phase and how to name it in a message."""

    label: str
    step_mg: Decimal
    every: Interval
    up_to_mg: Decimal


def check_interval(flag: str, every: Interval, loaded: LoadedPolicy, problems: Problems) -> None:
    """Nights against the interval bound; months against the months bound."""
    bounds, source = loaded.policy.bounds, loaded.source
    if not every.months:
        check_nights(flag, every.count, bounds.interval, source, problems)
        return
    months = bounds.interval_months
    allowed = (
        f"allowed {months.min_months} to {plural(months.max_months, 'month')}; policy: {source}"
    )
    if every.count < months.min_months:
        problems.add(
            f"{flag} {plural(every.count, 'month')} is below this policy's minimum of "
            f"{plural(months.min_months, 'month')} ({allowed})"
        )
    elif every.count > months.max_months:
        problems.add(
            f"{flag} {plural(every.count, 'month')} is above this policy's maximum of "
            f"{plural(months.max_months, 'month')} ({allowed})"
        )


def check_nights(
    flag: str, nights: int, bound: NightsBound, source: str, problems: Problems
) -> None:
    allowed = f"allowed {bound.min_nights} to {bound.max_nights} nights; policy: {source}"
    if nights < bound.min_nights:
        problems.add(
            f"{flag} {plural(nights, 'night')} is below this policy's minimum of "
            f"{plural(bound.min_nights, 'night')} ({allowed})"
        )
    elif nights > bound.max_nights:
        problems.add(
            f"{flag} {plural(nights, 'night')} is above this policy's maximum of "
            f"{plural(bound.max_nights, 'night')} ({allowed})"
        )


def check_dose(
    flag: str,
    dose: Decimal,
    bound: DoseBound,
    what: str,
    loaded: LoadedPolicy,
    problems: Problems,
    warnings: list[str],
) -> None:
    """Inside the bound (a warning above its usual top), and on the policy's resolution."""
    source = loaded.source
    allowed = f"allowed {format_mg(bound.min_mg)} to {format_mg(bound.max_mg)}; policy: {source}"
    if dose < bound.min_mg:
        problems.add(
            f"{flag} {format_mg(dose)} is below this policy's minimum of "
            f"{format_mg(bound.min_mg)} ({allowed})"
        )
    elif dose > bound.max_mg:
        problems.add(
            f"{flag} {format_mg(dose)} is above this policy's maximum of "
            f"{format_mg(bound.max_mg)} ({allowed})"
        )
    elif bound.warn_above_mg is not None and dose > bound.warn_above_mg:
        warnings.append(
            f"{flag} {format_mg(dose)} is above the usual {what} of at most "
            f"{format_mg(bound.warn_above_mg)}: check that this is intended (policy: {source})"
        )
    check_resolution(flag, dose, loaded, problems)


def check_resolution(flag: str, dose: Decimal, loaded: LoadedPolicy, problems: Problems) -> None:
    resolution = loaded.policy.resolution_mg
    if dose % resolution != 0:
        problems.add(
            f"{flag} {format_mg(dose)} is not a multiple of this policy's dose resolution of "
            f"{format_mg(resolution)} (policy: {loaded.source})"
        )


def check_ladder(
    flag: str,
    doses: Sequence[Decimal],
    loaded: LoadedPolicy,
    problems: Problems,
    warnings: list[str],
) -> None:
    """An explicit ladder: rising, each rise a step the policy allows, first a start dose and
    last a ceiling the policy allows, at most ``max_steps`` doses."""
    policy, source = loaded.policy, loaded.source
    bounds = policy.bounds
    for dose in doses[1:-1]:  # the first and last are checked as start and ceiling below
        check_resolution(flag, dose, loaded, problems)
    first, last = doses[0], doses[-1]
    check_dose(f"{flag} first dose", first, bounds.start_dose, "start", loaded, problems, warnings)
    # The last dose is the ceiling, even when it is the only one.
    check_dose(f"{flag} last dose", last, bounds.ceiling, "ceiling", loaded, problems, warnings)
    step = bounds.step
    for low, high in pairwise(doses):
        rise = high - low
        if rise <= 0:
            problems.add(
                f"{flag}: {format_mg(high)} after {format_mg(low)} does not rise; a ladder "
                "goes up one dose at a time (a lower dose later is an adjustment: "
                "adjust --step-back)"
            )
        elif not step.min_mg <= rise <= step.max_mg:
            problems.add(
                f"{flag}: the rise from {format_mg(low)} to {format_mg(high)} is "
                f"{format_mg(rise)}, outside this policy's steps of {format_mg(step.min_mg)} "
                f"to {format_mg(step.max_mg)} (policy: {source})"
            )
    if len(doses) > policy.max_steps:
        problems.add(
            f"{flag} has {len(doses)} doses; this policy allows at most {policy.max_steps} "
            f"steps (policy: {source})"
        )


def check_phases(
    flag: str,
    start_mg: Decimal | None,
    phases: Sequence[PhaseValue],
    loaded: LoadedPolicy,
    problems: Problems,
    warnings: list[str],
    given: int | None = None,
) -> None:
    """Phases in rising order, each above the start dose, each step and interval in bounds,
    the last top a ceiling the policy allows, at most ``max_phases`` of them."""
    policy, source = loaded.policy, loaded.source
    bounds = policy.bounds
    count = len(phases) if given is None else given  # ``given`` counts unparsed ones too
    if count > policy.max_phases:
        problems.add(
            f"{flag} given {plural(count, 'time')}; this policy allows at most "
            f"{plural(policy.max_phases, 'phase')} (allowed 1 to {policy.max_phases}; "
            f"policy: {source})"
        )
    below = start_mg
    for index, phase in enumerate(phases, start=1):
        check_dose(
            f"{phase.label}: step", phase.step_mg, bounds.step, "step", loaded, problems, warnings
        )
        check_interval(f"{phase.label}: interval", phase.every, loaded, problems)
        if index < len(phases):  # the last top is checked as the ceiling below
            check_resolution(f"{phase.label}: up to", phase.up_to_mg, loaded, problems)
        if below is not None and phase.up_to_mg <= below:
            problems.add(
                f"{phase.label}: up to {format_mg(phase.up_to_mg)} is not above "
                f"{format_mg(below)}, where the phase before it (or the start dose) ends; "
                "phases climb in order"
            )
        below = phase.up_to_mg
    if phases:
        last = phases[-1]
        flag = f"{last.label}: up to (the ceiling)"
        check_dose(flag, last.up_to_mg, bounds.ceiling, "ceiling", loaded, problems, warnings)


@dataclass(frozen=True)
class AlsoValue:
    """One parsed added daily dose (``--also``) and its text as given."""

    text: str
    dose_mg: Decimal
    at: str


def check_also(
    added: Sequence[AlsoValue], given: int, top: Decimal | None, loaded: LoadedPolicy,
    problems: Problems,
) -> None:  # fmt: skip
    """At most the policy's doses a day; each dose in the policy's dose range and resolution;
    one dose per clock time; the day's total at the top dose within the policy's daily maximum
    and never above the absolute limit of 10 mg."""
    policy, source = loaded.policy, loaded.source
    most = policy.max_doses_per_day
    if 1 + given > most:
        problems.add(
            f"--also given {plural(given, 'time')}: {1 + given} doses a day; this policy allows "
            f"at most {most} a day, the nightly dose included (policy: {source})"
        )
    low, high = policy.bounds.start_dose.min_mg, policy.bounds.ceiling.max_mg
    times: set[str] = set()
    for item in added:
        flag = f"--also {item.text}"
        if not low <= item.dose_mg <= high:
            problems.add(
                f"{flag}: {format_mg(item.dose_mg)} is outside this policy's doses of "
                f"{format_mg(low)} to {format_mg(high)} (policy: {source})"
            )
        check_resolution(flag + ":", item.dose_mg, loaded, problems)
        if item.at in times:
            problems.add(f"{flag}: another added dose is already at {item.at}; one dose a time")
        times.add(item.at)
    if top is None or not added:
        return
    total = top + sum((item.dose_mg for item in added), Decimal(0))
    limit = min(policy.max_daily_mg, ABSOLUTE_MAX_MG)
    if total > limit:
        parts = " + ".join([format_mg(top), *(format_mg(item.dose_mg) for item in added)])
        problems.add(
            f"--also: at the top dose a day adds up to {format_mg(total)} ({parts}), above "
            f"this policy's daily maximum of {format_mg(limit)} (policy: {source}; never above "
            f"{format_mg(ABSOLUTE_MAX_MG)} a day)"
        )
