"""The safety screen: opioids and the other cautions, judged by the clinic's policy.

Pure: answers and the first LDN night in, a :class:`Screening` and the refusals out. What a
finding leads to (refuse, warn, note) is the policy's decision, so a refusal says "this policy
refuses", never that the rule is absolute (some prescribers supervise co-use).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from ldn_titrate.core.dosetext import plural
from ldn_titrate.core.errors import did_you_mean
from ldn_titrate.core.model import Action, Finding, OpioidStatus, Screening
from ldn_titrate.core.parsing import parse_date
from ldn_titrate.core.vocab import CAUTIONS
from ldn_titrate.rules.policy import SafetyPolicy
from ldn_titrate.rules.washout import days_free_before, required_days

_STOPPED = re.compile(r"^stopped:(?P<date>[^:]+)(?::(?P<cls>[a-z][a-z-]*))?$")

OPIOIDS_FORMS = "none, current, or stopped:YYYY-MM-DD (optionally :CLASS, such as :methadone)"

CAUTION_TEXT = {
    "pregnancy": "pregnancy: the safety of LDN in pregnancy has not been established; "
    "the prescriber decides, with the patient, whether to start",
    "breastfeeding": "breastfeeding: the safety of LDN while breastfeeding has not been "
    "established; the prescriber decides, with the patient, whether to start",
    "thyroid-replacement": "thyroid replacement: in Hashimoto's, thyroid hormone needs can fall "
    "on LDN; plan thyroid checks and watch for signs of too much thyroid hormone",
    "immunosuppressed": "transplant or immunosuppression: use LDN with caution, with the "
    "specialist's agreement",
    "surgery-planned": "surgery planned: opioids may be needed around surgery, which LDN blocks; "
    "plan a pause around the operation with the surgical team",
}
NOT_RECORDED = (
    "opioid use not recorded: before the first dose, ask about opioid pain medicines "
    "(including tramadol, codeine, methadone and buprenorphine) and record it with --opioids"
)


@dataclass(frozen=True)
class ScreeningAnswers:
    """The screen as typed: ``--opioids`` text (None: not answered) and ``--caution`` values."""

    opioids: str | None = None
    cautions: tuple[str, ...] = ()

    def any_given(self) -> bool:
        return self.opioids is not None or bool(self.cautions)


@dataclass(frozen=True)
class _Opioids:
    status: OpioidStatus | None
    last_dose: date | None = None
    opioid_class: str | None = None


def _parse_opioids(text: str | None, today: date, safety: SafetyPolicy) -> _Opioids:
    if text is None:
        return _Opioids(None)
    word = text.strip().lower()
    if word in (OpioidStatus.NONE.value, OpioidStatus.CURRENT.value):
        return _Opioids(OpioidStatus(word))
    match = _STOPPED.match(word)
    if not match:
        raise ValueError(f"--opioids {text!r} is not an answer; write {OPIOIDS_FORMS}")
    try:
        last = parse_date(match["date"], today)
    except ValueError as error:
        raise ValueError(f"--opioids {text!r}: the date {error}") from None
    cls = match["cls"]
    if cls is not None and cls not in safety.opioid_class_days:
        known = ", ".join(sorted(safety.opioid_class_days)) or "none"
        raise ValueError(
            f"--opioids {text!r}: {cls!r} is not an opioid class this policy knows ({known})"
            + did_you_mean(cls, safety.opioid_class_days)
        )
    return _Opioids(OpioidStatus.STOPPED, last, cls)


def screen(
    answers: ScreeningAnswers,
    first_night: date | None,
    safety: SafetyPolicy,
    source: str,
    today: date,
) -> tuple[Screening | None, list[str]]:
    """The screening record and the refusals; ``first_night`` is None when it did not parse."""
    refusals: list[str] = []
    findings: list[Finding] = []

    def judge(code: str, action: Action, message: str, flag: str) -> None:
        if action is Action.REFUSE:
            refusals.append(
                f"{flag}: this policy refuses to plan LDN here: {message} (policy: {source})"
            )
        else:
            findings.append(Finding.model_construct(code=code, action=action, message=message))

    unknown = [c for c in answers.cautions if c not in CAUTIONS]
    for caution in unknown:
        refusals.append(f"--caution {caution!r} is not one of: {', '.join(CAUTIONS)}")
    unreadable = False
    try:
        opioids = _parse_opioids(answers.opioids, today, safety)
    except ValueError as error:
        refusals.append(str(error))
        unreadable = True  # reported; the cautions are still judged below
        opioids = _Opioids(None)

    planned = False
    if unreadable:
        pass
    elif opioids.status is None:
        judge("opioids-not-recorded", safety.opioids_not_recorded, NOT_RECORDED, "--opioids")
    elif opioids.status is OpioidStatus.CURRENT:
        judge(
            "opioids-current",
            safety.current_opioids,
            "the patient takes opioids now; LDN blocks opioid pain relief and can bring on "
            "withdrawal",
            "--opioids current",
        )
    elif opioids.status is OpioidStatus.STOPPED and opioids.last_dose and first_night:
        planned = _washout(opioids, first_night, safety, judge, refusals, today)
    for caution in dict.fromkeys(c for c in answers.cautions if c in CAUTIONS):
        judge(caution, safety.cautions[caution], CAUTION_TEXT[caution], f"--caution {caution}")
    if unknown or unreadable:
        return None, refusals
    record = Screening.model_construct(  # every answer was parsed and checked above
        opioids=opioids.status,
        last_opioid_dose=opioids.last_dose,
        opioid_class=opioids.opioid_class,
        cautions=tuple(dict.fromkeys(answers.cautions)),
        findings=tuple(findings),
        opioid_free_days=required_days(safety, opioids.opioid_class),
        # Written only when true, so a plan without a future last dose reads as before.
        last_dose_planned=True if planned else None,
    )
    return record, refusals


def _washout(
    opioids: _Opioids,
    first_night: date,
    safety: SafetyPolicy,
    judge: Callable[[str, Action, str, str], None],
    refusals: list[str],
    today: date,
) -> bool:
    """Judge the opioid-free days before the first night; True when the last dose is still to
    come (after ``today``) and the plan starts after the washout from it: a *planned* last dose.

    A last dose after today inside the washout is refused whatever the policy does with a short
    washout: the answer is not yet a fact, and the plan would start before it could be one.
    """
    last = opioids.last_dose
    assert last is not None
    if last >= first_night:
        refusals.append(
            f"--opioids stopped:{last}: the last opioid dose is on or after the first LDN "
            f"night ({first_night}); check both dates"
        )
        return False
    required = required_days(safety, opioids.opioid_class)
    free = days_free_before(first_night, last)
    earliest = last + timedelta(days=required + 1)
    if last > today:
        if free >= required:
            return True
        refusals.append(
            f"--opioids stopped:{last}: the last opioid dose is after today ({today}), so it has "
            f"not happened yet, and the first LDN night ({first_night}) leaves only "
            f"{plural(free, 'opioid-free day')} after it; this policy requires {required}. "
            f"Check the date, or start on {earliest} or later (the dose is then recorded as "
            "planned)"
        )
        return False
    if free >= required:
        return False
    what = f" ({opioids.opioid_class})" if opioids.opioid_class else ""
    judge(
        "opioid-washout",
        safety.washout_too_short,
        f"last opioid dose{what} on {last} leaves {plural(free, 'opioid-free day')} before the "
        f"first LDN night ({first_night}); this policy requires {required}; earliest start "
        f"{earliest}",
        f"--opioids stopped:{last}{':' + opioids.opioid_class if opioids.opioid_class else ''}",
    )
    return False
