"""The opioid washout: how many opioid-free days a patient needs before an LDN night.

The one place this is decided. The safety screen judges a stopped opioid by it, the handout tells
the patient its number, the restart night after a pause carries it, and the clinician's summary
counts the free days with the same arithmetic. A policy may set 0 days, and 0 is then what every
output says. Which class a drug, brand or combination name belongs to: :mod:`.names`.
It may import core and the policy models of rules.
"""

from __future__ import annotations

from datetime import date

from ldn_titrate.core.model import Screening
from ldn_titrate.rules.builtin_policy import BUILT_IN_POLICY
from ldn_titrate.rules.safety_policy import SafetyPolicy
from ldn_titrate.rules.washout.names import chain

# For a plan that carries no screening record (saved before the screen existed).
BUILT_IN_DAYS: int = BUILT_IN_POLICY["safety"]["opioid_free_days"]


def judging_class(safety: SafetyPolicy, opioid: str | None) -> str | None:
    """The policy class that judges ``opioid`` (a drug name or a class, as recorded on a plan):
    the first of its chain (:func:`~.names.chain`) the policy lists, else None (the general)."""
    if not opioid:
        return None
    return next((name for name in chain(opioid) if name in safety.opioid_class_days), None)


def required_days(safety: SafetyPolicy, opioid: str | None) -> int:
    """The policy's days for this patient: their opioid's class's own, else the general number."""
    found = judging_class(safety, opioid)
    return safety.opioid_free_days if found is None else safety.opioid_class_days[found]


def recorded_days(screening: Screening | None) -> int:
    """The days a plan's screen recorded for its patient (0 stays 0)."""
    if screening is None or screening.opioid_free_days is None:
        return BUILT_IN_DAYS
    return screening.opioid_free_days


def days_free_before(first_night: date, last_dose: date) -> int:
    """Whole opioid-free days between the last opioid dose and the first LDN night."""
    return (first_night - last_dose).days - 1
