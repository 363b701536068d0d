"""The command line: parse, call, write. No business logic lives here.

Errors meet the user in one place (:func:`reported`): an :class:`~ldn_titrate.core.errors.LdnError`
becomes its messages on stderr and its exit code, never a traceback.
"""

from __future__ import annotations

import functools
import importlib
import os
import shutil
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, ParamSpec, TypeVar

import typer

try:  # typer 0.29 and later carry their own click
    from typer import _click as click
except ImportError:  # pragma: no cover - earlier typer depends on click itself
    import click  # type: ignore[no-redef,import-not-found,unused-ignore]

from ldn_titrate import __version__
from ldn_titrate.cli.argtext import refuse_undecodable
from ldn_titrate.cli.conventions import HouseGroup, hide_flag_types
from ldn_titrate.core.errors import LdnError

APP_NAME = "ldn-titrate"
P = ParamSpec("P")
R = TypeVar("R")

# Which module defines each command, in the order ``--help`` lists them. A command's module
# (and everything it imports) is loaded only when that command runs, or for the full --help.
COMMAND_MODULES: dict[str, str] = {
    "plan": "plan",
    "adjust": "adjust",
    "checkin": "checkin",
    "status": "status",
    "report": "report",
    "batch": "batch",
    "calendar": "calendar",
    "handout": "handout",
    "prescription": "prescription",
    "presets": "policy",
    "policy": "policy",
    "languages": "languages",
}


class LazyCommands(HouseGroup):
    """Click's lazy-loading group: commands come from their module when asked for by name."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMAND_MODULES)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        module_name = COMMAND_MODULES.get(cmd_name)
        if module_name is None:
            return None
        # Built once a run: the house errors look a command up before click resolves it.
        built: dict[str, click.Command | None] = self.__dict__.setdefault("_built", {})
        if cmd_name not in built:
            module = importlib.import_module(f"ldn_titrate.cli.{module_name}")
            built[cmd_name] = typer.main.get_group(module.commands).get_command(ctx, cmd_name)
        return built[cmd_name]


def command_group() -> typer.Typer:
    """The typer application a command module registers its commands on."""
    return typer.Typer(context_settings={"help_option_names": ["-h", "--help"]})


hide_flag_types()
app = typer.Typer(
    name=APP_NAME,
    cls=LazyCommands,
    help="Plan Low-Dose Naltrexone (LDN) titration schedules. Supports clinical judgement; "
    "does not replace it.",
    context_settings={"help_option_names": ["-h", "--help"]},
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)


def reported(command: Callable[P, R]) -> Callable[P, R]:
    """Turn the errors a user can cause into a message and an exit code."""

    @functools.wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            refuse_undecodable(kwargs)
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


def terminal_width() -> int:
    if sys.stdout.isatty():
        return shutil.get_terminal_size((100, 24)).columns
    columns = os.environ.get("COLUMNS", "")
    return int(columns) if columns.isdigit() and int(columns) > 20 else 100


def use_color() -> bool:
    return (
        sys.stdout.isatty() and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"
    )
