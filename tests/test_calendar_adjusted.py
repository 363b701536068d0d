"""The calendar of an adjusted plan (issues 4 and 6): right night, time and dose after every kind
of change, and event identity across revisions (UID kept, SEQUENCE raised, removed ones
cancelled), checked as a strict independent parser (``ical``) reads and expands the file.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ldn_titrate.core.errors import InputError
from ldn_titrate.core.model import DoseTime, Phase, Schedule
from ldn_titrate.plans.adjust.apply import adjust
from ldn_titrate.plans.adjust.kind import Adjustment
from ldn_titrate.plans.adjust.kinds.discontinue import Discontinue
from ldn_titrate.plans.adjust.kinds.dose_time import SetDoseTime
from ldn_titrate.plans.adjust.kinds.hold import Hold
from ldn_titrate.plans.adjust.kinds.pause import Pause
from ldn_titrate.plans.adjust.kinds.step_back import StepBack
from ldn_titrate.plans.adjust.kinds.stop_at_current import StopAtCurrent
from ldn_titrate.plans.adjust.kinds.undo import Undo
from ldn_titrate.render.calendar.ics import CalendarOptions, render, stamp_for
from tests.conftest import Cli
from tests.test_adjust import LOADED, MADE, standard
from tests.test_calendar import check_raw, first_mg, parse, unfolded

LONDON = "Europe/London"
TZ = ZoneInfo(LONDON)
BEDTIME = time(22)
D = Decimal


def step(
    schedule: Schedule, change: Adjustment, on: date | None, made: datetime = MADE
) -> Schedule:
    return adjust(schedule, change, on, made_at=made, loaded=LOADED, reason="why")


def ics(schedule: Schedule, bedtime: time = BEDTIME, zone: str = LONDON) -> bytes:
    options = CalendarOptions(bedtime=bedtime, tz=zone, stamp=stamp_for(schedule, saved=True))
    return render(schedule, options)


def expected_doses(schedule: Schedule, bedtime: time = BEDTIME) -> dict[datetime, Decimal]:
    """Worked out here from the steps, not by the renderer's code: a morning step's night D is
    taken on the morning of D (08:00 or its ``at``); a bedtime one on D, or D + 1 before noon.
    """
    doses: dict[datetime, Decimal] = {}
    for s in schedule.steps:
        if s.phase is Phase.PAUSED:
            continue
        clock = time.fromisoformat(s.at) if s.at else None
        for offset in range(s.nights):
            night = s.start + timedelta(days=offset)
            if s.dose_time is DoseTime.MORNING:
                moment = datetime.combine(night, clock or time(8), TZ)
            else:
                clock_ = clock or bedtime
                day = night + timedelta(days=1) if clock_ < time(12) else night
                moment = datetime.combine(day, clock_, TZ)
            assert moment not in doses
            doses[moment] = s.dose_mg
    return doses


@dataclass
class Expanded:
    doses: list[tuple[datetime, Any]]  # (local start, event) of every dose occurrence shown
    cancelled: list[Any]  # events with STATUS:CANCELLED, counted apart
    other: list[Any]  # banners and the review


def expand(data: bytes) -> Expanded:
    check_raw(data)
    result = Expanded([], [], [])
    for event in parse(data).timeline_tz(TZ):
        if event.status == "CANCELLED":
            result.cancelled.append(event)
        elif isinstance(event.dtstart, datetime):
            result.doses.append((event.dtstart.astimezone(TZ), event))
        else:
            result.other.append(event)
    return result


def check_doses(schedule: Schedule, data: bytes, bedtime: time = BEDTIME) -> Expanded:
    """Exactly one dose occurrence per night of the plan, at its local time, with its dose."""
    expanded = expand(data)
    expected = expected_doses(schedule, bedtime)
    moments = [moment for moment, _ in expanded.doses]
    assert len(moments) == len(set(moments)), "two dose events at one time"
    assert sorted(moments) == sorted(expected), "dose events on the wrong nights or times"
    for moment, event in expanded.doses:
        assert first_mg(event.summary) == expected[moment], (moment, event.summary)
        [alarm] = event.alarm
        assert alarm.action == "DISPLAY"
    days = [moment.date() for moment in moments]
    assert len(days) == len(set(days)), "two doses on one calendar day"
    banners = sorted((e.dtstart, e.dtend) for e in expanded.other if "review" not in e.summary)
    assert banners == [(s.start, s.end + timedelta(days=1)) for s in schedule.steps]
    return expanded


def events_by_uid(data: bytes) -> dict[str, dict[str, str]]:
    """Each VEVENT's properties as written (first value of each name), keyed by UID."""
    events: dict[str, dict[str, str]] = {}
    current: dict[str, str] | None = None
    for line in unfolded(data):
        if line == "BEGIN:VEVENT":
            current = {}
        elif line == "END:VEVENT" and current is not None:
            events[current["UID"]] = current
            current = None
        elif current is not None and ":" in line and not line.startswith(("BEGIN", "END")):
            name, _, value = line.partition(":")
            current.setdefault(name.split(";")[0], value)
    return events


def on(text: str) -> date:
    return date.fromisoformat(text)


SCENARIOS: dict[str, list[tuple[Adjustment, date | None]]] = {
    "hold": [(Hold(7), on("2026-12-20"))],
    "step-back": [(StepBack(), on("2026-12-22"))],
    "stop-at-current": [(StopAtCurrent(), on("2027-01-05"))],
    "pause": [(Pause(on("2027-01-10"), D("1.5")), on("2027-01-01"))],
    "morning": [(SetDoseTime(DoseTime.MORNING, None), on("2026-12-18"))],
    "morning-at-0715": [(SetDoseTime(DoseTime.MORNING, "07:15"), on("2026-12-18"))],
    "bedtime-at-0030": [(SetDoseTime(DoseTime.BEDTIME, "00:30"), on("2026-12-18"))],
    "discontinue": [(Discontinue(), on("2027-01-05"))],
    "undo": [(Discontinue(), on("2027-01-05")), (Undo(), None)],
    "chain": [
        (StepBack(), on("2026-12-22")),
        (SetDoseTime(DoseTime.MORNING, None), on("2027-01-08")),
        (Pause(on("2027-01-20"), None), on("2027-01-15")),
        (SetDoseTime(DoseTime.BEDTIME, "21:30"), on("2027-02-01")),
        (Hold(3), on("2027-02-03")),
        (Discontinue(), on("2027-02-20")),
    ],
}


def chain(name: str) -> list[Schedule]:
    plans = [standard()]
    for number, (change, night) in enumerate(SCENARIOS[name], start=2):
        made = datetime(2026, 12, number, 9, tzinfo=UTC)
        plans.append(step(plans[-1], change, night, made))
    return plans


@pytest.mark.parametrize("name", SCENARIOS)
def test_one_dose_per_night_after_every_adjustment(name: str) -> None:
    for plan in chain(name):
        data = ics(plan)
        check_doses(plan, data)
        assert data == ics(plan), "not byte-identical"


def test_switch_to_morning_is_one_dose_per_date_and_says_so() -> None:
    _, moved = chain("morning")
    expanded = check_doses(moved, ics(moved))
    moments = {m.date(): m for m, _ in expanded.doses}
    assert moments[on("2026-12-17")].time() == time(22)  # last bedtime dose: the night before
    assert moments[on("2026-12-18")].time() == time(8)  # first morning dose: the morning of --on
    [switch] = [e for m, e in expanded.doses if m.date() == on("2026-12-18")]
    assert switch.summary == "Dose time changes: LDN 2.5 mg in the morning (was at bedtime)"
    assert "not also at the old time" in switch.description
    banner = next(e for e in expanded.other if e.dtstart == on("2026-12-18"))
    assert banner.summary == "LDN 2.5 mg each morning (step 3 of 5)"
    assert "2.5 mg in the morning" in banner.description
    later = next(e for m, e in expanded.doses if m.date() == on("2026-12-29"))
    assert later.summary == "Increase this morning: 3.5 mg (was 2.5 mg)"


def test_bedtime_at_its_own_time_replaces_the_command_bedtime() -> None:
    _, moved = chain("bedtime-at-0030")
    expanded = check_doses(moved, ics(moved, bedtime=time(21)), bedtime=time(21))
    moments = dict(expanded.doses)
    first = datetime(2026, 12, 19, 0, 30, tzinfo=TZ)  # night of 18 Dec, in the early hours
    assert moments[first].summary == "Dose time changes: LDN 2.5 mg at 00:30 (was 21:00)"
    assert datetime(2026, 12, 17, 21, tzinfo=TZ) in moments


def test_provisional_retry_says_so_everywhere() -> None:
    _, backed = chain("step-back")
    expanded = expand(ics(backed))
    retry = on("2027-01-05")
    wording = (
        "Take this dose only if the side effects have settled; if not, stay on 1.5 mg, do not "
        "follow the later dates or reminders in this plan, and call the clinic."
    )
    banner = next(e for e in expanded.other if e.dtstart == retry)
    assert banner.summary.endswith(", only if the side effects have settled")
    assert wording in banner.description
    first = next(e for m, e in expanded.doses if m.date() == retry)
    assert (
        first.summary
        == "Increase tonight: 2.5 mg (was 1.5 mg), only if the side effects have settled"
    )
    assert wording in first.description
    assert first.alarm[0].description == first.summary
    rest = next(e for m, e in expanded.doses if m.date() == retry + timedelta(days=1))
    assert rest.summary == "LDN 2.5 mg (only if the side effects have settled)"
    assert wording in rest.description
    unmarked = [e for m, e in expanded.doses if m.date() < retry]
    assert not any("settled" in e.summary for e in unmarked)
    # Every step after the retried one applies only if the retried dose was taken (issue 24:
    # the patient who stayed on 1.5 mg is never told to take more than the retried dose).
    later = [e for m, e in expanded.doses if m.date() >= on("2027-01-19")]
    assert later
    assert not any("settled" in e.summary for e in later)
    assert all(e.summary.endswith("if 2.5 mg went well)") or "if 2.5 mg went well" in e.summary
               for e in later)  # fmt: skip
    went_up = (
        "Take this dose only if you went up to 2.5 mg on Tue 5 Jan 2027; if you did not, stay on "
        "1.5 mg and call the clinic."
    )
    assert all(went_up in e.description for e in later)


def test_restart_night_carries_the_opioid_note() -> None:
    _, paused = chain("pause")
    expanded = check_doses(paused, ics(paused))
    restart = on("2027-01-11")
    assert not [m for m, _ in expanded.doses if on("2027-01-01") <= m.date() <= on("2027-01-10")]
    [event] = [e for m, e in expanded.doses if m.date() == restart]
    assert event.summary == "Restart tonight: 1.5 mg (after a pause)"
    assert "do not restart LDN while taking any opioid" in event.description
    assert "opioid-free for 10 days" in event.alarm[0].description
    banner = next(e for e in expanded.other if e.dtstart == restart)
    assert "do not restart LDN while taking any opioid" in banner.description
    assert any(e.summary.startswith("LDN paused: no dose") for e in expanded.other)
    later = [e for m, e in expanded.doses if m.date() > restart]
    assert not any("opioid-free" in e.description for e in later)


def test_unchanged_events_keep_uid_and_sequence_changed_ones_are_raised() -> None:
    first, held = chain("hold")
    one, two = events_by_uid(ics(first)), events_by_uid(ics(held))
    assert set(one) <= set(two), "an event of revision 1 lost its UID"
    unchanged = [uid for uid in one if one[uid] == two[uid]]
    assert {one[uid]["SUMMARY"] for uid in unchanged} == {
        "LDN 1.5 mg nightly (step 1 of 4)",
        "LDN 1.5 mg",
    }
    for uid in unchanged:
        assert two[uid]["SEQUENCE"] == "0"
    changed = {two[uid]["SUMMARY"]: two[uid] for uid in one if uid not in unchanged}
    for summary, event in changed.items():
        assert event["SEQUENCE"] == "1", summary
        assert event["DTSTAMP"] == "20261202T090000Z", summary  # when the hold was made
    # Step 2 grew in place: same UIDs, longer.
    assert changed["LDN 2.5 mg"].get("STATUS") is None
    assert changed["LDN 2.5 mg"]["RRULE"] == "FREQ=DAILY;COUNT=20"
    # Steps 3 and 4 start a week later: the old events are cancelled, new ones take their place.
    cancelled = {two[uid]["SUMMARY"] for uid in one if two[uid].get("STATUS") == "CANCELLED"}
    assert cancelled == {
        "LDN 3.5 mg nightly (step 3 of 4)",
        "Increase tonight: 3.5 mg (was 2.5 mg)",
        "LDN 3.5 mg",
        "LDN 4.5 mg nightly (step 4 of 4)",
        "Increase tonight: 4.5 mg (was 3.5 mg)",
        "LDN 4.5 mg",
    }
    new = [two[uid] for uid in two if uid not in one]
    assert len(new) == 6
    assert all(event["SEQUENCE"] == "1" and "STATUS" not in event for event in new)
    assert "BEGIN:VALARM" not in "".join(
        line for uid in one if two[uid].get("STATUS") == "CANCELLED" for line in two[uid]
    )


def test_step_back_keeps_the_uids_of_the_split_step() -> None:
    first, backed = chain("step-back")
    one, two = events_by_uid(ics(first)), events_by_uid(ics(backed))
    step_two = [
        uid for uid in one if one[uid]["SUMMARY"].startswith(("LDN 2.5", "Increase tonight: 2.5"))
    ]
    assert len(step_two) == 3
    for uid in step_two:
        assert two[uid].get("STATUS") is None
        assert two[uid]["SEQUENCE"] == "1"
    rest = next(uid for uid in step_two if one[uid]["SUMMARY"] == "LDN 2.5 mg")
    assert (one[rest]["RRULE"], two[rest]["RRULE"]) == ("FREQ=DAILY;COUNT=13", "FREQ=DAILY;COUNT=6")


def test_discontinue_cancels_later_events_and_undo_restores_them() -> None:
    first, stopped, undone = chain("undo")
    one = events_by_uid(ics(first))
    expanded = check_doses(stopped, data := ics(stopped))
    two = events_by_uid(data)
    assert max(m.date() for m, _ in expanded.doses) == on("2027-01-04")
    # The step 4 banner, first night and recurrence: cancelled, counted apart from the doses.
    assert len({e.uid for e in expanded.cancelled}) == 3
    assert len(expanded.cancelled) == 1 + 1 + 27  # the recurrence expands too
    cancelled = {uid for uid, e in two.items() if e.get("STATUS") == "CANCELLED"}
    assert cancelled < set(one)
    assert all(two[uid]["SEQUENCE"] == "1" for uid in cancelled)
    review = next(uid for uid in one if one[uid]["SUMMARY"].startswith("LDN review"))
    assert (one[review]["DTSTART"], two[review]["DTSTART"]) == ("20270209", "20270105")
    assert "Discontinued from Tue 5 Jan 2027" in two[review]["DESCRIPTION"]
    three = events_by_uid(undone_data := ics(undone))
    check_doses(undone, undone_data)
    assert set(three) == set(one)
    for uid in cancelled:
        assert three[uid]["STATUS"] == "CONFIRMED"
        assert three[uid]["SEQUENCE"] == "2"
        assert three[uid]["SUMMARY"] == one[uid]["SUMMARY"]
    assert not expand(undone_data).cancelled


def test_unadjusted_plan_is_as_before_and_history_is_read_whole() -> None:
    plan = standard()
    assert b"STATUS:" not in ics(plan)
    assert b"SEQUENCE:0" in ics(plan)
    plans = chain("chain")
    last = events_by_uid(ics(plans[-1]))
    for earlier in plans[:-1]:
        # Every event any revision had is in the latest file: active, or cancelled.
        assert set(events_by_uid(ics(earlier))) <= set(last)
    sequences = {int(e["SEQUENCE"]) for e in last.values()}
    assert sequences <= set(range(len(plans)))


def test_cli_adjust_then_calendar(cli: Cli, tmp_path: Path) -> None:
    plan, moved, out = tmp_path / "p.json", tmp_path / "p2.json", tmp_path / "p2.ics"
    assert cli("plan", "--preset", "standard", "--start-date", "2026-12-01", "-f", "json",
               "-o", str(plan)).exit_code == 0  # fmt: skip
    result = cli("adjust", str(plan), "--dose-time", "morning", "--at", "07:30", "--on",
                 "2026-12-18", "--reason", "insomnia", "-o", str(moved))  # fmt: skip
    assert result.exit_code == 0, result.output
    result = cli("calendar", "--plan", str(moved), "--tz", LONDON, "-o", str(out))
    assert result.exit_code == 0, result.output
    schedule = Schedule.model_validate(json.loads(moved.read_text(encoding="utf-8")))
    expanded = check_doses(schedule, out.read_bytes())
    assert datetime(2026, 12, 18, 7, 30, tzinfo=TZ) in {m for m, _ in expanded.doses}


KINDS = st.sampled_from(
    ["hold", "step-back", "stop", "pause", "morning", "bedtime", "stop-plan", "undo"]
)


def _make(kind: str, night: date) -> tuple[Adjustment, date | None]:
    return {
        "hold": (Hold(3), night),
        "step-back": (StepBack(), night),
        "stop": (StopAtCurrent(), night),
        "pause": (Pause(night + timedelta(days=4), None), night),
        "morning": (SetDoseTime(DoseTime.MORNING, None), night),
        "bedtime": (SetDoseTime(DoseTime.BEDTIME, "23:15"), night),
        "stop-plan": (Discontinue(), night),
        "undo": (Undo(), None),
    }[kind]


@settings(max_examples=20, deadline=None)
@given(moves=st.lists(st.tuples(KINDS, st.integers(min_value=0, max_value=80)), max_size=5))
def test_any_chain_of_adjustments_gives_one_dose_per_night(moves: list[tuple[str, int]]) -> None:
    plan = standard()
    for kind, offset in moves:
        change, night = _make(kind, plan.first_night + timedelta(days=offset))
        try:
            plan = step(plan, change, night)
        except InputError:
            continue
    data = ics(plan)
    check_doses(plan, data)
    uids = [line for line in unfolded(data) if line.startswith("UID:")]
    assert len(uids) == len(set(uids))


def test_partial_history_starts_from_the_oldest_revision_it_holds() -> None:
    """A plan file whose history lost its first change (hand-edited, say) still gives a valid,
    deterministic file: the oldest revision it can rebuild is the base, its SEQUENCE revision-1;
    a change made at a naive time is read as UTC.
    """
    held = chain("hold")[1]
    backed = step(held, Hold(3), on("2027-01-25"), datetime(2026, 12, 5, 10))
    trimmed = backed.model_copy(update={"history": backed.history[1:]})
    events = events_by_uid(data := ics(trimmed))
    check_doses(trimmed, data)
    assert {e["SEQUENCE"] for e in events.values()} == {"1", "2"}
    assert {e["DTSTAMP"] for e in events.values() if e["SEQUENCE"] == "2"} == {"20261205T100000Z"}
    assert data == ics(trimmed)
