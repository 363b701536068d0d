"""Command-line conventions typer does not give as they are: the house style for every error
the parser meets (a bad choice, an unknown option or command, a missing value), flags without a
type in the help, and an "Examples" section on every command's help page.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

import typer
import typer.core

try:  # typer 0.29 and later carry their own click
    from typer._click import exceptions as click
except ImportError:  # pragma: no cover - earlier typer depends on click itself
    from click import exceptions as click  # type: ignore[no-redef,import-not-found,unused-ignore]

from ldn_titrate.core.errors import did_you_mean

if TYPE_CHECKING:
    from collections.abc import Sequence


class HouseGroup(typer.core.TyperGroup):
    """The application's group: every error the parser meets is one line in the house style
    (``error: --ceilng: no such option; did you mean --ceiling?``, exit 2, see
    :mod:`ldn_titrate.cli.usage`), as a value outside an option's choices is (``error: --form
    'lqd': choose one of liquid, capsules``), not a library's boxed panel; each command it runs
    has its examples in its help.
    """

    def make_context(self, info_name: Any, args: Any, parent: Any = None, **extra: Any) -> Any:
        try:
            return super().make_context(info_name, args, parent=parent, **extra)
        except click.ClickException as error:
            raise _reported(error) from None

    def parse_args(self, ctx: Any, args: list[str]) -> Any:
        from ldn_titrate.cli.usage import ARGS_KEY

        ctx.meta.setdefault(ARGS_KEY, list(args))  # the whole command line, for the hints
        return super().parse_args(ctx, args)

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        typed = args[0] if args else ""
        completing = ctx.resilient_parsing  # shell completion: no error, no message
        if typed[:1] not in ("", "-") and not completing and self.get_command(ctx, typed) is None:
            from ldn_titrate.cli.usage import no_such_command

            raise no_such_command(ctx, typed, list(self.list_commands(ctx)))
        name, command, rest = super().resolve_command(ctx, args)
        if command is not None and name:
            add_examples(command, name)
            ctx.meta[_RUN] = (name, command)
        return name, command, rest

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except click.ClickException as error:
            found = ctx.meta.get(_RUN)
            if isinstance(error, click.UsageError) and error.ctx is None and found is not None:
                # The parser names no command for a missing value (``-o`` last): the one run.
                error.ctx = type(ctx)(found[1], info_name=found[0], parent=ctx)
            raise _reported(error) from None


_RUN = "ldn_titrate.command"


def _reported(error: click.ClickException) -> BaseException:
    """Print ``error`` as one house line; what to raise in its place (exit 2). Help asked for by
    giving no arguments is left to the parser, which prints it."""
    if type(error).__name__ == "NoArgsIsHelpError":
        return error
    from ldn_titrate.cli.usage import message

    text = choice_message(error) if isinstance(error, click.BadParameter) else None
    sys.stderr.write(f"error: {text or message(error)}\n")
    return typer.Exit(error.exit_code)


def choice_message(error: click.BadParameter) -> str | None:
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
    names = [str(getattr(choice, "value", choice)) for choice in choices]
    typed = str(found[0]["input"])
    # Quoted, as ``--format`` (render/formats) and every other value in a message are.
    return f"{flag} {typed!r}: choose one of {', '.join(names)}{did_you_mean(typed, names)}"


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
