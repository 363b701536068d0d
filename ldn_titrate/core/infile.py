"""Reading a file someone named: only a regular file, only up to a stated size, never a hang.

A plan or policy path may point at ``/dev/urandom``, a FIFO nobody writes to, or a 100 MB file;
each is refused by name before it is read whole (a FIFO is never even opened for reading).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from ldn_titrate.core.errors import InputError

MEGABYTE = 1024 * 1024
# A plan of ten years of nights with its whole history is well under a megabyte; a policy is a
# few kilobytes. Anything bigger is not one of ours.
MAX_DOCUMENT_BYTES = 5 * MEGABYTE
# A batch table of 100,000 patients is about 10 MB.
MAX_TABLE_BYTES = 200 * MEGABYTE


def read_limited(path: Path, where: str, limit: int, missing: str = "no such file") -> bytes:
    """The bytes of the regular file ``path``, at most ``limit`` of them.

    Every refusal is an :class:`InputError` starting with ``where`` (how the command names the
    file) and saying why; ``missing`` is the reason given when there is no such file.
    """
    try:
        info = path.stat()
    except FileNotFoundError:
        raise InputError(f"{where}: {missing}") from None
    except (OSError, ValueError) as error:
        raise InputError(f"{where}: cannot be read ({reason(error)})") from None
    _check_kind(info, where, limit)
    try:
        # O_NONBLOCK: should the path have become a FIFO since the check, open returns at once.
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise InputError(f"{where}: {missing}") from None
    except OSError as error:
        raise InputError(f"{where}: cannot be read ({reason(error)})") from None
    with os.fdopen(descriptor, "rb") as stream:
        _check_kind(os.fstat(stream.fileno()), where, limit)
        try:
            data = stream.read(limit + 1)
        except OSError as error:
            raise InputError(f"{where}: cannot be read ({reason(error)})") from None
    if len(data) > limit:
        raise InputError(f"{where}: {_too_big(limit)}")
    return data


def _check_kind(info: os.stat_result, where: str, limit: int) -> None:
    if stat.S_ISDIR(info.st_mode):
        raise InputError(f"{where}: cannot be read (it is a folder; give a file)")
    if not stat.S_ISREG(info.st_mode):
        raise InputError(
            f"{where}: cannot be read (not a regular file but a device, pipe or socket; not opened)"
        )
    if info.st_size > limit:
        raise InputError(f"{where}: {_too_big(limit)}")


def _too_big(limit: int) -> str:
    return f"cannot be read (larger than {limit // MEGABYTE} MB, more than any such file; not read)"


def parse_failure(error: ValueError) -> str:
    """A parser's error in words: Python's own message for a number of thousands of digits
    advises changing an interpreter setting, which is no help to the person with the file.
    """
    if "integer string conversion" in str(error):
        return "a number has thousands of digits"
    return str(error)


def reason(error: BaseException) -> str:
    """Why an OS call failed, in words (``File name too long``), without the path repeated."""
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    if isinstance(error, UnicodeError):
        return "the name is not valid text (UTF-8)"
    if isinstance(error, ValueError):
        return str(error) or "invalid name"
    return type(error).__name__  # pragma: no cover - only OSError and ValueError are passed
