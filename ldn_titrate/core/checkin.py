"""What a patient reports on a date (a check-in), and the clinician's goal: data in the plan file.

Issue 26. A check-in records side effects from a fixed vocabulary, each with a severity; 0–10
ratings (pain, fatigue, sleep quality and any the clinic policy adds); the dose actually taken
where it differs from the plan; missed doses; opioid use since the last check-in; free text for
the clinician. A wrong one is voided (kept, marked entered in error, left out of the rules).
Pure data: :mod:`ldn_titrate.plans.checkins` adds them to a plan, :mod:`ldn_titrate.rules.gates`
reads them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ldn_titrate.core import bounds

# A baseline check-in may come this many days before night 1 (issue 26).
BASELINE_DAYS = 28
MAX_CHECKINS = 2_000
RATING_MAX = 10


class SideEffect(StrEnum):
    VIVID_DREAMS = "vivid-dreams"
    INSOMNIA = "insomnia"
    HEADACHE = "headache"
    NAUSEA = "nausea"
    FATIGUE = "fatigue"
    ANXIETY = "anxiety"
    LOW_MOOD = "low-mood"
    RASH = "rash"
    ALLERGIC_REACTION = "allergic-reaction"
    OTHER = "other"


class Severity(StrEnum):
    NONE = "none"
    MILD = "mild"
    MODERATE = "moderate"
    SEVERE = "severe"

    @property
    def rank(self) -> int:
        return SEVERITIES.index(self)


SEVERITIES: tuple[Severity, ...] = tuple(Severity)


class Better(StrEnum):
    """Which way a rating improves: pain falls, sleep quality rises."""

    LOWER = "lower"
    HIGHER = "higher"


# The ratings every check-in may carry, and which way each improves; a clinic's policy adds more.
BUILT_IN_RATINGS: dict[str, Better] = {
    "pain": Better.LOWER,
    "fatigue": Better.LOWER,
    "sleep": Better.HIGHER,  # sleep quality
}
RatingName = Annotated[str, Field(pattern=r"^[a-z][a-z0-9-]{0,31}$")]
Rating = Annotated[int, Field(ge=0, le=RATING_MAX)]


class Report(BaseModel):
    """One side effect and how bad it was; ``text`` says what an ``other`` is."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    effect: SideEffect
    severity: Severity
    text: Annotated[bounds.Text, Field(max_length=200)] | None = None

    @model_validator(mode="after")
    def _other_has_text(self) -> Self:
        if (self.effect is SideEffect.OTHER) != (self.text is not None):
            raise ValueError("a side effect 'other' says what it is (text); no other one does")
        return self


class Void(BaseModel):
    """A check-in entered in error: kept, never counted."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    revision: Annotated[int, Field(ge=1, le=bounds.MAX_REVISION)]
    reason: Annotated[bounds.Text, Field(min_length=1, max_length=200)]
    made_at: bounds.Moment


class CheckIn(BaseModel):
    """What the patient reported on ``on`` (numbered in the order recorded)."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    number: Annotated[int, Field(ge=1, le=MAX_CHECKINS)]
    on: bounds.Day
    revision: Annotated[int, Field(ge=1, le=bounds.MAX_REVISION)]
    recorded_at: bounds.Moment
    side_effects: tuple[Report, ...] = Field(default=(), max_length=20)
    ratings: dict[RatingName, Rating] = Field(default_factory=dict, max_length=20)
    taken_mg: bounds.Mg | None = None  # the dose taken, where it differs from the plan's
    missed_doses: Annotated[int, Field(ge=0, le=bounds.MAX_PLAN_NIGHTS)] | None = None
    opioids: bool | None = None  # opioid use since the last check-in
    note: Annotated[bounds.Text, Field(max_length=1_000)] | None = None
    source: Annotated[bounds.Text, Field(max_length=300)] | None = None  # "calls.csv row 4"
    void: Void | None = None

    @model_validator(mode="after")
    def _one_report_per_effect(self) -> Self:
        named = [(r.effect, r.text) for r in self.side_effects]
        if len(named) != len(set(named)):
            raise ValueError("a side effect is reported once per check-in")
        return self

    @property
    def counted(self) -> bool:
        return self.void is None

    def worst(self, effect: SideEffect | None = None) -> Severity:
        """The worst severity reported (of ``effect``, or of any side effect)."""
        found = [r.severity for r in self.side_effects if effect is None or r.effect is effect]
        return max(found, key=lambda s: s.rank, default=Severity.NONE)

    def fingerprint(self) -> tuple[object, ...]:
        return fingerprint(
            self.on, self.side_effects, self.ratings, self.taken_mg, self.missed_doses,
            self.opioids, self.note,
        )  # fmt: skip


def fingerprint(
    on: date | None,
    side_effects: Iterable[Report],
    ratings: Mapping[str, int],
    taken_mg: Decimal | None,
    missed_doses: int | None,
    opioids: bool | None,
    note: str | None,
) -> tuple[object, ...]:
    """What the patient reported, without when or how it was recorded: a second import of the
    same row has the same fingerprint (a duplicate, never added twice)."""
    return (
        on,
        tuple(sorted((str(r.effect), str(r.severity), r.text or "") for r in side_effects)),
        tuple(sorted(ratings.items())),
        taken_mg.normalize() if taken_mg is not None else None,
        missed_doses,
        opioids,
        note,
    )


class GateMode(StrEnum):
    """Which end of an interval range the outputs print (the clinic policy decides)."""

    CLINICIAN = "clinician"  # every output at the upper bound; a check-in may propose advance
    PATIENT = "patient"  # the increase printed at the lower bound, with its condition


class IntervalRange(BaseModel):
    """``--interval 7-14d``: each step lasts from ``min_days`` to ``max_days`` nights."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    min_days: Annotated[int, Field(ge=1, le=bounds.MAX_PLAN_NIGHTS)]
    max_days: Annotated[int, Field(ge=1, le=bounds.MAX_PLAN_NIGHTS)]
    months: bool = False  # the bounds count calendar months (--interval 1-2m), not nights
    mode: GateMode = GateMode.CLINICIAN

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.min_days >= self.max_days:
            raise ValueError(f"min_days ({self.min_days}) is not below max_days ({self.max_days})")
        return self


class Goal(BaseModel):
    """``--goal "pain -30%"``: a rating's change from baseline that means the dose works, met when
    every check-in in the last ``nights`` meets it (at least two of them)."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    rating: RatingName
    change_percent: Annotated[int, Field(ge=-100, le=1_000)]
    nights: Annotated[int, Field(ge=1, le=366)] = 14

    def met_by(self, value: int, baseline: int) -> bool:
        """``value`` against ``baseline``: a fall of 30 % or more for ``-30``, a rise for ``+``."""
        if baseline == 0:  # no change in percent from nothing
            return False
        change = Decimal(value - baseline) * 100 / baseline
        if self.change_percent < 0:
            return change <= self.change_percent
        return change >= self.change_percent


def counted(checkins: tuple[CheckIn, ...]) -> list[CheckIn]:
    """The check-ins the rules read: not voided, by date, in the order recorded on one date."""
    return sorted((c for c in checkins if c.counted), key=lambda c: (c.on, c.number))


def baseline(checkins: tuple[CheckIn, ...], first_night: date, rating: str) -> int | None:
    """The rating in the latest counted check-in on or before night 1 that gives it."""
    before = [c for c in counted(checkins) if c.on <= first_night and rating in c.ratings]
    return before[-1].ratings[rating] if before else None
