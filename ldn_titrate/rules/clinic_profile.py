"""The clinic's identity and print defaults: the policy's ``[clinic]`` table.

Identity (the clinic's name, address and phone line for the patient, the default prescriber) and
print defaults (time zone, paper, bedtime, reminder). No clinical rule lives here: a profile
changes no dose, so it is left out of the policy's sha256 and a plan made under two clinics'
profiles records the same policy. Every key is optional; an unset key is never printed.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from ldn_titrate.core.bounds import Text
from ldn_titrate.core.vocab import MAX_REMIND_MINUTES, Paper

# The keys in the order `policy show` prints them, with their labels.
LABELS: dict[str, str] = {
    "name": "Clinic",
    "address": "Address",
    "phone": "Phone",
    "prescriber": "Prescriber",
    "timezone": "Time zone",
    "paper": "Paper",
    "bedtime": "Bedtime",
    "reminder_minutes": "Reminder (minutes before)",
}

# Short enough that name, phone and address together fit the handout's contact line (200).
Name = Annotated[Text, Field(min_length=1, max_length=80)]


class ClinicProfile(BaseModel):
    """``[clinic]``: each key is a default that a command's option (or a batch column) overrides
    for one plan. The time zone is checked where it is used (``calendar``), with the same words
    as ``--tz``; the bedtime with ``--bedtime``'s."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    name: Name | None = None
    address: Annotated[Text, Field(min_length=1, max_length=70)] | None = None
    phone: Annotated[Text, Field(min_length=1, max_length=40)] | None = None
    prescriber: Name | None = None
    timezone: Annotated[str, Field(pattern=r"^[A-Za-z0-9_+\-/]{1,60}$")] | None = None
    paper: Paper | None = None
    bedtime: Annotated[str, Field(pattern=r"^[0-9]{1,2}:[0-9]{2}$")] | None = None
    reminder_minutes: Annotated[int, Field(ge=0, le=MAX_REMIND_MINUTES)] | None = None

    def shown(self) -> list[tuple[str, str]]:
        """The keys that are set, as (label, value), in the order of :data:`LABELS`."""
        values = [(label, getattr(self, key)) for key, label in LABELS.items()]
        return [(label, _text(value)) for label, value in values if value is not None]

    def contact(self) -> str | None:
        """The clinic's contact line for a patient: name, phone and address as set, or None."""
        parts = [part for part in (self.name, self.phone, self.address) if part]
        return " · ".join(parts) if parts else None


def _text(value: object) -> str:
    return value.value if isinstance(value, Paper) else str(value)
