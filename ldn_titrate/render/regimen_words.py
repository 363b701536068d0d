"""What ongoing maintenance (``--maintain ongoing``) means for the patient, said by every
human-readable output."""

from __future__ import annotations

from ldn_titrate.core.dosetext import format_mg
from ldn_titrate.core.language import ENGLISH, Language
from ldn_titrate.core.model import Phase, Schedule, TitrationRequest


def ongoing(schedule: Schedule, language: Language = ENGLISH) -> str | None:
    """For ``--maintain ongoing``: the maintenance dose goes on past the planned nights."""
    last = schedule.steps[-1]
    if not schedule.inputs.ongoing or schedule.discontinued_on is not None:
        return None
    if last.phase is not Phase.MAINTENANCE:
        return None
    return language.text(
        "Ongoing: keep taking {dose} each night after the last planned "
        "night, unless your prescriber changes it"
    ).format(dose=format_mg(last.dose_mg, language))


def preset_label(request: TitrationRequest) -> str:
    """``standard``, ``standard, changed: step, ceiling``, or ``custom``: true to the values."""
    if request.preset is None:
        return "custom"
    if request.preset_changes:
        return f"{request.preset}, changed: {', '.join(request.preset_changes)}"
    return request.preset
