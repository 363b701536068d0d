"""What the handout says about an added daily dose (``--also``): in each row, and under the
dose of each calendar square, so the patient sees every dose of the day."""

from __future__ import annotations

from ldn_titrate.core.dosetext import format_mg
from ldn_titrate.core.language import ENGLISH, Language
from ldn_titrate.core.model import Phase, Schedule, Step
from ldn_titrate.render import describe
from ldn_titrate.render.handout import changes


def notes(step: Step, schedule: Schedule, language: Language = ENGLISH) -> tuple[str, ...]:
    also = describe.also_text(schedule, language=language)
    if also is None or step.phase is Phase.PAUSED:
        return ()
    return (language.text("Also {also} each day").format(also=also),)


def cell_when(step: Step, schedule: Schedule, language: Language = ENGLISH) -> str | None:
    """Under a square's dose: ``morning`` when it is not at bedtime, and each added daily dose
    (``--also``), so the square shows every dose of that day."""
    morning = changes.cell_when(step, language)
    words_ = [morning] if morning else []
    if step.phase is not Phase.PAUSED:
        words_ += [
            language.text("+ {dose} at {time}").format(
                dose=format_mg(a.dose_mg, language), time=a.at
            )
            for a in schedule.also
        ]
    return "; ".join(w for w in words_ if w) or None
