"""Each VEVENT's content lines written directly, byte for byte what icalendar writes for the
``Event`` that :func:`ics.build` makes: a calendar of nightly events has thousands of
properties, and icalendar's objects (made, validated, then walked again to be written) were
most of its render time. ``build`` stays the reference: a test compares the two on every kind
of calendar, and icalendar's own types are still used where their form is not trivial (the
TZID of a zone, a reminder's duration).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, tzinfo
from functools import lru_cache

from ldn_titrate.render.calendar.revisions import Status, VersionedEvent

# The STATUS an event is written with (none for an event never revised).
STATUS_TEXT = {Status.CONFIRMED: "CONFIRMED", Status.CANCELLED: "CANCELLED"}


def text(value: str) -> str:
    """A TEXT value escaped as icalendar escapes it (RFC 5545 3.3.11; the order matters)."""
    return (
        value.replace(r"\N", "\n")
        .replace("\\", "\\\\")
        .replace(";", r"\;")
        .replace(",", r"\,")
        .replace("\r\n", r"\n")
        .replace("\n", r"\n")
        .replace("\r", r"\n")
    )


def moment(name: str, value: date | datetime) -> str:
    """``DTSTART;TZID=Europe/London:20261201T220000``, ``DTSTAMP:…Z``, ``…;VALUE=DATE:…``."""
    if not isinstance(value, datetime):
        return f"{name};VALUE=DATE:{value.year:04}{value.month:02}{value.day:02}"
    params, utc = _zone_form(value.tzinfo)
    digits = (
        f"{value.year:04}{value.month:02}{value.day:02}"
        f"T{value.hour:02}{value.minute:02}{value.second:02}"
    )
    return f"{name}{params}:{digits}{'Z' if utc else ''}"


@lru_cache(maxsize=64)
def _zone_form(zone: tzinfo | None) -> tuple[str, bool]:
    """The parameters icalendar writes for a datetime in ``zone``, and whether it is UTC:
    asked of icalendar once per zone, since only the zone decides them.
    """
    from icalendar.prop import vDDDTypes

    sample = vDDDTypes(datetime(2000, 1, 1, tzinfo=zone))
    params = sample.params.to_ical(sorted=True).decode()
    return (f";{params}" if params else ""), sample.to_ical().endswith(b"Z")


@lru_cache(maxsize=64)
def duration(value: timedelta) -> str:
    from icalendar.prop import vDuration

    ical: bytes = vDuration(value).to_ical()  # type: ignore[no-untyped-call]
    return ical.decode()


def event_lines(
    versioned: VersionedEvent,
    uid: str,
    stamp: datetime,
    remind_minutes: int,
    language_tag: str | None,
) -> list[str]:
    """The unfolded lines of one VEVENT (and its VALARM) as ``ics.build`` makes it, in the order
    icalendar writes them: its canonical order for an event, then A to Z.
    """
    planned = versioned.planned
    tagged = f";LANGUAGE={language_tag}" if language_tag else ""
    lines = [
        "BEGIN:VEVENT",
        f"SUMMARY{tagged}:{text(planned.summary)}",
        moment("DTSTART", planned.start),
        moment("DTEND", planned.end),
        moment("DTSTAMP", versioned.stamp or stamp),
        f"UID:{uid}",
        f"SEQUENCE:{versioned.sequence}",
    ]
    if planned.count is not None:
        lines.append(f"RRULE:FREQ=DAILY;COUNT={planned.count}")
    lines.append(f"DESCRIPTION{tagged}:{text(planned.description)}")
    status = STATUS_TEXT.get(versioned.status)
    if status is not None:
        lines.append(f"STATUS:{status}")
    if planned.transparent:
        lines.append("TRANSP:TRANSPARENT")
    if planned.alert is not None and versioned.status is not Status.CANCELLED:
        lines += [
            "BEGIN:VALARM",
            "ACTION:DISPLAY",
            f"DESCRIPTION{tagged}:{text(planned.alert)}",
            f"TRIGGER:{duration(timedelta(minutes=-remind_minutes))}",
            "END:VALARM",
        ]
    lines.append("END:VEVENT")
    return lines
