"""The grammar of one check-in's values, shared by ``checkin``'s options and a CSV's columns.

Each parser takes the text as typed and returns the value, or raises ``ValueError`` saying what
is allowed; the caller names where the text came from (an option, or a row and column).

- a rating: a whole number from 0 to 10 (``--pain 6``; ``--rating mood=7`` for a policy's own);
- a side effect: ``NAME:SEVERITY`` (``vivid-dreams:moderate``); ``other:SEVERITY:TEXT``;
- the dose taken: a dose (``1.5``, ``1.5mg``, ``500mcg``); missed doses: a whole number;
- opioid use since the last check-in: ``yes`` or ``no``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from ldn_titrate.core.checkin import (
    BASELINE_DAYS,
    RATING_MAX,
    Better,
    Goal,
    Report,
    Severity,
    SideEffect,
    fingerprint,
)
from ldn_titrate.core.dosetext import format_date
from ldn_titrate.core.parsing import parse_dose
from ldn_titrate.core.text import clean_line

EFFECTS = ", ".join(SideEffect)
SEVERITIES = ", ".join(Severity)
MAX_NOTE = 1_000
MAX_OTHER = 200


@dataclass
class Draft:
    """A check-in as typed, before it is numbered and recorded."""

    on: date | None = None
    side_effects: list[Report] = field(default_factory=list)
    ratings: dict[str, int] = field(default_factory=dict)
    taken_mg: Decimal | None = None
    missed_doses: int | None = None
    opioids: bool | None = None
    note: str | None = None
    source: str | None = None  # where it came from: "calls.csv row 4"

    def fingerprint(self) -> tuple[object, ...]:
        return fingerprint(
            self.on, self.side_effects, self.ratings, self.taken_mg, self.missed_doses,
            self.opioids, self.note,
        )  # fmt: skip

    @property
    def empty(self) -> bool:
        return not (
            self.side_effects
            or self.ratings
            or self.taken_mg is not None
            or self.missed_doses is not None
            or self.opioids is not None
            or self.note
        )


def parse_rating(text: str) -> int:
    value = text.strip()
    if not value.isdigit() or not 0 <= int(value) <= RATING_MAX:
        raise ValueError(f"is not a rating (allowed: a whole number from 0 to {RATING_MAX})")
    return int(value)


def parse_named_rating(text: str, known: dict[str, object]) -> tuple[str, int]:
    """``mood=7``: a rating the clinic's policy names."""
    name, equals, value = text.partition("=")
    name = name.strip()
    if not equals:
        raise ValueError("is not NAME=RATING, such as mood=7")
    if name not in known:
        raise ValueError(f"names no rating (allowed: {', '.join(sorted(known))})")
    return name, parse_rating(value)


def parse_side_effect(text: str) -> Report:
    """``vivid-dreams:moderate``; ``other:mild:metallic taste``."""
    parts = [part.strip() for part in text.split(":", 2)]
    if len(parts) < 2:
        raise ValueError(
            f"is not NAME:SEVERITY (side effects: {EFFECTS}; severities: {SEVERITIES})"
        )
    name, severity = parts[0].lower(), parts[1].lower()
    try:
        effect = SideEffect(name)
    except ValueError:
        raise ValueError(f"names no side effect (allowed: {EFFECTS})") from None
    try:
        level = Severity(severity)
    except ValueError:
        raise ValueError(f"has no severity {severity!r} (allowed: {SEVERITIES})") from None
    text_given = clean_line(parts[2]) if len(parts) == 3 else None
    if effect is SideEffect.OTHER and not text_given:
        raise ValueError(
            "says no more than 'other': write other:SEVERITY:WHAT, such as other:mild:dry mouth"
        )
    if effect is not SideEffect.OTHER and len(parts) == 3:
        raise ValueError("has text after the severity; only 'other' takes one")
    if text_given is not None and len(text_given) > MAX_OTHER:
        raise ValueError(
            f"describes 'other' in {len(text_given)} characters (allowed: {MAX_OTHER})"
        )
    return Report(effect=effect, severity=level, text=text_given)


def parse_taken(text: str) -> Decimal:
    dose = parse_dose(text)
    if dose > 10:
        raise ValueError("is above 10 mg, which no low-dose naltrexone plan reaches")
    return dose


def parse_missed(text: str) -> int:
    value = text.strip()
    if not value.isdigit() or int(value) > 366:
        raise ValueError("is not a number of missed doses (allowed: a whole number from 0 to 366)")
    return int(value)


def parse_yes_no(text: str) -> bool:
    value = text.strip().lower()
    if value in ("yes", "y", "true"):
        return True
    if value in ("no", "n", "false"):
        return False
    raise ValueError("is not yes or no")


def parse_note(text: str) -> str | None:
    note = clean_line(text)
    if note is not None and len(note) > MAX_NOTE:
        raise ValueError(f"is {len(note)} characters (allowed: at most {MAX_NOTE})")
    return note


def date_problem(on: date, first_night: date, last_night: date, today: date) -> str | None:
    """Why a check-in cannot be on ``on``, or None: within the plan (up to its review), or up to
    28 days before night 1 for a baseline; never after today."""
    earliest = date.fromordinal(first_night.toordinal() - BASELINE_DAYS)
    if on > today:
        return f"is after today ({format_date(today)}): a check-in records what was reported"
    if not earliest <= on <= last_night:
        return (
            f"is outside the plan (allowed: {format_date(earliest)}, {BASELINE_DAYS} days before "
            f"night 1 for a baseline, to {format_date(last_night)})"
        )
    return None


_GOAL = re.compile(
    r"^\s*([a-z][a-z0-9-]{0,31})\s+([+-][0-9]{1,3})\s*%\s*(?:for\s+([0-9]{1,3})\s*(?:nights|d)?)?\s*$"
)
GOAL_FORMS = 'RATING -N% [for N nights], such as "pain -30%" or "sleep +20% for 21 nights"'


def parse_goal(text: str, directions: Mapping[str, Better]) -> Goal:
    """``pain -30%``: a fall of 30 % from baseline, met for 14 nights (or ``for N nights``)."""
    match = _GOAL.match(text.lower())
    if match is None:
        raise ValueError(f"is not a goal; write {GOAL_FORMS}")
    rating, change, nights = match.group(1), int(match.group(2)), match.group(3)
    better = directions.get(rating)
    if better is None:
        raise ValueError(f"names no rating (allowed: {', '.join(sorted(directions))})")
    if change == 0 or (change < 0) != (better is Better.LOWER):
        way = "a fall, such as -30%" if better is Better.LOWER else "a rise, such as +20%"
        raise ValueError(
            f"goes the wrong way: for {rating}, {better} is better, so a goal is {way}"
        )
    if change < -100:
        raise ValueError("falls more than 100 %")
    days = int(nights) if nights else 14
    if not 1 <= days <= 366:
        raise ValueError("is met over 1 to 366 nights")
    return Goal(rating=rating, change_percent=change, nights=days)
