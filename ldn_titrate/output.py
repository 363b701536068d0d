"""Where rendered output goes: stdout for ``-o -``, else a file written atomically.

A temporary file in the target's folder is renamed over the target only when complete, so a
reader never sees half a plan; an existing file is replaced only with ``--force``.
"""

from __future__ import annotations

import contextlib
import functools
import os
import sys
import tempfile
from pathlib import Path

from ldn_titrate.errors import InputError

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


def write(data: str | bytes, target: str, force: bool, *, checked: bool = False) -> None:
    """Write ``data`` to ``target`` (``-`` is stdout), atomically.

    ``checked``: the caller has already made sure the target may be written (batch checks each
    row's files together); the new file is then renamed into place, which costs one file-system
    operation less than the race-free link used for a single ``-o`` file.
    """
    payload = data.encode("utf-8") if isinstance(data, str) else data
    if target == STDOUT:
        sys.stdout.flush()
        sys.stdout.buffer.write(payload)
        sys.stdout.buffer.flush()
        return
    if not checked:
        check_target(target, force)
    path = Path(target)
    try:
        handle, temporary = tempfile.mkstemp(
            prefix=f".{path.name}.", suffix=".tmp", dir=path.parent
        )
    except OSError as error:
        raise InputError(f"-o {target}: cannot write there ({error.strerror})") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(payload)
        Path(temporary).chmod(0o644 & ~_umask())
        if force or checked:
            Path(temporary).replace(path)
        else:
            _link_new(temporary, path, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            Path(temporary).unlink()
        raise


def _link_new(temporary: str, path: Path, target: str) -> None:
    """Create ``path`` only if it is still absent, atomically (no race with another writer)."""
    try:
        os.link(temporary, path)
    except FileExistsError:
        raise InputError(f"-o {target}: the file exists; add --force to replace it") from None
    except OSError:
        # Filesystems without hard links: fall back to rename after the check above.
        Path(temporary).replace(path)
        return
    Path(temporary).unlink()


@functools.cache
def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
