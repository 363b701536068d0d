"""Event identity across the revisions of one plan: UIDs, SEQUENCE, DTSTAMP and cancellations.

A re-imported calendar should update the events a patient already has, not add a second copy,
and events the new revision no longer has should disappear where the client honours RFC 5545.
So the calendar of revision N is written with the whole history in view, which the plan file
holds (each change keeps the steps it replaced):

- **UID**: uuid5 of the plan id and a *name*. An event of the oldest known revision keeps the
  name calendars were always given (``step-2/banner``: role and step number), so files issued
  before any adjustment still match. An event first seen later is named by its role and the
  first night of its step (``banner/2026-12-22``), which an adjustment that splits or inserts
  steps cannot shift, unlike the step number.
- **SEQUENCE**: the revision in which the event last changed, minus one (0 for an event as first
  planned). An unchanged event keeps its SEQUENCE; a changed one gets a higher one.
- **DTSTAMP**: when that change was made (the change's ``made_at``); the caller's stamp for
  events unchanged since the oldest known revision, so an unadjusted plan is as before.
- **Cancelled**: an event some earlier revision had and this one has not is written again with
  its UID, its last content, ``STATUS:CANCELLED`` and the SEQUENCE of the revision that removed
  it. An event that comes back (``--undo``) says ``STATUS:CONFIRMED`` with a higher SEQUENCE.

Pure and deterministic: the same plan file and options give the same events in the same order.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from enum import StrEnum
from zoneinfo import ZoneInfo

from ldn_titrate.core.language import ENGLISH, Language
from ldn_titrate.core.model import Schedule
from ldn_titrate.render.calendar.events import PlannedEvent, planned_events


class Status(StrEnum):
    """STATUS of a written event; ``NONE`` writes no STATUS (what unadjusted plans always did)."""

    NONE = ""
    CONFIRMED = "CONFIRMED"
    CANCELLED = "CANCELLED"


@dataclass(frozen=True)
class VersionedEvent:
    """A planned event as written: the name its UID is made from, and its revision data."""

    planned: PlannedEvent
    name: str
    sequence: int
    stamp: datetime | None  # None: the calendar's own DTSTAMP
    status: Status = Status.NONE


@dataclass
class _Track:
    event: VersionedEvent
    ever_cancelled: bool = False


def revisions(schedule: Schedule) -> list[tuple[int, Schedule, datetime | None]]:
    """Every revision the plan file can rebuild, oldest first, ending with the plan itself:
    (revision, plan as it was, when that revision was made; None for the oldest).
    """
    made = {change.revision: change.made_at for change in schedule.history}
    known: dict[int, Schedule] = {}
    for change in schedule.history:
        before = change.previous
        known[change.revision - 1] = schedule.model_copy(
            update={
                "steps": before.steps,
                "review_date": before.review_date,
                "discontinued_on": before.discontinued_on,
            }
        )
    known[schedule.revision] = schedule
    ordered = sorted(known.items())
    oldest = ordered[0][0]
    return [(n, plan, None if n == oldest else _utc(made.get(n))) for n, plan in ordered]


def _utc(moment: datetime | None) -> datetime | None:
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def _legacy_name(planned: PlannedEvent) -> str:
    return "review" if planned.kind == "review" else f"step-{planned.number}/{planned.kind}"


def _new_name(planned: PlannedEvent) -> str:
    night = planned.night.isoformat() if planned.night is not None else "plan"
    return f"{planned.kind}/{night}"


def versioned_events(
    schedule: Schedule, bedtime: time, zone: ZoneInfo, language: Language = ENGLISH
) -> list[VersionedEvent]:
    """The events of the plan's current revision, then the cancelled ones (first seen first)."""
    tracks: dict[tuple[str, date | None], _Track] = {}
    order: dict[tuple[str, date | None], int] = {}
    for number, plan, made_at in revisions(schedule):
        sequence = max(number - 1, 0)
        oldest = not tracks
        events = planned_events(plan, bedtime, zone, language)
        order = {planned.identity: index for index, planned in enumerate(events)}
        for planned in events:
            track = tracks.get(planned.identity)
            if track is None:
                name = _legacy_name(planned) if oldest else _new_name(planned)
                event = VersionedEvent(planned, name, sequence, made_at)
                tracks[planned.identity] = _Track(event)
                continue
            old = track.event
            if old.status is not Status.CANCELLED and old.planned.content == planned.content:
                # Unchanged: keep SEQUENCE and DTSTAMP; the step number may differ, harmlessly.
                track.event = VersionedEvent(planned, old.name, old.sequence, old.stamp)
                continue
            status = Status.CONFIRMED if track.ever_cancelled else Status.NONE
            track.event = VersionedEvent(planned, old.name, sequence, made_at, status)
        for identity, track in tracks.items():
            old = track.event
            if identity not in order and old.status is not Status.CANCELLED:
                track.event = VersionedEvent(
                    old.planned, old.name, sequence, made_at, Status.CANCELLED
                )
                track.ever_cancelled = True
    current = [t.event for t in tracks.values() if t.event.status is not Status.CANCELLED]
    current.sort(key=lambda e: order[e.planned.identity])
    cancelled = [t.event for t in tracks.values() if t.event.status is Status.CANCELLED]
    return [*current, *cancelled]
