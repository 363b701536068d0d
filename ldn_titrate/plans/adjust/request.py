"""What a clinician asks ``adjust`` to do, parsed from the command line into plain values.

Kept apart from :mod:`ldn_titrate.plans.adjust.apply` (which applies an adjustment) so the rules of
the engine never see option text, and apart from the CLI so parsing is tested without typer. Every
problem is collected and reported at once, each naming its option, the value and what is allowed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from ldn_titrate.core.errors import Problems
from ldn_titrate.core.model import DoseTime
from ldn_titrate.core.parsing import (
    DATE_FORMS,
    parse_date,
    parse_dose,
    parse_dose_clock,
    parse_duration,
)
from ldn_titrate.core.text import clean_line


@dataclass(frozen=True)
class Hold:
    nights: int


@dataclass(frozen=True)
class StepBack:
    pass


@dataclass(frozen=True)
class StopAtCurrent:
    pass


@dataclass(frozen=True)
class Pause:
    """Nights ``on`` (given to :func:`~.apply.adjust`) to ``last``, inclusive."""

    last: date
    resume_dose_mg: Decimal | None = None


@dataclass(frozen=True)
class SetDoseTime:
    dose_time: DoseTime
    at: str | None = None


@dataclass(frozen=True)
class Discontinue:
    pass


@dataclass(frozen=True)
class Undo:
    pass


Adjustment = Hold | StepBack | StopAtCurrent | Pause | SetDoseTime | Discontinue | Undo

_RANGE = re.compile(r"^\s*(?P<first>[^.\s]+)\s*\.\.\s*(?P<last>[^.\s]+)\s*$")


@dataclass(frozen=True)
class AdjustArgs:
    """The adjust options as typed (None or False: not given)."""

    hold: str | None = None
    step_back: bool = False
    stop_at_current: bool = False
    pause: str | None = None
    resume_dose: str | None = None
    dose_time: DoseTime | None = None
    at: str | None = None
    discontinue: bool = False
    undo: bool = False
    on: str | None = None
    reason: str | None = None


ADJUSTMENT_FLAGS = (
    "--hold",
    "--step-back",
    "--stop-at-current",
    "--pause",
    "--dose-time",
    "--discontinue",
    "--undo",
)
MAX_REASON = 200


def parse_adjustment(args: AdjustArgs, today: date) -> tuple[Adjustment, date | None, str | None]:
    """The one adjustment asked for, the night it applies from, and the reason.

    The night is None only for ``--undo``, which goes back to the revision before the last
    change whatever its date. ``--pause A..B`` gives its own first night, so ``--on`` is refused
    beside it unless it names the same night.
    """
    problems = Problems()
    given = [
        flag
        for flag, value in zip(
            ADJUSTMENT_FLAGS,
            (
                args.hold,
                args.step_back,
                args.stop_at_current,
                args.pause,
                args.dose_time,
                args.discontinue,
                args.undo,
            ),
            strict=True,
        )
        if value not in (None, False)
    ]
    if len(given) != 1:
        found = f"got {', '.join(given)}" if given else "got none"
        problems.add(f"give exactly one adjustment of {', '.join(ADJUSTMENT_FLAGS)} ({found})")
    if args.resume_dose is not None and args.pause is None:
        problems.add(f"--resume-dose {args.resume_dose!r} only goes with --pause")
    if args.at is not None and args.dose_time is None:
        problems.add(f"--at {args.at!r} only goes with --dose-time morning|bedtime")
    reason = _reason(args, problems)
    on = _date("--on", args.on, today, problems) if args.on is not None else None
    adjustment: Adjustment | None = None
    if args.hold is not None:
        try:
            adjustment = Hold(parse_duration(args.hold))
        except ValueError as error:
            problems.add(f"--hold {args.hold!r} {error}")
        if isinstance(adjustment, Hold) and adjustment.nights < 1:
            problems.add(f"--hold {args.hold!r}: hold for at least 1 night")
    elif args.step_back:
        adjustment = StepBack()
    elif args.stop_at_current:
        adjustment = StopAtCurrent()
    elif args.pause is not None:
        adjustment, on = _pause(args, on, today, problems)
    elif args.dose_time is not None:
        at = None
        if args.at is not None:
            try:  # stored as parsed ("08:00"), never as typed (" 08:00")
                clock = parse_dose_clock(args.at, morning=args.dose_time == DoseTime.MORNING)
                at = f"{clock:%H:%M}"
            except ValueError as error:
                problems.add(f"--at {args.at!r} with --dose-time {args.dose_time} {error}")
        adjustment = SetDoseTime(args.dose_time, at)
    elif args.discontinue:
        adjustment = Discontinue()
    elif args.undo:
        if args.on is not None:
            problems.add(
                f"--on {args.on!r} does not go with --undo, which returns to the revision "
                "before the last change whatever its date"
            )
        adjustment = Undo()
    problems.raise_if_any()
    if adjustment is None:  # pragma: no cover - reported as "exactly one" above
        raise AssertionError("no adjustment without a problem")
    if on is None and not isinstance(adjustment, Undo):
        on = today
    return adjustment, on, reason


def _reason(args: AdjustArgs, problems: Problems) -> str | None:
    # Control and invisible characters (a bidi override, an escape code) are removed here, so
    # no output that shows the history (terminal, calendar, handout) ever carries one.
    reason = clean_line(args.reason)
    if not reason and not args.undo:
        problems.add(
            "--reason is required: say why the plan changes (it is kept in the plan's "
            'history), such as --reason "vivid dreams"'
        )
    elif reason is not None and len(reason) > MAX_REASON:
        problems.add(f"--reason is {len(reason)} characters; keep it to at most {MAX_REASON}")
    return reason or None


def _date(flag: str, text: str, today: date, problems: Problems) -> date | None:
    try:
        return parse_date(text, today)
    except ValueError as error:
        problems.add(f"{flag} {text!r} {error}")
        return None


def _pause(
    args: AdjustArgs, on: date | None, today: date, problems: Problems
) -> tuple[Pause | None, date | None]:
    text = args.pause or ""
    match = _RANGE.match(text)
    if not match:
        problems.add(
            f"--pause {text!r} is not a range of nights; write FIRST..LAST, each {DATE_FORMS}, "
            "such as 2027-02-01..2027-02-10"
        )
        return None, on
    first = _date("--pause (first night)", match["first"], today, problems)
    last = _date("--pause (last night)", match["last"], today, problems)
    resume: Decimal | None = None
    if args.resume_dose is not None:
        try:
            resume = parse_dose(args.resume_dose)
        except ValueError as error:
            problems.add(f"--resume-dose {args.resume_dose!r} {error}")
    if first is not None and on is not None and on != first:
        problems.add(
            f"--on {on} does not match --pause, which starts on {first}: the pause gives the "
            "first night that changes; drop --on"
        )
    if first is not None and last is not None and last < first:
        problems.add(
            f"--pause {text!r} ends ({last}) before it starts ({first}); the last night "
            "must be on or after the first"
        )
    if first is None or last is None:
        return None, on
    return Pause(last, resume), first
