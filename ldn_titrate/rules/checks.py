"""Checking what was asked for against the active policy, collecting every problem at once.

Each message names the option, the value given and the allowed range, so a clinician can fix all
of them in one go: ``--ceiling 7 mg is above this policy's maximum of 6 mg (...)``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TypeVar

from ldn_titrate.core.dosetext import format_mg, plural
from ldn_titrate.core.engine import count_steps
from ldn_titrate.core.errors import Problems
from ldn_titrate.core.model import TitrationRequest
from ldn_titrate.core.options import ScheduleOptions
from ldn_titrate.core.parsing import parse_date, parse_dose, parse_duration
from ldn_titrate.rules.policy import DoseBound, LoadedPolicy, NightsBound, Policy

T = TypeVar("T")


@dataclass(frozen=True)
class _Values:
    """Parsed values; None where the text did not parse (already reported)."""

    start_dose: Decimal | None
    step: Decimal | None
    interval: int | None
    ceiling: Decimal | None
    maintain: int | None


@dataclass(frozen=True)
class _Labels:
    start_dose: str
    step: str
    interval: str
    ceiling: str
    maintain: str


def resolve_request(
    options: ScheduleOptions, loaded: LoadedPolicy, today: date
) -> tuple[TitrationRequest, list[str]]:
    """Parse, fill from the preset, and check; returns the request and its warnings."""
    policy = loaded.policy
    problems = Problems()
    name = options.preset if options.preset is not None else policy.default_preset
    preset = policy.presets.get(name)
    if preset is None:
        problems.add(
            f"--preset {name!r} is not a preset of this policy (policy: {loaded.source}); "
            f"choose from: {', '.join(policy.presets)}"
        )

    def pick(
        flag: str, text: str | None, parse: Callable[[str], T], fallback: T | None
    ) -> T | None:
        return fallback if text is None else problems.parse(flag, text, parse)

    start_date = pick("--start-date", options.start_date, lambda t: parse_date(t, today), today)
    start_dose = pick(
        "--start-dose", options.start_dose, parse_dose, (preset.start_dose_mg if preset else None)
    )
    step = pick("--step", options.step, parse_dose, (preset.step_mg if preset else None))
    interval = pick(
        "--interval", options.interval, parse_duration, (preset.interval_nights if preset else None)
    )
    ceiling = pick(
        "--ceiling", options.ceiling, parse_dose, (preset.ceiling_mg if preset else None)
    )
    maintain = pick(
        "--maintain", options.maintain, parse_duration, (preset.maintain_nights if preset else None)
    )

    def label(flag: str, given: str | None) -> str:
        return flag if given is not None else f"{flag} (from preset {name})"

    values = _Values(start_dose, step, interval, ceiling, maintain)
    labels = _Labels(
        start_dose=label("--start-dose", options.start_dose),
        step=label("--step", options.step),
        interval=label("--interval", options.interval),
        ceiling=label("--ceiling", options.ceiling),
        maintain=label("--maintain", options.maintain),
    )
    warnings: list[str] = []
    _check_values(values, labels, loaded, problems, warnings)
    if start_date is not None:
        _check_start_date(start_date, loaded, today, problems, warnings)
    problems.raise_if_any()
    if (
        start_date is None
        or start_dose is None
        or step is None
        or interval is None
        or ceiling is None
        or maintain is None
    ):  # pragma: no cover - every None was reported as a problem just above
        raise AssertionError("unparsed value without a problem")
    request = TitrationRequest.model_construct(  # every field was parsed and checked above
        start_date=start_date,
        start_dose_mg=start_dose,
        step_mg=step,
        interval_days=interval,
        ceiling_mg=ceiling,
        maintain_days=maintain,
        preset=name if preset is not None else None,
    )
    return request, warnings


def preset_problems(policy: Policy) -> list[str]:
    """A policy's presets must pass the policy's own bounds."""
    problems = Problems()
    loaded = LoadedPolicy(policy, "this file")
    for name, preset in policy.presets.items():
        values = _Values(
            preset.start_dose_mg,
            preset.step_mg,
            preset.interval_nights,
            preset.ceiling_mg,
            preset.maintain_nights,
        )
        where = f"presets.{name}."
        labels = _Labels(
            where + "start_dose_mg",
            where + "step_mg",
            where + "interval_nights",
            where + "ceiling_mg",
            where + "maintain_nights",
        )
        _check_values(values, labels, loaded, problems, [])
    return problems.items


def _check_values(
    values: _Values,
    labels: _Labels,
    loaded: LoadedPolicy,
    problems: Problems,
    warnings: list[str],
) -> None:
    policy, source = loaded.policy, loaded.source
    bounds = policy.bounds
    doses = (
        (labels.start_dose, values.start_dose, bounds.start_dose, "start"),
        (labels.step, values.step, bounds.step, "step"),
        (labels.ceiling, values.ceiling, bounds.ceiling, "ceiling"),
    )
    single_step = values.start_dose is not None and values.start_dose == values.ceiling
    for flag, dose, bound, what in doses:
        if dose is None or (single_step and what == "step"):
            continue  # unparsed (reported), or a step that a one-dose plan never takes
        _check_dose(flag, dose, bound, what, source, problems, warnings)
        if dose % policy.resolution_mg != 0:
            problems.add(
                f"{flag} {format_mg(dose)} is not a multiple of this policy's dose resolution of "
                f"{format_mg(policy.resolution_mg)} (policy: {source})"
            )
    if values.interval is not None:
        _check_nights(labels.interval, values.interval, bounds.interval, source, problems)
    if values.maintain is not None:
        _check_nights(labels.maintain, values.maintain, bounds.maintain, source, problems)
    start, step, ceiling = values.start_dose, values.step, values.ceiling
    if start is None or ceiling is None:
        return
    if ceiling < start:
        problems.add(
            f"{labels.ceiling} {format_mg(ceiling)} is below {labels.start_dose} "
            f"{format_mg(start)}: the ceiling is the highest dose of the plan"
        )
    elif ceiling > start and step == 0:
        problems.add(
            f"{labels.step} 0 mg never climbs from {format_mg(start)} to {labels.ceiling} "
            f"{format_mg(ceiling)}: give a step of at least {format_mg(bounds.step.min_mg)}"
        )
    elif ceiling > start and step is not None:
        steps = count_steps(start, step, ceiling)
        if steps > policy.max_steps:
            problems.add(
                f"{labels.step} {format_mg(step)} from {format_mg(start)} to "
                f"{format_mg(ceiling)} makes {steps} steps; this policy allows at most "
                f"{policy.max_steps} (policy: {source}): use a larger step or a lower ceiling"
            )


def _check_dose(
    flag: str,
    dose: Decimal,
    bound: DoseBound,
    what: str,
    source: str,
    problems: Problems,
    warnings: list[str],
) -> None:
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


def _check_nights(
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


def _check_start_date(
    start: date, loaded: LoadedPolicy, today: date, problems: Problems, warnings: list[str]
) -> None:
    bound = loaded.policy.bounds.start_date
    allowed = f"allowed {bound.earliest} to {bound.latest}; policy: {loaded.source}"
    if start < bound.earliest:
        problems.add(
            f"--start-date {start} is before this policy's earliest of {bound.earliest} ({allowed})"
        )
    elif start > bound.latest:
        problems.add(
            f"--start-date {start} is after this policy's latest of {bound.latest} ({allowed})"
        )
    elif bound.warn_days_from_today is not None:
        distance = abs((start - today).days)
        if distance > bound.warn_days_from_today:
            when = "before" if start < today else "after"
            warnings.append(
                f"--start-date {start} is {plural(distance, 'day')} {when} today ({today}): "
                "check the year"
            )
