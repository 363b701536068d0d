"""``checkin``'s options parsed into one check-in (a :class:`Draft`), every problem at once."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from ldn_titrate.core.checkin import Better
from ldn_titrate.core.errors import InputError, Problems
from ldn_titrate.core.parsing import parse_date
from ldn_titrate.core.text import clean_line
from ldn_titrate.plans.checkin_fields import (
    Draft,
    parse_missed,
    parse_named_rating,
    parse_note,
    parse_rating,
    parse_side_effect,
    parse_taken,
    parse_yes_no,
)

MAX_REASON = 200


def parse_options(
    typed: Mapping[str, str | None],
    ratings: Sequence[str],
    side_effects: Sequence[str],
    directions: Mapping[str, Better],
    *,
    today: date,
) -> Draft:
    """The check-in the options describe (``typed`` by flag: --on, --pain, …)."""
    problems = Problems()
    draft = Draft()
    on = typed.get("--on")
    draft.on = problems.parse("--on", on, lambda text: parse_date(text, today)) if on else today
    for name in ("pain", "fatigue", "sleep"):
        value = problems.parse(f"--{name}", typed.get(f"--{name}"), parse_rating)
        if value is not None:
            draft.ratings[name] = value
    extra = {name: better for name, better in directions.items() if name not in draft.ratings}
    for text in ratings:
        named = problems.parse("--rating", text, lambda t: parse_named_rating(t, dict(extra)))
        if named is not None:
            if named[0] in draft.ratings:
                problems.add(f"--rating {text!r}: {named[0]} is given twice")
            draft.ratings[named[0]] = named[1]
    for text in side_effects:
        report = problems.parse("--side-effect", text, parse_side_effect)
        if report is not None:
            if any((r.effect, r.text) == (report.effect, report.text) for r in draft.side_effects):
                problems.add(f"--side-effect {text!r}: {report.effect} is given twice")
            else:
                draft.side_effects.append(report)
    draft.taken_mg = problems.parse("--taken", typed.get("--taken"), parse_taken)
    draft.missed_doses = problems.parse("--missed", typed.get("--missed"), parse_missed)
    draft.opioids = problems.parse("--opioids", typed.get("--opioids"), parse_yes_no)
    draft.note = problems.parse("--note", typed.get("--note"), parse_note)
    if not problems and draft.empty:
        problems.add(
            "a check-in records something: give a rating (--pain, --fatigue, --sleep, --rating), "
            "--side-effect, --taken, --missed, --opioids or --note"
        )
    problems.raise_if_any()
    return draft


def parse_void(number: int, reason: str | None) -> str:
    why = clean_line(reason)
    if not why:
        raise InputError(
            f"--void {number} needs --reason: say why it was entered in error, such as "
            '--reason "wrong patient"'
        )
    if len(why) > MAX_REASON:
        raise InputError(f"--reason is {len(why)} characters; keep it to at most {MAX_REASON}")
    return why
