"""``calendar --one-event-per-night``: no RRULE, one event per night at the same wall-clock time,
across a change of clock too; parsed with the strict ``ical`` parser."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from tests.conftest import Cli
from tests.test_calendar import check_raw, first_mg, parse

LONDON = ZoneInfo("Europe/London")
# 14 nights each of 1 mg and 2 mg from 20 March 2027: the clocks go forward on 28 March.
ARGS = (
    "--start-date",
    "2027-03-20",
    "--start-dose",
    "1",
    "--step",
    "1",
    "--ceiling",
    "2",
    "--interval",
    "14",
    "--maintain",
    "14",
    "--tz",
    "Europe/London",
    "--opioids",
    "none",
    "--patient-id",
    "p1",
)  # fmt: skip (one patient: the same plan id on every run)


def test_every_night_is_its_own_event_at_bedtime_across_the_clock_change(
    cli: Cli, tmp_path: Path
) -> None:
    out = tmp_path / "n.ics"
    result = cli("calendar", *ARGS, "--one-event-per-night", "-o", str(out))
    assert result.exit_code == 0, result.output
    data = out.read_bytes()
    assert b"RRULE" not in data
    check_raw(data)
    doses = {}
    for event in parse(data).events:
        start = event.dtstart
        if isinstance(start, datetime):
            night = start.date()
            assert night not in doses, f"two dose events on {night}"
            doses[night] = (start.astimezone(LONDON).time(), first_mg(event.summary))
    nights = [date(2027, 3, 20) + timedelta(days=n) for n in range(28)]
    assert sorted(doses) == nights
    assert all(at == time(22) for at, _mg in doses.values())  # 22:00 before and after 28 March
    assert [doses[n][1] for n in nights] == [1] * 14 + [2] * 14


def test_the_same_plan_gives_the_same_bytes_and_other_uids_than_repeating_events(
    cli: Cli, tmp_path: Path
) -> None:
    a, b, r = tmp_path / "a.ics", tmp_path / "b.ics", tmp_path / "r.ics"
    for path in (a, b):
        assert cli("calendar", *ARGS, "--one-event-per-night", "-o", str(path)).exit_code == 0
    assert cli("calendar", *ARGS, "-o", str(r)).exit_code == 0
    assert a.read_bytes() == b.read_bytes()
    nightly = {e.uid for e in parse(a.read_bytes()).events}
    repeating = {e.uid for e in parse(r.read_bytes()).events}
    # Two banners, the review and the first night of the increase are the same events; only
    # the two repeating events (13 and 14 nights) became nights of their own.
    assert len(repeating) == 6
    assert len(nightly) == 4 + 13 + 14
    assert len(repeating & nightly) == 4
