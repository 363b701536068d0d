"""Reading the plan file: the versioned JSON contract of DESIGN.md §3 (written by
:mod:`ldn_titrate.render.plan_json`).

A saved plan's steps are the record: they are used as written and checked for structure. Every
file is written with a digest of what ldn-titrate computed (``render/plan_json.digest_of``),
which :mod:`ldn_titrate.plans.integrity` checks on reading, section by section, together with the
active policy's bounds.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ldn_titrate.core import jsonio
from ldn_titrate.core.bounds import MAX_PLAN_NIGHTS
from ldn_titrate.core.dosetext import format_mg
from ldn_titrate.core.errors import InputError, Problems
from ldn_titrate.core.infile import MAX_DOCUMENT_BYTES, parse_failure, read_limited
from ldn_titrate.core.model import (
    ABSOLUTE_MAX_MG,
    PLAN_FORMAT,
    Phase,
    Schedule,
    Step,
)
from ldn_titrate.rules.policy import validation_lines

# The plan file versions this ldn-titrate reads: 2 adds check-ins, a goal and interval ranges.
READS = (1, 2)


def read(path: Path, flag: str = "--plan") -> Schedule:
    """Load and check a plan file; every problem is an :class:`InputError` naming the file.

    ``flag`` is how the command names the file (``--plan`` for plan, ``PLAN`` for adjust).
    """
    where = f"{flag} {path}"
    raw = read_limited(path, where, MAX_DOCUMENT_BYTES)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise InputError(f"{where}: cannot be read ({error})") from None
    try:
        data = jsonio.loads(text)
    except ValueError as error:
        raise InputError(
            f"{where}: not a plan file (invalid JSON: {parse_failure(error)})"
        ) from None
    except RecursionError:
        raise InputError(f"{where}: not a plan file (nested too deeply)") from None
    return parse(data, str(path), flag)


def parse(data: Any, name: str, flag: str = "--plan", reads: tuple[int, ...] = READS) -> Schedule:
    where = f"{flag} {name}"
    if not isinstance(data, dict) or data.get("format") != PLAN_FORMAT:
        found = data.get("format") if isinstance(data, dict) else None
        raise InputError(
            f"{where}: not an ldn-titrate plan (format is {found!r}, expected {PLAN_FORMAT!r})"
        )
    version = data.get("version")
    newest = max(reads)
    if type(version) is int and version > newest:
        raise InputError(
            f"{where}: written by a newer ldn-titrate (plan version {version}); this "
            f"ldn-titrate reads plan versions up to {newest}: use a newer ldn-titrate"
        )
    if type(version) is not int or version not in reads:
        raise InputError(
            f"{where}: plan version {version!r} is not supported by this ldn-titrate, which "
            f"reads plan versions up to {newest}"
        )
    try:
        schedule = Schedule.model_validate(data)
    except ValidationError as error:
        raise InputError([f"{where}: {line}" for line in validation_lines(error)]) from None
    problems = Problems()
    for line in structure_problems(schedule):
        problems.add(f"{where}: {line}")
    problems.raise_if_any()
    return schedule


def structure_problems(schedule: Schedule) -> list[str]:
    """The plan's steps, and every earlier revision kept in its history (which --undo would
    restore), must be well formed.
    """
    problems = steps_problems(schedule.steps)
    added = sum((a.dose_mg for a in schedule.also), Decimal(0))  # --also, every dosed day
    if any(a.dose_mg <= 0 for a in schedule.also):
        problems.append("also: an added daily dose is not positive")
    top = max((s.dose_mg for s in schedule.steps if s.phase is not Phase.PAUSED), default=None)
    if schedule.also and top is not None and top + added > ABSOLUTE_MAX_MG:
        problems.append(
            f"also: a day's doses add up to {_shown(top + added)}, above "
            f"{format_mg(ABSOLUTE_MAX_MG)}, which no low-dose naltrexone plan reaches"
        )
    for change in schedule.history:
        problems += [
            f"history, revision {change.revision}: {problem}"
            for problem in steps_problems(change.previous.steps)
        ]
    return problems


def steps_problems(steps: tuple[Step, ...]) -> list[str]:
    """Steps numbered 1.., contiguous, with consistent night counts and positive doses."""
    problems: list[str] = []
    if not steps:
        return ["the plan has no steps"]
    if (steps[-1].end - steps[0].start).days + 1 > MAX_PLAN_NIGHTS:
        return [f"the plan runs from {steps[0].start} to {steps[-1].end}: more than ten years"]
    expected_start = steps[0].start
    for index, step in enumerate(steps, start=1):
        where = f"step {step.number}"
        if step.number != index:
            problems.append(f"{where}: numbered out of order (expected {index})")
        if step.start != expected_start:
            problems.append(
                f"{where}: starts {step.start}, but the step before ends the night before "
                f"{expected_start} (steps must be contiguous)"
            )
        if step.end < step.start or step.nights != (step.end - step.start).days + 1:
            problems.append(
                f"{where}: {step.nights} nights does not match {step.start} to {step.end}"
            )
        if step.phase is Phase.PAUSED:
            if step.dose_mg != 0:
                problems.append(f"{where}: a paused step has dose 0 mg")
        elif step.dose_mg <= 0:
            problems.append(f"{where}: dose {step.dose_mg} mg is not positive")
        elif step.dose_mg > ABSOLUTE_MAX_MG:
            problems.append(
                f"{where}: dose {_shown(step.dose_mg)} is above {format_mg(ABSOLUTE_MAX_MG)}, "
                "which no low-dose naltrexone plan reaches"
            )
        expected_start = step.end + timedelta(days=1)
    return problems


def _shown(dose: Decimal) -> str:
    """A dose from a file as text, without printing a 400-digit number for ``1e400``."""
    return format_mg(dose) if dose.adjusted() < 6 else "of a million mg or more"
