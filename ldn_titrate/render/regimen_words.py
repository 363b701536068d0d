"""What ongoing maintenance (``--maintain ongoing``) means for the patient, said by every
human-readable output."""

from __future__ import annotations

from ldn_titrate.core.dosetext import format_mg
from ldn_titrate.core.model import Phase, Schedule


def ongoing(schedule: Schedule) -> str | None:
    """For ``--maintain ongoing``: the maintenance dose goes on past the planned nights."""
    last = schedule.steps[-1]
    if not schedule.inputs.ongoing or schedule.discontinued_on is not None:
        return None
    if last.phase is not Phase.MAINTENANCE:
        return None
    return (
        f"Ongoing: keep taking {format_mg(last.dose_mg)} each night after the last planned "
        "night, unless your prescriber changes it"
    )
