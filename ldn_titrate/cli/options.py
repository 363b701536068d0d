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

from ldn_titrate.core.options import (
    BY_FLAG,
    SCHEDULE,
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


def with_parameters(
    command: Callable[..., Any],
    added: list[inspect.Parameter],
    into: str,
    collect: Callable[[dict[str, Any]], Any],
    lead: int = 0,
) -> Callable[..., Any]:
    """``command`` with ``added`` typer parameters after its first ``lead`` own ones; their values
    reach its parameter ``into`` as ``collect(values by name)``. typer reads the new signature.
    """
    signature = inspect.signature(command, eval_str=True)
    own = [p for name, p in signature.parameters.items() if name != into]
    names = [parameter.name for parameter in added]

    @functools.wraps(command)
    def wrapper(*args: Any, **values: Any) -> Any:
        taken = {name: values.pop(name) for name in names}
        return command(*args, **{into: collect(taken)}, **values)

    keyword = [p.replace(kind=inspect.Parameter.KEYWORD_ONLY) for p in own[lead:]]
    parameters = [*own[:lead], *added, *keyword]
    wrapper.__signature__ = signature.replace(parameters=parameters)  # type: ignore[attr-defined]
    return wrapper


def option_parameter(name: str, annotation: Any, default: Any) -> inspect.Parameter:
    return inspect.Parameter(
        name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=annotation
    )


def schedule_command(command: Callable[..., Any]) -> Callable[..., Any]:
    """Add the shared schedule options to ``command``, whose parameter ``given`` receives them."""
    added = [option_parameter(spec.name, annotated(spec), None) for spec in SCHEDULE_OPTIONS]
    return with_parameters(command, added, "given", ScheduleInput)


def format_option(command: str, panel: str | None = None) -> Any:
    """``--format/-f`` with the command's formats from the registry, checked by
    :func:`output_format` (so a wrong name is reported with every other problem)."""
    offered = formats.offered(command)
    return typer.Option(
        "--format",
        "-f",
        metavar="|".join(formats.names(command)),
        help="Output format; without it, the -o file name's suffix says it ("
        + ", ".join(f"{'/'.join(f.suffixes)} {f.name}" for f in offered)
        + f"); -o - gets {offered[0].name}. A file named for another format is refused.",
        rich_help_panel=panel,
        # A plain text option (checked with every other problem) still completes its names.
        autocompletion=lambda incomplete: [
            name for name in formats.names(command) if name.startswith(incomplete)
        ],
    )


def output_format(
    command: str, name: str | None, output: str | None, default: str
) -> formats.OutputFormat:
    """The format to write ``-o output`` in, by the registry's one rule
    (:func:`~ldn_titrate.render.formats.written_as`): a file is never written under a name
    whose suffix says another format."""
    return formats.written_as(command, name, output, default)


PolicyOpt = annotated(BY_FLAG["--policy"])
PlanArg = Annotated[
    Path, typer.Argument(metavar="PLAN", help="A saved plan JSON (from plan --format json).")
]
ForceOpt = Annotated[bool, typer.Option("--force", help="Replace the output file if it exists.")]
QuietOpt = Annotated[
    bool,
    typer.Option(
        "--quiet", "-q", help="No 'wrote FILE' line for the file written (warnings still show)."
    ),
]
OverrideOpt = Annotated[
    str | None,
    typer.Option(
        "--override",
        metavar="REASON",
        help="With --plan: use the saved plan as it is although it was changed after it was "
        "saved or its doses break the policy's bounds; the reason and date go into its history. "
        "Never past the 10 mg limit.",
        rich_help_panel=SCHEDULE,
    ),
]
PatientIdOpt = Annotated[
    str | None,
    typer.Option(
        "--patient-id",
        metavar="ID",
        help="The patient's id in your records (a FHIR id: letters, digits, '-', '.'). The plan "
        "id, calendar UIDs and FHIR identifier are then the same each time this patient's plan "
        "is made, and differ from every other patient's; without it the plan gets a random id. "
        "With --format fhir it is also the subject (Patient/ID).",
        rich_help_panel=SCHEDULE,
    ),
]


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


def language_option(panel: str, what: str) -> Any:
    """``--language``: one option, one help text, for every command that speaks to a patient."""
    return typer.Option(
        "--language",
        metavar="LANG",
        help=f"The patient's language for the {what}: a tag (es, es-ES, es-US) or a "
        "clinic's .po/.mo catalog file (see `ldn-titrate languages`). Default: English.",
        rich_help_panel=panel,
    )


LanguageOpt = Annotated[str | None, language_option(CALENDAR, "calendar's text")]
TzOpt = Annotated[
    str | None,
    typer.Option(
        "--tz",
        metavar="ZONE",
        help="IANA time zone of the patient, such as Europe/London (default: this machine's).",
        rich_help_panel=CALENDAR,
    ),
]
