"""Clinic policy: the bounds every request is checked against, and the named presets.

A clinic owns its policy as a TOML file; without one the built-in policy below applies. Files
are parsed into models that forbid unknown keys, so a typo is an error naming the key, never a
silently ignored setting.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, Self

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from ldn_titrate.errors import InputError
from ldn_titrate.model import PolicyRef

POLICY_ENV = "LDN_TITRATE_POLICY"
BUILT_IN = "built-in"


class _Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class DoseBound(_Strict):
    min_mg: Decimal = Field(ge=0)
    max_mg: Decimal = Field(gt=0)
    warn_above_mg: Decimal | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.min_mg > self.max_mg:
            raise ValueError(f"min_mg ({self.min_mg}) is above max_mg ({self.max_mg})")
        return self


class NightsBound(_Strict):
    min_nights: int = Field(ge=1)
    max_nights: int = Field(ge=1)

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.min_nights > self.max_nights:
            raise ValueError(f"min_nights ({self.min_nights}) is above max_nights")
        return self


class DateBound(_Strict):
    earliest: date
    latest: date
    warn_days_from_today: int | None = Field(default=None, ge=0)

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.earliest > self.latest:
            raise ValueError(f"earliest ({self.earliest}) is after latest ({self.latest})")
        return self


class Bounds(_Strict):
    start_dose: DoseBound
    step: DoseBound
    interval: NightsBound
    ceiling: DoseBound
    maintain: NightsBound
    start_date: DateBound


class Preset(_Strict):
    description: str
    source: str
    start_dose_mg: Decimal
    step_mg: Decimal
    interval_nights: int
    ceiling_mg: Decimal
    maintain_nights: int


class Adjust(_Strict):
    """Limits on changing a running plan (``adjust``); a policy file may set any of them.

    The defaults are conservative built-in figures: FACTS.md gives 7–10 opioid-free days before
    (re)starting, so 10; a hold is at most the longest interval this policy allows by default.
    """

    max_step_backs: int = Field(default=3, ge=0)
    max_hold_nights: int = Field(default=28, ge=1)
    opioid_free_days: int = Field(default=10, ge=1)


class Policy(_Strict):
    name: str = "ldn-titrate built-in policy"
    resolution_mg: Decimal = Field(gt=0)
    max_steps: int = Field(ge=1)
    default_preset: str
    bounds: Bounds
    presets: dict[str, Preset] = Field(min_length=1)
    adjust: Adjust = Adjust()

    @model_validator(mode="after")
    def _default_exists(self) -> Self:
        if self.default_preset not in self.presets:
            raise ValueError(
                f"default_preset {self.default_preset!r} is not among the presets "
                f"({', '.join(self.presets)})"
            )
        return self


# The built-in policy. Numbers and sources: shared/reference/FACTS.md.
BUILT_IN_POLICY: dict[str, Any] = {
    "name": "ldn-titrate built-in policy",
    # 0.025 mg: fine enough for 0.1 mg starts, 0.25 mg steps and a quarter of a 4.5 mg capsule.
    "resolution_mg": Decimal("0.025"),
    "max_steps": 24,
    "default_preset": "standard",
    "bounds": {
        # Usual start 1–1.5 mg; 0.1–0.5 mg for sensitive patients (treatment-guide; LDN Research
        # Trust). Above 1.5 mg is unusual enough to warn.
        "start_dose": {"min_mg": Decimal("0.1"), "max_mg": 3, "warn_above_mg": Decimal("1.5")},
        # Steps of 0.25–1.5 mg are seen; 1 mg is usual (treatment-guide).
        "step": {"min_mg": Decimal("0.1"), "max_mg": Decimal("1.5")},
        # Every 1–2 weeks is usual; 3–30 days seen, some practices monthly (hdrx.com).
        "interval": {"min_nights": 3, "max_nights": 28},
        # Target 3–5 mg, 4.5 mg common; 6 mg studied (Bruun-Plesner 2020): warn above 4.5 mg.
        "ceiling": {"min_mg": Decimal("0.5"), "max_mg": 6, "warn_above_mg": Decimal("4.5")},
        "maintain": {"min_nights": 7, "max_nights": 182},
        "start_date": {
            "earliest": date(2000, 1, 1),
            "latest": date(2099, 12, 31),
            "warn_days_from_today": 365,
        },
    },
    "presets": {
        "standard": {
            "description": "1.5 mg, rising 1 mg every 2 weeks to 4.5 mg",
            # treatment-guide article: start 1–1.5 mg, +1 mg every 1–2 weeks, 4.5 mg target.
            "source": "LDN treatment guide (article): start 1–1.5 mg, +1 mg every 1–2 weeks",
            "start_dose_mg": Decimal("1.5"),
            "step_mg": 1,
            "interval_nights": 14,
            "ceiling_mg": Decimal("4.5"),
            "maintain_nights": 28,
        },
        "three-step": {
            "description": "1.5 mg, 3 mg, then 4.5 mg, 2 weeks each",
            "source": "lavenderskyhealth naltrexone summary; hdrx chronic pain dosing",
            "start_dose_mg": Decimal("1.5"),
            "step_mg": Decimal("1.5"),
            "interval_nights": 14,
            "ceiling_mg": Decimal("4.5"),
            "maintain_nights": 28,
        },
        "weekly": {
            "description": "1 mg, rising 1 mg every week to 4.5 mg",
            "source": "LDN treatment guide (article): +1 mg every 1–2 weeks",
            "start_dose_mg": 1,
            "step_mg": 1,
            "interval_nights": 7,
            "ceiling_mg": Decimal("4.5"),
            "maintain_nights": 28,
        },
        "gentle": {
            "description": "0.5 mg, rising 0.5 mg every week to 4.5 mg (sensitive patients)",
            "source": "LDN Research Trust: sensitive start, +0.5 mg every 7 days",
            "start_dose_mg": Decimal("0.5"),
            "step_mg": Decimal("0.5"),
            "interval_nights": 7,
            "ceiling_mg": Decimal("4.5"),
            "maintain_nights": 28,
        },
        "autoimmune": {
            "description": "0.5 mg, rising 1 mg every 2 weeks to 4.5 mg",
            "source": "Autoimmune regimen: 0.5–1 mg for 14 days, then +0.5–1 mg every 2 weeks",
            "start_dose_mg": Decimal("0.5"),
            "step_mg": 1,
            "interval_nights": 14,
            "ceiling_mg": Decimal("4.5"),
            "maintain_nights": 28,
        },
    },
}


class LoadedPolicy:
    """A validated policy with where it came from, as shown to users and recorded on plans."""

    def __init__(self, policy: Policy, source: str) -> None:
        self.policy = policy
        self.source = source

    @property
    def sha256(self) -> str:
        data = self.policy.model_dump(mode="json")
        if self.policy.adjust == Adjust():
            # Policies that leave the adjust limits at their defaults keep the hash they had
            # before those limits existed, so plans made earlier still name the same policy.
            del data["adjust"]
        canonical = json.dumps(data, sort_keys=True)
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()

    @property
    def ref(self) -> PolicyRef:
        return PolicyRef(source=self.source, sha256=self.sha256)


def built_in() -> LoadedPolicy:
    return LoadedPolicy(Policy.model_validate(BUILT_IN_POLICY), BUILT_IN)


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

    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle, parse_float=Decimal)
    except FileNotFoundError:
        raise InputError(f"policy file {path} does not exist") from None
    except OSError as error:
        raise InputError(f"policy file {path} cannot be read: {error.strerror}") from None
    except tomllib.TOMLDecodeError as error:
        raise InputError(f"policy file {path} is not valid TOML: {error}") from None
    merged = _merge(BUILT_IN_POLICY, data)
    try:
        policy = Policy.model_validate(merged)
    except ValidationError as error:
        raise InputError(
            [f"policy file {path}: {line}" for line in validation_lines(error)]
        ) from None
    from ldn_titrate.checks import preset_problems

    problems = preset_problems(policy)
    if problems:
        raise InputError([f"policy file {path}: {line}" for line in problems])
    return LoadedPolicy(policy, str(path))


def _merge(base: Mapping[str, Any], override: Mapping[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in override.items():
        if key == "bounds" and isinstance(value, Mapping):
            bounds = dict(base["bounds"])
            for name, bound in value.items():
                if isinstance(bound, Mapping) and isinstance(bounds.get(name), Mapping):
                    bounds[name] = {**bounds[name], **bound}
                else:
                    bounds[name] = bound
            merged[key] = bounds
        else:
            merged[key] = value
    return merged


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


def resolve(explicit: Path | None, config_dir: Path) -> LoadedPolicy:
    """The active policy for this run."""
    path = locate(explicit, os.environ, config_dir)
    return built_in() if path is None else load_file(path)
