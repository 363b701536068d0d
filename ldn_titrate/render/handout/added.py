"""What the handout says about an added daily dose (``--also``): in each row, and under the
dose of each calendar square, so the patient sees every dose of the day."""

from __future__ import annotations

from ldn_titrate.core.dosetext import format_mg
from ldn_titrate.core.model import Phase, Schedule, Step
from ldn_titrate.render import describe
from ldn_titrate.render.handout import changes


def notes(step: Step, schedule: Schedule) -> tuple[str, ...]:
    also = describe.also_text(schedule)
    if also is None or step.phase is Phase.PAUSED:
        return ()
    return (f"Also {also} each day",)


def cell_when(step: Step, schedule: Schedule) -> str | None:
    """Under a square's dose: ``morning`` when it is not at bedtime, and each added daily dose
    (``--also``), so the square shows every dose of that day."""
    words_ = [changes.cell_when(step)] if changes.cell_when(step) else []
    if step.phase is not Phase.PAUSED:
        words_ += [f"+ {format_mg(a.dose_mg)} at {a.at}" for a in schedule.also]
    return "; ".join(w for w in words_ if w) or None
