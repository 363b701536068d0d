"""The wallet card's words: that the patient takes LDN, the dose now, the opioid warning for
whoever treats them, and the clinic's phone (split from :mod:`words`)."""

from __future__ import annotations

from ldn_titrate.core.dosetext import format_date, format_mg
from ldn_titrate.core.model import Phase, Schedule
from ldn_titrate.render import measure
from ldn_titrate.render.handout import changes as changes
from ldn_titrate.render.handout.common import HandoutOptions
from ldn_titrate.render.handout.words import CARD_HEADING, PAUSED_DOSE, Section


def wallet_card(schedule: Schedule, options: HandoutOptions) -> Section:
    """A card-sized box to cut out: that the patient takes LDN, the dose now, the opioid
    warning for whoever treats them, and the clinic's phone.
    """
    language = options.language
    t = language.text
    step = schedule.step_on(options.made_on)
    if step is None:
        step = schedule.steps[0] if options.made_on < schedule.first_night else schedule.steps[-1]
    dose = measure.measure_with_dose(step, schedule.formulation, language)
    when = changes.when_text(step, language)
    if options.patient:
        takes = t("{patient} takes low-dose naltrexone (LDN).").format(patient=options.patient)
    else:
        takes = t("I take low-dose naltrexone (LDN).")
    now = t(PAUSED_DOSE) if step.phase is Phase.PAUSED else f"{dose} {when}"
    top = format_mg(max(s.dose_mg for s in schedule.steps), language)
    points = (
        takes,
        t("{when}: {now}. Plan up to {top}.").format(
            when=_card_when(schedule, options), now=now, top=top
        ),
        t(
            "For clinicians: naltrexone is an opioid antagonist. It blocks opioid pain relief. "
            "Plan non-opioid pain relief, or stop LDN before opioids are needed."
        ),
        t("Clinic: {contact}").format(contact=options.contact)
        if options.contact
        else t("Clinic phone:"),
    )
    return Section(t(CARD_HEADING), points)


def _card_when(schedule: Schedule, options: HandoutOptions) -> str:
    language = options.language
    if options.made_on < schedule.first_night:
        day = format_date(schedule.first_night, language)
        return language.text("Starts on {day}").format(day=day)
    return language.text("Dose on {day}").format(day=format_date(options.made_on, language))
