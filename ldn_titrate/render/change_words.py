"""One sentence per adjustment in a plan's history: ``Changed on …: held 7 nights — why``."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from ldn_titrate.core.dosetext import format_date, format_mg, plural
from ldn_titrate.core.model import Change, ChangeKind, DoseTime
from ldn_titrate.render.records import accepted_text


def change_text(change: Change, *, for_patient: bool = False) -> str:
    """``Changed on Sun 20 Dec 2026: held 7 nights — vivid dreams``; an undo names the day it
    was made. ``for_patient`` prints ``--reason-for-patient``, never the clinician's reason.
    """
    if change.kind is ChangeKind.UNDO:
        text = f"Undone on {format_date(change.made_at.date())}: {_what(change)}"
    else:
        text = f"Changed on {format_date(change.on)}: {_what(change)}"
    reason = change.patient_reason if for_patient else change.reason
    return f"{text} — {reason}" if reason else text


def _what(change: Change) -> str:
    p = change.parameters

    # Parameters only describe the change (steps are the record): a garbled value reads "?".
    def mg(key: str) -> str:
        return format_mg(Decimal(p[key])) if isinstance(p.get(key), Decimal | int) else "?"

    def day(key: str) -> str:
        try:
            return format_date(date.fromisoformat(str(p[key])))
        except (KeyError, ValueError):
            return "?"

    match change.kind:
        case ChangeKind.HOLD:
            nights = p.get("nights")
            return f"held {plural(nights, 'night')}" if isinstance(nights, int) else "held"
        case ChangeKind.STEP_BACK:
            return f"stepped back from {mg('from_mg')} to {mg('to_mg')}, then up again"
        case ChangeKind.STOP_AT_CURRENT:
            return f"stopped rising: {mg('ceiling_mg')} is the maintenance dose from here"
        case ChangeKind.PAUSE:
            return f"paused to {day('last')}, restarting at {mg('resume_mg')}"
        case ChangeKind.DOSE_TIME:
            at = f" ({p['at']})" if "at" in p else ""
            when = "the morning" if p.get("dose_time") == DoseTime.MORNING else "bedtime"
            return f"dose moved to {when}{at}"
        case ChangeKind.DISCONTINUE:
            return f"discontinued; last night {day('last_night')}"
        case ChangeKind.UNDO:
            return f"undid revision {p.get('undid_revision', '?')} ({p.get('undid', '?')})"
        case ChangeKind.RENEW:
            nights = plural(int(p.get("nights", 0)), "night")
            return f"renewed: {mg('dose_mg')} for {nights} more, to {day('until')}"
        case ChangeKind.ADVANCE:
            return f"went up early from {mg('from_mg')} to {mg('to_mg')}"
        case ChangeKind.RESUME:
            return f"titration resumed from {mg('from_mg')}, up to {mg('ceiling_mg')}"
        case ChangeKind.OVERRIDE:
            return f"used as it is by override ({accepted_text(p)})"
    return str(change.kind)  # pragma: no cover - every kind is named above
