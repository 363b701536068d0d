"""Clinic policy: the bounds every request is checked against, and the named presets.

A clinic owns its policy as a TOML file; without one the built-in policy below applies. Files
are parsed into models that forbid unknown keys, so a typo is an error naming the key, never a
silently ignored setting.
"""

from __future__ import annotations

import functools
import hashlib
import json
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Self, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from ldn_titrate.core.bounds import (
    EARLIEST_DATE,
    FINEST_RESOLUTION_MG,
    LATEST_DATE,
    MAX_PLAN_NIGHTS,
    Text,
)
from ldn_titrate.core.model import ABSOLUTE_MAX_MG, PolicyRef, TitrationPhase
from ldn_titrate.core.trusted import construct, plain
from ldn_titrate.rules.adjust_policy import Adjust, Ongoing
from ldn_titrate.rules.builtin_policy import BUILT_IN_POLICY
from ldn_titrate.rules.clinic_profile import ClinicProfile
from ldn_titrate.rules.gate_policy import Gates, built_in_gates
from ldn_titrate.rules.language_policy import LanguagePolicy
from ldn_titrate.rules.output_policy import OutputPolicy
from ldn_titrate.rules.prescription_policy import PrescriptionPolicy
from ldn_titrate.rules.safety_policy import SafetyPolicy

ModelT = TypeVar("ModelT", bound=BaseModel)
BUILT_IN = "built-in"


# Every number a policy gives has a sane range, so that a policy `policy check` accepts can
# never make a command loop, crash or run for minutes (a bottle of 0 mL, a resolution of 1e-30).
Dose = Annotated[Decimal, Field(ge=0, le=ABSOLUTE_MAX_MG)]
PositiveDose = Annotated[Decimal, Field(gt=0, le=ABSOLUTE_MAX_MG)]
Nights = Annotated[int, Field(ge=1, le=MAX_PLAN_NIGHTS)]
Millilitres = Annotated[Decimal, Field(ge=Decimal("0.001"), le=1000)]
Day = Annotated[date, Field(ge=EARLIEST_DATE, le=LATEST_DATE)]
MAX_POLICY_STEPS = 366


class _Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)


class DoseBound(_Strict):
    min_mg: Dose
    max_mg: PositiveDose
    warn_above_mg: Dose | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.min_mg > self.max_mg:
            raise ValueError(f"min_mg ({self.min_mg}) is above max_mg ({self.max_mg})")
        return self


class NightsBound(_Strict):
    min_nights: Nights
    max_nights: Nights

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.min_nights > self.max_nights:
            raise ValueError(f"min_nights ({self.min_nights}) is above max_nights")
        return self


class DateBound(_Strict):
    earliest: Day
    latest: Day
    warn_days_from_today: int | None = Field(default=None, ge=0, le=36_500)

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.earliest > self.latest:
            raise ValueError(f"earliest ({self.earliest}) is after latest ({self.latest})")
        return self


class MonthsBound(_Strict):
    min_months: int = Field(ge=1)
    max_months: int = Field(ge=1, le=12)

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.min_months > self.max_months:
            raise ValueError(f"min_months ({self.min_months}) is above max_months")
        return self


class Bounds(_Strict):
    start_dose: DoseBound
    step: DoseBound
    interval: NightsBound
    interval_months: MonthsBound
    ceiling: DoseBound
    maintain: NightsBound
    start_date: DateBound


class Preset(_Strict):
    """A named regimen in one of three forms: start/step/ceiling with an interval, an explicit
    ladder (``doses_mg`` with an interval), or ``phases`` from a start dose."""

    description: Text
    source: Text
    start_dose_mg: Dose | None = None
    step_mg: Dose | None = None
    interval_nights: Nights | None = None
    interval_months: int | None = Field(default=None, ge=1, le=120)
    ceiling_mg: Dose | None = None
    doses_mg: tuple[Dose, ...] | None = Field(default=None, max_length=MAX_POLICY_STEPS)
    phases: tuple[TitrationPhase, ...] | None = Field(default=None, max_length=20)
    maintain_nights: Nights

    @model_validator(mode="after")
    def _one_form(self) -> Self:
        given = {name for name, value in self if value is not None}
        intervals = given & {"interval_nights", "interval_months"}
        if self.phases is not None:
            needed, refused = {"start_dose_mg"}, {"step_mg", "ceiling_mg", "doses_mg", *intervals}
            form = "phases"
        elif self.doses_mg is not None:
            needed, refused = set(), {"start_dose_mg", "step_mg", "ceiling_mg"}
            form = "doses_mg"
        else:
            needed, refused, form = {"start_dose_mg", "step_mg", "ceiling_mg"}, set(), "step_mg"
        if form != "phases" and len(intervals) != 1:
            raise ValueError("give one of interval_nights and interval_months")
        missing, extra = sorted(needed - given), sorted(refused & given)
        if missing:
            raise ValueError(f"a preset with {form} needs {', '.join(missing)}")
        if extra:
            raise ValueError(f"a preset with {form} takes no {', '.join(extra)}")
        for phase in self.phases or ():
            if (phase.interval_nights is None) == (phase.interval_months is None):
                raise ValueError("each phase needs one of interval_nights and interval_months")
        return self


class Syringe(_Strict):
    """An oral syringe the clinic hands out: its size and the step between its marks.

    ``max_draws`` above 1 lets a dose larger than the syringe be drawn in several fills (full
    syringes, then the rest on a mark): only where a clinic's policy says so.
    """

    size_ml: Millilitres
    graduation_ml: Millilitres
    max_draws: int = Field(default=1, ge=1, le=4)


class CapsuleSplit(_Strict):
    strength_mg: PositiveDose
    parts: int = Field(ge=2, le=4)


class FormulationPolicy(_Strict):
    """What the clinic hands out and the pharmacy stocks."""

    syringes: tuple[Syringe, ...] = Field(min_length=1)
    min_volume_ml: Millilitres
    # Whole millilitres from 1 to 1000: a bottle of 0 mL would never fill, one of 0.001 mL
    # would need a million.
    bottle_sizes_ml: tuple[Annotated[Decimal, Field(ge=1, le=1000)], ...] = Field(
        min_length=1, max_length=8
    )
    overage_percent: Decimal = Field(ge=0, le=100)
    beyond_use_days: Nights
    capsule_strengths_mg: tuple[PositiveDose, ...] = Field(min_length=1, max_length=20)
    splits: tuple[CapsuleSplit, ...] = ()
    max_capsules_per_dose: int = Field(ge=1, le=10)


class Policy(_Strict):
    name: Text = "ldn-titrate built-in policy"
    resolution_mg: Decimal = Field(ge=FINEST_RESOLUTION_MG, le=ABSOLUTE_MAX_MG)
    max_steps: int = Field(ge=1, le=MAX_POLICY_STEPS)
    max_phases: int = Field(ge=1, le=12)
    # --also: doses a day at most (the nightly dose counts), and the most all of a day's add up to.
    max_doses_per_day: int = Field(ge=1, le=4)
    max_daily_mg: Decimal = Field(gt=0, le=ABSOLUTE_MAX_MG)
    ongoing: Ongoing
    default_preset: Text
    bounds: Bounds
    formulation: FormulationPolicy
    safety: SafetyPolicy
    presets: dict[Text, Preset] = Field(min_length=1, max_length=100)
    adjust: Adjust
    gates: Gates
    output: OutputPolicy = OutputPolicy()
    language: LanguagePolicy = LanguagePolicy()
    clinic: ClinicProfile = ClinicProfile()
    prescription: PrescriptionPolicy = PrescriptionPolicy()

    @model_validator(mode="after")
    def _default_exists(self) -> Self:
        if self.default_preset not in self.presets:
            raise ValueError(
                f"default_preset {self.default_preset!r} is not among the presets "
                f"({', '.join(self.presets)})"
            )
        return self


class LoadedPolicy:
    """A validated policy with where it came from, as shown to users and recorded on plans."""

    def __init__(self, policy: Policy, source: str, catalogs: Path | None = None) -> None:
        self.policy = policy
        self.source = source
        # The clinic's catalog folder (``[language] catalogs``), resolved against the file's
        # folder when the file was read.
        self.catalogs = catalogs

    @functools.cached_property
    def sha256(self) -> str:
        """Computed once: the policy is frozen, and a batch asks for it on every row."""
        data = plain(self.policy)
        # Who may read the files written, and where the clinic's translations are, change no
        # dose: plans made under policies that differ only there record the same policy.
        data.pop("output", None)
        data.pop("language", None)
        data.pop("clinic", None)  # identity and print defaults: no dose changes with them
        data.pop("prescription", None)  # how the pack rounds and splits: no dose either
        # Gate rules propose, never change a dose: a policy with the built-in gates records
        # the sha256 it did before they existed (a clinic's own gates change it).
        if data.get("gates") == built_in_gates():
            data.pop("gates")
        canonical = json.dumps(data, sort_keys=True)
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()

    @property
    def ref(self) -> PolicyRef:
        return PolicyRef.model_construct(source=self.source, sha256=self.sha256)


@functools.cache
def built_in() -> LoadedPolicy:
    return LoadedPolicy(construct(Policy, BUILT_IN_POLICY), BUILT_IN)


def validation_lines(error: ValidationError) -> list[str]:
    """A pydantic error as ``field: message`` lines, the way a person reads them."""
    lines = []
    for item in error.errors():
        where = ".".join(str(part) for part in item["loc"]) or "(top level)"
        message = item["msg"].removeprefix("Value error, ")
        if item["type"] == "extra_forbidden":
            message = "unknown key (check its spelling)"
        elif item["type"] == "missing":
            message = "required key is missing"
        lines.append(f"{where}: {message}")
    return lines
