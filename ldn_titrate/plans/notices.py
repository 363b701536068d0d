"""What the person running a command must read about a plan: its warnings and screen findings.

Every command that makes or reads a plan puts these lines on stderr once per patient, whatever
it writes (a table, a file, a handout), so no finding is ever left only inside a file.
"""

from __future__ import annotations

from ldn_titrate.core.model import Schedule
from ldn_titrate.rules.screening import NOT_RECORDED

LABELS = {"warn": "warning", "note": "note"}


def clinician_notices(schedule: Schedule) -> list[str]:
    """``warning: …`` and ``note: …`` lines: the plan's warnings, then the screen's findings."""
    lines = [f"warning: {warning}" for warning in schedule.warnings]
    if schedule.screening is None:
        lines.append(f"warning: {NOT_RECORDED}")
    else:
        lines += [
            f"{LABELS[finding.action.value]}: {finding.message}"
            for finding in schedule.screening.findings
        ]
    return list(dict.fromkeys(lines))


def counts(schedule: Schedule) -> tuple[int, int]:
    """(warnings, notes) among the notices: a batch counts the rows with any warning."""
    lines = clinician_notices(schedule)
    warnings = sum(1 for line in lines if line.startswith("warning: "))
    return warnings, len(lines) - warnings
