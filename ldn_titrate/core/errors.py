"""The few errors a user can meet, and the exit codes they map to.

Everything the user did wrong is an :class:`InputError` carrying *every* problem found, so one run
reports them all; the CLI turns it into text and an exit code in one place.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from enum import IntEnum
from typing import TypeVar

T = TypeVar("T")


class ExitCode(IntEnum):
    OK = 0
    FAILURE = 1
    BAD_INPUT = 2


class LdnError(Exception):
    """Base of the errors the CLI reports as a message rather than a traceback."""

    exit_code: ExitCode = ExitCode.FAILURE

    def __init__(self, problems: str | Iterable[str]) -> None:
        self.problems: list[str] = [problems] if isinstance(problems, str) else list(problems)
        super().__init__("\n".join(self.problems))


class InputError(LdnError):
    """Bad input, a bounds violation, an unreadable file: exit 2 and nothing written."""

    exit_code = ExitCode.BAD_INPUT


class Problems:
    """Collects problems so that every one is reported at once, not just the first."""

    def __init__(self) -> None:
        self.items: list[str] = []

    def add(self, message: str) -> None:
        self.items.append(message)

    def __bool__(self) -> bool:
        return bool(self.items)

    def collect(self, make: Callable[[], T]) -> T | None:
        """Run ``make``; its input errors join these problems, so one run reports them all."""
        try:
            return make()
        except InputError as error:
            self.items.extend(error.problems)
            return None

    def parse(self, flag: str, text: str | None, parse: Callable[[str], T]) -> T | None:
        """``parse(text)``, or None with ``flag 'text' <why>`` added when it does not parse
        (None too when nothing was given), so every option is read before any is refused.
        """
        if text is None:
            return None
        try:
            return parse(text)
        except ValueError as error:
            self.add(f"{flag} {text!r} {error}")
            return None

    def raise_if_any(self) -> None:
        if self.items:
            raise InputError(self.items)


# How alike a typed name and a known one must be (difflib's ratio, leading dashes ignored) for the
# known one to be offered: ``--ceilng`` and ``--ceiling`` are 0.93 alike, ``paper`` and ``plan``
# only 0.67, so a different name is not offered as a typo of it.
CLOSE = 0.75


def close_names(word: str, names: Iterable[str]) -> list[str]:
    """The known names ``word`` was most likely meant to be: the most alike above :data:`CLOSE`,
    else the few that start with it (``--start`` for ``--start-date`` or ``--start-dose``).
    """
    import difflib  # only when a name is wrong

    by_key = {name.lstrip("-").lower(): name for name in names}
    key = word.lstrip("-").lower()
    found = difflib.get_close_matches(key, list(by_key), n=1, cutoff=CLOSE)
    if found:
        return [by_key[found[0]]]
    starting = [name for known, name in by_key.items() if len(key) >= 3 and known.startswith(key)]
    return starting if len(starting) <= 3 else []


def did_you_mean(word: str, names: Iterable[str]) -> str:
    """``"; did you mean --ceiling?"`` to end a message about ``word``, or "" when no known name
    is close. Only ever offered: the command never runs with the suggestion in its place.
    """
    found = [name for name in close_names(word, names) if name != word]
    return f"; did you mean {' or '.join(found)}?" if found else ""
