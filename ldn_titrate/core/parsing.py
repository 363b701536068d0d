"""Parsing of what people type: doses, durations and dates.

Each parser accepts a small, explicit grammar and raises ``ValueError`` with a sentence meant for
the user. Anything a looser parser would guess at (``1e400``, ``nan``, ``20261201``, ``01/02/2026``)
is refused rather than interpreted.
"""

from __future__ import annotations

import re
from datetime import date, time, timedelta
from decimal import Decimal

from ldn_titrate.core.regimen import Interval

_DOSE = re.compile(r"^\s*(?P<num>[0-9]+(?:\.[0-9]+)?|\.[0-9]+)\s*(?P<unit>mg|mcg)?\s*$", re.I)
_DURATION = re.compile(r"^\s*(?P<num>[0-9]+)\s*(?P<unit>d|days?|nights?|w|wk|weeks?)?\s*$", re.I)
_ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_SLASHED = re.compile(r"^[0-9]{1,4}[/.][0-9]{1,2}[/.][0-9]{1,4}$")
# A FHIR id (http://hl7.org/fhir/datatypes.html#id): the Patient id of a records system.
FHIR_ID = re.compile(r"[A-Za-z0-9\-.]{1,64}")
_CLOCK = re.compile(r"^\s*(?P<hour>[0-9]{2}):(?P<minute>[0-9]{2})\s*$")

DOSE_FORMS = "a number of mg such as 1.5, 1.5mg or 500mcg"
DURATION_FORMS = "a whole number of nights such as 14, 14d or 2w"
DATE_FORMS = "YYYY-MM-DD (such as 2026-12-01), today, tomorrow or yesterday"
# The words a date may be given as, and how far each is from today.
DAY_WORDS = {"yesterday": -1, "today": 0, "tomorrow": 1}
BEDTIME_FORMS = "24-hour HH:MM from 12:00 to 05:59, such as 22:00 or 00:30"


# No dose, volume or strength needs more digits than these; a longer number is refused before any
# arithmetic, so no Decimal operation can meet a number beyond its precision (28 digits).
MAX_WHOLE_DIGITS = 6
MAX_DECIMAL_PLACES = 6


def bounded_decimal(digits: str) -> Decimal:
    """``digits`` (``12.5``, ``.5``) as a Decimal, refusing more digits than any dose has."""
    whole, _, fraction = digits.partition(".")
    if len(whole.lstrip("0")) > MAX_WHOLE_DIGITS:
        raise ValueError(f"is far too large: at most {MAX_WHOLE_DIGITS} digits before the point")
    if len(fraction) > MAX_DECIMAL_PLACES:
        raise ValueError(f"has more than {MAX_DECIMAL_PLACES} decimal places")
    return Decimal(digits)


def bounded_count(digits: str) -> int:
    """A whole number of at most :data:`MAX_WHOLE_DIGITS` digits (no int of 5,000 digits)."""
    if len(digits.lstrip("0")) > MAX_WHOLE_DIGITS:
        raise ValueError(f"is far too large: at most {MAX_WHOLE_DIGITS} digits")
    return int(digits)


def parse_dose(text: str) -> Decimal:
    """A dose in mg: ``1.5``, ``1.5mg``, ``1.5 mg``, ``500mcg`` (mg when no unit is given)."""
    match = _DOSE.match(text)
    if not match:
        raise ValueError(f"is not a dose; write {DOSE_FORMS}")
    value = bounded_decimal(match["num"])
    if (match["unit"] or "mg").lower() == "mcg":
        value = value / 1000
    return value


# A sign is read (so -5 is refused as out of range, saying so), only ASCII digits.
_COUNT = re.compile(r"^\s*(?P<num>-?[0-9]+)\s*$")
COUNT_FORMS = "a whole number in digits 0-9, such as 30"


def parse_count(text: str) -> int:
    """A whole number in ASCII digits (``30``): not ``٣٠``, ``３０`` or ``1_5``, which Python's
    ``int`` would read, so an option and a batch cell are read by the same rule.
    """
    match = _COUNT.match(text)
    if not match:
        raise ValueError(f"is not a whole number; write {COUNT_FORMS}")
    return bounded_count(match["num"])


def parse_days(text: str) -> int:
    """A whole number of days (``--supply-days``, the batch column ``supply_days``)."""
    try:
        return parse_count(text)
    except ValueError:
        raise ValueError("is not a whole number of days") from None


def parse_duration(text: str) -> int:
    """A number of nights: ``14``, ``14d``, ``2w``."""
    match = _DURATION.match(text)
    if not match:
        raise ValueError(f"is not a duration; write {DURATION_FORMS}")
    count = bounded_count(match["num"])
    unit = (match["unit"] or "d").lower()
    return count * 7 if unit.startswith("w") else count


def parse_date(text: str, today: date) -> date:
    """``YYYY-MM-DD``, ``today``, ``tomorrow`` or ``yesterday``; nothing that could be read two
    ways."""
    word = text.strip().lower()
    if word in DAY_WORDS:
        return today + timedelta(days=DAY_WORDS[word])
    if _SLASHED.match(word):
        raise ValueError(f"is ambiguous (day and month could be swapped); write {DATE_FORMS}")
    if not _ISO_DATE.match(word):
        raise ValueError(f"is not a date; write {DATE_FORMS}")
    try:
        return date.fromisoformat(word)
    except ValueError:
        raise ValueError(f"is not a real calendar date; write {DATE_FORMS}") from None


# A bedtime belongs to the night that starts on its date: times from noon to midnight fall on
# that date, times after midnight (up to 05:59) on the next morning's date. Anything from 06:00
# to 11:59 is a morning, not a bedtime, and is refused rather than guessed.
LAST_BEDTIME_AFTER_MIDNIGHT = time(5, 59)
NOON = time(12, 0)


def parse_bedtime(text: str) -> time:
    """``22:00`` or ``00:30``: 24-hour with two-digit hours, so ``9:30`` (am or pm?) is refused."""
    match = _CLOCK.match(text)
    if not match:
        raise ValueError(f"is not a time; write {BEDTIME_FORMS}")
    hour, minute = int(match["hour"]), int(match["minute"])
    if hour > 23 or minute > 59:
        raise ValueError(f"is not a time of day; write {BEDTIME_FORMS}")
    clock = time(hour, minute)
    if LAST_BEDTIME_AFTER_MIDNIGHT < clock < NOON:
        raise ValueError(
            "is a morning time, not a bedtime; a bedtime is from 12:00 to 05:59 "
            "(times after midnight count as part of the night before)"
        )
    return clock


# A morning dose is taken from 04:00 to 11:59; earlier is still the night, later is the day.
FIRST_MORNING = time(4, 0)
MORNING_FORMS = "24-hour HH:MM from 04:00 to 11:59, such as 08:00"


def parse_dose_clock(text: str, morning: bool) -> time:
    """The clock time of a bedtime dose (12:00 to 05:59) or a morning dose (04:00 to 11:59),
    so that a time can never contradict the words said with it ("in the morning (22:00)").
    """
    if not morning:
        return parse_bedtime(text)
    match = _CLOCK.match(text)
    if not match or int(match["hour"]) > 23 or int(match["minute"]) > 59:
        raise ValueError(f"is not a time; write {MORNING_FORMS}")
    clock = time(int(match["hour"]), int(match["minute"]))
    if not FIRST_MORNING <= clock < NOON:
        raise ValueError("is not a morning time; a morning dose is from 04:00 to 11:59")
    return clock


def check_patient_id(value: str) -> str:
    """A patient id must be a FHIR id: letters, digits, ``-`` and ``.``, 1 to 64 of them."""
    if not FHIR_ID.fullmatch(value):
        raise ValueError(
            "is not a FHIR id (1 to 64 letters, digits, '-' or '.'; the id of the Patient "
            "resource in your records system)"
        )
    return value


# Regimen forms (issue 15): calendar-month intervals, explicit dose ladders and phases.
_PERIOD = re.compile(
    r"^\s*(?P<num>[0-9]+)\s*(?P<unit>d|days?|nights?|w|wk|weeks?|m|mo|months?)?\s*$", re.I
)
INTERVAL_FORMS = "a whole number of nights such as 14, 14d or 2w, or of months such as 1m"
DOSES_FORMS = "doses in mg separated by commas, such as 1,2,3,4.5"
PHASE_FORMS = "STEP/INTERVAL:UP-TO, such as 0.25mg/7d:1.5mg or 0.5mg/1m:4.5mg"
ONGOING = "ongoing"


def parse_interval(text: str) -> Interval:
    """Nights (``14``, ``14d``, ``2w``) or calendar months (``1m``, ``2 months``)."""
    match = _PERIOD.match(text)
    if not match:
        raise ValueError(f"is not an interval; write {INTERVAL_FORMS}")
    count = int(match["num"])
    unit = (match["unit"] or "d").lower()
    if unit.startswith("m"):
        return Interval(count, months=True)
    return Interval(count * 7 if unit.startswith("w") else count)


_RANGE = re.compile(
    r"^\s*(?P<low>[0-9]+)\s*[-–]\s*(?P<high>[0-9]+)\s*"
    r"(?P<unit>d|days?|nights?|w|wk|weeks?|m|mo|months?)?\s*$",
    re.I,
)
RANGE_FORMS = "a range of nights such as 7-14d or 1-2w, or of months such as 1-2m"


def parse_interval_range(text: str) -> tuple[Interval, Interval] | None:
    """``7-14d``, ``1-2w``, ``1-2m``: the shortest and longest interval (issue 26); None when
    ``text`` is not written as a range (then it is one interval, :func:`parse_interval`)."""
    match = _RANGE.match(text)
    if not match:
        return None
    unit = (match["unit"] or "d").lower()
    low, high = int(match["low"]), int(match["high"])
    if low >= high:
        raise ValueError(f"is a range whose first end is not below its second; write {RANGE_FORMS}")
    if unit.startswith("m"):
        return Interval(low, months=True), Interval(high, months=True)
    times = 7 if unit.startswith("w") else 1
    return Interval(low * times), Interval(high * times)


def parse_doses(text: str) -> tuple[Decimal, ...]:
    """An explicit ladder: ``1,2,3,4.5`` (each as :func:`parse_dose` reads it)."""
    parts = text.split(",")
    if not text.strip() or any(not part.strip() for part in parts):
        raise ValueError(f"is not a list of doses; write {DOSES_FORMS}")
    try:
        return tuple(parse_dose(part) for part in parts)
    except ValueError:
        raise ValueError(f"is not a list of doses; write {DOSES_FORMS}") from None


def parse_phase(text: str) -> tuple[Decimal, Interval, Decimal]:
    """``0.25mg/7d:1.5mg``: up 0.25 mg every 7 nights, to 1.5 mg (step, interval, up to)."""
    step, slash, rest = text.partition("/")
    every, colon, up_to = rest.partition(":")
    if not slash or not colon:
        raise ValueError(f"is not a phase; write {PHASE_FORMS}")
    try:
        return parse_dose(step), parse_interval(every), parse_dose(up_to)
    except ValueError:
        raise ValueError(f"is not a phase; write {PHASE_FORMS}") from None


ALSO_FORMS = "DOSE@HH:MM, such as 0.5mg@08:00 (24-hour)"


def parse_also(text: str) -> tuple[Decimal, str]:
    """``0.5mg@08:00``: an added daily dose and its clock time (any time of day, 24-hour)."""
    dose, at, clock = text.partition("@")
    match = _CLOCK.match(clock)
    if not at or not match or int(match["hour"]) > 23 or int(match["minute"]) > 59:
        raise ValueError(f"is not an added dose; write {ALSO_FORMS}")
    try:
        return parse_dose(dose), f"{match['hour']}:{match['minute']}"
    except ValueError:
        raise ValueError(f"is not an added dose; write {ALSO_FORMS}") from None
