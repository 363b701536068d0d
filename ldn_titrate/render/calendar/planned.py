"""One planned calendar event, before any iCalendar library sees it (see ``events``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True)
class PlannedEvent:
    """One VEVENT: all-day when ``start`` is a date, timed (and recurring with ``count``) else.

    ``kind`` and ``night`` (the first night of the step it belongs to; None for the review) say
    which event this is across revisions; ``number`` is the step's number in this revision only.
    ``alert`` is the reminder's text, or None for an event without a reminder.
    """

    kind: str
    night: date | None
    number: int
    summary: str
    description: str
    start: date | datetime
    end: date | datetime
    count: int | None = None
    alert: str | None = None
    transparent: bool = False

    @property
    def identity(self) -> tuple[str, date | None]:
        return (self.kind, self.night)

    @property
    def content(self) -> tuple[object, ...]:
        """Everything a client shows; two revisions of an event differ iff this differs."""
        return (
            self.summary,
            self.description,
            self.start,
            self.end,
            self.count,
            self.alert,
            self.transparent,
        )
