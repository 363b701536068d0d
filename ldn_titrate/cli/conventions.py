"""Command-line conventions typer does not give as they are: the house style for a bad choice,
flags without a type in the help, and an "Examples" section on every command's help page.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import typer
import typer.core

if TYPE_CHECKING:
    from collections.abc import Sequence


class HouseGroup(typer.core.TyperGroup):
    """The application's group: a value outside an option's choices is reported as every other
    bad input is (``error: --form 'lqd': choose one of liquid, capsules``, exit 2),
    not as a library's validation text; each command it runs has its examples in its help.
    """

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        name, command, rest = super().resolve_command(ctx, args)
        if command is not None and name:
            add_examples(command, name)
        return name, command, rest

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except typer.BadParameter as error:
            message = choice_message(error)
            if message is None:
                raise
            typer.echo(f"error: {message}", err=True)
            raise typer.Exit(2) from None


def choice_message(error: typer.BadParameter) -> str | None:
    """``--form 'lqd': choose one of liquid, capsules``; None for other errors."""
    param = error.param
    descriptor = getattr(param, "type_descriptor", None)
    choices: Sequence[Any] | None = getattr(descriptor, "choices", None)
    cause = error.__cause__
    errors = getattr(cause, "errors", None)
    if param is None or not choices or not callable(errors):
        return None
    found = errors()
    if not found or "input" not in found[0]:
        return None
    flag = max(param.opts, key=len)
    names = ", ".join(str(getattr(choice, "value", choice)) for choice in choices)
    # Quoted, as ``--format`` (render/formats) and every other value in a message are.
    return f"{flag} {str(found[0]['input'])!r}: choose one of {names}"


def hide_flag_types() -> None:
    """A flag takes no value, so its help row shows none (typer 0.29 writes ``<bool>``)."""
    shown = getattr(typer.core.TyperOption, "display_type_rich", None)
    if shown is None:  # pragma: no cover - typer before 0.29 writes no type for a flag
        return

    def display_type_rich(self: typer.core.TyperOption, ctx: Any) -> str | None:
        return None if self.is_flag else shown(self, ctx)

    setattr(typer.core.TyperOption, "display_type_rich", display_type_rich)  # noqa: B010


def add_examples(command: Any, name: str) -> None:
    """Give a command (and a group's subcommands: ``policy check``) an "Examples" epilog."""
    from ldn_titrate.cli.examples import EXAMPLES

    lines = EXAMPLES.get(name)
    if lines and command.epilog is None:
        command.epilog = "Examples:\n\n" + "\n\n".join(f"  {line}" for line in lines)
    for sub_name, sub in getattr(command, "commands", {}).items():
        add_examples(sub, f"{name} {sub_name}")
