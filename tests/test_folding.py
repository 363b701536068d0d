"""The calendar's own line folding writes exactly what icalendar's to_ical writes."""

from __future__ import annotations

from datetime import UTC, datetime, time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Calendar, Event, vText
from icalendar.parser.content_line import Contentline

from ldn_titrate.core.model import Schedule
from ldn_titrate.render.calendar.folding import fold, serialise
from ldn_titrate.render.calendar.ics import CalendarOptions, build, render
from tests.handout_helpers import discontinued, schedule, with_liquid, with_pause


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
