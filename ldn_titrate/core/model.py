"""The data that flows through ldn-titrate: a validated request in, a schedule out.

Doses are ``Decimal`` milligrams everywhere; text for people is made only by :mod:`dosetext`.
The ``Schedule`` is also the plan file (DESIGN.md §3): what is written is what is read back.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Annotated, Any, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ldn_titrate.core import bounds

# Re-exported: the vocabularies, the request and the added dose belong to the model.
from ldn_titrate.core.added import AddedDose as AddedDose
from ldn_titrate.core.checkin import MAX_CHECKINS, CheckIn, Goal, IntervalRange
from ldn_titrate.core.request import TitrationPhase as TitrationPhase
from ldn_titrate.core.request import TitrationRequest as TitrationRequest
from ldn_titrate.core.screening_model import Finding as Finding
from ldn_titrate.core.screening_model import Screening as Screening
from ldn_titrate.core.vocab import Action as Action
from ldn_titrate.core.vocab import ChangeKind as ChangeKind
from ldn_titrate.core.vocab import DoseTime as DoseTime
from ldn_titrate.core.vocab import Form as Form
from ldn_titrate.core.vocab import OpioidStatus as OpioidStatus
from ldn_titrate.core.vocab import Phase as Phase

# Every model defers building its validators (``defer_build``): the engine constructs trusted
# values directly, so `plan` never pays for them. Plan files read are validated in full.

# No clinic policy or saved plan may go above this nightly dose: low-dose naltrexone runs to
# about 5 mg (6 mg studied); 10 mg is already twice that, and a fifth of the addiction dose.
ABSOLUTE_MAX_MG = Decimal(10)

PLAN_FORMAT = "ldn-titrate/plan"
PLAN_VERSION = 2  # the newest version written and read; version 1 files still read


# A clock time as people write it on a prescription, 00:00 to 23:59.
CLOCK_PATTERN = r"^([01][0-9]|2[0-3]):[0-5][0-9]$"


class Formulation(BaseModel):
    """What the patient measures or counts: a liquid of stated concentration, or capsules."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    form: Form
    concentration_mg_per_ml: bounds.PositiveMg | None = None
    strengths_mg: tuple[bounds.PositiveMg, ...] | None = Field(default=None, max_length=20)
    # Capsule strengths the policy lets be split, and into how many equal parts (policy order).
    split_parts: dict[bounds.StrengthKey, Annotated[int, Field(ge=2, le=4)]] | None = None

    def split_source(self, piece: Decimal) -> tuple[str, int] | None:
        """The capsule a piece is cut from, and into how many parts; None for a whole capsule.

        The one rule for the step text and the dispensing count: a chosen whole strength is a
        whole capsule; otherwise the first split (in policy order) that gives the piece.
        """
        if piece in (self.strengths_mg or ()):
            return None
        for strength, parts in (self.split_parts or {}).items():
            if Decimal(strength) / parts == piece:
                return strength, parts
        return None


class Supply(BaseModel):
    """What one stretch of nights consumes and what the pharmacy dispenses for it.

    Liquid: ``consumed_ml`` plus the policy's overage gives ``dispense_ml``, packed into
    ``bottles_ml``. Capsules: ``capsules`` maps strength in mg (text) to a count.
    """

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    first_night: bounds.Day
    last_night: bounds.Day
    nights: bounds.Nights
    consumed_ml: bounds.Ml | None = None
    overage_ml: bounds.Ml | None = None
    dispense_ml: bounds.Ml | None = None
    bottles_ml: tuple[bounds.Ml, ...] | None = Field(default=None, max_length=100_000)
    # Whole capsules to dispense, by strength; ``split_capsules`` says how many of them are
    # dispensed split (into the parts the formulation records), never as a strength of their own.
    capsules: dict[bounds.StrengthKey, bounds.Count] | None = None
    split_capsules: dict[bounds.StrengthKey, bounds.Count] | None = None


class Dispensing(BaseModel):
    """Quantities per step, per fill (``--supply-days``) and in total."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    overage_percent: Annotated[Decimal, Field(ge=0, le=100)] | None = None
    supply_days: bounds.Nights | None = None
    per_step: tuple[Supply, ...] = Field(max_length=bounds.MAX_PLAN_STEPS)
    fills: tuple[Supply, ...] = Field(max_length=bounds.MAX_PLAN_NIGHTS)
    total: Supply


# How version-1 plans worded the restart night, so its number is read back as data.
LEGACY_RESTART = re.compile(r"opioid-free for (\d{1,3}) days")


class Step(BaseModel):
    """A run of nights at one dose; ``end`` is the last night, inclusive.

    With a liquid formulation ``volume_ml`` and ``syringe_ml`` say what to draw up; with
    capsules, ``capsules`` maps each strength in mg (as text, such as "1.5") to a count.
    """

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    number: Annotated[int, Field(ge=0, le=bounds.MAX_PLAN_STEPS)]
    phase: Phase
    start: bounds.Day
    end: bounds.Day
    nights: bounds.StepNights
    dose_mg: Decimal = Field(allow_inf_nan=False)
    volume_ml: bounds.Ml | None = None
    syringe_ml: bounds.Ml | None = None
    # Fills of the syringe per dose when more than one (policy ``max_draws``): full, then rest.
    draws: int | None = Field(default=None, ge=2, le=4)
    capsules: dict[bounds.StrengthKey, Annotated[int, Field(ge=0, le=100)]] | None = None
    # Added by living plans (issue 6); the defaults are what a plan without them meant.
    dose_time: DoseTime = DoseTime.BEDTIME
    at: str | None = Field(default=None, pattern=CLOCK_PATTERN)
    provisional: bool = False
    # Patient-gated (issue 26): a provisional increase taken only once the side effects have
    # settled, printed at the interval range's lower bound (not a retry after a step back).
    gated: bool = False
    # The first night after a pause: the patient must be opioid-free for this many days before
    # it (their washout under the policy that made the pause). Data, not a sentence: every
    # output words it (render/describe.py), in the language it is written in.
    restart_opioid_free_days: int | None = Field(default=None, ge=0, le=366)

    @model_validator(mode="before")
    @classmethod
    def _legacy_note(cls, data: Any) -> Any:
        """Plans saved by 0.1 stored the restart warning as an English ``note``."""
        if isinstance(data, dict) and "note" in data:
            data = dict(data)
            days = LEGACY_RESTART.search(str(data.pop("note") or ""))
            if days:
                data.setdefault("restart_opioid_free_days", int(days.group(1)))
        return data


# Step fields whose default is not written to the plan file, so a plan that was never adjusted
# reads exactly as it did before these fields existed.
STEP_DEFAULTS: dict[str, object] = {
    "dose_time": DoseTime.BEDTIME,
    "provisional": False,
    "gated": False,
}


class Snapshot(BaseModel):
    """The part of a plan an adjustment changes: kept in the history so --undo can restore it."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    steps: tuple[Step, ...] = Field(max_length=bounds.MAX_PLAN_STEPS)
    review_date: bounds.Day
    discontinued_on: bounds.Day | None = None
    # Kept only by a change of the safety screen: --undo then restores the screen too.
    screening: Screening | None = None


class PolicyRef(BaseModel):
    """Which policy a plan was checked against, so it can be traced and re-checked."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    source: bounds.Text
    sha256: bounds.Text


class Change(BaseModel):
    """One adjustment: what, from which night, why, when it was made, and what it replaced."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    revision: Annotated[int, Field(ge=1, le=bounds.MAX_REVISION)]
    kind: ChangeKind
    on: bounds.Day
    parameters: bounds.Parameters = Field(default_factory=dict, max_length=20)
    reason: bounds.Text | None = None
    # What the patient reads about this change (--reason-for-patient); ``reason`` is the
    # clinician's and stays off the handout.
    patient_reason: bounds.Text | None = None
    made_at: bounds.Moment
    previous: Snapshot
    # The policy the adjusted nights were checked against (absent in files made before it was
    # recorded).
    policy: PolicyRef | None = None


class Digest(BaseModel):
    """What ldn-titrate wrote, fingerprinted: a sha256 per section of the plan file and one of
    them all, so a reader can tell which part was changed since (see plans/integrity.py).
    """

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    sha256: str
    sections: dict[str, str]
    # The canonical rule the sections were hashed under (core/canonical.py); absent: rule 1.
    canonical: Literal[2] | None = None


class Schedule(BaseModel):
    """A complete plan: inputs, contiguous steps, review date, and how it was made."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    format: Literal["ldn-titrate/plan"] = "ldn-titrate/plan"
    version: Literal[1, 2] = 1
    id: bounds.Text
    revision: Annotated[int, Field(ge=1, le=bounds.MAX_REVISION)] = 1
    created: bounds.Moment | None = None
    generator: bounds.Text
    policy: PolicyRef
    inputs: TitrationRequest
    steps: tuple[Step, ...] = Field(max_length=bounds.MAX_PLAN_STEPS)
    review_date: bounds.Day
    warnings: tuple[bounds.Text, ...] = Field(default=(), max_length=1_000)
    formulation: Formulation | None = None
    dispensing: Dispensing | None = None
    screening: Screening | None = None
    history: tuple[Change, ...] = Field(default=(), max_length=1_000 + MAX_CHECKINS)
    discontinued_on: bounds.Day | None = None
    also: tuple[AddedDose, ...] = ()  # the added daily doses, with what to measure for each
    # Titrate to response (issue 26, plan version 2): what the patient reported, the goal the
    # prescriber set, and an interval given as a range.
    checkins: tuple[CheckIn, ...] = Field(default=(), max_length=MAX_CHECKINS)
    goal: Goal | None = None
    interval_range: IntervalRange | None = None
    # Written with every plan file (absent in files from before it was recorded); a plan in
    # memory carries the digest it was read with, and a new one is computed on every write.
    digest: Digest | None = None

    @model_validator(mode="after")
    def _versioned(self) -> Self:
        if self.version == 1 and self.needs_version_2:
            raise ValueError(
                "a plan with check-ins, a goal or an interval range is plan version 2, "
                "not version 1"
            )
        return self

    @property
    def needs_version_2(self) -> bool:
        return bool(self.checkins) or self.goal is not None or self.interval_range is not None

    @property
    def first_night(self) -> date:
        return self.steps[0].start

    @property
    def last_night(self) -> date:
        return self.steps[-1].end

    @property
    def total_nights(self) -> int:
        return sum(step.nights for step in self.steps)

    def snapshot(self, with_screening: bool = False) -> Snapshot:
        return Snapshot(
            steps=self.steps,
            review_date=self.review_date,
            discontinued_on=self.discontinued_on,
            screening=self.screening if with_screening else None,
        )

    def step_on(self, night: date) -> Step | None:
        """The step that covers ``night``, or None outside the plan."""
        for step in self.steps:
            if step.start <= night <= step.end:
                return step
        return None
