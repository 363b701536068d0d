"""Which time zone a calendar's dose times are written in, and whether a name is usable.

A dose at 22:00 must stay at 22:00 local time when the clocks change, so times are written in a
named IANA zone (``Europe/London``), never in UTC or a fixed offset. The machine's zone is the
default only when it has such a name; anything else asks the user for ``--tz`` rather than guess.
"""

from __future__ import annotations

import difflib
import os
import zoneinfo
from collections.abc import Mapping
from functools import cache
from pathlib import Path

EXAMPLES = "such as Europe/London or America/New_York"

# Zones whose offset never changes: a patient does not live "in UTC", and a dose time written in
# one of these would move by an hour in the patient's day at each daylight-saving change.
_FIXED = frozenset(
    {"UTC", "UCT", "GMT", "GMT0", "GMT+0", "GMT-0", "Greenwich", "Universal", "Zulu"}
    | {"EST", "MST", "HST", "Factory", "localtime", "posixrules"}
)

LOCALTIME = Path("/etc/localtime")
TIMEZONE_FILE = Path("/etc/timezone")


@cache
def known_zones() -> frozenset[str]:
    """Every IANA name this machine's tz database (system or the tzdata package) knows."""
    return frozenset(zoneinfo.available_timezones())


def is_fixed(name: str) -> bool:
    return name in _FIXED or name.startswith("Etc/")


def zone_problem(name: str) -> str | None:
    """Why ``--tz NAME`` cannot be used, as a sentence for the user; None when it can."""
    if is_fixed(name):
        return (
            f"--tz {name!r} is a fixed offset without daylight saving, so dose times would shift "
            f"by an hour in the patient's day when the clocks change; give the IANA zone where "
            f"the patient lives, {EXAMPLES}"
        )
    if name not in known_zones():
        close = difflib.get_close_matches(name, sorted(known_zones()), n=1, cutoff=0.8)
        hint = f"; did you mean {close[0]}?" if close else ""
        return f"--tz {name!r} is not an IANA time zone name; give one {EXAMPLES}{hint}"
    return None


def machine_zone(
    environ: Mapping[str, str] | None = None,
    localtime: Path = LOCALTIME,
    timezone_file: Path = TIMEZONE_FILE,
) -> str | None:
    """The IANA name of this machine's zone, from ``TZ``, ``/etc/localtime`` or ``/etc/timezone``.

    ``TZ`` wins when set, as it does for the C library; a value that is not an IANA name (a POSIX
    rule such as ``GMT0BST,M3.5.0/1,M10.5.0``, or empty for UTC) gives None rather than a guess.
    """
    env = os.environ if environ is None else environ
    if "TZ" in env:
        return _named(env["TZ"].removeprefix(":"))
    if localtime.is_symlink():
        return _named(os.path.realpath(localtime))
    try:
        return _named(timezone_file.read_text(encoding="utf-8").strip())
    except (OSError, UnicodeDecodeError):
        return None


def _named(value: str) -> str | None:
    """``Europe/London`` from itself or from a path ending in ``zoneinfo/Europe/London``."""
    if "zoneinfo/" in value:
        value = value.rsplit("zoneinfo/", 1)[1]
    return value if value in known_zones() else None


def choose_zone(given: str | None) -> str:
    """The zone to write dose times in; raises ValueError with the user's message otherwise."""
    if given is not None:
        problem = zone_problem(given)
        if problem:
            raise ValueError(problem)
        return given
    found = machine_zone()
    if found is None:
        raise ValueError(
            f"--tz is needed: this machine's time zone has no IANA name; give the zone where the "
            f"patient lives, {EXAMPLES}"
        )
    if is_fixed(found):
        raise ValueError(
            f"--tz is needed: this machine's time zone is {found}, which has no daylight saving; "
            f"give the zone where the patient lives, {EXAMPLES}"
        )
    return found
