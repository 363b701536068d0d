"""The options a person gives, declared once, and held as typed (None: not given).

:data:`SCHEDULE_OPTIONS` is the single declaration of the options shared by every command that
builds a schedule: the command line's parameters and ``--help`` (``cli/options.py``) and the batch
CSV's columns (``plans/batch/table.py``) are made from it, so a new option is one entry here plus
the rule that reads it. :class:`ScheduleInput` holds one set of values, from either source, so a
value means the same thing in an option and in a batch column.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from enum import StrEnum
from pathlib import Path
from typing import Any

from ldn_titrate.core.vocab import CAUTIONS, Form

SCHEDULE = "Schedule"
FORMULATION = "Formulation"
SCREEN = "Safety screen"


class Kind(StrEnum):
    """How a value is typed, which decides its command-line type and how a CSV cell is read."""

    TEXT = "text"
    PATH = "path"  # a file on this machine: no batch column
    COUNT = "count"  # a whole number, typed as text and read by core.parsing.parse_days
    REPEATED = "repeated"  # an option given again; several words in one CSV cell
    FORM = "form"  # one of :class:`~ldn_titrate.core.vocab.Form`


@dataclass(frozen=True)
class OptionSpec:
    """One shared option: its parameter name, flag, help and batch column (None: none)."""

    name: str
    flag: str
    panel: str
    help: str
    metavar: str | None = None
    kind: Kind = Kind.TEXT
    column: str | None = None


SCHEDULE_OPTIONS: tuple[OptionSpec, ...] = (
    OptionSpec(
        "preset",
        "--preset",
        SCHEDULE,
        "Start from a named preset (see `presets`); options override it.",
        column="preset",
    ),
    OptionSpec(
        "start_date",
        "--start-date",
        SCHEDULE,
        "First night: YYYY-MM-DD, today, tomorrow or yesterday (default: today).",
        metavar="DATE",
        column="start_date",
    ),
    OptionSpec(
        "start_dose",
        "--start-dose",
        SCHEDULE,
        "First nightly dose: 1.5, 1.5mg or 500mcg (mg when no unit).",
        metavar="DOSE",
        column="start_dose",
    ),
    OptionSpec(
        "step", "--step", SCHEDULE, "Increase per step, as a dose.", metavar="DOSE", column="step"
    ),
    OptionSpec(
        "interval",
        "--interval",
        SCHEDULE,
        "Time at each step before the next increase: nights (14, 14d, 2w) or calendar months "
        "(1m: the same day each month, the last day in a shorter month).",
        metavar="DURATION",
        column="interval",
    ),
    OptionSpec(
        "ceiling",
        "--ceiling",
        SCHEDULE,
        "Target (maintenance) dose; the last increase is clamped to it.",
        metavar="DOSE",
        column="ceiling",
    ),
    OptionSpec(
        "maintain",
        "--maintain",
        SCHEDULE,
        "Nights at the ceiling dose before the review (14, 8w), or ongoing: the dose goes on, "
        "with a review after the policy's nights and reminders past it.",
        metavar="DURATION",
        column="maintain",
    ),
    OptionSpec(
        "doses",
        "--doses",
        SCHEDULE,
        "An explicit dose ladder, such as 1,2,3,4.5: one step per dose, each for --interval, "
        "the last the maintenance dose (instead of --start-dose, --step and --ceiling).",
        metavar="MG,MG",
        column="doses",
    ),
    OptionSpec(
        "phases",
        "--phase",
        SCHEDULE,
        "A phase of the climb, STEP/INTERVAL:UP-TO (repeatable, in order): 0.25mg/7d:1.5mg "
        "rises 0.25 mg every 7 nights up to 1.5 mg (instead of --step, --interval, --ceiling).",
        metavar="PHASE",
        kind=Kind.REPEATED,
        column="phases",
    ),
    OptionSpec(
        "also",
        "--also",
        SCHEDULE,
        "An added daily dose at a time of its own, DOSE@HH:MM such as 0.5mg@08:00 (repeatable): "
        "a split or daytime dose, taken every day of the plan besides the nightly dose.",
        metavar="DOSE@TIME",
        kind=Kind.REPEATED,
        column="also",
    ),
    OptionSpec(
        "policy",
        "--policy",
        SCHEDULE,
        "Clinic policy TOML (else $LDN_TITRATE_POLICY, else policy.toml in the config dir, "
        "else built-in).",
        metavar="FILE",
        kind=Kind.PATH,
    ),
    OptionSpec(
        "plan_file",
        "--plan",
        SCHEDULE,
        "Use a saved plan JSON instead of building one.",
        metavar="FILE",
        kind=Kind.PATH,
    ),
    OptionSpec(
        "form",
        "--form",
        FORMULATION,
        "liquid (needs --concentration) or capsules.",
        kind=Kind.FORM,
        column="form",
    ),
    OptionSpec(
        "concentration",
        "--concentration",
        FORMULATION,
        "Liquid strength, such as 1mg/mL or 5mg/mL. Never assumed.",
        metavar="MG/ML",
        column="concentration",
    ),
    OptionSpec(
        "syringe",
        "--syringe",
        FORMULATION,
        "Oral syringe for every dose, such as 1mL (else the smallest that measures it).",
        metavar="ML",
        column="syringe",
    ),
    OptionSpec(
        "strengths",
        "--strengths",
        FORMULATION,
        "Capsule strengths to combine, such as 1.5,3,4.5 (else all stocked).",
        metavar="MG,MG",
        column="strengths",
    ),
    OptionSpec(
        "supply_days",
        "--supply-days",
        FORMULATION,
        "Dispense in fills of N days (liquid: at most the beyond-use days).",
        metavar="N",
        kind=Kind.COUNT,
        column="supply_days",
    ),
    OptionSpec(
        "opioids",
        "--opioids",
        SCREEN,
        "Opioid use: none, current, or stopped:YYYY-MM-DD (day of the last dose; add "
        ":methadone etc. for a class with its own washout). Unanswered: a warning on every output.",
        metavar="ANSWER",
        column="opioids",
    ),
    # Plain text, checked by the safety screen, so a misspelt caution is reported together with
    # every other problem rather than stopping the command line parser at the first.
    OptionSpec(
        "caution",
        "--caution",
        SCREEN,
        f"A caution to record (repeatable): {', '.join(CAUTIONS)}.",
        metavar="CAUTION",
        kind=Kind.REPEATED,
        column="cautions",
    ),
)
BY_FLAG: Mapping[str, OptionSpec] = {spec.flag: spec for spec in SCHEDULE_OPTIONS}


@dataclass(frozen=True)
class ScheduleOptions:
    """The schedule options as typed on the command line (None: not given)."""

    preset: str | None = None
    start_date: str | None = None
    start_dose: str | None = None
    step: str | None = None
    interval: str | None = None
    ceiling: str | None = None
    maintain: str | None = None
    # Regimen forms beyond start/step/ceiling (issue 15): an explicit ladder, and phases.
    doses: str | None = None
    phases: tuple[str, ...] | None = None
    also: tuple[str, ...] | None = None  # added daily doses (--also)

    def any_given(self) -> bool:
        return any(value is not None for value in vars(self).values())


@dataclass(frozen=True)
class FormulationOptions:
    """The formulation options as typed on the command line (None: not given)."""

    form: str | None = None
    concentration: str | None = None
    syringe: str | None = None
    strengths: str | None = None
    supply_days: str | None = None

    def any_given(self) -> bool:
        return any(value is not None for value in vars(self).values())


@dataclass(frozen=True)
class ScheduleInput:
    """One value (or None) for each of :data:`SCHEDULE_OPTIONS`, by parameter name."""

    values: Mapping[str, object]

    def _text(self, name: str) -> str | None:
        value = self.values.get(name)
        return None if value is None else str(value)

    def schedule(self) -> ScheduleOptions:
        lists = ("phases", "also")
        values: dict[str, Any] = {
            f.name: self._repeated(f.name) if f.name in lists else self._text(f.name)
            for f in fields(ScheduleOptions)
        }
        return ScheduleOptions(**values)

    def _repeated(self, name: str) -> tuple[str, ...] | None:
        value = self.values.get(name)
        items = tuple(str(v) for v in value) if isinstance(value, (list, tuple)) else ()
        return items or None

    def formulation(self) -> FormulationOptions:
        return FormulationOptions(
            form=self._text("form"),
            concentration=self._text("concentration"),
            syringe=self._text("syringe"),
            strengths=self._text("strengths"),
            supply_days=self._text("supply_days"),
        )

    @property
    def policy(self) -> Path | None:
        value = self.values.get("policy")
        return value if isinstance(value, Path) else None

    @property
    def plan_file(self) -> Path | None:
        value = self.values.get("plan_file")
        return value if isinstance(value, Path) else None

    @property
    def opioids(self) -> str | None:
        return self._text("opioids")

    @property
    def cautions(self) -> tuple[str, ...]:
        value = self.values.get("caution")
        items = value if isinstance(value, (list, tuple)) else ()
        return tuple(str(c).strip().lower() for c in items)


FORMS: tuple[str, ...] = tuple(form.value for form in Form)
