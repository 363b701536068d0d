"""One sentence per adjustment in a plan's history: ``Changed on …: held 7 nights — why``."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

from ldn_titrate.core.dosetext import counted, format_date, format_mg, plural
from ldn_titrate.core.language import ENGLISH, N_, Language
from ldn_titrate.core.model import Change, ChangeKind, DoseTime, Schedule
from ldn_titrate.core.vocab import RECORD_KINDS
from ldn_titrate.render.records import accepted_text

# The kinds' names, as an undo line names the change it undid.
KIND_NAMES = (
    N_("hold"), N_("step-back"), N_("stop-at-current"), N_("pause"), N_("dose-time"),
    N_("discontinue"), N_("undo"), N_("renew"), N_("advance"), N_("resume"), N_("override"),
    N_("caution"), N_("clear-caution"), N_("opioids"),
)  # fmt: skip
# The screen's cautions (core.vocab.CAUTIONS) as a history line names them.
CAUTION_NAMES = {
    "pregnancy": N_("pregnancy"),
    "breastfeeding": N_("breastfeeding"),
    "thyroid-replacement": N_("thyroid replacement"),
    "immunosuppressed": N_("transplant or immunosuppression"),
    "surgery-planned": N_("surgery planned"),
}


def change_text(change: Change, *, for_patient: bool = False, language: Language = ENGLISH) -> str:
    """``Changed on Sun 20 Dec 2026, recorded Fri 18 Dec 2026: held 7 nights — vivid dreams``:
    every kind, an undo too, names the night it takes effect and the day it was recorded (the
    history is in revision order). ``for_patient`` prints ``--reason-for-patient``, never the
    clinician's reason.
    """
    t = language.text
    text = t("Changed on {day}, recorded {recorded}: {what}").format(
        day=format_date(change.on, language),
        recorded=format_date(change.made_at.date(), language),
        what=_what(change, language),
    )
    reason = change.patient_reason if for_patient else change.reason
    return f"{text} — {reason}" if reason else text


def history_lines(schedule: Schedule) -> list[str]:
    """The clinician's history (English): every change to the doses, then one line counting the
    check-ins (each is listed by ``status`` and the course report)."""
    lines = [change_text(c) for c in schedule.history if c.kind not in RECORD_KINDS]
    kept = [c for c in schedule.checkins if c.void is None]
    if schedule.checkins:
        voided = len(schedule.checkins) - len(kept)
        extra = f", {voided} voided" if voided else ""
        last = f"; the latest on {format_date(max(c.on for c in kept))}" if kept else ""
        lines.append(f"{plural(len(kept), 'check-in')} recorded{extra}{last}")
    return lines


def _what(change: Change, language: Language) -> str:
    p = change.parameters
    t = language.text

    # Parameters only describe the change (steps are the record): a garbled value reads "?".
    def mg(key: str) -> str:
        value = p.get(key)
        return format_mg(Decimal(value), language) if isinstance(value, Decimal | int) else "?"

    def day(key: str) -> str:
        try:
            return format_date(date.fromisoformat(str(p[key])), language)
        except (KeyError, ValueError):
            return "?"

    match change.kind:
        case ChangeKind.HOLD:
            nights = p.get("nights")
            if not isinstance(nights, int):
                return t("held")
            return counted(language.ntext("held {count} night", "held {count} nights", nights),
                           nights, language)  # fmt: skip
        case ChangeKind.STEP_BACK:
            return t("stepped back from {before} to {after}, then up again").format(
                before=mg("from_mg"), after=mg("to_mg")
            )
        case ChangeKind.STOP_AT_CURRENT:
            return t("stopped rising: {dose} is the maintenance dose from here").format(
                dose=mg("ceiling_mg")
            )
        case ChangeKind.PAUSE:
            return t("paused to {day}, restarting at {dose}").format(
                day=day("last"), dose=mg("resume_mg")
            )
        case ChangeKind.DOSE_TIME:
            at = f" ({p['at']})" if "at" in p else ""
            if p.get("dose_time") == DoseTime.MORNING:
                return t("dose moved to the morning{at}").format(at=at)
            return t("dose moved to bedtime{at}").format(at=at)
        case ChangeKind.DISCONTINUE:
            return t("discontinued; last night {day}").format(day=day("last_night"))
        case ChangeKind.UNDO:
            return t("undid revision {revision} ({what})").format(
                revision=p.get("undid_revision", "?"), what=_undone(p.get("undid", "?"), language)
            )
        case ChangeKind.RENEW:
            nights = counted(
                language.ntext("{count} night", "{count} nights", int(p.get("nights", 0))),
                int(p.get("nights", 0)),
                language,
            )
            return t("renewed: {dose} for {nights} more, to {day}").format(
                dose=mg("dose_mg"), nights=nights, day=day("until")
            )
        case ChangeKind.ADVANCE:
            return t("went up early from {before} to {after}").format(
                before=mg("from_mg"), after=mg("to_mg")
            )
        case ChangeKind.RESUME:
            return t("titration resumed from {before}, up to {after}").format(
                before=mg("from_mg"), after=mg("ceiling_mg")
            )
        case ChangeKind.CAUTION | ChangeKind.CLEAR_CAUTION:
            name = str(p.get("caution", "?"))
            caution = t(CAUTION_NAMES[name]) if name in CAUTION_NAMES else name
            if change.kind is ChangeKind.CAUTION:
                return t("caution recorded: {caution}").format(caution=caution)
            return t("caution removed: {caution}").format(caution=caution)
        case ChangeKind.OPIOIDS:
            return _opioids(change, language, day, mg)
        case ChangeKind.OVERRIDE:
            if not language.english:  # the digest's details are for the clinician
                return t("used as it is, as your prescriber decided")
            return f"used as it is by override ({accepted_text(p)})"
        case ChangeKind.CHECKIN:  # the clinician's record (never in a patient's list)
            return f"check-in {p.get('checkin', '?')} recorded"
        case ChangeKind.VOID_CHECKIN:
            return f"check-in {p.get('checkin', '?')} voided (entered in error)"
    return str(change.kind)  # pragma: no cover - every kind is named above


def _opioids(
    change: Change, language: Language, day: Callable[[str], str], mg: Callable[[str], str]
) -> str:
    """An opioid screen change: what happened, then what it does to LDN."""
    p, t = change.parameters, language.text
    drug = f" ({p['drug']})" if "drug" in p else ""
    match p.get("status"):
        case "current":
            what = t("taking an opioid{drug} from {day}").format(drug=drug, day=day("started"))
        case "stopped":
            what = t("opioid{drug} stopped, last dose {day}").format(drug=drug, day=day("stopped"))
        case _:
            what = t("opioids expected{drug} at a procedure on {day}").format(
                drug=drug, day=day("procedure")
            )
    if "restart" in p:
        then = t("LDN restarts at {dose} on {day}").format(dose=mg("resume_mg"), day=day("restart"))
    else:
        then = t("LDN stopped; restart only after a new screen")
    return f"{what}: {then}"


def _undone(kind: object, language: Language) -> str:
    return language.text(str(kind)) if str(kind) in KIND_NAMES else str(kind)
