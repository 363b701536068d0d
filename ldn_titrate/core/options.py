"""The options a person gives, as typed (None: not given), before any parsing or checking.

The command line and the batch CSV both fill these, so a value means the same thing in either.
"""

from __future__ import annotations

from dataclasses import dataclass


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

    def any_given(self) -> bool:
        return any(value is not None for value in vars(self).values())


@dataclass(frozen=True)
class FormulationOptions:
    """The formulation options as typed on the command line (None: not given)."""

    form: str | None = None
    concentration: str | None = None
    syringe: str | None = None
    strengths: str | None = None
    supply_days: int | None = None

    def any_given(self) -> bool:
        return any(value is not None for value in vars(self).values())
