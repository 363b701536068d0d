"""The e-prescription directions (the sig): one plain-language text, step by step.

In the usual order for each step: action, amount with its mg, route, timing, duration
("Take 1.5 mL (1.5 mg) of 1 mg/mL by mouth at bedtime for 14 nights, then take 2.5 mL (2.5 mg)
by mouth at bedtime for 14 nights, ..."). The concentration is said once, with the first volume;
every volume has its mg beside it. ISMP's rules hold: doses from :mod:`ldn_titrate.core.dosetext`,
no Latin or shorthand abbreviation (by mouth, at bedtime and for 14 nights are written out),
and no "increase by", which a pharmacist or patient could read as a new total: each step states
its whole dose.

An e-prescription carries no attachment (NCPDP SCRIPT 10.6: 140 characters of directions;
current versions: 1,000). The full text is kept within 1,000 characters by saying the route and
timing once when every step shares them; when it is longer than 140, a short form that fits 140
states the first dose, the highest dose, the route and "per written schedule".
"""

from __future__ import annotations

import itertools
from decimal import Decimal

from ldn_titrate.core.dosetext import concentration_text, format_date, format_mg, format_ml
from ldn_titrate.core.errors import InputError
from ldn_titrate.core.model import AddedDose, DoseTime, Formulation, Phase, Schedule, Step
from ldn_titrate.render.describe import PART_NAMES

MAX_FULL = 1_000
MAX_SHORT = 140
ROUTE = "by mouth"
TOLERANCE = (
    "If a higher dose is not tolerated, go back to the previous dose and call the prescriber."
)
SHORT_TOLERANCE = " If not tolerated, use the previous dose."


def amount(step: Step | AddedDose, formulation: Formulation | None, with_strength: bool) -> str:
    """``1.5 mL (1.5 mg)`` (``of 1 mg/mL`` when ``with_strength``), ``1 capsule (1.5 mg)``,
    ``2 quarters of a 4.5 mg capsule (2.25 mg)``, or ``1.5 mg`` without a formulation."""
    mg = format_mg(step.dose_mg)
    if formulation is None:
        return mg
    concentration = formulation.concentration_mg_per_ml
    if step.volume_ml is not None and concentration is not None:
        strength = f" of {concentration_text(concentration)}" if with_strength else ""
        return f"{format_ml(step.volume_ml)} ({mg}){strength}"
    parts = []
    for text, count in sorted((step.capsules or {}).items(), key=lambda kv: -Decimal(kv[0])):
        source = formulation.split_source(Decimal(text))
        if source is None:
            parts.append(
                (count, f"capsule{'s' if count != 1 else ''} of {format_mg(Decimal(text))}")
            )
        else:
            one, many = PART_NAMES[source[1]]
            parts.append(
                (
                    count,
                    f"{one if count == 1 else many} of a {format_mg(Decimal(source[0]))} capsule",
                )
            )
    if len(parts) == 1 and parts[0][1].startswith("capsule"):
        count = parts[0][0]
        return f"{count} capsule ({mg})" if count == 1 else f"{count} {parts[0][1]} ({mg})"
    return " and ".join(f"{count} {what}" for count, what in parts) + f" ({mg})"


def timing(step: Step) -> tuple[str, str]:
    """(when, what the duration counts): ``at bedtime``/``nights``, ``in the morning``/``days``,
    or a clock time of the step's own."""
    if step.at is not None:
        return f"at {step.at}", "days" if step.dose_time is DoseTime.MORNING else "nights"
    if step.dose_time is DoseTime.MORNING:
        return "in the morning", "days"
    return "at bedtime", "nights"


def _count(number: int, unit: str) -> str:
    return f"{number:,} {unit if number != 1 else unit[:-1]}"


def _clauses(schedule: Schedule, level: int) -> list[str]:
    """Each step's clause. Level 0: route and timing in every clause; 1: said once when every
    step shares them; 2: also no repeated "take"."""
    formulation = schedule.formulation
    timings = {timing(s) for s in schedule.steps if s.phase is not Phase.PAUSED}
    shared = level >= 1 and len(timings) == 1
    clauses = []
    said_strength = False
    for index, step in enumerate(schedule.steps):
        when, unit = timing(step)
        duration = f"for {_count(step.nights, unit)}"
        if step.phase is Phase.PAUSED:
            clauses.append(f"take no naltrexone {duration} (a pause)")
            continue
        dose = amount(step, formulation, with_strength=not said_strength)
        said_strength = said_strength or formulation is not None
        verb = "take " if level < 2 or index == 0 else ""
        where = f" {ROUTE} {when}" if not shared or not clauses else ""
        clauses.append(f"{verb}{dose}{where} {duration}")
    return clauses


def _ending(schedule: Schedule) -> str:
    last = next((s for s in reversed(schedule.steps) if s.phase is not Phase.PAUSED), None)
    if schedule.discontinued_on is not None or last is None or schedule.steps[-1] is not last:
        return "Then stop."
    when, _unit = timing(last)
    return f"Then keep taking {amount(last, schedule.formulation, False)} {when} until reviewed."


def _also(added: tuple[AddedDose, ...], formulation: Formulation | None) -> str:
    return "".join(
        f" Also take {amount(dose, formulation, False)} {ROUTE} at {dose.at} every day "
        "(not during a pause)."
        for dose in added
    )


def full(schedule: Schedule) -> str:
    """The whole schedule as one directions text of at most 1,000 characters."""
    start = f"Starting {format_date(schedule.first_night)}, "
    for level in (0, 1, 2):
        body = ", then ".join(_clauses(schedule, level))
        text = f"{start}{body}. {_ending(schedule)}{_also(schedule.also, schedule.formulation)}"
        steps = schedule.steps
        climbs = any(b.dose_mg > a.dose_mg for a, b in itertools.pairwise(steps))
        if climbs:
            text += f" {TOLERANCE}"
        if len(text) <= MAX_FULL:
            return text
    raise InputError(
        f"the plan's {len(schedule.steps)} steps need more than {MAX_FULL:,} characters of "
        "directions; send the dose lines (--format dose-lines) or a shorter plan"
    )


def short(schedule: Schedule) -> str | None:
    """The 140-character form, or None when the full text already fits 140."""
    if len(full(schedule)) <= MAX_SHORT:
        return None
    formulation = schedule.formulation
    active = [s for s in schedule.steps if s.phase is not Phase.PAUSED]
    first, top = active[0], max(active, key=lambda s: s.dose_mg)
    when, _unit = timing(first)
    date = f" from {format_date(schedule.first_night)}"
    tries = []
    for first_text, top_text in (
        (amount(first, formulation, True), amount(top, formulation, False)),
        (amount(first, formulation, True), format_mg(top.dose_mg)),
        (format_mg(first.dose_mg), format_mg(top.dose_mg)),
    ):
        rise = f", rising to {top_text}" if top.dose_mg != first.dose_mg else ""
        core = f"Take {first_text} {ROUTE} {when}{date}{rise} per written schedule."
        tries += [core + SHORT_TOLERANCE, core, core.replace(date, "")]
    for text in tries:
        if len(text) <= MAX_SHORT:
            return text
    raise AssertionError("the shortest form always fits")  # pragma: no cover


def render(schedule: Schedule, _options: object = None) -> str:
    """The directions file: the full text, its length, and the short form when one is needed."""
    text = full(schedule)
    lines = [
        "Directions (e-prescription sig), naltrexone (compounded, low dose):",
        "",
        text,
        "",
        f"Length: {len(text):,} characters (at most {MAX_FULL:,}; NCPDP SCRIPT 10.6 allows "
        f"{MAX_SHORT}).",
    ]
    brief = short(schedule)
    if brief is not None:
        lines += [
            "",
            f"Short form, for a system that takes {MAX_SHORT} characters "
            f"({len(brief)} characters):",
            "",
            brief,
        ]
    return "\n".join(lines) + "\n"
