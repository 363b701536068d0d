"""The command line: parse, call, write. No business logic lives here.

Errors meet the user in one place (:func:`reported`): an :class:`~ldn_titrate.errors.LdnError`
becomes its messages on stderr and its exit code, never a traceback.
"""

from __future__ import annotations

import functools
import os
import shutil
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, ParamSpec, TypeVar

import typer

from ldn_titrate import __version__
from ldn_titrate.errors import LdnError, Problems
from ldn_titrate.options import (
    CautionOpt,
    CeilingOpt,
    ConcentrationOpt,
    ForceOpt,
    FormChoice,
    FormOpt,
    FormulationOptions,
    IntervalOpt,
    MaintainOpt,
    OpioidsOpt,
    PlanOpt,
    PolicyOpt,
    PresetOpt,
    StartDateOpt,
    StartDoseOpt,
    StepOpt,
    StrengthsOpt,
    SupplyDaysOpt,
    SyringeOpt,
    schedule_options,
    screening_answers,
)
from ldn_titrate.render import PlanFormat

if TYPE_CHECKING:
    from ldn_titrate.model import Schedule

APP_NAME = "ldn-titrate"
P = ParamSpec("P")
R = TypeVar("R")

app = typer.Typer(
    name=APP_NAME,
    help="Plan Low-Dose Naltrexone (LDN) titration schedules. Supports clinical judgement; "
    "does not replace it.",
    context_settings={"help_option_names": ["-h", "--help"]},
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def reported(command: Callable[P, R]) -> Callable[P, R]:
    """Turn the errors a user can cause into a message and an exit code."""

    @functools.wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except LdnError as error:
            for problem in error.problems:
                sys.stderr.write(f"error: {problem}\n")
            raise typer.Exit(int(error.exit_code)) from None

    return wrapper


def config_dir() -> Path:
    return Path(typer.get_app_dir(APP_NAME))


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"{APP_NAME} {__version__}\n")
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """Plan Low-Dose Naltrexone (LDN) titration schedules."""


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


def collect_schedule(
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
) -> Schedule | None:
    """The schedule every output command builds from the shared options (None, with the
    reasons added to ``problems``, when it cannot be made).
    """
    from ldn_titrate import clock, planning
    from ldn_titrate import policy as policies

    return problems.collect(
        lambda: planning.obtain_schedule(
            schedule_options(preset, start_date, start_dose, step, interval, ceiling, maintain),
            plan_file,
            policies.resolve(policy, config_dir()),
            today=clock.today(),
            now=clock.now(),
            formulation=FormulationOptions(form, concentration, syringe, strengths, supply_days),
            screening=screening_answers(opioids, caution),
        )
    )


def terminal_width() -> int:
    if sys.stdout.isatty():
        return shutil.get_terminal_size((100, 24)).columns
    columns = os.environ.get("COLUMNS", "")
    return int(columns) if columns.isdigit() and int(columns) > 20 else 100


def use_color() -> bool:
    return (
        sys.stdout.isatty() and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"
    )


@app.command()
@reported
def plan(
    preset: PresetOpt = None,
    start_date: StartDateOpt = None,
    start_dose: StartDoseOpt = None,
    step: StepOpt = None,
    interval: IntervalOpt = None,
    ceiling: CeilingOpt = None,
    maintain: MaintainOpt = None,
    policy: PolicyOpt = None,
    plan_file: PlanOpt = None,
    form: FormOpt = None,
    concentration: ConcentrationOpt = None,
    syringe: SyringeOpt = None,
    strengths: StrengthsOpt = None,
    supply_days: SupplyDaysOpt = None,
    opioids: OpioidsOpt = None,
    caution: CautionOpt = None,
    fmt: Annotated[
        PlanFormat, typer.Option("--format", "-f", help="Output format.")
    ] = PlanFormat.TABLE,
    output: Annotated[
        str | None,
        typer.Option("--output", "-o", metavar="FILE", help="Write here (- for stdout)."),
    ] = None,
    force: ForceOpt = False,
    patient_id: Annotated[
        str | None,
        typer.Option(
            "--patient-id",
            metavar="ID",
            help="With --format fhir: the FHIR Patient id for the subject (Patient/ID); "
            "without it the subject is a display-only reference.",
        ),
    ] = None,
) -> None:
    """Build a titration schedule and print it, or write it with -o."""
    from ldn_titrate import output as out
    from ldn_titrate.render import RenderOptions, renderer

    problems = Problems()
    if output is not None:
        problems.collect(lambda: out.check_target(output, force))
    if patient_id is not None:
        _check_patient_id(patient_id, fmt, problems)
    schedule = collect_schedule(problems, **shared_options(locals()))
    problems.raise_if_any()
    assert schedule is not None  # no problems, so it was made
    to_terminal = output is None or output == out.STDOUT
    render_options = RenderOptions(
        width=terminal_width() if to_terminal else 100,
        color=to_terminal and fmt is PlanFormat.TABLE and use_color(),
        patient_id=patient_id,
    )
    text = renderer(fmt)(schedule, render_options)
    out.write(text, output or out.STDOUT, force)


def _check_patient_id(patient_id: str, fmt: PlanFormat, problems: Problems) -> None:
    """--patient-id names the FHIR subject: refused elsewhere, where it would silently vanish."""
    from ldn_titrate.render.fhir import check_patient_id

    if fmt is not PlanFormat.FHIR:
        problems.add(f"--patient-id goes with --format fhir, not --format {fmt.value}")
        return
    try:
        check_patient_id(patient_id)
    except ValueError as error:
        problems.add(f"--patient-id {patient_id!r} {error}")


def main() -> None:
    # Pydantic plugins (third-party observability hooks) have no business in a CLI run, and
    # discovering them reads every installed package's metadata: a tenth of the start-up time.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    app(prog_name=APP_NAME)


# Commands defined in modules of their own register themselves on `app` when imported here.
from ldn_titrate import (  # noqa: E402,F401
    cli_adjust,
    cli_batch,
    cli_calendar,
    cli_handout,
    cli_policy,
)
