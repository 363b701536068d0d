"""Where rendered output goes: stdout for ``-o -``, else a file written atomically.

A temporary file in the target's folder is renamed over the target only when complete, so a
reader never sees half a plan; an existing file is replaced only with ``--force``.
"""

from __future__ import annotations

import contextlib
import functools
import os
import stat
import sys
import tempfile
from pathlib import Path

from ldn_titrate.core.errors import InputError

STDOUT = "-"


def check_target(target: str, force: bool) -> None:
    """Refuse a target that cannot be written, before any work is done."""
    if target == STDOUT:
        return
    path = Path(target)
    if path.is_dir():
        raise InputError(f"-o {target}: is a folder; give a file name")
    if not path.parent.is_dir():
        raise InputError(f"-o {target}: the folder {path.parent} does not exist")
    if path.exists() and not force:
        raise InputError(f"-o {target}: the file exists; add --force to replace it")


def write(data: str | bytes, target: str, force: bool) -> None:
    """Write ``data`` to ``target`` (``-`` is stdout), atomically."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    if target == STDOUT:
        sys.stdout.flush()
        sys.stdout.buffer.write(payload)
        sys.stdout.buffer.flush()
        return
    check_target(target, force)
    path = Path(target)
    commit(stage(payload, path, f"-o {target}"), path, force, f"-o {target}")


def stage(payload: bytes, path: Path, label: str) -> Path:
    """Write ``payload`` to a temporary file beside ``path``; :func:`commit` moves it into place.

    Kept apart so that a caller writing several files (a batch row) can stage them all, and so
    meet a full disk, before any of them appears.
    """
    try:
        handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as error:
        raise InputError(f"{label}: cannot write there ({error.strerror})") from None
    temporary = Path(name)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(payload)
        temporary.chmod(0o644 & ~_umask())
    except OSError as error:
        discard(temporary)
        raise InputError(f"{label}: cannot write there ({error.strerror})") from None
    except BaseException:
        discard(temporary)
        raise
    return temporary


def commit(temporary: Path, path: Path, force: bool, label: str) -> None:
    """Move a staged file into place: over an existing file only with ``force``, and otherwise
    with an atomic link that fails if the file appeared meanwhile (no race with another writer).
    """
    try:
        if force:
            with contextlib.suppress(FileNotFoundError):
                # A replaced file keeps its permissions: --force never makes a private plan
                # readable by everyone.
                temporary.chmod(stat.S_IMODE(path.stat().st_mode))
            temporary.replace(path)
            return
        try:
            os.link(temporary, path)
        except FileExistsError:
            raise InputError(f"{label}: the file exists; add --force to replace it") from None
        except OSError:
            # A file system without hard links: rename, after the caller's check.
            temporary.replace(path)
    finally:
        discard(temporary)


def discard(temporary: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        temporary.unlink()


@functools.cache
def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
