"""What each part of a gate rule's ``when`` means, on a plan's check-ins (pure: the night is an
argument). Used by :mod:`ldn_titrate.rules.gates`; every function returns the check-ins that are
its evidence (empty: the test does not hold) with the words for the clinician.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from ldn_titrate.core.checkin import CheckIn, Goal, Severity, SideEffect, baseline, counted
from ldn_titrate.core.dosetext import format_date, plural
from ldn_titrate.core.model import Schedule
from ldn_titrate.rules.gate_policy import When


@dataclass(frozen=True)
class Evidence:
    checkins: tuple[CheckIn, ...]
    words: str


def seen(schedule: Schedule, night: date, after: int = 0) -> list[CheckIn]:
    """The check-ins the rules read on ``night``: counted, on or before it, in order, recorded
    after revision ``after`` (the last change to the doses: what it acted on is not read again).
    """
    return [c for c in counted(schedule.checkins) if c.on <= night and c.revision > after]


def within(checkins: Sequence[CheckIn], night: date, nights: int) -> list[CheckIn]:
    first = night - timedelta(days=nights - 1)
    return [c for c in checkins if first <= c.on <= night]


def spanning(checkins: Sequence[CheckIn], nights: int) -> bool:
    """At least two check-ins, at least half of the nights apart (so they span them)."""
    if len(checkins) < 2:
        return False
    return (checkins[-1].on - checkins[0].on).days + 1 >= (nights + 1) // 2


def percent(value: int, base: int) -> Decimal:
    return (Decimal(value - base) * 100 / base).quantize(Decimal(1), ROUND_HALF_UP)


def _effect_name(effect: str) -> str:
    return "any side effect" if effect == "any" else effect.replace("-", " ")


class Tester:
    """A rule's per-check-in test and its words."""

    def __init__(self, when: When, schedule: Schedule) -> None:
        self.when = when
        self.base = (
            baseline(schedule.checkins, schedule.first_night, when.rating)
            if when.rating is not None
            else None
        )

    def holds(self, checkin: CheckIn) -> bool:
        when = self.when
        if when.side_effect is not None:
            effect = None if when.side_effect == "any" else SideEffect(when.side_effect)
            rank = checkin.worst(effect).rank
            if when.at_least is not None:
                return rank >= Severity(str(when.at_least)).rank
            return rank < Severity(str(when.below)).rank
        if when.rating is not None:
            value = checkin.ratings.get(when.rating)
            if value is None:
                return False  # a check-in without the rating says nothing about it
            if when.change_percent is not None:
                if not self.base:  # no baseline (or 0): no change in percent
                    return False
                change = percent(value, self.base)
                return (
                    change >= when.change_percent
                    if when.change_percent >= 0
                    else (change <= when.change_percent)
                )
            if when.at_least is not None:
                return value >= int(when.at_least)
            return value < int(when.below or 0)
        return True  # a rule of missed doses alone tests no check-in

    def words(self, checkins: Sequence[CheckIn]) -> str:
        when = self.when
        if when.side_effect is not None:
            name = _effect_name(when.side_effect)
            if when.at_least is not None:
                level = Severity(str(when.at_least)).rank
                found = [
                    f"{_effect_name(r.text) if r.text else _effect_name(r.effect)} {r.severity}"
                    for c in checkins
                    for r in c.side_effects
                    if r.severity.rank >= level
                    and (when.side_effect == "any" or r.effect == when.side_effect)
                ]
                return ", ".join(dict.fromkeys(found))
            return f"{name} below {when.below}"
        if when.rating is not None:
            values = ", ".join(str(c.ratings[when.rating]) for c in checkins)
            if when.change_percent is not None:
                change = percent(checkins[-1].ratings[when.rating], self.base or 1)
                sign = "+" if change >= 0 else ""
                return (
                    f"{when.rating} {values} against a baseline of {self.base} ({sign}{change} %; "
                    f"rule: {'+' if when.change_percent >= 0 else ''}{when.change_percent} %)"
                )
            if when.at_least is not None:
                return f"{when.rating} {values} (at least {when.at_least})"
            return f"{when.rating} {values} (below {when.below})"
        return ""


def window_evidence(when: When, schedule: Schedule, night: date, after: int) -> Evidence | None:
    """The check-ins that make ``when`` hold on ``night``, or None."""
    if when.no_checkin_nights is not None:
        return _silence(when.no_checkin_nights, schedule, seen(schedule, night), night)
    # A baseline (before night 1) is the reference for a change, not a report on the dose.
    checkins = [c for c in seen(schedule, night, after) if c.on >= schedule.first_night]
    tester = Tester(when, schedule)
    if when.of_last is not None:
        k, n = when.of_last
        pool = checkins[-n:]
        hits = [c for c in pool if tester.holds(c)]
        if len(hits) < k:
            return None
        where = f"on {len(hits)} of the last {plural(len(pool), 'check-in')}"
    elif when.lasting_nights is not None:
        pool = within(checkins, night, when.lasting_nights)
        hits = pool
        if not spanning(pool, when.lasting_nights) or not all(tester.holds(c) for c in pool):
            return None
        where = f"on every check-in of the last {plural(when.lasting_nights, 'night')}"
    else:
        pool = checkins[-1:]
        hits = [c for c in pool if tester.holds(c)]
        if not hits:
            return None
        where = f"on {format_date(hits[-1].on)}"
    if when.missed_doses is not None:
        missed = sum(c.missed_doses or 0 for c in pool)
        if missed < when.missed_doses:
            return None
        text = f"{plural(missed, 'missed dose')} reported (at least {when.missed_doses})"
        test = tester.words(hits) if when.side_effect or when.rating else ""
        return Evidence(tuple(pool), f"{test + ' and ' if test else ''}{text} {where}")
    return Evidence(tuple(hits), f"{tester.words(hits)} {where}")


def _silence(
    nights: int, schedule: Schedule, checkins: Sequence[CheckIn], night: date
) -> Evidence | None:
    since = checkins[-1].on if checkins else schedule.first_night - timedelta(days=1)
    gap = (night - since).days
    if gap < nights or night < schedule.first_night:
        return None
    last = f"since {format_date(since)}" if checkins else "since the plan started"
    return Evidence((), f"no check-in {last} ({plural(gap, 'night')}; rule: {nights})")


@dataclass(frozen=True)
class GoalState:
    """Where the goal stands on a night: None met means it cannot be evaluated (``why``)."""

    met: bool | None
    words: str
    checkins: tuple[CheckIn, ...] = ()


def goal_state(goal: Goal, schedule: Schedule, night: date) -> GoalState:
    label = f"{goal.rating} {'+' if goal.change_percent >= 0 else ''}{goal.change_percent} %"
    over = f"over the last {plural(goal.nights, 'night')}"
    base = baseline(schedule.checkins, schedule.first_night, goal.rating)
    if base is None:
        return GoalState(
            None,
            f"{label} cannot be evaluated: no baseline (a check-in with {goal.rating} on or "
            f"before night 1, {format_date(schedule.first_night)})",
        )
    pool = [
        c
        for c in within(seen(schedule, night), night, goal.nights)
        if c.on > schedule.first_night and goal.rating in c.ratings
    ]
    met = spanning(pool, goal.nights) and all(
        goal.met_by(c.ratings[goal.rating], base) for c in pool
    )
    values = ", ".join(str(c.ratings[goal.rating]) for c in pool) or "none yet"
    state = "met" if met else "not met"
    return GoalState(
        met,
        f"{label} from a baseline of {base}: {state} {over} (check-ins in them: {values})",
        tuple(pool) if met else (),
    )
