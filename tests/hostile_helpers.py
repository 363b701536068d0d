"""What the hostile-input fuzzers share (issue 14): a fresh workspace of awkward files per case,
the values an attacker or an unlucky clinic types, and the one check every run must pass:
exit 0 or 2, no traceback, nothing written on a refusal, done within seconds.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import signal
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from hypothesis import settings
from typer.testing import CliRunner

from ldn_titrate.cli import app


# CI runs each fuzzer with a few hundred cases; `pytest --hypothesis-profile=fuzz` runs the
# number the profile sets (tests/conftest.py registers it) for a long search by hand.
def examples(ci: int) -> int:
    return max(ci, settings.default.max_examples) if settings.default.max_examples > 100 else ci


# A run longer than this is a hang for the purpose of the fuzzers (the bound).
MAX_SECONDS = 10.0

# Values people type by mistake or on purpose: numbers past any precision, digits of other
# scripts, control and bidi characters, a lone surrogate (a byte argv could not decode).
HOSTILE = (
    "",
    " ",
    "0",
    "-1",
    "1e400",
    "nan",
    "inf",
    "9" * 50,
    "2" * 41 + "mcg",
    "0." + "0" * 40 + "1",
    "٣٠",
    "３０",
    "1_5",
    "\u202eevil\u202c",
    "a\u200bb",
    "\x1b[31mred",
    "x\x00y",
    "\r\n",
    "\udcff",
    "x" * 300,
    "../../etc/passwd",
    "=cmd|' /C calc'!A0",
)
DOSES = ("1.5", "500mcg", "0.5 mg", "3", "4.5", "6", "7", "0.1", *HOSTILE)
DURATIONS = ("14", "2w", "7d", "3", "0", "99999", *HOSTILE)
DATES = ("2026-12-01", "today", "tomorrow", "9999-12-31", "0001-01-01", "2026-02-30", *HOSTILE)
TEXTS = ("vivid dreams", "Zoë Øster-Łukasz", "张伟", "محمد", "김민준", *HOSTILE)


@dataclass(frozen=True)
class Workspace:
    """A folder of the files a command line may name, made fresh for each case."""

    root: Path

    def path(self, name: str) -> str:
        return str(self.root / name)

    def listing(self) -> dict[str, tuple[int, int]]:
        """Every entry (name → size, mtime), to tell whether a refused run wrote anything."""
        found: dict[str, tuple[int, int]] = {}
        for entry in self.root.rglob("*"):
            info = entry.lstat()
            found[str(entry.relative_to(self.root))] = (info.st_size, info.st_mtime_ns)
        return found


# Names in the workspace; "plan.json" is a real plan, the others are traps.
FILES = (
    "plan.json",
    "adjusted.json",
    "hostile.json",
    "policy.toml",
    "bad-policy.toml",
    "deep.json",
    "fifo",
    "folder",
    "missing.json",
    "link-out",
    "patients.csv",
    "x" * 300,
    "\udcff.json",
)
OUTPUTS = ("out.json", "plan.json", "fifo", "folder", "link-out", "x" * 300, "-", "sub/out")
READ_ONLY_DEVICES = ("/dev/null", "/dev/zero", "/dev/urandom")  # read only, never written


@functools.cache
def _saved_plans() -> tuple[bytes, bytes]:
    runner = CliRunner()
    with tempfile.TemporaryDirectory() as folder:
        plan, adjusted = Path(folder, "p.json"), Path(folder, "a.json")
        start = ["--start-date", "2026-12-01", "--form", "liquid", "--concentration", "1mg/mL"]
        runner.invoke(app, ["plan", *start, "--supply-days", "30", "-f", "json", "-o", str(plan)])
        runner.invoke(
            app,
            ["adjust", str(plan), "--hold", "3", "--on", "2026-12-05", "--reason", "x", "-o",
             str(adjusted)],
        )  # fmt: skip
        return plan.read_bytes(), adjusted.read_bytes()


def saved_plan() -> dict[str, object]:
    data: dict[str, object] = json.loads(_saved_plans()[1])
    return data


@contextlib.contextmanager
def workspace(hostile_plan: bytes = b"[]") -> Iterator[Workspace]:
    plan, adjusted = _saved_plans()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "plan.json").write_bytes(plan)
        (root / "adjusted.json").write_bytes(adjusted)
        (root / "hostile.json").write_bytes(hostile_plan)
        (root / "policy.toml").write_text('name = "clinic"\n', encoding="utf-8")
        (root / "bad-policy.toml").write_text(
            "resolution_mg = 1e-30\n[formulation]\nbottle_sizes_ml = [0]\n", encoding="utf-8"
        )
        (root / "deep.json").write_text("[" * 5000, encoding="utf-8")
        os.mkfifo(root / "fifo")
        (root / "folder").mkdir()
        (root / "link-out").symlink_to("/proc/self/fd/1")
        (root / "patients.csv").write_text(
            "id,preset,start_date\np1,standard,2026-12-01\np2,gentle,2026-12-01\n",
            encoding="utf-8",
        )
        yield Workspace(root)


class Hang(Exception):
    """The command ran past twice :data:`MAX_SECONDS`: stopped by an alarm."""


@contextlib.contextmanager
def _alarm(seconds: float) -> Iterator[None]:
    def ring(_signum: int, _frame: object) -> None:
        raise Hang(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, ring)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def check_run(argv: Sequence[str], space: Workspace, writes_on_refusal: bool = False) -> None:
    """Run ``argv`` in process; fail on a traceback, an exit code but 0 and 2, a file written
    by a refused run (``writes_on_refusal``: batch, which writes the rows it could plan), or a
    run over :data:`MAX_SECONDS`.
    """
    before = space.listing()
    started = time.monotonic()
    # In the workspace: a relative name the fuzzer made up is written there, not in the checkout.
    with contextlib.chdir(space.root), _alarm(MAX_SECONDS * 2):  # a hang fails the case
        result = CliRunner().invoke(app, list(argv))
    elapsed = time.monotonic() - started
    shown = [ascii(arg)[:80] for arg in argv]
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"{shown}: {type(result.exception).__name__}") from result.exception
    assert result.exit_code in (0, 2), (shown, result.exit_code, result.output[-2000:])
    assert "Traceback" not in result.output, (shown, result.output[-2000:])
    assert elapsed < MAX_SECONDS, (shown, elapsed)
    if result.exit_code == 2 and not writes_on_refusal:
        assert space.listing() == before, (shown, "wrote a file on a refusal", result.output)
