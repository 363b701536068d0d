"""The VTIMEZONE of a calendar, built from the machine's zoneinfo, and the nights it makes odd.

icalendar 7.3's ``add_missing_timezones`` writes each summer-time start an hour late (London
``DTSTART:20270328T020000``, New York ``T030000``): RFC 5545 §3.6.5 gives DTSTART of a STANDARD or
DAYLIGHT sub-component as the local time *before* the change, in the TZOFFSETFROM offset (London
01:00, New York 02:00). Clients that read the zone (ical.js, vobject, server-side expansion) then
put the nights next to a change an hour off. So each transition in the plan's span (and a margin)
is written here as a sub-component of its own, with its exact onset: no RRULE to get wrong.

Pure: the zone, the span and the dose times are arguments.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from icalendar import Timezone, TimezoneDaylight, TimezoneStandard

from ldn_titrate.core.dosetext import format_date
from ldn_titrate.core.model import Phase, Schedule
from ldn_titrate.render.calendar.timing import dose_time_for

_HOUR = timedelta(hours=1)


@dataclass(frozen=True)
class Transition:
    """One change of a zone's offset: the UTC instant, the offsets either side, the new name."""

    at: datetime  # UTC
    before: timedelta
    after: timedelta
    name: str
    daylight: bool

    @property
    def onset(self) -> datetime:
        """DTSTART as RFC 5545 wants it: local wall time before the change, without a zone."""
        return (self.at + self.before).replace(tzinfo=None)


def _offset(zone: ZoneInfo, moment: datetime) -> timedelta:
    offset = moment.astimezone(zone).utcoffset()
    return offset if offset is not None else timedelta(0)


def transitions(zone: ZoneInfo, first: date, last: date) -> list[Transition]:
    """Every offset change of ``zone`` between ``first`` and ``last``, to the minute."""
    start = datetime.combine(first, time(), tzinfo=UTC)
    end = datetime.combine(last, time(), tzinfo=UTC)
    return [
        change
        for year in range(first.year, last.year + 1)
        for change in _year(zone.key, year)
        if start < change.at <= end
    ]


@functools.lru_cache(maxsize=256)
def _year(key: str, year: int) -> tuple[Transition, ...]:
    """The changes of one calendar year (UTC), found once per zone and year: a batch writes
    thousands of calendars in a few zones, and the hourly scan is most of a calendar's cost.
    """
    zone = ZoneInfo(key)
    found: list[Transition] = []
    moment = datetime(year, 1, 1, tzinfo=UTC)
    end = datetime(year + 1, 1, 1, tzinfo=UTC)
    current = _offset(zone, moment)
    while moment < end:
        step = moment + _HOUR
        offset = _offset(zone, step)
        if offset != current:
            # The change is after low and at or before high, both on whole minutes: a middle
            # truncated to its minute is still after low while they are 2 minutes apart.
            low, high = moment, step
            while high - low > timedelta(minutes=1):
                middle = (low + (high - low) / 2).replace(second=0, microsecond=0)
                if _offset(zone, middle) == current:
                    low = middle
                else:
                    high = middle
            local = high.astimezone(zone)
            dst = local.dst()
            found.append(
                Transition(
                    high, current, offset, local.tzname() or "", bool(dst and dst > timedelta(0))
                )
            )
            current = offset
        moment = step
    return tuple(found)


def vtimezone(zone: ZoneInfo, first: date, last: date) -> Timezone:
    """The VTIMEZONE for ``zone`` from ``first`` to ``last``: one sub-component for the time
    in force at ``first`` and one for each change after it.
    """
    component = Timezone()
    component.add("TZID", zone.key)
    start = datetime.combine(first, time(), tzinfo=UTC)
    local = start.astimezone(zone)
    offset = _offset(zone, start)
    dst = local.dst()
    opening = TimezoneDaylight() if dst and dst > timedelta(0) else TimezoneStandard()
    opening.add("DTSTART", (start + offset).replace(tzinfo=None))
    opening.add("TZOFFSETFROM", offset)
    opening.add("TZOFFSETTO", offset)
    opening.add("TZNAME", local.tzname() or zone.key)
    component.add_component(opening)
    for change in transitions(zone, first, last):
        part = TimezoneDaylight() if change.daylight else TimezoneStandard()
        part.add("DTSTART", change.onset)
        part.add("TZOFFSETFROM", change.before)
        part.add("TZOFFSETTO", change.after)
        part.add("TZNAME", change.name or zone.key)
        component.add_component(part)
    return component


def clock_warning(moment: datetime, zone: ZoneInfo) -> str | None:
    """What is odd about a dose at local ``moment`` (naive or in ``zone``): a time the clocks
    skip (a gap) or pass twice (an overlap); None on an ordinary night.
    """
    wall = moment.replace(tzinfo=zone, fold=0)
    later = wall.replace(fold=1)
    day = format_date(wall.date())
    at = f"{wall:%H:%M}"
    if wall.utcoffset() == later.utcoffset():
        return None
    round_trip = wall.astimezone(UTC).astimezone(zone)
    if round_trip.replace(tzinfo=None) != wall.replace(tzinfo=None):
        return (
            f"{day}: the dose time {at} does not exist in {zone.key} (the clocks go forward); "
            f"calendars will show it at {round_trip:%H:%M} or at another time: choose another "
            "--bedtime, or tell the patient"
        )
    return (
        f"{day}: the dose time {at} happens twice in {zone.key} (the clocks go back); "
        "calendars remind at the first: choose another --bedtime, or tell the patient to take "
        "the dose once"
    )


def night_warnings(schedule: Schedule, bedtime: time, zone: ZoneInfo) -> list[str]:
    """One warning for each night whose dose time the clocks skip or pass twice in ``zone``."""
    out: list[str] = []
    for step in schedule.steps:
        if step.phase is Phase.PAUSED:
            continue
        when = dose_time_for(step, bedtime)
        for offset in range(step.nights):
            moment = when.moment(step.start + timedelta(days=offset), zone)
            warning = clock_warning(moment, zone)
            if warning is not None:
                out.append(warning)
    return out
