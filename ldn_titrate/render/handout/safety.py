"""The "Before you start" box at the top of the handout's first page (issue 8).

Written for the patient, in plain words (about a 6th–8th grade reading level), from the safety
facts in shared/reference/FACTS.md. It always says the three things every patient on LDN must
know about opioids; each caution the clinician recorded on the plan adds one sentence of what it
means for the patient. It never prints the screen's findings: those are written for the clinician
(policy wording, "opioid use not recorded") and go to the terminal instead.
"""

from __future__ import annotations

from datetime import date

from ldn_titrate.core.dosetext import format_date
from ldn_titrate.core.language import ENGLISH, N_, Language
from ldn_titrate.core.model import Schedule
from ldn_titrate.render.handout import words as words
from ldn_titrate.render.handout.words import Section

HEADING = words.BEFORE_HEADING

ALWAYS = (
    N_(
        "Do not take opioid pain medicine, such as codeine, tramadol or morphine, while on LDN. "
        "LDN blocks it."
    ),
    N_("Tell every doctor, dentist and pharmacist that you take LDN, most of all before surgery."),
    N_("Cut out the wallet card and carry it, so anyone who treats you knows you take LDN."),
)

# One sentence per caution of the screen's vocabulary (core.vocab.CAUTIONS), for the patient.
CAUTIONS = {
    "pregnancy": N_(
        "We do not know if LDN is safe in pregnancy, so talk with your prescriber before you start."
    ),
    "breastfeeding": N_(
        "We do not know if LDN is safe while you breastfeed, so talk with your "
        "prescriber before you start."
    ),
    "thyroid-replacement": N_(
        "LDN can lower how much thyroid medicine you need, so go to every "
        "thyroid blood test your prescriber asks for."
    ),
    "immunosuppressed": N_(
        "Because of your transplant or your immune medicines, start LDN only when "
        "your specialist agrees."
    ),
    "surgery-planned": N_(
        "Tell the surgical team that you take LDN. LDN is usually paused before "
        "surgery, so ask your prescriber when to stop it."
    ),
}


def before_you_start(schedule: Schedule, language: Language = ENGLISH) -> Section:
    """The box's heading and points: the opioid rules, then one point per recorded caution."""
    t = language.text
    screening = schedule.screening
    cautions = screening.cautions if screening else ()
    extra = tuple(t(CAUTIONS[c]) for c in dict.fromkeys(cautions) if c in CAUTIONS)
    if screening is not None and screening.last_dose_planned and screening.last_opioid_dose:
        planned = planned_last_dose(screening.last_opioid_dose, schedule.first_night, language)
        extra = (planned, *extra)
    return Section(t(HEADING), tuple(t(point) for point in ALWAYS) + extra)


def planned_last_dose(last: date, first_night: date, language: Language = ENGLISH) -> str:
    """For a last opioid dose still to come when the plan was made (issue 12)."""
    return language.text(
        "Your last opioid dose is planned for {last}. Take no opioid after it, "
        "and take your first LDN dose on {first}, not before."
    ).format(last=format_date(last, language), first=format_date(first_night, language))
