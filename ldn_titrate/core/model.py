"""The data that flows through ldn-titrate: a validated request in, a schedule out.

Doses are ``Decimal`` milligrams everywhere; text for people is made only by :mod:`dosetext`.
The ``Schedule`` is also the plan file (DESIGN.md §3): what is written is what is read back.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, Literal, Self

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from ldn_titrate.core.text import check_safe

# Re-exported: the vocabularies belong to the model, they just live where the CLI can reach
# them cheaply.
from ldn_titrate.core.vocab import Action as Action
from ldn_titrate.core.vocab import ChangeKind as ChangeKind
from ldn_titrate.core.vocab import DoseTime as DoseTime
from ldn_titrate.core.vocab import Form as Form
from ldn_titrate.core.vocab import OpioidStatus as OpioidStatus
from ldn_titrate.core.vocab import Phase as Phase

# Every model defers building its validators (``defer_build``) until something is validated
# or serialised: the engine constructs trusted values directly, so `ldn-titrate plan` never
# pays for validators it does not use. Plan files read from disk are validated in full.

# No clinic policy or saved plan may go above this nightly dose: low-dose naltrexone runs to
# about 5 mg (6 mg studied); 10 mg is already twice that, and a fifth of the addiction dose.
ABSOLUTE_MAX_MG = Decimal(10)
# No policy measures doses finer than a microgram: finer steps are no dose anyone can measure,
# and would make the step arithmetic run away.
FINEST_RESOLUTION_MG = Decimal("0.001")
# A saved plan longer than this is not a titration plan (and would take the dispensing
# arithmetic minutes): ten years of nights.
MAX_PLAN_NIGHTS = 3_660
# Every date a policy or a plan file gives lies in these years, far from the calendar's ends
# (year 9999 plus a night overflows every date library).
EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2199, 12, 31)

PLAN_FORMAT = "ldn-titrate/plan"
PLAN_VERSION = 1


# The types of a plan file's fields: every number and date bounded, so that a forged or damaged
# file is refused as it is read, never met by arithmetic that overflows or runs for minutes.
Day = Annotated[date, Field(ge=EARLIEST_DATE, le=LATEST_DATE)]
Mg = Annotated[Decimal, Field(ge=0, le=1_000_000, allow_inf_nan=False)]
Ml = Annotated[Decimal, Field(ge=0, le=10_000_000, allow_inf_nan=False)]
Count = Annotated[int, Field(ge=0, le=10_000_000)]
Nights = Annotated[int, Field(ge=0, le=MAX_PLAN_NIGHTS)]
# A capsule strength as a map key: "1.5", "4.5", "1.125".
StrengthKey = Annotated[str, Field(pattern=r"^[0-9]{1,2}(\.[0-9]{1,6})?$")]
# Text in a plan: no control or invisible formatting characters (ldn-titrate never writes one).
Text = Annotated[str, Field(max_length=2_000), AfterValidator(check_safe)]
MAX_PLAN_STEPS = 1_000
MAX_REVISION = 100_000


def _in_years(moment: datetime) -> datetime:
    if not EARLIEST_DATE.year <= moment.year <= LATEST_DATE.year:
        raise ValueError(f"is outside the years {EARLIEST_DATE.year} to {LATEST_DATE.year}")
    return moment


Moment = Annotated[datetime, AfterValidator(_in_years)]

# A clock time as people write it on a prescription, 00:00 to 23:59.
CLOCK_PATTERN = r"^([01][0-9]|2[0-3]):[0-5][0-9]$"


class TitrationRequest(BaseModel):
    """Everything the engine needs, already parsed and checked against the policy."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    start_date: Day
    start_dose_mg: Mg
    step_mg: Mg
    interval_days: Nights
    ceiling_mg: Mg
    maintain_days: Nights
    preset: Text | None = None


class Formulation(BaseModel):
    """What the patient measures or counts: a liquid of stated concentration, or capsules."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    form: Form
    concentration_mg_per_ml: Annotated[Mg, Field(gt=0)] | None = None
    strengths_mg: tuple[Annotated[Mg, Field(gt=0)], ...] | None = Field(default=None, max_length=20)
    # Capsule strengths the policy lets be split, and into how many equal parts (policy order).
    split_parts: dict[StrengthKey, Annotated[int, Field(ge=2, le=4)]] | None = None

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

    first_night: Day
    last_night: Day
    nights: Nights
    consumed_ml: Ml | None = None
    overage_ml: Ml | None = None
    dispense_ml: Ml | None = None
    bottles_ml: tuple[Ml, ...] | None = Field(default=None, max_length=100_000)
    # Whole capsules to dispense, by strength; ``split_capsules`` says how many of them are
    # dispensed split (into the parts the formulation records), never as a strength of their own.
    capsules: dict[StrengthKey, Count] | None = None
    split_capsules: dict[StrengthKey, Count] | None = None


class Dispensing(BaseModel):
    """Quantities per step, per fill (``--supply-days``) and in total."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    overage_percent: Annotated[Decimal, Field(ge=0, le=100)] | None = None
    supply_days: Nights | None = None
    per_step: tuple[Supply, ...] = Field(max_length=MAX_PLAN_STEPS)
    fills: tuple[Supply, ...] = Field(max_length=MAX_PLAN_NIGHTS)
    total: Supply


class Finding(BaseModel):
    """One result of the safety screen that did not stop the plan (a warning or a note)."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    code: Text
    action: Action
    message: Text

    @model_validator(mode="after")
    def _not_refused(self) -> Self:
        if self.action is Action.REFUSE:
            raise ValueError("a finding the policy refuses stops the plan: no plan records one")
        return self


class Screening(BaseModel):
    """The safety screen's answers and what the policy made of them; travels with the plan.

    ``opioids`` is None when the question was not answered, which is allowed but never silent.
    """

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    opioids: OpioidStatus | None = None
    last_opioid_dose: Day | None = None
    opioid_class: Text | None = None
    cautions: tuple[Text, ...] = Field(default=(), max_length=20)
    findings: tuple[Finding, ...] = Field(default=(), max_length=100)
    # The policy's opioid-free days for this patient (their opioid class, if one was named),
    # so the handout tells the patient the number the clinic actually uses.
    opioid_free_days: Annotated[int, Field(ge=0, le=365)] | None = None


# How version-1 plans worded the restart night, so its number is read back as data.
LEGACY_RESTART = re.compile(r"opioid-free for (\d{1,3}) days")


class Step(BaseModel):
    """A run of nights at one dose; ``end`` is the last night, inclusive.

    With a liquid formulation ``volume_ml`` and ``syringe_ml`` say what to draw up; with
    capsules, ``capsules`` maps each strength in mg (as text, such as "1.5") to a count.
    """

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    number: Annotated[int, Field(ge=0, le=MAX_PLAN_STEPS)]
    phase: Phase
    start: Day
    end: Day
    nights: Annotated[int, Field(ge=0, le=(LATEST_DATE - EARLIEST_DATE).days + 1)]
    dose_mg: Decimal = Field(allow_inf_nan=False)
    volume_ml: Ml | None = None
    syringe_ml: Ml | None = None
    capsules: dict[StrengthKey, Annotated[int, Field(ge=0, le=100)]] | None = None
    # Added by living plans (issue 6); the defaults are what a plan without them meant.
    dose_time: DoseTime = DoseTime.BEDTIME
    at: str | None = Field(default=None, pattern=CLOCK_PATTERN)
    provisional: bool = False
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
STEP_DEFAULTS: dict[str, object] = {"dose_time": DoseTime.BEDTIME, "provisional": False}


class Snapshot(BaseModel):
    """The part of a plan an adjustment changes: kept in the history so --undo can restore it."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    steps: tuple[Step, ...] = Field(max_length=MAX_PLAN_STEPS)
    review_date: Day
    discontinued_on: Day | None = None


class PolicyRef(BaseModel):
    """Which policy a plan was checked against, so it can be traced and re-checked."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    source: Text
    sha256: Text


class Change(BaseModel):
    """One adjustment: what, from which night, why, when it was made, and what it replaced."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    revision: Annotated[int, Field(ge=1, le=MAX_REVISION)]
    kind: ChangeKind
    on: Day
    parameters: dict[Text, Annotated[int, Field(ge=-MAX_REVISION, le=MAX_REVISION)] | Mg | Text] = (
        Field(default_factory=dict, max_length=20)
    )
    reason: Text | None = None
    made_at: Moment
    previous: Snapshot
    # The policy the adjusted nights were checked against (absent in files made before it was
    # recorded).
    policy: PolicyRef | None = None


class Schedule(BaseModel):
    """A complete plan: inputs, contiguous steps, review date, and how it was made."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    format: Literal["ldn-titrate/plan"] = "ldn-titrate/plan"
    version: Literal[1] = 1
    id: Text
    revision: Annotated[int, Field(ge=1, le=MAX_REVISION)] = 1
    created: Moment | None = None
    generator: Text
    policy: PolicyRef
    inputs: TitrationRequest
    steps: tuple[Step, ...] = Field(max_length=MAX_PLAN_STEPS)
    review_date: Day
    warnings: tuple[Text, ...] = Field(default=(), max_length=1_000)
    formulation: Formulation | None = None
    dispensing: Dispensing | None = None
    screening: Screening | None = None
    history: tuple[Change, ...] = Field(default=(), max_length=1_000)
    discontinued_on: Day | None = None

    @property
    def first_night(self) -> date:
        return self.steps[0].start

    @property
    def last_night(self) -> date:
        return self.steps[-1].end

    @property
    def total_nights(self) -> int:
        return sum(step.nights for step in self.steps)

    def snapshot(self) -> Snapshot:
        return Snapshot(
            steps=self.steps, review_date=self.review_date, discontinued_on=self.discontinued_on
        )

    def step_on(self, night: date) -> Step | None:
        """The step that covers ``night``, or None outside the plan."""
        for step in self.steps:
            if step.start <= night <= step.end:
                return step
        return None
