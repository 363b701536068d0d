"""Put a plan's calendar on a CalDAV collection (``calendar --publish URL``), event by event.

The calendar is rendered first, exactly as the .ics file; each event becomes one calendar
object on the server, updated in place where one with its UID is already there, so a
re-published adjusted plan changes the events a patient's phone already shows. An event the
new revision dropped (written as cancelled in the .ics file) is deleted, and so is any object
of the same plan whose UID the new revision no longer has (say, the nightly events after a
switch back from ``--one-event-per-night``): each published object carries
``X-LDN-TITRATE-PLAN`` with the plan id, nothing else about the patient.

``caldav`` is an optional extra (``pip install 'ldn-titrate[caldav]'``), imported only here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ldn_titrate.core.errors import LdnError

PLAN_PROPERTY = "X-LDN-TITRATE-PLAN"
PRODID = "-//ldn-titrate//LDN titration calendar//EN"


@dataclass(frozen=True)
class Published:
    created: int
    updated: int
    deleted: int


@dataclass(frozen=True)
class Piece:
    uid: str
    text: str
    cancelled: bool


def pieces(ics: bytes, plan_id: str) -> list[Piece]:
    """Each VEVENT of ``ics`` as a calendar of its own, with the time zones it needs."""
    from icalendar import Calendar

    whole = Calendar.from_ical(ics)
    zones = list(whole.walk("VTIMEZONE"))
    made = []
    for event in whole.walk("VEVENT"):
        one = Calendar()
        one.add("PRODID", PRODID)
        one.add("VERSION", "2.0")
        for zone in zones:
            one.add_component(zone)
        event.add(PLAN_PROPERTY, plan_id)
        one.add_component(event)
        cancelled = str(event.get("STATUS", "")) == "CANCELLED"
        made.append(Piece(str(event["UID"]), one.to_ical().decode("utf-8"), cancelled))
    return made


def publish(
    ics: bytes, plan_id: str, url: str, username: str | None, password: str | None
) -> Published:
    """Create, update and delete the plan's events on the collection at ``url``."""
    from caldav.calendarobjectresource import Event
    from caldav.davclient import DAVClient
    from caldav.lib import error as dav_error

    client = DAVClient(url=url, username=username, password=password)
    where = shown(url)
    try:
        collection: Any = client.calendar(url=url)  # type: ignore[no-untyped-call]
        existing = {_uid(obj): obj for obj in collection.events()}
        wanted = pieces(ics, plan_id)
        keep = {p.uid for p in wanted if not p.cancelled}
        created = updated = deleted = 0
        for piece in wanted:
            found = existing.get(piece.uid)
            if piece.cancelled:
                if found is not None:
                    found.delete()
                    deleted += 1
                continue
            target = found.url if found is not None else collection.url.join(f"{piece.uid}.ics")
            obj = Event(client=client, url=target, data=piece.text, parent=collection)
            obj.save(increase_seqno=False)
            if found is None:
                created += 1
            else:
                updated += 1
        cancelled = {p.uid for p in wanted if p.cancelled}
        for uid, obj in existing.items():
            if uid not in keep and uid not in cancelled and _plan_of(obj) == plan_id:
                obj.delete()
                deleted += 1
    except dav_error.AuthorizationError:
        raise LdnError(f"--publish {where}: the server refused the user name or password") from None
    except dav_error.NotFoundError:
        raise LdnError(f"--publish {where}: no calendar collection at this address") from None
    except (dav_error.DAVError, OSError) as error:
        raise LdnError(f"--publish {where}: {_reason(error)}") from None
    return Published(created, updated, deleted)


def shown(url: str) -> str:
    """The address as it may be printed: without a user name or password in it."""
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    if parts.username is None and parts.password is None:
        return url
    host = parts.hostname or ""
    netloc = f"{host}:{parts.port}" if parts.port is not None else host
    return urlunsplit(parts._replace(netloc=netloc))


def _uid(obj: Any) -> str:
    return str(obj.icalendar_component.get("UID", ""))


def _plan_of(obj: Any) -> str | None:
    value = obj.icalendar_component.get(PLAN_PROPERTY)
    return None if value is None else str(value)


def _reason(error: BaseException) -> str:
    """Why the server could not be used, in a few words: the operating system's reason for a
    network failure (``cannot reach the server: Connection refused``), else the server's."""
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, OSError) and seen.strerror:
            return f"cannot reach the server: {seen.strerror}"
        seen = seen.__cause__ or seen.__context__
    if isinstance(error, OSError):
        return "cannot reach the server"
    text = str(error).strip().splitlines()
    return text[0] if text else type(error).__name__
