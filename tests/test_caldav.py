"""``calendar --publish URL`` against a real CalDAV server: Radicale on 127.0.0.1, in a temporary
folder, started and stopped by the test.

Put a plan, adjust it, put it again, and read the server back night by night. The plan runs
from December to February, away from any change of clock in Europe/London, and times are
compared in UTC, so a server's own time-zone expansion cannot blur the result (see issue 13 for
the VTIMEZONE defect near the clock changes).
"""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from caldav.davclient import DAVClient

from ldn_titrate.core import jsonio
from ldn_titrate.core.dosetext import format_mg
from ldn_titrate.core.model import Phase, Schedule
from tests.conftest import Cli

USER, PASSWORD = "clinic", "not-a-secret"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A Radicale server for this module's tests, in a temporary folder; its base URL."""
    folder = tmp_path_factory.mktemp("radicale")
    port = free_port()
    log = folder / "radicale.log"
    with log.open("wb") as errors:
        process = subprocess.Popen(
            [sys.executable, "-m", "radicale", "--config", "",
             "--storage-filesystem-folder", str(folder / "store"),
             "--server-hosts", f"127.0.0.1:{port}",
             "--auth-type", "none", "--rights-type", "authenticated",
             "--logging-level", "error"],
            stdout=subprocess.DEVNULL, stderr=errors,
        )  # fmt: skip
    try:
        deadline = time.monotonic() + 30
        while True:
            if process.poll() is not None:
                pytest.fail(f"radicale did not start: {log.read_text(errors='replace')}")
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail("radicale did not listen within 30 s")
                time.sleep(0.05)
        yield f"http://127.0.0.1:{port}/"
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="module")
def principal(server: str) -> Any:
    """The test user on the server (finding it takes the client a second: once per module)."""
    return DAVClient(url=server, username=USER, password=PASSWORD).principal()  # type: ignore[no-untyped-call]


@pytest.fixture
def collection(server: str, principal: Any, monkeypatch: pytest.MonkeyPatch) -> str:
    """A new, empty calendar collection on the server (one per test); its URL."""
    name = f"ldn-{uuid.uuid4().hex[:12]}"
    principal.make_calendar(name="LDN", cal_id=name)
    monkeypatch.setenv("LDN_TITRATE_CALDAV_USER", USER)
    monkeypatch.setenv("LDN_TITRATE_CALDAV_PASSWORD", PASSWORD)
    return f"{server}{USER}/{name}/"


def nowhere(collection: str) -> str:
    """A collection address on the same server that does not exist."""
    return collection.rstrip("/").rsplit("/", 1)[0] + "/nowhere/"


def server_calendar(url: str) -> Any:
    return DAVClient(url=url, username=USER, password=PASSWORD).calendar(url=url)  # type: ignore[no-untyped-call]


def doses_on(calendar: Any, night: date) -> list[tuple[str, datetime]]:
    """The timed events the server expands onto ``night`` (UTC day): (summary, start in UTC)."""
    start = datetime(night.year, night.month, night.day, tzinfo=UTC)
    found = calendar.search(start=start, end=start + timedelta(days=1), event=True, expand=True)
    doses = []
    for obj in found:
        event = obj.icalendar_component
        began = event["DTSTART"].dt
        if isinstance(began, datetime):
            doses.append((str(event["SUMMARY"]), began.astimezone(UTC)))
    return doses


def assert_night_by_night(calendar: Any, schedule: Schedule) -> None:
    night = schedule.first_night
    while night <= schedule.last_night:
        step = schedule.step_on(night)
        assert step is not None
        doses = doses_on(calendar, night)
        if step.phase is Phase.PAUSED:
            assert doses == [], night
        else:
            assert len(doses) == 1, (night, doses)
            summary, began = doses[0]
            first_dose = re.search(r"[0-9.]+ mg", summary)  # "Increase tonight: 2.5 mg (was…"
            assert first_dose is not None, (night, summary)
            assert first_dose.group() == format_mg(step.dose_mg), (night, summary)
            # London in winter is UTC: bedtime 22:00 is 22:00 UTC.
            assert began == datetime(night.year, night.month, night.day, 22, tzinfo=UTC)
        night += timedelta(days=1)
    after = schedule.last_night + timedelta(days=1)
    assert doses_on(calendar, after) == []


def read_plan(path: Path) -> Schedule:
    return Schedule.model_validate(jsonio.loads(path.read_text(encoding="utf-8")))


def uids(calendar: Any) -> list[str]:
    return sorted(str(obj.icalendar_component["UID"]) for obj in calendar.events())


def test_publish_adjust_publish_and_read_back_night_by_night(
    cli: Cli, tmp_path: Path, collection: str
) -> None:
    saved, back = tmp_path / "plan.json", tmp_path / "back.json"
    made = cli("plan", "--start-date", "2026-12-01", "--opioids", "none", "-f", "json",
               "-o", str(saved))  # fmt: skip
    assert made.exit_code == 0, made.output
    common = ("--tz", "Europe/London", "--publish", collection)
    # Someone else's event in the same collection: publishing never touches it.
    foreign = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//other//EN\r\nBEGIN:VEVENT\r\nUID:other-1\r\nDTSTAMP:20261101T000000Z\r\nDTSTART;VALUE=DATE:20261202\r\nSUMMARY:Dentist\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    server_calendar(collection).save_event(foreign)
    first = cli("calendar", "--plan", str(saved), *common)
    assert first.exit_code == 0, first.output
    assert first.stderr.startswith(f"published to {collection}: ")
    calendar = server_calendar(collection)
    assert_night_by_night(calendar, read_plan(saved))
    before = uids(calendar)

    adjusted = cli("adjust", str(saved), "--step-back", "--on", "2026-12-20", "--reason",
                   "headache", "-o", str(back))  # fmt: skip
    assert adjusted.exit_code == 0, adjusted.output
    again = cli("calendar", "--plan", str(back), *common)
    assert again.exit_code == 0, again.output
    assert_night_by_night(calendar, read_plan(back))
    after = uids(calendar)
    assert len(after) == len(set(after))  # updated by UID: no event twice
    assert (set(before) & set(after)) - {"other-1"}  # unchanged events kept their UIDs
    # Events the adjusted plan no longer has were deleted, not left to ring.
    cancelled = [obj for obj in calendar.events()
                 if str(obj.icalendar_component.get("STATUS", "")) == "CANCELLED"]  # fmt: skip
    assert cancelled == []

    # Publishing the same revision again changes nothing.
    same = cli("calendar", "--plan", str(back), *common)
    assert ": 0 created, " in same.stderr
    assert ", 0 deleted" in same.stderr
    assert uids(calendar) == after
    assert "other-1" in after


def test_an_opioid_stop_and_restart_update_the_server_night_by_night(
    cli: Cli, tmp_path: Path, collection: str
) -> None:
    """The screen follows the patient (issue 27): opioids started with no end known stop LDN
    (the server loses every later night), and the stop restarts it after the washout."""
    saved = tmp_path / "plan.json"
    made = cli("plan", "--start-date", "2026-12-01", "--opioids", "none", "-f", "json",
               "-o", str(saved))  # fmt: skip
    assert made.exit_code == 0, made.output
    common = ("--tz", "Europe/London", "--publish", collection)
    assert cli("calendar", "--plan", str(saved), *common).exit_code == 0
    calendar = server_calendar(collection)
    changes = [["--opioids", "current:tramadol", "--on", "2026-12-15"],
               ["--opioids", "stopped:2026-12-20"]]  # fmt: skip
    for number, change in enumerate(changes, start=2):
        adjusted = tmp_path / f"v{number}.json"
        result = cli("adjust", str(saved), *change, "--reason", "dental pain", "-o",
                     str(adjusted))  # fmt: skip
        assert result.exit_code == 0, result.output
        published = cli("calendar", "--plan", str(adjusted), *common)
        assert published.exit_code == 0, published.output
        assert_night_by_night(calendar, read_plan(adjusted))
        assert len(uids(calendar)) == len(set(uids(calendar)))
        saved = adjusted
    assert doses_on(calendar, date(2026, 12, 30)) == []  # 10 opioid-free days after the 20th
    assert len(doses_on(calendar, date(2026, 12, 31))) == 1


def test_one_event_per_night_has_no_rrule_and_replaces_the_repeating_events(
    cli: Cli, tmp_path: Path, collection: str
) -> None:
    saved = tmp_path / "plan.json"
    args = ("--start-date", "2026-12-01", "--start-dose", "1", "--step", "1", "--ceiling", "2",
            "--interval", "7", "--maintain", "7", "--opioids", "none")  # fmt: skip
    assert cli("plan", *args, "-f", "json", "-o", str(saved)).exit_code == 0
    common = ("--plan", str(saved), "--tz", "Europe/London", "--publish", collection)
    assert cli("calendar", *common).exit_code == 0
    calendar = server_calendar(collection)
    assert any("RRULE" in obj.icalendar_component for obj in calendar.events())
    nightly = cli("calendar", *common, "--one-event-per-night", "-o", str(tmp_path / "n.ics"))
    assert nightly.exit_code == 0, nightly.output
    objects = calendar.events()
    assert not any("RRULE" in obj.icalendar_component for obj in objects)
    assert_night_by_night(calendar, read_plan(saved))
    assert b"RRULE" not in (tmp_path / "n.ics").read_bytes()


def test_an_unreachable_server_is_a_message_not_a_traceback(cli: Cli, tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{free_port()}/clinic/ldn/"
    out = tmp_path / "p.ics"
    result = cli("calendar", "--start-date", "2026-12-01", "--publish", url, "-o", str(out))
    assert result.exit_code == 1
    assert result.stderr.endswith(
        f"wrote {out} (calendar, 4 steps)\n"
        f"error: --publish {url}: cannot reach the server: Connection refused\n"
    )
    assert out.exists()  # the file was written before the server was tried


def test_a_missing_collection_is_named(cli: Cli, collection: str) -> None:
    url = nowhere(collection)
    result = cli("calendar", "--start-date", "2026-12-01", "--publish", url)
    assert result.exit_code == 1
    assert result.stderr == f"error: --publish {url}: no calendar collection at this address\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "error: calendar needs --output FILE.ics, --publish URL, or both"),
        (("--publish", "ftp://x/"), "error: --publish: the address is not an http or https"),
    ],
)
def test_publish_input_is_checked_first(cli: Cli, args: tuple[str, ...], message: str) -> None:
    result = cli("calendar", "--start-date", "2026-12-01", *args)
    assert result.exit_code == 2
    assert result.stderr.startswith(message)


def test_the_readme_publish_example(cli: Cli, tmp_path: Path, collection: str,
                                    monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    """The docs' example, with the test server's collection in place of the example address."""
    from tests.test_readme_interop import examples

    [args] = examples("clinician/calendar.md", needle="--publish")
    monkeypatch.chdir(tmp_path)
    assert cli("plan", "--start-date", "2026-12-01", "-f", "json", "-o", "plan.json").exit_code == 0
    args[args.index("--publish") + 1] = collection
    result = cli(*args)
    assert result.exit_code == 0, result.output
    assert len(server_calendar(collection).events()) > 0


def test_no_password_is_ever_printed(cli: Cli, collection: str) -> None:
    with_password = nowhere(collection).replace("http://", "http://clinic:s3cret@")
    result = cli("calendar", "--start-date", "2026-12-01", "--publish", with_password)
    assert result.exit_code == 1
    assert "s3cret" not in result.output
    assert result.stderr.startswith(f"error: --publish {nowhere(collection)}: ")


def test_without_the_caldav_extra_publish_says_how_to_get_it(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "caldav" else real(name, *a)
    )
    result = cli(
        "calendar", "--start-date", "2026-12-01", "--publish", "https://dav.example.org/c/"
    )
    assert result.exit_code == 2
    assert result.stderr == (
        "error: --publish needs the caldav library: pip install 'ldn-titrate[caldav]'\n"
    )
