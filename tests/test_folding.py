"""The calendar's own line folding writes exactly what icalendar's to_ical writes."""

from __future__ import annotations

from datetime import UTC, datetime, time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Calendar, Event, vText
from icalendar.parser.content_line import Contentline

from ldn_titrate.core.language import resolve
from ldn_titrate.core.model import Schedule
from ldn_titrate.render.calendar.folding import fold, serialise
from ldn_titrate.render.calendar.ics import CalendarOptions, build, render
from ldn_titrate.render.calendar.lines import text
from tests.handout_helpers import adjusted, discontinued, schedule, with_liquid, with_pause


@settings(max_examples=300)
@given(
    st.text(
        alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\n"),
        max_size=400,
    )
)
def test_fold_matches_icalendar_for_any_line(line: str) -> None:
    assert fold(line) == Contentline(line).to_ical().decode()


@settings(max_examples=300)
@given(st.text(alphabet="ab\\^ ;,:", min_size=60, max_size=400))
def test_fold_matches_icalendar_for_long_ascii_lines_full_of_escapes(line: str) -> None:
    """ASCII lines are folded by slicing; the escape rule still holds at every cut."""
    assert fold(line) == Contentline(line).to_ical().decode()


def test_a_long_description_with_escapes_and_accents_folds_as_icalendar_does() -> None:
    event = Event()
    event.add("SUMMARY", vText("Zoë Øster-Łukasz, 1,5 mg; \\ ^ " * 9))
    event.add("DTSTART", datetime(2026, 12, 1, 22, tzinfo=UTC))
    calendar = Calendar()
    calendar.add_component(event)
    assert serialise(calendar.content_lines()) == calendar.to_ical()


@pytest.mark.parametrize(
    "plan",
    [schedule(), with_liquid(schedule(), "5"), with_pause(schedule()), discontinued()],
    ids=["standard", "liquid", "paused", "discontinued"],
)
@pytest.mark.parametrize("one_per_night", [False, True])
def test_whole_calendars_are_byte_identical_to_icalendars_serialiser(
    plan: Schedule, one_per_night: bool
) -> None:
    options = CalendarOptions(
        bedtime=time(22, 0),
        tz="Europe/London",
        stamp=datetime(2026, 11, 24, tzinfo=UTC),
        title="Zoë's LDN; 1,5 mg \\ nightly " * 4,
        one_per_night=one_per_night,
    )
    calendar = build(plan, options)
    assert render(plan, options) == calendar.to_ical()


# The plans of every kind a calendar says differently: revisions (cancelled and changed events,
# a morning dose, a pause), a liquid, a discontinued plan.
PLANS = {
    "standard": schedule(),
    "liquid": with_liquid(schedule(), "5"),
    "paused": with_pause(schedule()),
    "adjusted": adjusted(),
    "discontinued": discontinued(),
}


@settings(max_examples=60, deadline=None)
@given(
    plan=st.sampled_from(sorted(PLANS)),
    tz=st.sampled_from(["Europe/London", "UTC", "America/New_York", "Australia/Lord_Howe"]),
    remind=st.sampled_from([0, 15, 90, 720]),
    language=st.sampled_from(["en", "es", "es-ES"]),
    fresh=st.booleans(),
    one_per_night=st.booleans(),
    bedtime=st.sampled_from([time(22, 0), time(0, 30), time(8, 15)]),
)
def test_events_written_directly_are_icalendars_own_bytes(
    plan: str,
    tz: str,
    remind: int,
    language: str,
    fresh: bool,
    one_per_night: bool,
    bedtime: time,
) -> None:
    """render() writes each event's lines itself; build() makes icalendar's Event objects.
    Whatever the plan and the options, the two give the same bytes."""
    options = CalendarOptions(
        bedtime=bedtime,
        tz=tz,
        stamp=datetime(2026, 11, 24, tzinfo=UTC),
        remind_minutes=remind,
        fresh=fresh,
        one_per_night=one_per_night,
        language=resolve(language),
    )
    assert render(PLANS[plan], options) == build(PLANS[plan], options).to_ical()


@settings(max_examples=300)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60))
def test_text_is_escaped_as_icalendar_escapes_it(value: str) -> None:
    assert text(value) == vText(value).to_ical().decode()
