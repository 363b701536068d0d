"""One writer at a time for a plan file: two check-ins recorded into one file at once never lose
one (issue 26).

``checkin`` holds an exclusive, non-blocking lock on the plan file it reads for as long as it
reads, adds and writes; a second run meanwhile is refused, naming the race, and writes nothing.
After the lock is taken the path must still be the file that was opened: a run that opened the
file just before another replaced it (``-o PLAN --force``) would otherwise add to a stale copy.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Iterator
from pathlib import Path

from ldn_titrate.core.errors import InputError

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no advisory locks; the link check remains
    fcntl = None  # type: ignore[assignment]

RACE = (
    "another ldn-titrate is recording into this plan right now; nothing was written: run again "
    "when it has finished, so that neither check-in is lost"
)


@contextlib.contextmanager
def locked(path: Path, where: str) -> Iterator[None]:
    """Hold the plan file ``path`` for this run; an :class:`InputError` if another run holds it."""
    try:  # never blocks: a FIFO or device named as the plan is refused by the plan reader
        handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        yield  # unreadable or missing: the plan reader names the problem
        return
    if not stat.S_ISREG(os.fstat(handle).st_mode):
        os.close(handle)
        yield  # not a plan file: the plan reader names the problem
        return
    try:
        if fcntl is not None:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise InputError(f"{where}: {RACE}") from None
        try:
            same = path.stat().st_ino == os.fstat(handle).st_ino
        except OSError:
            same = False
        if not same:
            raise InputError(f"{where}: {RACE}")
        yield
    finally:
        os.close(handle)
