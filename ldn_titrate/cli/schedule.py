"""The schedule every output command builds from the shared options, assembled in one place."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from ldn_titrate.cli.app import config_dir
from ldn_titrate.cli.options import (
    FormChoice,
    schedule_options,
    screening_answers,
)
from ldn_titrate.core.errors import Problems
from ldn_titrate.core.options import FormulationOptions

if TYPE_CHECKING:
    from ldn_titrate.core.model import Schedule
    from ldn_titrate.rules.policy import LoadedPolicy


# The options every command that builds a schedule takes (the keyword arguments of
# collect_schedule), so each command passes them on in one line.
SHARED_OPTIONS = (
    "preset",
    "start_date",
    "start_dose",
    "step",
    "interval",
    "ceiling",
    "maintain",
    "policy",
    "plan_file",
    "form",
    "concentration",
    "syringe",
    "strengths",
    "supply_days",
    "opioids",
    "caution",
)


def shared_options(values: dict[str, Any]) -> dict[str, Any]:
    """The shared schedule options out of a command's parameters (its ``locals()``)."""
    return {name: values[name] for name in SHARED_OPTIONS}


def collect_schedule(problems: Problems, **options: Any) -> Schedule | None:
    """The schedule every output command builds from the shared options (None, with the
    reasons added to ``problems``, when it cannot be made).
    """
    return collect_policy_and_schedule(problems, **options)[1]


def collect_policy_and_schedule(
    problems: Problems,
    *,
    preset: str | None,
    start_date: str | None,
    start_dose: str | None,
    step: str | None,
    interval: str | None,
    ceiling: str | None,
    maintain: str | None,
    policy: Path | None,
    plan_file: Path | None,
    form: FormChoice | None,
    concentration: str | None,
    syringe: str | None,
    strengths: str | None,
    supply_days: int | None,
    opioids: str | None,
    caution: list[str] | None,
) -> tuple[LoadedPolicy | None, Schedule | None]:
    """The active policy, and the schedule made under it (None, with the reasons added to
    ``problems``, for what cannot be made).
    """
    from ldn_titrate.cli import clock
    from ldn_titrate.plans import planning
    from ldn_titrate.rules import policy as policies

    loaded = problems.collect(lambda: policies.resolve(policy, config_dir()))
    if loaded is None:
        return None, None
    return loaded, problems.collect(
        lambda: planning.obtain_schedule(
            schedule_options(preset, start_date, start_dose, step, interval, ceiling, maintain),
            plan_file,
            loaded,
            today=clock.today(),
            now=clock.now(),
            formulation=FormulationOptions(form, concentration, syringe, strengths, supply_days),
            screening=screening_answers(opioids, caution),
        )
    )
