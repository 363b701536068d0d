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
