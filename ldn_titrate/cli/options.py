"""Typer parameters made from the one declaration of the shared options (core/options.py).

:func:`schedule_command` gives a command every shared schedule option as a typer parameter and
hands the values to it as one :class:`~ldn_titrate.core.options.ScheduleInput`, so no command
spells the options out again. Options that only some commands take are declared here.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer

from ldn_titrate.core.errors import InputError
from ldn_titrate.core.options import (
    BY_FLAG,
    SCHEDULE_OPTIONS,
    Kind,
    OptionSpec,
    ScheduleInput,
)
from ldn_titrate.core.vocab import Form
from ldn_titrate.render import formats

_TYPES: dict[Kind, Any] = {
    Kind.TEXT: str | None,
    Kind.PATH: Path | None,
    # Text, read by the house parser with every other option: typer's own int would stop the
    # command line at the first bad value and read "٣٠" or "1_5" as numbers.
    Kind.COUNT: str | None,
    Kind.REPEATED: list[str] | None,
    Kind.FORM: Form | None,
}


def annotated(spec: OptionSpec) -> Any:
    """The ``Annotated[type, typer.Option(...)]`` of one declared option."""
    option = typer.Option(
        spec.flag, metavar=spec.metavar, help=spec.help, rich_help_panel=spec.panel
    )
    return Annotated[_TYPES[spec.kind], option]


def schedule_command(command: Callable[..., Any]) -> Callable[..., Any]:
    """Add the shared schedule options to ``command``, whose parameter ``given`` receives them."""
    signature = inspect.signature(command, eval_str=True)
    own = [p for name, p in signature.parameters.items() if name != "given"]
    shared = [
        inspect.Parameter(
            spec.name, inspect.Parameter.KEYWORD_ONLY, default=None, annotation=annotated(spec)
        )
        for spec in SCHEDULE_OPTIONS
    ]
    names = [spec.name for spec in SCHEDULE_OPTIONS]

    @functools.wraps(command)
    def wrapper(**values: Any) -> Any:
        given = ScheduleInput({name: values.pop(name) for name in names})
        return command(given=given, **values)

    keyword = [p.replace(kind=inspect.Parameter.KEYWORD_ONLY) for p in own]
    wrapper.__signature__ = signature.replace(parameters=[*shared, *keyword])  # type: ignore[attr-defined]
    return wrapper


def format_option(command: str, panel: str | None = None) -> Any:
    """``--format/-f`` with the command's formats from the registry, checked by
    :func:`chosen_format` (so a wrong name is reported with every other problem)."""
    return typer.Option(
        "--format",
        "-f",
        metavar="|".join(formats.names(command)),
        help="Output format.",
        rich_help_panel=panel,
    )


def chosen_format(command: str, name: str) -> formats.OutputFormat:
    try:
        return formats.lookup(command, name)
    except ValueError as error:
        raise InputError(f"--format {error}") from None


PolicyOpt = annotated(BY_FLAG["--policy"])
ForceOpt = Annotated[bool, typer.Option("--force", help="Replace the output file if it exists.")]


CALENDAR = "Calendar"
# A reminder more than 12 hours early would land on the previous day, away from the dose.
MAX_REMIND_MINUTES = 720

BedtimeOpt = Annotated[
    str,
    typer.Option(
        "--bedtime",
        metavar="HH:MM",
        help="Time of the nightly dose, 24-hour; 00:00 to 05:59 counts as the night before. "
        "A step with a time of its own (adjust --dose-time) keeps it.",
        rich_help_panel=CALENDAR,
    ),
]
RemindOpt = Annotated[
    str,
    typer.Option(
        "--remind",
        metavar="MINUTES",
        help=f"Reminder this many minutes before the dose (0 to {MAX_REMIND_MINUTES}).",
        rich_help_panel=CALENDAR,
    ),
]
TzOpt = Annotated[
    str | None,
    typer.Option(
        "--tz",
        metavar="ZONE",
        help="IANA time zone of the patient, such as Europe/London (default: this machine's).",
        rich_help_panel=CALENDAR,
    ),
]
