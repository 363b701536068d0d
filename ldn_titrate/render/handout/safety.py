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
from ldn_titrate.core.model import OpioidStatus, Phase, Schedule
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
    if (
        screening is not None
        and screening.opioids is OpioidStatus.STOPPED
        and screening.last_dose_planned
        and screening.last_opioid_dose
    ):
        planned = planned_last_dose(screening.last_opioid_dose, schedule.first_night, language)
        extra = (planned, *extra)
    if screening is not None and screening.opioids in (OpioidStatus.CURRENT, OpioidStatus.PLANNED):
        extra = (*opioid_points(schedule, language), *extra)
    return Section(t(HEADING), tuple(t(point) for point in ALWAYS) + extra)


def opioid_points(schedule: Schedule, language: Language = ENGLISH) -> tuple[str, ...]:
    """For opioids recorded on a running plan (``adjust --opioids current`` or ``planned``):
    when LDN stops, to tell the surgeon or dentist, and when (or whether) it restarts."""
    t = language.text
    screening = schedule.screening
    assert screening is not None
    paused = [step for step in schedule.steps if step.phase is Phase.PAUSED]
    if schedule.discontinued_on is not None:
        stop = schedule.discontinued_on
    else:
        stop = paused[-1].start if paused else schedule.first_night
    points = []
    if screening.procedure_date is not None:
        points.append(
            t(
                "Before your surgery or dental procedure on {day}, take no LDN from {stop}. "
                "Tell the surgeon or dentist that you take LDN."
            ).format(
                day=format_date(screening.procedure_date, language),
                stop=format_date(stop, language),
            )
        )
    else:
        points.append(
            t("Take no LDN from {stop} while you take opioid pain medicine.").format(
                stop=format_date(stop, language)
            )
        )
    restart = next((s for s in schedule.steps if s.start > stop and s.dose_mg), None)
    if screening.last_opioid_dose is not None and restart is not None:
        points.append(
            t(
                "Your last opioid dose is planned for {last}. Restart LDN on {restart}, not "
                "before, and only if you have taken no opioid since."
            ).format(
                last=format_date(screening.last_opioid_dose, language),
                restart=format_date(restart.start, language),
            )
        )
    else:
        points.append(
            t(
                "Restart LDN only after your prescriber has checked again that it is safe for "
                "you (a new screen)."
            )
        )
    return tuple(points)


def planned_last_dose(last: date, first_night: date, language: Language = ENGLISH) -> str:
    """For a last opioid dose still to come when the plan was made (issue 12)."""
    return language.text(
        "Your last opioid dose is planned for {last}. Take no opioid after it, "
        "and take your first LDN dose on {first}, not before."
    ).format(last=format_date(last, language), first=format_date(first_night, language))
