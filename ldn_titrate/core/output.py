"""Where rendered output goes: stdout for ``-o -``, else a file written atomically.

A temporary file in the target's folder is renamed over the target only when complete, so a
reader never sees half a plan; an existing file is replaced only with ``--force``, and only when
it is a regular file (never a device, a pipe or a symbolic link). New files hold patient data:
they are created readable by their owner only (0600) unless the clinic policy says otherwise.
Every failure of the file system is a message naming the path and the reason, never a traceback.
"""

from __future__ import annotations

import contextlib
import errno
import itertools
import os
import stat
import sys
from dataclasses import dataclass
from pathlib import Path

from ldn_titrate.core.errors import InputError
from ldn_titrate.core.infile import reason

STDOUT = "-"


@dataclass(frozen=True)
class Modes:
    """Permission bits of what is created: files and folders (policy ``[output]``)."""

    file: int = 0o600
    folder: int = 0o700


PRIVATE = Modes()


def shown(name: str) -> str:
    """A path as text that any terminal can print: a name that is not valid UTF-8 (a surrogate
    from the command line) is shown with escapes, never passed raw to the terminal.
    """
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return ascii(name)
    return name


def check_target(target: str, force: bool, flag: str = "-o", *, probe: bool = True) -> None:
    """Refuse a target that cannot be written, before any work is done: a name that is not
    text, a folder, a missing folder, a folder where no file can be made (read-only, not ours:
    ``probe`` makes and removes a file there to know), an existing file without ``force``."""
    if target == STDOUT:
        return
    label = f"{flag} {shown(target)}"
    if shown(target) != target:
        raise InputError(f"{label}: the name is not valid UTF-8 text; choose another name")
    path = Path(target)
    try:
        found: os.stat_result | None = path.lstat()
    except (FileNotFoundError, NotADirectoryError):
        found = None
    except (OSError, ValueError) as error:
        raise InputError(f"{label}: cannot write there ({reason(error)})") from None
    if found is not None and stat.S_ISDIR(found.st_mode):
        raise InputError(f"{label}: is a folder; give a file name")
    folder_ok = is_folder(path.parent, f"{label}: cannot write there")
    if not folder_ok:
        raise InputError(f"{label}: the folder {shown(str(path.parent))} does not exist")
    if found is not None and not force:
        raise InputError(f"{label}: the file exists; add --force to replace it")
    refusal = None if found is None else _unreplaceable(found)
    if refusal is not None:
        raise InputError(f"{label}: {refusal}")
    if probe:  # last: only a write that would go ahead is tried
        probe_folder(path.parent, label)


def _unreplaceable(found: os.stat_result) -> str | None:
    """Why ``--force`` must not replace what is there: only a regular file is replaced."""
    if stat.S_ISREG(found.st_mode):
        return None
    what = "a symbolic link" if stat.S_ISLNK(found.st_mode) else "a device, pipe or socket"
    return f"is {what}, not a regular file; --force replaces only regular files"


def write(data: str | bytes, target: str, force: bool, modes: Modes = PRIVATE) -> None:
    """Write ``data`` to ``target`` (``-`` is stdout), atomically."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    if target == STDOUT:
        sys.stdout.flush()
        sys.stdout.buffer.write(payload)
        sys.stdout.buffer.flush()
        return
    check_target(target, force, probe=False)  # the write itself is the probe
    path = Path(target)
    label = f"-o {target}"
    commit(stage(payload, path, label, modes), path, force, label)


def stage(payload: bytes, path: Path, label: str, modes: Modes = PRIVATE) -> Path:
    """Write ``payload`` to a temporary file beside ``path``; :func:`commit` moves it into place.

    Kept apart so that a caller writing several files (a batch row) can stage them all, and so
    meet a full disk, before any of them appears. The file is created exclusively with its final
    mode (0600 by default), so patient data is never readable by others, even for a moment.
    Four system calls (create, write, mode, close): a batch stages tens of thousands of files.
    """
    try:
        handle, temporary = _create_temporary(path)
    except (OSError, ValueError) as error:
        raise InputError(f"{label}: cannot write there ({reason(error)})") from None
    try:
        try:
            view = memoryview(payload)
            while view:  # os.write may write less than it was given
                view = view[os.write(handle, view) :]
            os.fchmod(handle, modes.file)  # the creation mode is cut by the umask
        finally:
            os.close(handle)
    except OSError as error:
        discard(temporary)
        raise InputError(f"{label}: cannot write there ({reason(error)})") from None
    except BaseException:
        discard(temporary)
        raise
    return temporary


_CREATE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
_created = itertools.count()


def _create_temporary(path: Path) -> tuple[int, Path]:
    """A new hidden file beside ``path``, named by this process and a counter (unique without
    drawing random names); an exclusive create never opens a file someone else made.
    """
    for _attempt in range(100):
        temporary = path.with_name(f".{path.name}.{os.getpid()}-{next(_created)}.tmp")
        try:
            return os.open(temporary, _CREATE, 0o600), temporary
        except FileExistsError:  # left by an earlier process with the same id: take the next
            continue
    raise FileExistsError(errno.EEXIST, "no free temporary name", str(path))  # pragma: no cover


def commit(temporary: Path, path: Path, force: bool, label: str) -> None:
    """Move a staged file into place: over an existing file only with ``force``, and otherwise
    with an atomic link that fails if the file appeared meanwhile (no race with another writer).
    The temporary file is gone afterwards, whatever happened.
    """
    if force:
        try:
            _replace(temporary, path, label)
        except BaseException:
            discard(temporary)
            raise
        return
    try:
        os.link(temporary, path)
    except FileExistsError:
        raise InputError(f"{label}: the file exists; add --force to replace it") from None
    except OSError:
        # A file system without hard links: rename, after the caller's check.
        _rename(temporary, path, label)
    finally:
        discard(temporary)


def _replace(temporary: Path, path: Path, label: str) -> None:
    try:
        found = path.lstat()
    except FileNotFoundError:
        found = None
    except OSError as error:
        raise InputError(f"{label}: cannot write there ({reason(error)})") from None
    if found is not None:
        refusal = _unreplaceable(found)  # checked again: it may have changed since the check
        if refusal is not None:
            raise InputError(f"{label}: {refusal}")
        # A replaced file keeps its permissions: --force never makes a private plan readable
        # by everyone.
        with contextlib.suppress(OSError):
            temporary.chmod(stat.S_IMODE(found.st_mode))
    _rename(temporary, path, label)


def _rename(temporary: Path, path: Path, label: str) -> None:
    try:
        temporary.replace(path)
    except OSError as error:
        raise InputError(f"{label}: cannot write there ({reason(error)})") from None


def check_folder(path: Path, label: str) -> bool:
    """Whether ``path`` is an existing folder (False: it can be made, its parent exists); an
    :class:`InputError` naming the reason when it is neither.
    """
    try:
        if stat.S_ISDIR(path.stat().st_mode):
            return True
        raise InputError(f"{label}: is a file, not a folder")
    except (FileNotFoundError, NotADirectoryError):
        pass
    except (OSError, ValueError) as error:
        raise InputError(f"{label}: cannot use the folder ({reason(error)})") from None
    parent_ok = is_folder(path.parent, f"{label}: cannot make the folder")
    if not parent_ok:
        raise InputError(f"{label}: the folder {path.parent} does not exist")
    return False


def make_folder(path: Path, label: str, modes: Modes = PRIVATE) -> None:
    """Create the folder ``path`` (its parent exists) for the owner only, unless it exists;
    either way, check that a file can be made in it.
    """
    try:
        path.mkdir(mode=modes.folder)
    except FileExistsError:
        if not path.is_dir():
            raise InputError(f"{label}: is a file, not a folder") from None
    except (OSError, ValueError) as error:
        raise InputError(f"{label}: cannot make the folder ({reason(error)})") from None
    else:
        with contextlib.suppress(OSError):
            path.chmod(modes.folder)  # mkdir's mode is cut by the umask; the policy's is meant
    # A read-only or foreign folder is one message now, not a refusal on every row later.
    probe_folder(path, label)


def probe_folder(folder: Path, label: str) -> None:
    """Make and remove a file in ``folder``: an InputError naming the reason when none can be
    made there (a read-only file system, a folder of someone else's), before any work is done.
    """
    try:
        handle, probe = _create_temporary(folder / "ldn-titrate")
    except OSError as error:
        raise InputError(f"{label}: cannot write there ({reason(error)})") from None
    os.close(handle)
    discard(probe)


def discard(temporary: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        temporary.unlink()


def is_folder(path: Path, failing: str) -> bool:
    """Whether ``path`` is an existing folder; any other OS error becomes ``failing (why)``."""
    try:
        return stat.S_ISDIR(path.stat().st_mode)
    except (FileNotFoundError, NotADirectoryError):
        return False
    except (OSError, ValueError) as error:
        raise InputError(f"{failing} ({reason(error)})") from None
