"""A command line the parser could not read, said as every other bad input is: one line
``error: --ceilng: no such option; did you mean --ceiling?``, exit 2, never a boxed panel.

The parser (click, under typer) raises its own exceptions for an unknown option or command, a
missing value, an extra argument; :func:`message` turns each into the house sentence, with the
closest known name offered where one is close (:func:`~ldn_titrate.core.errors.did_you_mean`).
A suggestion is only offered: the command never runs with it in place of what was typed.
"""

from __future__ import annotations

import re
import shlex
from typing import Any

try:  # typer 0.29 and later carry their own click
    from typer._click import exceptions as click
except ImportError:  # pragma: no cover - earlier typer depends on click itself
    from click import exceptions as click  # type: ignore[no-redef,import-not-found,unused-ignore]

from ldn_titrate.core.errors import did_you_mean

# Where the group keeps the words of the command line, for the hints that need them.
ARGS_KEY = "ldn_titrate.args"
_EXTRA = re.compile(r"argument(?:\(s\)|s)? \((?P<words>.*)\)\s*$", re.S)


class HouseUsageError(click.UsageError):
    """A usage error whose message is already the house sentence."""


def _is_option(param: Any) -> bool:
    return getattr(param, "param_type_name", "") == "option"


def options_of(command: Any) -> list[str]:
    """Every spelling of every option of ``command`` (``--output``, ``-o``, ``--help``...)."""
    names: list[str] = []
    for param in getattr(command, "params", []):
        if _is_option(param):
            names.extend([*param.opts, *param.secondary_opts])
    return names


def _option(command: Any, name: str) -> Any:
    for param in getattr(command, "params", []):
        if _is_option(param) and name in (*param.opts, *param.secondary_opts):
            return param
    return None


def _path(ctx: Any) -> str:
    return str(getattr(ctx, "command_path", "") or "ldn-titrate")


def _others_taking(ctx: Any, name: str) -> list[str]:
    """The commands (other than the one run) that have the option ``name``."""
    root = ctx.find_root()
    group = root.command
    found = []
    for command_name in group.list_commands(root):
        command = group.get_command(root, command_name)
        if command is not ctx.command and name in options_of(command):
            found.append(command_name)
    return found


def _and(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def no_such_option(error: Any) -> str:
    ctx, name = error.ctx, error.option_name
    known = [*options_of(ctx.command if ctx is not None else None), "--help", "-h"]
    # A long option is offered for a long one, a short for a short (--o is not -o but --on).
    long = name.startswith("--")
    suggestion = did_you_mean(name, [o for o in known if o.startswith("--") == long])
    if suggestion:
        return f"{name}: no such option{suggestion}"
    others = _others_taking(ctx, name)
    if others:
        verb = "takes" if len(others) == 1 else "take"
        return f"{name}: no such option of {_path(ctx)}; {_and(others)} {verb} it"
    return f"{name}: no such option; see {_path(ctx)} -h"


def option_usage(error: Any) -> str:
    ctx, name = error.ctx, error.option_name
    if "does not take a value" in error.message:
        return f"{name}: is a flag and takes no value (write {name} alone)"
    # The other misuse the parser knows: an option that takes a value given none.
    param = _option(ctx.command, name) if ctx is not None else None
    metavar = getattr(param, "metavar", None) or "VALUE"
    return f"{name}: needs a value ({name} {metavar})"


def missing(error: Any) -> str:
    param, ctx = error.param, error.ctx
    if _is_option(param):
        flags = "/".join(sorted(param.opts, key=len, reverse=True))
        metavar = param.metavar or "VALUE"
        label = f"{flags} {metavar}"
        stdout = " (- for stdout)" if "-o" in param.opts else ""
        return f"{label}: missing; {_path(ctx)} needs it{stdout}"
    name = param.metavar or str(param.name).upper()
    return f"{name}: missing; {_path(ctx)} needs it (see {_path(ctx)} -h)"


def unexpected(error: Any) -> str:
    """An argument nothing takes: most often the second word of a value with a space."""
    found = _EXTRA.search(error.message)
    words = (found["words"] if found else "").split()
    ctx = error.ctx
    word = words[0] if words else "?"
    args: list[str] = list(ctx.meta.get(ARGS_KEY, []))
    hint = ""
    if word in args:  # not when the parser escaped a control character in it
        at = args.index(word)
        hint = _quoted(ctx.command, args[at - 2] if at >= 2 else "", args[at - 1], word)
    if not hint:
        hint = f"; see {_path(ctx)} -h"
    return f"{shlex.quote(word)}: unexpected argument{hint}"


def _quoted(command: Any, before: str, value: str, word: str) -> str:
    """``; did you mean --interval '2 weeks'?`` when ``word`` is most likely the rest of the
    value of an option (``--interval 2 weeks`` or ``--interval=2 weeks``); else ""."""
    flag, joiner, typed = before, " ", value
    if value.startswith("-") and "=" in value:  # --interval=2 weeks
        flag, joiner, typed = value.partition("=")
    param = _option(command, flag)  # None when ``before`` is no option (a command, a value)
    if param is None or param.is_flag:
        return ""
    suggestion = f"{flag}{joiner}{shlex.quote(typed + ' ' + word)}"
    return f"; did you mean {suggestion}? (a value with a space goes in quotes)"


def _sentence(text: str) -> str:
    """The parser's own sentence made a clause (no capital, no full stop), for an error it has
    that none of the above is: ``Invalid value for '--x': ...`` becomes ``invalid value...``."""
    text = text.strip().rstrip(".")
    return text[:1].lower() + text[1:]


def message(error: click.ClickException) -> str:
    """The house sentence for a parser's error (without the ``error: `` it is printed with)."""
    if isinstance(error, HouseUsageError):
        return error.message
    if isinstance(error, click.NoSuchOption):
        return no_such_option(error)
    if isinstance(error, click.BadOptionUsage):
        return option_usage(error)
    if isinstance(error, click.MissingParameter):
        return missing(error)
    if isinstance(error, click.UsageError) and "unexpected extra argument" in error.message:
        return unexpected(error)
    return _sentence(error.format_message())


def no_such_command(ctx: Any, name: str, names: list[str]) -> HouseUsageError:
    """``plna: no such command; did you mean plan?`` (a subcommand names its group)."""
    suggestion = did_you_mean(name, names)
    tail = suggestion or f"; choose one of {', '.join(names)}"
    of = f" of {_path(ctx)}" if ctx.parent is not None else ""
    return HouseUsageError(f"{shlex.quote(name)}: no such command{of}{tail}", ctx)
