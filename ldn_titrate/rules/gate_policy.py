"""The clinic policy's ``[gates]`` table: the ratings a check-in takes, the interval-range mode and
the gate rules, in a closed grammar that ``policy check`` validates, every problem at once.

A rule::

    [[gates.rules]]
    name = "hold-while-moderate"
    source = "LDN Research Trust: increase again only after side effects settle"
    when = { side_effect = "any", at_least = "moderate", of_last = [3, 4] }
    propose = "hold 7"

``when`` holds one test of a check-in (a side effect or a rating) and how many check-ins it must
hold for, or a test of the plan (missed doses, no check-in); every key it gives must hold.
``propose`` is one of :data:`PROPOSALS` (``hold N`` with N nights). The rules are evaluated by
:mod:`ldn_titrate.rules.gates`.
"""

from __future__ import annotations

import functools
import re
from enum import StrEnum
from typing import Annotated, Self

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from ldn_titrate.core.bounds import Text
from ldn_titrate.core.checkin import (
    BUILT_IN_RATINGS,
    RATING_MAX,
    Better,
    GateMode,
    RatingName,
    Severity,
    SideEffect,
)
from ldn_titrate.core.trusted import construct, plain
from ldn_titrate.rules.builtin_policy import BUILT_IN_POLICY


class Propose(StrEnum):
    """What a rule proposes, most cautious first (the order that breaks ties between rules)."""

    DISCONTINUE = "discontinue"
    REVIEW = "review"
    STEP_BACK = "step-back"
    HOLD = "hold"
    STOP_AT_CURRENT = "stop-at-current"
    ADVANCE = "advance"

    @property
    def caution(self) -> int:
        """Higher is more cautious: discontinue > review > step back > hold > stop > advance."""
        return len(CAUTION) - CAUTION.index(self)


CAUTION: tuple[Propose, ...] = tuple(Propose)
PROPOSALS = "hold N (nights), step-back, stop-at-current, advance, discontinue or review"
_PROPOSE = re.compile(
    r"^(hold) ([0-9]{1,3})$|^(step-back|stop-at-current|advance|discontinue|review)$"
)


SEVERITY_WORDS = frozenset(str(s) for s in Severity)


class _Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)


class When(_Strict):
    """When a rule fires. A check-in test (``side_effect`` or ``rating``) must hold on the latest
    counted check-in, or on ``k`` of the last ``n`` (``of_last = [k, n]``), or on every check-in
    of the last N nights, at least two spanning them (``lasting_nights``). ``missed_doses`` counts
    doses reported missed in that window; ``no_checkin_nights`` fires when none came for N nights.
    """

    side_effect: str | None = None  # a side effect (core.checkin.SideEffect), or "any"
    rating: RatingName | None = None
    # A severity word with a side effect, a rating (0 to 10) with a rating.
    at_least: str | int | None = None
    below: str | int | None = None
    change_percent: Annotated[int, Field(ge=-100, le=1_000)] | None = None
    of_last: (
        tuple[Annotated[int, Field(ge=1, le=50)], Annotated[int, Field(ge=1, le=50)]] | None
    ) = None
    lasting_nights: Annotated[int, Field(ge=1, le=366)] | None = None
    missed_doses: Annotated[int, Field(ge=1, le=366)] | None = None
    no_checkin_nights: Annotated[int, Field(ge=1, le=366)] | None = None

    @field_validator("side_effect")
    @classmethod
    def _effect(cls, value: object) -> object:
        if value is None or value == "any":
            return value
        try:
            return str(SideEffect(str(value)))
        except ValueError:
            known = ", ".join(SideEffect)
            raise ValueError(f"{value!r} is not a side effect (allowed: any, {known})") from None

    @model_validator(mode="after")
    def _closed(self) -> Self:
        problems = []
        tests = [self.side_effect is not None, self.rating is not None]
        plan_tests = [self.missed_doses is not None, self.no_checkin_nights is not None]
        if sum(tests) + sum(plan_tests) == 0:
            problems.append(
                "give a side_effect, a rating, missed_doses or no_checkin_nights to test"
            )
        if sum(tests) > 1:
            problems.append("test one of side_effect and rating in a rule")
        levels = [v for v in (self.at_least, self.below) if v is not None]
        if self.side_effect is not None:
            if len(levels) != 1 or not all(v in SEVERITY_WORDS for v in levels):
                problems.append(
                    "a side_effect test takes one of at_least or below, a severity (none, mild, "
                    "moderate, severe)"
                )
            if self.change_percent is not None:
                problems.append("change_percent goes with a rating, not a side effect")
        elif self.rating is not None:
            given = len(levels) + (self.change_percent is not None)
            numbers = all(type(v) is int and 0 <= v <= RATING_MAX for v in levels)
            if given != 1 or not numbers:
                problems.append(
                    "a rating test takes one of at_least or below (a rating from 0 to 10) or "
                    "change_percent (from baseline, such as -30)"
                )
        elif levels or self.change_percent is not None:
            problems.append("at_least, below and change_percent go with a side_effect or a rating")
        if self.of_last is not None and self.lasting_nights is not None:
            problems.append("give one of of_last and lasting_nights")
        if self.of_last is not None and self.of_last[0] > self.of_last[1]:
            problems.append(f"of_last = {list(self.of_last)}: k is above n")
        if self.no_checkin_nights is not None and (any(tests) or self.missed_doses):
            problems.append("no_checkin_nights stands alone in its rule")
        if problems:
            raise ValueError("; ".join(problems))
        return self


class Rule(_Strict):
    name: Annotated[str, Field(pattern=r"^[a-z][a-z0-9-]{0,47}$")]
    source: Text | None = None
    when: When
    propose: str

    @field_validator("propose")
    @classmethod
    def _proposal(cls, value: str) -> str:
        match = _PROPOSE.match(value)
        if match is None or (match.group(2) is not None and not 1 <= int(match.group(2)) <= 366):
            raise ValueError(f"{value!r} is not a proposal (allowed: {PROPOSALS})")
        return value

    @property
    def proposes(self) -> Propose:
        return Propose(self.propose.split(" ")[0])

    @property
    def hold_nights(self) -> int | None:
        parts = self.propose.split(" ")
        return int(parts[1]) if len(parts) == 2 else None


class ExtraRating(_Strict):
    name: RatingName
    better: Better


class Gates(_Strict):
    """``[gates]``: the mode of interval ranges, the ratings a clinic adds and the rules."""

    interval_mode: GateMode = GateMode.CLINICIAN
    ratings: tuple[ExtraRating, ...] = Field(default=(), max_length=10)
    rules: tuple[Rule, ...] = Field(max_length=100)

    @model_validator(mode="after")
    def _names(self) -> Self:
        problems = []
        names = [rule.name for rule in self.rules]
        twice = sorted({name for name in names if names.count(name) > 1})
        if twice:
            problems.append(f"rule names are used twice: {', '.join(twice)}")
        added = [r.name for r in self.ratings]
        clash = sorted(set(added) & set(BUILT_IN_RATINGS)) + sorted(
            {n for n in added if added.count(n) > 1}
        )
        if clash:
            problems.append(f"ratings: {', '.join(clash)} already named")
        known = {*BUILT_IN_RATINGS, *added}
        for rule in self.rules:
            if rule.when.rating is not None and rule.when.rating not in known:
                problems.append(
                    f"rule {rule.name}: rating {rule.when.rating!r} is not a rating (allowed: "
                    f"{', '.join(sorted(known))}; add one under [[gates.ratings]])"
                )
        if problems:
            raise ValueError("; ".join(problems))
        return self

    def directions(self) -> dict[str, Better]:
        return {**BUILT_IN_RATINGS, **{r.name: r.better for r in self.ratings}}


@functools.cache
def built_in_gates() -> object:
    """The built-in ``[gates]`` as plain data (a policy that keeps them records no change)."""
    return plain(construct(Gates, BUILT_IN_POLICY["gates"]))
