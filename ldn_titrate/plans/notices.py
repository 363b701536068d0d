"""What the person running a command must read about a plan: its warnings and screen findings.

Every command that makes or reads a plan puts these lines on stderr once per patient, whatever
it writes (a table, a file, a handout), so no finding is ever left only inside a file.
"""

from __future__ import annotations

from dataclasses import dataclass

from ldn_titrate.core.model import Schedule
from ldn_titrate.rules.screening import NOT_RECORDED

WARNING, NOTE = "warning", "note"
LABELS = {"warn": WARNING, "note": NOTE}


@dataclass(frozen=True)
class Notice:
    """One thing to read: ``kind`` is warning or note; ``code`` the screen's finding code, or
    None for a warning of the plan itself (a dose outside the usual range, say).
    """

    kind: str
    message: str
    code: str | None = None


def notices(schedule: Schedule) -> list[Notice]:
    """The plan's warnings, then the screen's findings (an unanswered screen is a warning)."""
    found = [Notice(WARNING, warning) for warning in schedule.warnings]
    if schedule.screening is None:
        found.append(Notice(WARNING, NOT_RECORDED, "opioids-not-recorded"))
    else:
        found += [
            Notice(LABELS[finding.action.value], finding.message, finding.code)
            for finding in schedule.screening.findings
        ]
    return list(dict.fromkeys(found))


def clinician_notices(schedule: Schedule) -> list[str]:
    """``warning: …`` and ``note: …`` lines, each once."""
    return [f"{notice.kind}: {notice.message}" for notice in notices(schedule)]
