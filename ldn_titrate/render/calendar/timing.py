"""When a step's dose is taken, and which calendar day each night's dose falls on.

The rule, the same as ``status`` and the handout ("from --on"): a plan's nights are dates. A
*morning* step's dose for night D is taken on the morning of D itself (08:00 unless the step has
its own ``at``), so the date ``status --on D`` names is the date the calendar shows it. A
*bedtime* dose for night D is on D at the bedtime, or on D + 1 when the time is before noon
(00:30 still belongs to the night before). Each night has one dose either way, including the
night a step switches: bedtime → morning on D puts night D - 1 at its bedtime and night D on the
morning of D; morning → bedtime on D puts night D - 1 on that morning and night D at bedtime.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from ldn_titrate.core.language import ENGLISH, Language
from ldn_titrate.core.model import DoseTime as When
from ldn_titrate.core.model import Step
from ldn_titrate.core.parsing import NOON

# A morning dose without a time of its own: early enough to be well before sleep, which is the
# point of moving it (vivid dreams, insomnia).
DEFAULT_MORNING = time(8, 0)


@dataclass(frozen=True)
class DoseTime:
    """When a step's dose is taken, with the words a patient reads for it."""

    at: time
    morning: bool = False
    language: Language = field(default=ENGLISH, compare=False)

    @property
    def words(self) -> str:
        return (
            self.language.text("in the morning")
            if self.morning
            else self.language.text("at bedtime")
        )

    @property
    def each(self) -> str:
        """As in "LDN 2.5 mg nightly" or "LDN 2.5 mg each morning"."""
        return self.language.text("each morning") if self.morning else self.language.text("nightly")

    @property
    def today(self) -> str:
        """The occasion of tonight's (or this morning's) dose, as in "Increase tonight"."""
        return self.language.text("this morning") if self.morning else self.language.text("tonight")

    @property
    def period(self) -> str:
        return "morning" if self.morning else "night"

    def moment(self, night: date, zone: ZoneInfo) -> datetime:
        """The local date-time of the dose for ``night`` (see the module's rule)."""
        late = not self.morning and self.at < NOON
        day = night + timedelta(days=1) if late else night
        return datetime.combine(day, self.at, tzinfo=zone)


def dose_time_for(step: Step, bedtime: time, language: Language = ENGLISH) -> DoseTime:
    """A step's own dose time: its ``at`` when it has one, else 08:00 for a morning step and the
    command's ``--bedtime`` for a bedtime step.
    """
    own = time.fromisoformat(step.at) if step.at is not None else None
    if step.dose_time is When.MORNING:
        return DoseTime(own or DEFAULT_MORNING, morning=True, language=language)
    return DoseTime(own or bedtime, language=language)


def time_change(before: DoseTime, now: DoseTime) -> str | None:
    """``in the morning (was at bedtime)`` or ``at 23:30 (was 22:00)``; None if the same."""
    if before == now:
        return None
    if before.morning != now.morning:
        return now.language.text("{now} (was {before})").format(now=now.words, before=before.words)
    return now.language.text("at {now} (was {before})").format(
        now=f"{now.at:%H:%M}", before=f"{before.at:%H:%M}"
    )
