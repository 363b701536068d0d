"""``ldn-titrate calendar``: the .ics must import everywhere and never show a wrong dose or night.

Every file made here is parsed by ``ical`` (a strict parser independent of icalendar, which
writes it) and expanded with ical's timeline, so recurrence rules are checked as a client would
read them, not as we meant them.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from ical.calendar import Calendar as IcalCalendar
from ical.calendar_stream import IcsCalendarStream

from tests.conftest import FIXED_EPOCH, TEST_PLAN_ID, Cli, assert_golden, sealed

ROOT = Path(__file__).resolve().parent.parent
LONDON = "Europe/London"


@dataclass(frozen=True)
class Night:
    night: date
    dose_mg: Decimal
    paused: bool


def plan_json(cli: Cli, *args: str) -> dict[str, Any]:
    result = cli("plan", *args, "--format", "json")
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def nights_of(plan: dict[str, Any]) -> list[Night]:
    nights: list[Night] = []
    for step in plan["steps"]:
        start, end = date.fromisoformat(step["start"]), date.fromisoformat(step["end"])
        for offset in range((end - start).days + 1):
            nights.append(
                Night(
                    start + timedelta(days=offset),
                    Decimal(str(step["dose_mg"])),
                    step["phase"] == "paused",
                )
            )
    return nights


def make(cli: Cli, out: Path, *args: str) -> bytes:
    result = cli("calendar", *args, "-o", str(out))
    assert result.exit_code == 0, result.output
    return out.read_bytes()


def parse(data: bytes) -> IcalCalendar:
    return IcsCalendarStream.calendar_from_ics(data.decode("utf-8"))


def unfolded(data: bytes) -> list[str]:
    return data.decode("utf-8").replace("\r\n ", "").split("\r\n")


def first_mg(summary: str) -> Decimal:
    """The dose in mg a title names: beside the amount to measure, ``0.5 mL (2.5 mg)``."""
    match = re.search(r"\((\d+(?:\.\d+)?) mg\)", summary) or re.search(
        r"(\d+(?:\.\d+)?) mg", summary
    )
    assert match, summary
    return Decimal(match[1])


def check_raw(data: bytes) -> None:
    """RFC 5545 on the wire: CRLF everywhere, folded at 75 octets, unique UIDs, zoned times."""
    assert data.endswith(b"END:VCALENDAR\r\n")
    assert data.count(b"\n") == data.count(b"\r\n"), "a bare LF"
    assert b"\r" not in data.replace(b"\r\n", b""), "a bare CR"
    for raw in data.split(b"\r\n"):
        assert len(raw) <= 75, raw
    lines = unfolded(data)
    uids = [line for line in lines if line.startswith("UID:")]
    assert len(uids) == len(set(uids))
    for line in uids:
        uuid.UUID(line.removeprefix("UID:"))  # nothing but a uuid: no patient text
    in_event = False
    for line in lines:
        in_event = line == "BEGIN:VEVENT" or (in_event and line != "END:VEVENT")
        if in_event and line.startswith(("DTSTART", "DTEND")) and "VALUE=DATE" not in line:
            assert ";TZID=" in line, f"floating or UTC time: {line}"
            assert not line.endswith("Z"), line
    assert "PRODID:-//ldn-titrate//LDN titration calendar//EN" in lines
    calendar = parse(data)
    for event in calendar.events:
        end = event.dtend
        assert end is not None
        assert end > event.dtstart, event.summary


def check_nights(
    data: bytes, plan: dict[str, Any], bedtime: time, zone: str, remind: int = 0
) -> None:
    """One dose occurrence per night at the dose time in local time with the night's dose; a
    banner per step covering exactly its nights; the review on its date.
    """
    check_raw(data)
    tz = ZoneInfo(zone)
    calendar = parse(data)
    doses: dict[date, list[Any]] = {}
    banners: list[Any] = []
    reviews: list[Any] = []
    for event in calendar.timeline_tz(tz):
        if isinstance(event.dtstart, datetime):
            local = event.dtstart.astimezone(tz)
            day = local.date() - timedelta(days=1) if local.time() < time(12) else local.date()
            assert local.time() == bedtime, (event.summary, local)
            doses.setdefault(day, []).append(event)
        elif "review" in (event.summary or ""):
            reviews.append(event)
        else:
            banners.append(event)
    expected = nights_of(plan)
    taken = [n for n in expected if not n.paused]
    assert sorted(doses) == [n.night for n in taken], "dose events on the wrong nights"
    for night in taken:
        [event] = doses[night.night]
        assert first_mg(event.summary) == night.dose_mg, (night, event.summary)
        [alarm] = event.alarm
        assert alarm.action == "DISPLAY"
        assert alarm.trigger == timedelta(minutes=-remind)
    covered = sorted((b.dtstart, b.dtend - timedelta(days=1)) for b in banners)
    steps = [(date.fromisoformat(s["start"]), date.fromisoformat(s["end"])) for s in plan["steps"]]
    assert covered == steps
    for banner, step in zip(sorted(banners, key=lambda b: b.dtstart), plan["steps"], strict=True):
        assert banner.transparency == "TRANSPARENT"
        if step["phase"] == "paused":
            assert "paused" in banner.summary
        else:
            assert first_mg(banner.summary) == Decimal(str(step["dose_mg"]))
            assert f"(step {step['number']} of {len(plan['steps'])})" in banner.summary
    [review] = reviews
    assert review.dtstart == date.fromisoformat(plan["review_date"])


PLANS = {
    "new-year": (["--preset", "standard", "--start-date", "2026-12-01"], LONDON, "22:00", 0),
    "spring-forward": (
        ["--preset", "standard", "--start-date", "2027-03-15"],
        LONDON,
        "22:00",
        15,
    ),
    "fall-back-after-midnight": (
        ["--preset", "standard", "--start-date", "2027-10-20"],
        LONDON,
        "00:30",
        0,
    ),
    "new-york-weekly": (
        [
            "--start-date",
            "2027-03-01",
            "--start-dose",
            "0.5",
            "--step",
            "500mcg",
            "--interval",
            "1w",
            "--ceiling",
            "3",
            "--maintain",
            "14",
        ],
        "America/New_York",
        "21:30",
        30,
    ),
    "single-step": (
        ["--start-date", "2026-12-28", "--start-dose", "3", "--ceiling", "3", "--maintain", "7"],
        "Australia/Sydney",
        "23:59",
        0,
    ),
}


@pytest.mark.parametrize("name", PLANS)
def test_one_dose_per_night_at_bedtime_with_the_right_dose(
    cli: Cli, tmp_path: Path, name: str
) -> None:
    args, zone, bedtime, remind = PLANS[name]
    data = make(
        cli, tmp_path / "p.ics", *args, "--tz", zone, "--bedtime", bedtime, "--remind", str(remind)
    )
    check_nights(data, plan_json(cli, *args), time.fromisoformat(bedtime), zone, remind)


def test_dst_change_keeps_local_bedtime_not_utc(cli: Cli, tmp_path: Path) -> None:
    args = ["--preset", "standard", "--start-date", "2027-03-15"]
    calendar = parse(make(cli, tmp_path / "p.ics", *args, "--tz", LONDON))
    tz = ZoneInfo(LONDON)
    by_night = {
        e.dtstart.astimezone(tz).date(): e.dtstart
        for e in calendar.timeline_tz(tz)
        if isinstance(e.dtstart, datetime)
    }
    before, after = by_night[date(2027, 3, 27)], by_night[date(2027, 3, 28)]
    assert before.astimezone(tz).utcoffset() == timedelta(0)
    assert after.astimezone(tz).utcoffset() == timedelta(hours=1)
    assert before.astimezone(tz).time() == after.astimezone(tz).time() == time(22)
    assert [tz.tz_id for tz in calendar.timezones] == [LONDON]


def test_increase_night_is_its_own_event(cli: Cli, tmp_path: Path) -> None:
    data = make(cli, tmp_path / "p.ics", "--preset", "standard", "--start-date", "2026-12-01")
    events = parse(data).events
    summaries = [e.summary for e in events]
    assert "Increase tonight: 2.5 mg (was 1.5 mg)" in summaries
    assert "LDN 2.5 mg nightly (step 2 of 4)" in summaries
    increase = next(e for e in events if (e.summary or "").startswith("Increase tonight: 2.5 mg"))
    assert increase.rrule is None
    assert increase.dtstart == datetime(2026, 12, 15, 22, tzinfo=ZoneInfo(LONDON))
    rest = next(e for e in events if e.summary == "LDN 2.5 mg")
    assert rest.rrule is not None
    assert rest.rrule.count == 13
    assert rest.rrule.until is None
    assert "RRULE:FREQ=DAILY;COUNT=13" in unfolded(data)


def test_default_zone_is_the_machines(cli: Cli, tmp_path: Path) -> None:
    data = make(cli, tmp_path / "p.ics", "--start-date", "2026-12-01")  # conftest: TZ=London
    assert "DTSTART;TZID=Europe/London:20261201T220000" in unfolded(data)


def test_default_zone_from_tz_with_colon(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TZ", ":America/New_York")
    data = make(cli, tmp_path / "p.ics", "--start-date", "2026-12-01")
    assert "DTSTART;TZID=America/New_York:20261201T220000" in unfolded(data)


@pytest.mark.parametrize("machine", ["UTC", "", "GMT0BST,M3.5.0/1,M10.5.0", "Etc/UTC"])
def test_machine_zone_without_an_iana_name_asks_for_tz(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, machine: str
) -> None:
    monkeypatch.setenv("TZ", machine)
    out = tmp_path / "p.ics"
    result = cli("calendar", "--start-date", "2026-12-01", "-o", str(out))
    assert result.exit_code == 2, result.output
    assert "--tz is needed" in result.output
    assert "Europe/London" in result.output  # an example of what to give
    assert not out.exists()


def test_golden_and_byte_identical(cli: Cli, tmp_path: Path) -> None:
    args = ["--preset", "standard", "--start-date", "2026-12-01", "--tz", LONDON, "--remind", "15",
            "--patient-id", "pat-a"]  # fmt: skip
    first = make(cli, tmp_path / "a.ics", *args)
    second = make(cli, tmp_path / "b.ics", *args)
    assert first == second
    masked = re.sub(
        rb"BEGIN:VTIMEZONE\r\n.*?END:VTIMEZONE\r\n",
        b"(VTIMEZONE masked: it follows the tz database)\r\n",
        first,
        flags=re.S,
    )
    assert masked.count(b"VTIMEZONE masked") == 1
    assert_golden("calendar-standard.ics", masked)


def test_output_does_not_depend_on_when_it_is_made(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    args = [
        "--preset",
        "standard",
        "--start-date",
        "2026-12-01",
        "--tz",
        LONDON,
        "--patient-id",
        "p",
    ]
    first = make(cli, tmp_path / "a.ics", *args)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(FIXED_EPOCH) + 86_400 * 3 + 17))
    second = make(cli, tmp_path / "b.ics", *args)
    assert first == second
    assert "DTSTAMP:20261201T000000Z" in unfolded(first)  # midnight UTC of the first night


def test_saved_plan_stamp_is_its_created(cli: Cli, tmp_path: Path) -> None:
    plan = tmp_path / "plan.json"
    result = cli("plan", "--preset", "standard", "--start-date", "2026-12-01", "-f", "json",
                 "--patient-id", "p", "-o", str(plan))  # fmt: skip
    assert result.exit_code == 0, result.output
    saved = make(cli, tmp_path / "saved.ics", "--plan", str(plan), "--tz", LONDON)
    built = make(cli, tmp_path / "built.ics", "--preset", "standard", "--start-date",
                 "2026-12-01", "--tz", LONDON, "--patient-id", "p")  # fmt: skip
    assert "DTSTAMP:20261124T000000Z" in unfolded(saved)  # the plan's created (FIXED_EPOCH)
    assert saved.replace(b"20261124T000000Z", b"20261201T000000Z") == built


def test_stdout(cli: Cli, tmp_path: Path) -> None:
    args = [
        "--preset",
        "standard",
        "--start-date",
        "2026-12-01",
        "--tz",
        LONDON,
        "--patient-id",
        "p",
    ]
    result = cli("calendar", *args, "-o", "-")
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes == make(cli, tmp_path / "p.ics", *args)


INJECTION = 'Ward 3\nBEGIN:VEVENT\r\nUID:evil;x=1,y\\z\nSUMMARY:"8 mg"\nEND:VEVENT\x00'


def test_title_cannot_inject(cli: Cli, tmp_path: Path) -> None:
    args = ["--preset", "standard", "--start-date", "2026-12-01", "--tz", LONDON]
    plain = parse(make(cli, tmp_path / "plain.ics", *args))
    data = make(cli, tmp_path / "titled.ics", *args, "--title", INJECTION)
    check_raw(data)
    titled = parse(data)
    expected = 'Ward 3\nBEGIN:VEVENT\nUID:evil;x=1,y\\z\nSUMMARY:"8 mg"\nEND:VEVENT'
    assert titled.name == [expected]
    assert len(titled.events) == len(plain.events)
    lines = unfolded(data)
    assert lines.count("BEGIN:VEVENT") == len(plain.events)
    assert [line for line in lines if line.startswith("NAME")] == [
        'NAME:Ward 3\\nBEGIN:VEVENT\\nUID:evil\\;x=1\\,y\\\\z\\nSUMMARY:"8 mg"\\nEND:VEVENT'
    ]


def test_no_identifying_text_by_default(cli: Cli, tmp_path: Path) -> None:
    data = make(cli, tmp_path / "p.ics", "--preset", "standard", "--start-date", "2026-12-01")
    assert parse(data).name == ["LDN titration plan"]
    assert "Title" not in data.decode()


def test_non_ascii_title_folds_by_octets(cli: Cli, tmp_path: Path) -> None:
    title = "Ménière clinic · LDN plan for Zoë — 夜の服薬 " * 3
    data = make(cli, tmp_path / "p.ics", "--start-date", "2026-12-01", "--title", title)
    check_raw(data)
    assert parse(data).name == [title]


def _saved_plan_with_pause_and_liquid(cli: Cli, path: Path) -> dict[str, Any]:
    """A plan as a later ``adjust`` would save it: a pause, a restart, a step back; 1 mg/mL."""
    plan = plan_json(cli, "--preset", "standard", "--start-date", "2026-12-01")
    steps = plan["steps"]
    one, two = steps[0], steps[1]
    pause = {"number": 2, "phase": "paused", "start": "2026-12-15", "end": "2026-12-17",
             "nights": 3, "dose_mg": 0}  # fmt: skip
    restart = {**one, "number": 3, "start": "2026-12-18", "end": "2026-12-31", "nights": 14}
    higher = {**two, "number": 4, "start": "2027-01-01", "end": "2027-01-14"}
    back = {**one, "number": 5, "start": "2027-01-15", "end": "2027-01-21", "nights": 7}
    new_steps = [one, pause, restart, higher, back]
    for step in new_steps:
        if step["phase"] != "paused":
            step["volume_ml"] = step["dose_mg"]
            step["syringe_ml"] = 3
    plan.update(
        steps=new_steps,
        review_date="2027-01-22",
        formulation={"form": "liquid", "concentration_mg_per_ml": 1},
    )
    path.write_text(sealed(plan), encoding="utf-8")
    return plan


def test_paused_step_has_no_dose_and_a_banner(cli: Cli, tmp_path: Path) -> None:
    plan_path = tmp_path / "plan.json"
    plan = _saved_plan_with_pause_and_liquid(cli, plan_path)
    data = make(cli, tmp_path / "p.ics", "--plan", str(plan_path), "--tz", LONDON)
    check_nights(data, plan, time(22), LONDON)
    summaries = [e.summary for e in parse(data).events]
    assert "LDN paused: no dose (step 2 of 5)" in summaries
    # What to measure comes first in every title, the mg beside it (issue 13).
    assert "Restart tonight: 1.5 mL of 1 mg/mL (1.5 mg) (after a pause)" in summaries
    assert "Increase tonight: 2.5 mL of 1 mg/mL (2.5 mg) (was 1.5 mg)" in summaries
    assert "Decrease tonight: 1.5 mL of 1 mg/mL (1.5 mg) (was 2.5 mg)" in summaries
    assert "LDN 1.5 mL of 1 mg/mL (1.5 mg)" in summaries


DOSE_TEXT_ERRORS = [
    (r"\d\.\d*0 mg", "trailing zero"),
    (r"(?<![\d])\.\d", "no leading zero"),
    (r"QHS|\bQD\b|\bHS\b|µg|\bcc\b|mg/ml|\bml\b", "forbidden abbreviation"),
]


def test_dose_text_follows_the_rules(cli: Cli, tmp_path: Path) -> None:
    plan_path = tmp_path / "plan.json"
    _saved_plan_with_pause_and_liquid(cli, plan_path)
    texts: list[str] = []
    for events in (
        parse(make(cli, tmp_path / "a.ics", "--plan", str(plan_path))).events,
        parse(make(cli, tmp_path / "b.ics", *PLANS["new-york-weekly"][0])).events,
    ):
        for event in events:
            texts += [event.summary or "", event.description or ""]
            texts += [alarm.description or "" for alarm in event.alarm]
    prose = "\n".join(texts).replace("step 1 of", "")
    for pattern, rule in DOSE_TEXT_ERRORS:
        assert not re.search(pattern, prose), (rule, re.search(pattern, prose))
    assert "0.5 mg" in prose
    assert "If they persist" in prose  # the side-effects line


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--tz", "Europe/Londn"], "--tz 'Europe/Londn' is not an IANA time zone name"),
        (["--tz", "UTC"], "--tz 'UTC' is a fixed offset"),
        (["--tz", "Etc/GMT+5"], "--tz 'Etc/GMT+5' is a fixed offset"),
        (["--bedtime", "9:30"], "--bedtime '9:30' is not a time"),
        (["--bedtime", "24:00"], "--bedtime '24:00' is not a time of day"),
        (["--bedtime", "08:00"], "--bedtime '08:00' is a morning time"),
        (["--remind", "-5"], "--remind -5 is outside 0 to 720"),
        (["--remind", "721"], "--remind 721 is outside 0 to 720"),
    ],
)
def test_bad_input_exits_2_and_writes_nothing(
    cli: Cli, tmp_path: Path, args: list[str], expected: str
) -> None:
    out = tmp_path / "p.ics"
    result = cli("calendar", "--start-date", "2026-12-01", *args, "-o", str(out))
    assert result.exit_code == 2, result.output
    assert expected in result.output
    assert "Traceback" not in result.output
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []


def test_every_problem_at_once(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "p.ics"
    out.write_bytes(b"keep me")
    result = cli("calendar", "--start-dose", "9", "--tz", "Mars/Olympus", "--bedtime", "7pm",
                 "-o", str(out))  # fmt: skip
    assert result.exit_code == 2, result.output
    for flag in ("-o ", "--start-dose", "--tz", "--bedtime"):
        assert f"error: {flag}" in result.output, flag
    assert out.read_bytes() == b"keep me"


def test_missing_output_exits_2(cli: Cli) -> None:
    result = cli("calendar", "--start-date", "2026-12-01")
    assert result.exit_code == 2, result.output
    assert "--output" in result.output


def test_existing_file_needs_force(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "p.ics"
    out.write_bytes(b"old")
    result = cli("calendar", "--start-date", "2026-12-01", "-o", str(out))
    assert result.exit_code == 2, result.output
    assert "--force" in result.output
    assert out.read_bytes() == b"old"
    result = cli("calendar", "--start-date", "2026-12-01", "-o", str(out), "--force")
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"BEGIN:VCALENDAR\r\n")


def test_plan_cannot_mix_with_schedule_options(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "p.ics"
    result = cli("calendar", "--plan", str(tmp_path / "none.json"), "--start-dose", "1",
                 "-o", str(out))  # fmt: skip
    assert result.exit_code == 2, result.output
    assert "--plan cannot be combined" in result.output
    assert not out.exists()


PROBE = """
import runpy, sys
sys.argv = ["ldn-titrate", *sys.argv[1:]]
try:
    runpy.run_module("ldn_titrate", run_name="__main__")
except SystemExit as stop:
    assert not stop.code, stop.code
sys.stderr.write(f"icalendar imported: {'icalendar' in sys.modules}\\n")
"""


def _imports_icalendar(*args: str) -> bool:
    env = {**os.environ, "SOURCE_DATE_EPOCH": FIXED_EPOCH, "TZ": LONDON, "NO_COLOR": "1"}
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return "icalendar imported: True" in done.stderr


def test_plan_does_not_import_icalendar() -> None:
    assert not _imports_icalendar("plan", "--start-date", "2026-12-01")
    assert _imports_icalendar(
        "calendar", "--start-date", "2026-12-01", "-o", "-"
    )  # the probe works


def test_machine_zone_sources(tmp_path: Path) -> None:
    from ldn_titrate.cli.timezone import machine_zone

    zoneinfo_dir = tmp_path / "usr/share/zoneinfo/Europe"
    zoneinfo_dir.mkdir(parents=True)
    (zoneinfo_dir / "Paris").write_bytes(b"TZif")
    link = tmp_path / "localtime"
    link.symlink_to(zoneinfo_dir / "Paris")
    absent = tmp_path / "absent"
    named = tmp_path / "timezone"
    named.write_text("Asia/Tokyo\n", encoding="utf-8")
    assert machine_zone({"TZ": "Europe/Berlin"}, link, named) == "Europe/Berlin"
    assert machine_zone({"TZ": "/usr/share/zoneinfo/Asia/Kolkata"}, link, named) == "Asia/Kolkata"
    assert machine_zone({"TZ": "EST5EDT,M3.2.0,M11.1.0"}, link, named) is None
    assert machine_zone({}, link, named) == "Europe/Paris"
    assert machine_zone({}, absent, named) == "Asia/Tokyo"
    assert machine_zone({}, absent, absent) is None
    named.write_text("not a zone", encoding="utf-8")
    assert machine_zone({}, absent, named) is None


def test_calendar_is_listed_in_help(cli: Cli) -> None:
    result = cli("--help")
    assert result.exit_code == 0, result.output
    assert "calendar" in result.output
    result = cli("calendar", "--help")
    assert result.exit_code == 0, result.output
    for flag in ("--bedtime", "--remind", "--tz", "--title", "--output", "--force", "--plan"):
        assert flag in result.output


ZONES = ["Europe/London", "America/New_York", "Australia/Sydney", "Asia/Kolkata", "Pacific/Apia"]
BEDTIMES = [time(12), time(20, 45), time(22), time(23, 59), time(0), time(0, 30), time(5, 59)]


@settings(max_examples=25, deadline=None)
@given(
    start=st.dates(min_value=date(2026, 1, 1), max_value=date(2035, 12, 31)),
    start_tenths=st.integers(min_value=1, max_value=30),
    step_tenths=st.integers(min_value=1, max_value=15),
    interval=st.integers(min_value=1, max_value=30),
    maintain=st.integers(min_value=1, max_value=60),
    zone=st.sampled_from(ZONES),
    bedtime=st.sampled_from(BEDTIMES),
    remind=st.integers(min_value=0, max_value=720),
)
def test_any_plan_gives_one_dose_per_night(
    start: date,
    start_tenths: int,
    step_tenths: int,
    interval: int,
    maintain: int,
    zone: str,
    bedtime: time,
    remind: int,
) -> None:
    """Engine to calendar for plans the CLI would build, in zones with and without DST."""
    from ldn_titrate.core.engine import build_schedule
    from ldn_titrate.core.model import PolicyRef, TitrationRequest
    from ldn_titrate.render import plan_json as plan_file_writer
    from ldn_titrate.render.calendar.ics import CalendarOptions, render, stamp_for

    request = TitrationRequest(
        start_date=start,
        start_dose_mg=Decimal(start_tenths) / 10,
        step_mg=Decimal(step_tenths) / 10,
        interval_days=interval,
        ceiling_mg=Decimal("4.5"),
        maintain_days=maintain,
    )
    ref = PolicyRef(source="test", sha256="0" * 64)
    schedule = build_schedule(request, plan_id=TEST_PLAN_ID, policy=ref)
    options = CalendarOptions(
        bedtime=bedtime, tz=zone, stamp=stamp_for(schedule, saved=False), remind_minutes=remind
    )
    data = render(schedule, options)
    check_nights(data, json.loads(plan_file_writer.dumps(schedule)), bedtime, zone, remind)


def test_saved_plan_revision_and_created_offset(cli: Cli, tmp_path: Path) -> None:
    """A revised plan keeps its UIDs and raises SEQUENCE; a created time in any offset (or
    none, read as UTC) becomes a UTC DTSTAMP.
    """
    plan = plan_json(cli, "--preset", "standard", "--start-date", "2026-12-01")
    first = tmp_path / "r1.json"
    first.write_text(json.dumps(plan), encoding="utf-8")
    plan.update(revision=3, created="2026-12-20T09:30:00+02:00")
    third = tmp_path / "r3.json"
    third.write_text(sealed(plan), encoding="utf-8")
    plan.update(created="2026-12-20T09:30:00")
    naive = tmp_path / "naive.json"
    naive.write_text(sealed(plan), encoding="utf-8")
    one = unfolded(make(cli, tmp_path / "r1.ics", "--plan", str(first)))
    three = unfolded(make(cli, tmp_path / "r3.ics", "--plan", str(third)))
    assert [x for x in one if x.startswith("UID:")] == [x for x in three if x.startswith("UID:")]
    assert "SEQUENCE:0" in one
    assert "SEQUENCE:0" not in three
    assert "SEQUENCE:2" in three
    assert "DTSTAMP:20261220T073000Z" in three
    assert "DTSTAMP:20261220T093000Z" in unfolded(
        make(cli, tmp_path / "n.ics", "--plan", str(naive))
    )


def test_plan_warnings_reach_the_clinician_not_the_file(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "p.ics"
    result = cli("calendar", "--start-date", "2028-06-01", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "warning: --start-date 2028-06-01 is 555 days after today" in result.stderr
    assert b"555 days" not in out.read_bytes()


def test_empty_title_keeps_the_default_name(cli: Cli, tmp_path: Path) -> None:
    data = make(cli, tmp_path / "p.ics", "--start-date", "2026-12-01", "--title", "\x00\x07")
    assert parse(data).name == ["LDN titration plan"]
