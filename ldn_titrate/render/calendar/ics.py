"""The plan as an iCalendar file (RFC 5545) that Google, Apple and Outlook calendars import.

Imported only by the ``calendar`` command, because icalendar is slow to import. The output is
deterministic: UIDs are uuid5 names of the plan id and each event's role, DTSTAMP is given, and
PRODID names no library version, so the same inputs give the same bytes.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from icalendar import Alarm, Calendar, Event, vText
from icalendar.enums import STATUS, TRANSP

from ldn_titrate.core.language import ENGLISH, N_, Language
from ldn_titrate.core.model import Schedule
from ldn_titrate.core.text import is_kept
from ldn_titrate.render.calendar.folding import content_lines, serialise
from ldn_titrate.render.calendar.lines import STATUS_TEXT, event_lines
from ldn_titrate.render.calendar.revisions import Status, VersionedEvent, versioned_events
from ldn_titrate.render.calendar.zones import vtimezone

PRODID = "-//ldn-titrate//LDN titration calendar//EN"
DEFAULT_NAME = N_("LDN titration plan")
# Event UIDs are uuid5 names in this namespace: plan id + role, never anything about the patient.
UID_NAMESPACE = uuid.UUID("0f6a3c52-8d1e-5b7a-9c4f-2e8d7b1a6c30")
# How far the VTIMEZONE rules reach beyond the plan: a client that extends an event a little
# still finds the zone's transitions, while the file stays small.
ZONE_MARGIN = timedelta(days=366)


@dataclass(frozen=True)
class CalendarOptions:
    """What the calendar needs besides the schedule, all chosen and checked by the command."""

    bedtime: time
    tz: str
    stamp: datetime
    remind_minutes: int = 0
    title: str | None = None
    # For a first import (--fresh): leave out the events an adjustment cancelled, which a
    # client that ignores STATUS would otherwise show beside the ones that replaced them.
    fresh: bool = False
    # One VEVENT per night, no RRULE: for servers and clients whose recurrence expansion is
    # wrong. Each night's UID is its event's name and the night.
    one_per_night: bool = False
    # The patient's language: every SUMMARY, DESCRIPTION and reminder, and their LANGUAGE.
    language: Language = ENGLISH


def stamp_for(schedule: Schedule, *, saved: bool) -> datetime:
    """DTSTAMP: a saved plan's ``created``; else midnight UTC of the first night.

    A freshly built plan's ``created`` is the current time, so using it would make two runs
    with the same inputs differ; the first night is fixed by the inputs.
    """
    if saved and schedule.created is not None:
        created = schedule.created
        if created.tzinfo is None:
            created = created.replace(tzinfo=UTC)
        return created.astimezone(UTC)
    return datetime.combine(schedule.first_night, time(), tzinfo=UTC)


def event_uid(schedule: Schedule, role: str) -> str:
    return str(uuid.uuid5(UID_NAMESPACE, f"{schedule.id}/{role}"))


def clean_title(title: str) -> str:
    """A label as one line of text: newlines kept as text, other control characters dropped.

    icalendar escapes ``\\``, ``;``, ``,`` and newlines in TEXT values; characters RFC 5545 does
    not allow in TEXT at all (NUL, CR on its own, ...), bidi controls and zero-width characters
    are removed rather than written.
    """
    text = title.replace("\r\n", "\n").replace("\r", "\n")
    return "".join(ch for ch in text if ch in "\n\t" or is_kept(ch))


def render(schedule: Schedule, options: CalendarOptions) -> bytes:
    """The whole calendar as bytes: CRLF line endings and lines folded at 75 octets.

    The calendar's own properties and time zone are written from icalendar's objects; each
    event's lines are written directly (:mod:`lines`), exactly as :func:`build` has them.
    """
    shell = content_lines(_calendar(schedule, options))
    tag = None if options.language.english else options.language.tag
    events = [
        line
        for one in _events(schedule, options)
        for line in event_lines(
            one, event_uid(schedule, one.name), options.stamp, options.remind_minutes, tag
        )
    ]
    return serialise([*shell[:-1], *events, shell[-1]])


def build(schedule: Schedule, options: CalendarOptions) -> Calendar:
    """The calendar as icalendar components: what :func:`render` writes, byte for byte."""
    calendar = _calendar(schedule, options)
    for one in _events(schedule, options):
        calendar.add_component(_event(schedule, one, options))
    return calendar


def _calendar(schedule: Schedule, options: CalendarOptions) -> Calendar:
    """The calendar without its events: its name, UID and time zone."""
    zone = ZoneInfo(options.tz)
    calendar = Calendar.new(
        prodid=PRODID,
        calscale="GREGORIAN",
        uid=event_uid(schedule, "calendar"),
    )
    # icalendar 7.3 writes ``name=`` as an unescaped value; a vText is escaped as TEXT must be.
    name = clean_title(options.title or "") or options.language.text(DEFAULT_NAME)
    calendar.add("NAME", vText(name))
    calendar.add("X-WR-CALNAME", vText(name))
    # Our own VTIMEZONE, from zoneinfo: icalendar's puts each summer-time start an hour late
    # (see ldn_titrate.render.calendar.zones).
    calendar.add_component(
        vtimezone(zone, schedule.first_night - ZONE_MARGIN, schedule.review_date + ZONE_MARGIN)
    )
    return calendar


def _events(schedule: Schedule, options: CalendarOptions) -> Iterator[VersionedEvent]:
    """Every event the calendar holds, in order: a fresh calendar leaves out the cancelled."""
    zone = ZoneInfo(options.tz)
    for versioned in versioned_events(schedule, options.bedtime, zone, options.language):
        if options.fresh and versioned.status is Status.CANCELLED:
            continue
        yield from nightly(versioned) if options.one_per_night else [versioned]


def nightly(versioned: VersionedEvent) -> list[VersionedEvent]:
    """A recurring event as one event per night, same wall-clock time (DST-safe: aware
    datetimes with a ZoneInfo add days on the wall clock); other events as they are.
    """
    planned = versioned.planned
    if planned.count is None:
        return [versioned]
    nights = []
    for offset in range(planned.count):
        shift = timedelta(days=offset)
        start, end = planned.start + shift, planned.end + shift
        night = start.date() if isinstance(start, datetime) else start
        nights.append(
            replace(
                versioned,
                planned=replace(planned, start=start, end=end, count=None),
                name=f"{versioned.name}/{night.isoformat()}",
            )
        )
    return nights


def _event(schedule: Schedule, versioned: VersionedEvent, options: CalendarOptions) -> Event:
    """One VEVENT. Its UID, SEQUENCE, DTSTAMP and STATUS come from the plan's history, so a
    re-imported revision updates or cancels the events a client already has where it honours
    them (see :mod:`ldn_titrate.render.calendar.revisions`).
    """
    planned = versioned.planned
    event = Event.new(
        uid=event_uid(schedule, versioned.name),
        stamp=versioned.stamp or options.stamp,
        sequence=versioned.sequence,
        summary=planned.summary,
        description=planned.description,
        start=planned.start,
        end=planned.end,
        status=STATUS(text) if (text := STATUS_TEXT.get(versioned.status)) else None,
        transparency=TRANSP.TRANSPARENT if planned.transparent else None,
    )
    if not options.language.english:  # RFC 5545 3.2.10; English output stays as it always was
        for prop in ("SUMMARY", "DESCRIPTION"):
            event[prop].params["LANGUAGE"] = options.language.tag
    if planned.count is not None:
        # COUNT, not UNTIL: UNTIL must be in UTC for zoned events, which clients get wrong.
        event.add("RRULE", {"FREQ": "DAILY", "COUNT": planned.count})
    if planned.alert is not None and versioned.status is not Status.CANCELLED:
        # A cancelled event keeps no reminder: a client that shows it struck through must not
        # still ring for a dose that is no longer planned.
        alarm = Alarm.new_display(
            description=planned.alert,
            trigger=timedelta(minutes=-options.remind_minutes),
        )
        if not options.language.english:
            alarm["DESCRIPTION"].params["LANGUAGE"] = options.language.tag
        event.add_component(alarm)
    return event
