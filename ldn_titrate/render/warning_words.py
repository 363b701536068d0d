"""The warnings and conditions every output gives a patient, in their language: the opioid
warning, the condition on a retried dose, and the restart night's note after a pause."""

from __future__ import annotations

from ldn_titrate.core.language import ENGLISH, N_, Language
from ldn_titrate.core.model import Step

OPIOID_WARNING = N_(
    "LDN blocks opioid pain medicines (such as codeine, tramadol, morphine and oxycodone). Do "
    "not take them while on LDN, and tell every doctor, dentist and pharmacist that you take LDN."
)


# Wording for a dose retried after a step back (FACTS.md: increase again only once the side
# effects have settled). Every output that shows a provisional step uses these words.
PROVISIONAL = N_("only if the side effects have settled")


def step_note(step: Step, language: Language = ENGLISH) -> str | None:
    """The warning a step carries on every output: today, the restart night after a pause."""
    if step.restart_opioid_free_days is None:
        return None
    return restart_note(step.restart_opioid_free_days, language)


def restart_note(opioid_free_days: int, language: Language = ENGLISH) -> str:
    """What the restart night after a pause says on every output (FACTS.md, Safety)."""
    return language.text(
        "Restart night: do not restart LDN while taking any opioid (including tramadol, "
        "codeine, methadone or buprenorphine); wait until opioid-free for {days} "
        "days first"
    ).format(days=opioid_free_days)
