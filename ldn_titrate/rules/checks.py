"""Checking what was asked for against the active policy, collecting every problem at once.

Each message names the option, the value given and the allowed range, so a clinician can fix all
of them in one go: ``--ceiling 7 mg is above this policy's maximum of 6 mg (...)``.

A regimen comes in one of three forms (see :mod:`ldn_titrate.core.regimen`): start/step/ceiling,
an explicit ladder (``--doses``) or phases (``--phase``). The options given choose the form; a
preset fills what was not given, in its own form unless the options choose another.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import TypeVar

from ldn_titrate.core.dosetext import format_mg, plural
from ldn_titrate.core.errors import Problems, did_you_mean
from ldn_titrate.core.model import AddedDose, TitrationRequest
from ldn_titrate.core.options import ScheduleOptions
from ldn_titrate.core.parsing import (
    ONGOING,
    parse_date,
    parse_dose,
    parse_doses,
    parse_duration,
    parse_phase,
)
from ldn_titrate.core.regimen import regimen_of
from ldn_titrate.rules.interval_range import projected
from ldn_titrate.rules.policy import LoadedPolicy, Policy, Preset
from ldn_titrate.rules.regimen_checks import (
    PhaseValue,
    check_also,
    check_dose,
    check_interval,
    check_ladder,
    check_nights,
    check_phases,
)
from ldn_titrate.rules.regimen_values import (
    Labels,
    Values,
    also_values,
    labelled,
    preset_values,
    request_of,
    top_dose,
)

T = TypeVar("T")


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
            f"choose from: {', '.join(policy.presets)}{did_you_mean(name, policy.presets)}"
        )
    _form_clashes(options, name, preset, problems)
    fallback = preset_values(preset) if preset is not None else Values()

    def pick(flag: str, text: str | None, parse: Callable[[str], T], default: T | None) -> T | None:
        return default if text is None else problems.parse(flag, text, parse)

    def label(flag: str, given: object) -> str:
        return flag if given is not None else f"{flag} (from preset {name})"

    start_date = pick("--start-date", options.start_date, lambda t: parse_date(t, today), today)
    ongoing = options.maintain is not None and options.maintain.strip().lower() == ONGOING
    maintain = (
        policy.ongoing.review_after_nights
        if ongoing
        else pick("--maintain", options.maintain, parse_duration, fallback.maintain)
    )
    interval = pick(
        "--interval", options.interval, lambda t: projected(t, loaded, problems), fallback.interval
    )
    labels = Labels(
        start_dose=label("--start-dose", options.start_dose),
        step=label("--step", options.step),
        interval=label("--interval", options.interval),
        ceiling=label("--ceiling", options.ceiling),
        maintain=label("--maintain", options.maintain),
        doses=label("--doses", options.doses),
        phases=label("--phase", options.phases),
    )
    doses: tuple[Decimal, ...] | None = None
    phases: tuple[PhaseValue, ...] | None = None
    start = step = ceiling = None
    linear = options.step is not None or options.ceiling is not None
    if options.doses is not None or (not linear and not options.phases and fallback.doses):
        doses = pick("--doses", options.doses, parse_doses, fallback.doses)
    elif options.phases or (not linear and fallback.phases):
        start = pick("--start-dose", options.start_dose, parse_dose, fallback.start_dose)
        phases = _phases(options.phases, problems) if options.phases else fallback.phases
    else:
        start = pick("--start-dose", options.start_dose, parse_dose, fallback.start_dose)
        step = pick("--step", options.step, parse_dose, fallback.step)
        ceiling = pick("--ceiling", options.ceiling, parse_dose, fallback.ceiling)
    values = Values(start, step, interval, ceiling, maintain, doses, phases, ongoing)
    if options.phases:
        values = replace(values, phases_given=len(options.phases))
    warnings: list[str] = []
    _check_values(values, labels, loaded, problems, warnings)
    also = also_values(options.also or (), problems)
    if options.also:
        check_also(also, len(options.also), top_dose(values), loaded, problems)
    if start_date is not None:
        _check_start_date(start_date, loaded, today, problems, warnings)
    problems.raise_if_any()
    grace = policy.ongoing.grace_nights if ongoing else None
    request = request_of(values, start_date, name if preset is not None else None, grace)
    if preset is not None:
        preset_request = request_of(fallback, start_date, name, None)
        request = labelled(request, preset_request, asked=options.preset is not None)
    if also:
        added = tuple(AddedDose.model_construct(dose_mg=a.dose_mg, at=a.at) for a in also)
        request = request.model_copy(update={"also": added})
    return request, warnings


def _phases(texts: tuple[str, ...], problems: Problems) -> tuple[PhaseValue, ...] | None:
    """The phases as given, each named by its place and text in messages."""
    parsed = [
        (number, text, problems.parse(f"--phase {number}", text, parse_phase))
        for number, text in enumerate(texts, start=1)
    ]
    values = tuple(
        PhaseValue(f"--phase {number} ({text})", *phase)
        for number, text, phase in parsed
        if phase is not None
    )
    # Those that parsed are checked too (every problem at once); an unparsed one was reported,
    # so no request is made from the rest.
    return values or None


def _form_clashes(
    options: ScheduleOptions, name: str, preset: Preset | None, problems: Problems
) -> None:
    """Options of two forms at once, or an option the preset's own form has no place for."""
    given = {
        "--start-dose": options.start_dose,
        "--step": options.step,
        "--ceiling": options.ceiling,
        "--interval": options.interval,
        "--phase": options.phases,
    }
    if options.doses is not None:
        clash = [flag for flag in ("--start-dose", "--step", "--ceiling", "--phase") if given[flag]]
        if clash:
            problems.add(
                f"--doses gives every dose of the ladder, so it cannot be combined with "
                f"{', '.join(clash)}: the first dose is the start, the last the ceiling"
            )
    elif options.phases:
        clash = [flag for flag in ("--step", "--ceiling", "--interval") if given[flag]]
        if clash:
            problems.add(
                f"--phase gives each phase its own step, interval and top dose, so it cannot "
                f"be combined with {', '.join(clash)}"
            )
    elif preset is not None and options.step is None and options.ceiling is None:
        if preset.doses_mg and options.start_dose is not None:
            ladder = ", ".join(format_mg(dose) for dose in preset.doses_mg)
            problems.add(
                f"--start-dose cannot change preset {name}, a ladder of doses ({ladder}): "
                "give the whole ladder with --doses"
            )
        if preset.phases and options.interval is not None:
            problems.add(
                f"--interval cannot change preset {name}, whose phases each have their own "
                "interval: give the phases with --phase"
            )


def preset_problems(policy: Policy) -> list[str]:
    """A policy's presets must pass the policy's own bounds."""
    problems = Problems()
    loaded = LoadedPolicy(policy, "this file")
    for name, preset in policy.presets.items():
        where = f"presets.{name}."
        interval = "interval_months" if preset.interval_months is not None else "interval_nights"
        labels = Labels(
            where + "start_dose_mg",
            where + "step_mg",
            where + interval,
            where + "ceiling_mg",
            where + "maintain_nights",
            where + "doses_mg",
            where + "phases",
        )
        _check_values(preset_values(preset, where), labels, loaded, problems, [])
    return problems.items


def _check_values(
    values: Values,
    labels: Labels,
    loaded: LoadedPolicy,
    problems: Problems,
    warnings: list[str],
) -> None:
    policy, source = loaded.policy, loaded.source
    bounds = policy.bounds
    start, step, ceiling = values.start_dose, values.step, values.ceiling
    if values.doses is not None:
        check_ladder(labels.doses, values.doses, loaded, problems, warnings)
    elif start is not None:
        check_dose(labels.start_dose, start, bounds.start_dose, "start", loaded, problems, warnings)
    if values.phases is not None:
        given = values.phases_given
        check_phases(labels.phases, start, values.phases, loaded, problems, warnings, given)
    elif values.doses is None:
        single_step = start is not None and start == ceiling
        if step is not None and not single_step:  # a one-dose plan never takes its step
            check_dose(labels.step, step, bounds.step, "step", loaded, problems, warnings)
        if ceiling is not None:
            check_dose(
                labels.ceiling, ceiling, bounds.ceiling, "ceiling", loaded, problems, warnings
            )
    if values.interval is not None and values.phases is None:
        check_interval(labels.interval, values.interval, loaded, problems)
    if values.maintain is not None and not values.ongoing:
        check_nights(labels.maintain, values.maintain, bounds.maintain, source, problems)
    if values.phases is not None:
        _check_count(values, labels.phases, loaded, problems)
    if values.doses is not None or values.phases is not None or start is None or ceiling is None:
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
        _check_count(values, labels.step, loaded, problems)


def _check_count(values: Values, flag: str, loaded: LoadedPolicy, problems: Problems) -> None:
    """At most ``max_steps`` steps, counted by the engine's own regimen."""
    try:
        request = request_of(values, date(2000, 1, 1), None, None)
    except ValueError:
        return  # a value was unparsed, or is out of order: reported on its own
    regimen = regimen_of(request)
    try:
        count, policy = regimen.count(), loaded.policy
    except ValueError:
        return  # a step of zero: reported as below the step bound
    if count <= policy.max_steps:
        return
    start, top = format_mg(regimen.start_mg), format_mg(regimen.ceiling_mg)
    if values.phases is not None:
        how = f"{flag} from {start} to {top}"
    else:
        how = f"{flag} {format_mg(request.step_mg)} from {start} to {top}"
    problems.add(
        f"{how} makes {count} steps; this policy allows at most {policy.max_steps} (policy: "
        f"{loaded.source}): use a larger step or a lower ceiling"
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
