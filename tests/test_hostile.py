"""Faults and hostile inputs named by issue 14, one test each: file modes, devices and pipes as
targets, read-only folders, interrupts, the re-check on --undo, unsafe characters, the PDF's
font, and policies that would make a command loop.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ldn_titrate.core.errors import InputError
from ldn_titrate.core.infile import read_limited
from ldn_titrate.core.parsing import parse_count, parse_dose
from ldn_titrate.core.text import check_safe, clean_line
from ldn_titrate.rules.dispensing import bottles_for
from tests.conftest import Cli
from tests.handout_helpers import pdf_module

START = ("--start-date", "2026-12-01")


def test_patient_files_are_private_unless_the_policy_says_otherwise(
    cli: Cli, tmp_path: Path
) -> None:
    old = os.umask(0o022)  # the usual umask, which would make them world-readable
    try:
        plan = tmp_path / "plan.json"
        assert cli("plan", *START, "-f", "json", "-o", str(plan)).exit_code == 0
        calendar = tmp_path / "plan.ics"
        assert cli("calendar", *START, "--tz", "Europe/London", "-o", str(calendar)).exit_code == 0
        handout = tmp_path / "plan.html"
        assert cli("handout", *START, "-o", str(handout)).exit_code == 0
        adjusted = tmp_path / "adjusted.json"
        assert cli("adjust", str(plan), "--hold", "3", "--on", "2026-12-05", "--reason", "r",
                   "-o", str(adjusted)).exit_code == 0  # fmt: skip
        table = tmp_path / "patients.csv"
        table.write_text("id,preset\np1,standard\np2,nope\n", encoding="utf-8")
        out = tmp_path / "out"
        cli("batch", str(table), "--out-dir", str(out), "--formats", "json,fhir")
        for path in (plan, calendar, handout, adjusted, *out.iterdir()):
            assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
        assert stat.S_IMODE(out.stat().st_mode) == 0o700

        policy = tmp_path / "shared.toml"
        policy.write_text('[output]\nfile_mode = "0640"\nfolder_mode = "0750"\n', "utf-8")
        shared = tmp_path / "shared.json"
        assert cli("plan", *START, "--policy", str(policy), "-o", str(shared)).exit_code == 0
        assert stat.S_IMODE(shared.stat().st_mode) == 0o640
        cli("batch", str(table), "--out-dir", str(tmp_path / "team"), "--policy", str(policy))
        assert stat.S_IMODE((tmp_path / "team").stat().st_mode) == 0o750
    finally:
        os.umask(old)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[output]\nfile_mode = "0400"\n', "the owner must keep read and write"),
        ('[output]\nfolder_mode = "0600"\n', "the owner must keep rwx"),
        ('[output]\nfile_mode = "rw-r--r--"\n', "file_mode"),
    ],
)
def test_output_modes_are_checked(cli: Cli, tmp_path: Path, text: str, message: str) -> None:
    policy = tmp_path / "p.toml"
    policy.write_text(text, encoding="utf-8")
    result = cli("policy", "check", str(policy))
    assert result.exit_code == 2
    assert message in result.stderr


def test_force_replaces_only_regular_files(cli: Cli, tmp_path: Path) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    link = tmp_path / "link"
    link.symlink_to("/proc/self/fd/1")
    inside = tmp_path / "inside"
    inside.symlink_to(tmp_path / "target.json")
    (tmp_path / "target.json").write_text("{}", encoding="utf-8")
    for target, what in ((fifo, "a device, pipe or socket"), (link, "a symbolic link"),
                         (inside, "a symbolic link")):  # fmt: skip
        result = cli("plan", *START, "-o", str(target), "--force")
        assert result.exit_code == 2, result.output
        assert f"is {what}, not a regular file; --force replaces only regular files" in (
            result.stderr
        )
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert link.is_symlink()
    assert inside.is_symlink()
    assert (tmp_path / "target.json").read_text(encoding="utf-8") == "{}"


def test_a_device_is_never_replaced(cli: Cli) -> None:
    """Only checked, never written: the refusal comes before any file is touched."""
    before = os.lstat("/dev/null")
    result = cli("plan", *START, "-o", "/dev/null", "--force")
    assert result.exit_code == 2
    assert "-o /dev/null: is a device, pipe or socket" in result.stderr
    after = os.lstat("/dev/null")
    assert stat.S_ISCHR(after.st_mode)
    assert after.st_ino == before.st_ino


@pytest.mark.parametrize(
    "args",
    [
        ("plan", "--plan", "/dev/urandom"),
        ("plan", "--plan", "/dev/zero"),
        ("plan", "--policy", "/dev/zero"),
        ("handout", "--plan", "@fifo", "-o", "-"),
        ("batch", "@fifo", "--out-dir", "@out"),
    ],
)
def test_devices_and_pipes_are_refused_without_reading(
    cli: Cli, tmp_path: Path, args: tuple[str, ...]
) -> None:
    os.mkfifo(tmp_path / "fifo")
    resolved = [str(tmp_path / a[1:]) if a.startswith("@") else a for a in args]
    result = cli(*resolved)
    assert result.exit_code == 2
    assert "not a regular file but a device, pipe or socket; not opened" in result.stderr


def test_a_huge_plan_is_refused_unread(tmp_path: Path) -> None:
    big = tmp_path / "big.json"
    with big.open("wb") as handle:
        handle.truncate(6 * 1024 * 1024)  # sparse: 6 MB without writing them
    with pytest.raises(InputError, match="larger than 5 MB"):
        read_limited(big, "--plan big.json", 5 * 1024 * 1024)


def test_output_path_errors_are_messages(cli: Cli, tmp_path: Path) -> None:
    long_name = str(tmp_path / ("x" * 300))
    result = cli("plan", *START, "-o", long_name)
    assert result.exit_code == 2
    assert "cannot write there (File name too long)" in result.stderr
    result = cli("batch", "none.csv", "--out-dir", long_name)
    assert result.exit_code == 2
    assert "File name too long" in result.stderr
    undecodable = str(tmp_path / "\udcff.json")
    result = cli("plan", *START, "-o", undecodable)
    assert result.exit_code == 2
    assert "--output '" in result.stderr
    assert "is not valid UTF-8 text" in result.stderr
    assert list(tmp_path.iterdir()) == []


@contextlib.contextmanager
def read_only_folder(tmp_path: Path) -> Iterator[Path]:
    """A read-only file system (a tmpfs mounted ro): as root, chmod does not stop a write."""
    folder = tmp_path / "ro"
    folder.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "ro,size=1m", "tmpfs", str(folder)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        if os.geteuid() == 0:
            pytest.skip("cannot mount a read-only tmpfs here (no CAP_SYS_ADMIN)")
        folder.chmod(0o500)  # not root: permissions stop the write
    try:
        yield folder
    finally:
        if mounted.returncode == 0:
            subprocess.run(["umount", str(folder)], check=False)
        else:
            folder.chmod(0o700)


def test_a_read_only_folder_is_a_message(cli: Cli, tmp_path: Path) -> None:
    table = tmp_path / "patients.csv"
    table.write_text("id,preset\np1,standard\n", encoding="utf-8")
    with read_only_folder(tmp_path) as folder:
        for args in (
            ("plan", *START, "-o", str(folder / "p.json")),
            ("batch", str(table), "--out-dir", str(folder)),
            ("batch", str(table), "--out-dir", str(folder / "new")),
        ):
            result = cli(*args)
            assert result.exit_code == 2, result.output
            assert "cannot" in result.stderr
            assert str(folder) in result.stderr
            assert "Traceback" not in result.output
        assert list(folder.iterdir()) == []


def test_undo_rechecks_the_restored_doses(cli: Cli, tmp_path: Path) -> None:
    saved, adjusted = tmp_path / "plan.json", tmp_path / "adjusted.json"
    cli("plan", *START, "-f", "json", "-o", str(saved))
    cli("adjust", str(saved), "--hold", "3", "--on", "2026-12-05", "--reason", "r", "-o",
        str(adjusted))  # fmt: skip
    plan = json.loads(adjusted.read_text(encoding="utf-8"))
    for step in plan["history"][0]["previous"]["steps"]:
        step["dose_mg"] = 9  # under the 10 mg any plan may hold, above this policy's 6 mg
    adjusted.write_text(json.dumps(plan), encoding="utf-8")
    accepted = tmp_path / "accepted.json"  # a hand-edited plan is taken on only with a reason
    assert cli("plan", "--plan", str(adjusted), "--override", "edited by the clinic",
               "--format", "json", "-o", str(accepted)).exit_code == 0, "override refused"  # fmt: skip
    result = cli("adjust", str(accepted), "--undo", "-o", str(tmp_path / "undone.json"))
    assert result.exit_code == 2
    assert "would be 9 mg, outside this policy's doses of 0.1 mg to 6 mg" in result.stderr
    assert not (tmp_path / "undone.json").exists()


def test_a_plan_recording_a_refused_finding_is_refused(cli: Cli, tmp_path: Path) -> None:
    saved = tmp_path / "plan.json"
    cli("plan", *START, "-f", "json", "-o", str(saved))
    plan = json.loads(saved.read_text(encoding="utf-8"))
    plan["screening"] = {"findings": [{"code": "x", "action": "refuse", "message": "m"}]}
    saved.write_text(json.dumps(plan), encoding="utf-8")
    result = cli("handout", "--plan", str(saved), "-o", str(tmp_path / "h.html"))
    assert result.exit_code == 2
    assert "a finding the policy refuses stops the plan" in result.stderr
    assert not (tmp_path / "h.html").exists()


def test_typed_text_is_cleaned_and_file_text_refused(cli: Cli, tmp_path: Path) -> None:
    saved, adjusted = tmp_path / "plan.json", tmp_path / "adjusted.json"
    cli("plan", *START, "-f", "json", "-o", str(saved))
    reason = "\u202eevil\u202c \x1b[31mred\u200b"
    assert cli("adjust", str(saved), "--hold", "3", "--on", "2026-12-05", "--reason", reason,
               "--reason-for-patient", reason, "-o", str(adjusted)).exit_code == 0  # fmt: skip
    change = json.loads(adjusted.read_text(encoding="utf-8"))["history"][0]
    assert change["reason"] == change["patient_reason"] == "evil [31mred"
    for command in (("plan", "--plan", str(adjusted)),
                    ("calendar", "--plan", str(adjusted), "--tz", "Europe/London", "-o", "-")):  # fmt: skip
        output = cli(*command).output
        assert "\x1b" not in output
        assert "\u202e" not in output
        assert "\u200b" not in output
    plan = json.loads(adjusted.read_text(encoding="utf-8"))
    plan["history"][0]["reason"] = "forged \x1b[2J\u202e"
    adjusted.write_text(json.dumps(plan), encoding="utf-8")
    result = cli("calendar", "--plan", str(adjusted), "--tz", "Europe/London", "-o", "-")
    assert result.exit_code == 2
    assert "U+202E RIGHT-TO-LEFT OVERRIDE" in result.stderr


@given(st.text())
def test_cleaned_text_is_always_safe(text: str) -> None:
    cleaned = clean_line(text)
    if cleaned is not None:
        assert check_safe(cleaned) == cleaned


@pytest.mark.parametrize("name", ["\U00013000\U00013001 Ra", "Ra \U0001f700"])
def test_pdf_refuses_a_name_it_cannot_print(cli: Cli, tmp_path: Path, name: str) -> None:
    """A letter no font the handout names has (Egyptian hieroglyphs, alchemical symbols) is
    refused by name, never printed as an empty box (names that print: test_handout_pdf.py)."""
    pdf_module()
    target = tmp_path / "h.pdf"
    result = cli("handout", *START, "--patient", name, "-f", "pdf", "-o", str(target))
    assert result.exit_code == 2, result.output
    bad = next(char for char in name if ord(char) > 0xFFFF)
    assert f"--patient: --format pdf cannot print {bad} (U+{ord(bad):04X})" in result.stderr
    assert "apt-get install fonts-noto-core fonts-noto-cjk" in result.stderr
    assert "use --format html" in result.stderr
    assert not target.exists()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[formulation]\nbottle_sizes_ml = [0]\n", "greater than or equal to 1"),
        ("[formulation]\nbottle_sizes_ml = [-30]\n", "greater than or equal to 1"),
        ("resolution_mg = 1e-30\n", "greater than or equal to 0.001"),
        ("max_steps = 1000000\n", "less than or equal to 366"),
        ("[bounds.start_date]\nlatest = 9999-12-31\n", "less than or equal to 2199-12-31"),
    ],
)
def test_policy_check_refuses_what_would_loop_or_crash(
    cli: Cli, tmp_path: Path, text: str, message: str
) -> None:
    policy = tmp_path / "p.toml"
    policy.write_text(text, encoding="utf-8")
    result = cli("policy", "check", str(policy))
    assert result.exit_code == 2, result.output
    assert message in result.stderr


@settings(max_examples=50, deadline=None)
@given(
    st.decimals(min_value=Decimal("0.01"), max_value=Decimal(100_000), places=2),
    st.lists(st.integers(1, 1000), min_size=1, max_size=8, unique=True),
)
def test_bottles_are_fewest_and_hold_the_volume(volume: Decimal, sizes: list[int]) -> None:
    bottles = bottles_for(volume, tuple(Decimal(s) for s in sizes))
    assert sum(bottles) >= volume
    fewest = (volume / max(sizes)).to_integral_value(rounding="ROUND_CEILING")
    assert len(bottles) == fewest  # no fewer bottles could hold it


@pytest.mark.parametrize("text", ["٣٠", "３０", "1_5", "+5", "5.0", "9" * 5000])
def test_counts_are_ascii_digits(text: str) -> None:
    with pytest.raises(ValueError, match=r"whole number|too large"):
        parse_count(text)


@pytest.mark.parametrize("text", ["9" * 29, "2" * 41 + "mcg", "0." + "0" * 40 + "1"])
def test_doses_are_bounded_before_arithmetic(text: str) -> None:
    with pytest.raises(ValueError, match=r"far too large|decimal places"):
        parse_dose(text)


# Interrupts: a real batch process, big enough to use worker processes (two cores or more).
needs_workers = pytest.mark.skipif(
    (os.cpu_count() or 1) < 2 or sys.platform != "linux",
    reason="the batch runs in worker processes only with two or more cores (Linux /proc used)",
)


def _start_batch(tmp_path: Path) -> tuple[subprocess.Popen[bytes], Path, list[int]]:
    table = tmp_path / "patients.csv"
    rows = "\n".join(f"p{n},standard,liquid,1mg/mL" for n in range(20_000))
    table.write_text(f"id,preset,form,concentration\n{rows}\n", encoding="utf-8")
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "ldn_titrate", "batch", str(table), "--out-dir", str(out),
         "--formats", "json,html"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
    )  # fmt: skip
    workers: list[int] = []
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:  # until files appear: the workers are running
        children = Path(f"/proc/{process.pid}/task/{process.pid}/children")
        with contextlib.suppress(OSError):
            workers = [int(pid) for pid in children.read_text().split()]
        if workers and out.is_dir() and len(list(out.iterdir())) > 50:
            break
        time.sleep(0.05)
    return process, out, workers


def _running(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return "State:\tZ" not in status  # a zombie is dead, waiting to be reaped


def _wait_gone(pids: list[int]) -> list[int]:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(_running(pid) for pid in pids):
        time.sleep(0.05)
    return [pid for pid in pids if _running(pid)]


@needs_workers
@pytest.mark.parametrize(("sig", "code"), [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_an_interrupted_batch_stops_cleanly(tmp_path: Path, sig: int, code: int) -> None:
    process, out, workers = _start_batch(tmp_path)
    assert workers, "the batch did not start its workers"
    process.send_signal(sig)
    _stdout, stderr = process.communicate(timeout=30)
    assert process.returncode == code, stderr
    text = stderr.decode()
    assert "interrupted (" in text
    assert "of 20,000 rows planned" in text
    assert "Traceback" not in text
    assert _wait_gone(workers) == []
    assert [p.name for p in out.iterdir() if p.name.endswith(".tmp")] == []


@needs_workers
def test_workers_die_with_a_killed_parent(tmp_path: Path) -> None:
    process, _out, workers = _start_batch(tmp_path)
    assert workers, "the batch did not start its workers"
    process.kill()
    process.communicate(timeout=30)
    assert _wait_gone(workers) == []
