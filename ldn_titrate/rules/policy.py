"""Clinic policy: the bounds every request is checked against, and the named presets.

A clinic owns its policy as a TOML file; without one the built-in policy below applies. Files
are parsed into models that forbid unknown keys, so a typo is an error naming the key, never a
silently ignored setting.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any, Self, TypeVar

from pydantic import BaseModel, Field, ValidationError, model_validator

from ldn_titrate.core.errors import InputError
from ldn_titrate.core.infile import MAX_DOCUMENT_BYTES, parse_failure, read_limited
from ldn_titrate.core.model import (
    ABSOLUTE_MAX_MG,
    EARLIEST_DATE,
    FINEST_RESOLUTION_MG,
    LATEST_DATE,
    MAX_PLAN_NIGHTS,
    PolicyRef,
    Text,
)
from ldn_titrate.core.trusted import construct, plain
from ldn_titrate.core.validation import validation_lines
from ldn_titrate.rules.builtin_policy import BUILT_IN_POLICY
from ldn_titrate.rules.policy_parts import CAUTIONS as CAUTIONS
from ldn_titrate.rules.policy_parts import Adjust as Adjust
from ldn_titrate.rules.policy_parts import OutputPolicy as OutputPolicy
from ldn_titrate.rules.policy_parts import SafetyPolicy as SafetyPolicy
from ldn_titrate.rules.policy_parts import Strict

ModelT = TypeVar("ModelT", bound=BaseModel)
POLICY_ENV = "LDN_TITRATE_POLICY"
BUILT_IN = "built-in"


# Every number a policy gives has a sane range, so that a policy `policy check` accepts can
# never make a command loop, crash or run for minutes (a bottle of 0 mL, a resolution of 1e-30).
Dose = Annotated[Decimal, Field(ge=0, le=ABSOLUTE_MAX_MG)]
PositiveDose = Annotated[Decimal, Field(gt=0, le=ABSOLUTE_MAX_MG)]
Nights = Annotated[int, Field(ge=1, le=MAX_PLAN_NIGHTS)]
Millilitres = Annotated[Decimal, Field(ge=Decimal("0.001"), le=1000)]
Day = Annotated[date, Field(ge=EARLIEST_DATE, le=LATEST_DATE)]
MAX_POLICY_STEPS = 366
MAX_BOTTLE_SIZES = 8


class DoseBound(Strict):
    min_mg: Dose
    max_mg: PositiveDose
    warn_above_mg: Dose | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.min_mg > self.max_mg:
            raise ValueError(f"min_mg ({self.min_mg}) is above max_mg ({self.max_mg})")
        return self


class NightsBound(Strict):
    min_nights: Nights
    max_nights: Nights

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.min_nights > self.max_nights:
            raise ValueError(f"min_nights ({self.min_nights}) is above max_nights")
        return self


class DateBound(Strict):
    earliest: Day
    latest: Day
    warn_days_from_today: int | None = Field(default=None, ge=0, le=36_500)

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.earliest > self.latest:
            raise ValueError(f"earliest ({self.earliest}) is after latest ({self.latest})")
        return self


class Bounds(Strict):
    start_dose: DoseBound
    step: DoseBound
    interval: NightsBound
    ceiling: DoseBound
    maintain: NightsBound
    start_date: DateBound


class Preset(Strict):
    description: Text
    source: Text
    start_dose_mg: Dose
    step_mg: Dose
    interval_nights: Nights
    ceiling_mg: Dose
    maintain_nights: Nights


class Syringe(Strict):
    size_ml: Millilitres
    graduation_ml: Millilitres


class CapsuleSplit(Strict):
    strength_mg: PositiveDose
    parts: int = Field(ge=2, le=4)


class FormulationPolicy(Strict):
    """What the clinic hands out and the pharmacy stocks."""

    syringes: tuple[Syringe, ...] = Field(min_length=1, max_length=20)
    min_volume_ml: Millilitres
    # Whole millilitres from 1 to 1000: a bottle of 0 mL would never fill, one of 0.001 mL
    # would need a million.
    bottle_sizes_ml: tuple[Annotated[Decimal, Field(ge=1, le=1000)], ...] = Field(
        min_length=1, max_length=MAX_BOTTLE_SIZES
    )
    overage_percent: Decimal = Field(ge=0, le=100)
    beyond_use_days: Nights
    capsule_strengths_mg: tuple[PositiveDose, ...] = Field(min_length=1, max_length=20)
    splits: tuple[CapsuleSplit, ...] = Field(default=(), max_length=20)
    max_capsules_per_dose: int = Field(ge=1, le=10)


class Policy(Strict):
    name: Text = "ldn-titrate built-in policy"
    resolution_mg: Decimal = Field(ge=FINEST_RESOLUTION_MG, le=ABSOLUTE_MAX_MG)
    max_steps: int = Field(ge=1, le=MAX_POLICY_STEPS)
    default_preset: Text
    bounds: Bounds
    formulation: FormulationPolicy
    safety: SafetyPolicy
    presets: dict[Text, Preset] = Field(min_length=1, max_length=100)
    adjust: Adjust
    output: OutputPolicy = OutputPolicy()

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

    def __init__(self, policy: Policy, source: str) -> None:
        self.policy = policy
        self.source = source

    @functools.cached_property
    def sha256(self) -> str:
        """Computed once: the policy is frozen, and a batch asks for it on every row."""
        data = plain(self.policy)
        # Who may read the files written changes no dose: plans made under policies that differ
        # only there record the same policy.
        data.pop("output", None)
        canonical = json.dumps(data, sort_keys=True)
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()

    @property
    def ref(self) -> PolicyRef:
        return PolicyRef.model_construct(source=self.source, sha256=self.sha256)


@functools.cache
def built_in() -> LoadedPolicy:
    return LoadedPolicy(construct(Policy, BUILT_IN_POLICY), BUILT_IN)


def locate(explicit: Path | None, environ: Mapping[str, str], config_dir: Path) -> Path | None:
    """--policy FILE, else $LDN_TITRATE_POLICY, else policy.toml in the config dir, else None."""
    if explicit is not None:
        return explicit
    if environ.get(POLICY_ENV):
        return Path(environ[POLICY_ENV])
    candidate = config_dir / "policy.toml"
    return candidate if candidate.is_file() else None


def load_file(path: Path) -> LoadedPolicy:
    """Read a clinic's TOML policy on top of the built-in one.

    Each bound a file names replaces the built-in bound key by key; a ``[presets]`` table, when
    present, replaces the built-in presets as a whole, so a clinic offers exactly its own.
    """
    import tomllib

    raw = read_limited(path, f"policy file {path}", MAX_DOCUMENT_BYTES, missing="does not exist")
    try:
        data = tomllib.loads(raw.decode("utf-8"), parse_float=Decimal)
    except UnicodeDecodeError:
        raise InputError(f"policy file {path}: cannot be read (not UTF-8 text)") from None
    except tomllib.TOMLDecodeError as error:
        raise InputError(f"policy file {path} is not valid TOML: {error}") from None
    except ValueError as error:  # an integer of thousands of digits
        raise InputError(f"policy file {path} is not valid TOML: {parse_failure(error)}") from None
    except RecursionError:
        raise InputError(f"policy file {path} is not valid TOML: nested too deeply") from None
    merged = _merge(BUILT_IN_POLICY, data)
    if "name" not in data:  # never show a clinic's file as "the built-in policy"
        merged["name"] = f"policy file {path.name}"
    try:
        policy = Policy.model_validate(merged)
    except ValidationError as error:
        raise InputError(
            [f"policy file {path}: {line}" for line in validation_lines(error)]
        ) from None
    from ldn_titrate.rules.checks import preset_problems

    problems = preset_problems(policy)
    if problems:
        raise InputError([f"policy file {path}: {line}" for line in problems])
    return LoadedPolicy(policy, str(path))


def _merge(
    base: Mapping[str, Any], override: Mapping[str, Any], top: bool = True
) -> dict[str, Any]:
    """Tables merge key by key, recursively; ``presets`` (at the top) and lists are replaced."""
    merged = dict(base)
    for key, value in override.items():
        inner = base.get(key)
        replaced = top and key == "presets"
        if isinstance(value, Mapping) and isinstance(inner, Mapping) and not replaced:
            merged[key] = _merge(inner, value, top=False)
        else:
            merged[key] = value
    return merged


def resolve(explicit: Path | None, config_dir: Path) -> LoadedPolicy:
    """The active policy for this run."""
    path = locate(explicit, os.environ, config_dir)
    return built_in() if path is None else load_file(path)
