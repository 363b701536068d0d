"""Every sentence the patient reads on the handout, written once for all three formats.

Plain language at about a 6th–8th grade reading level: short sentences, common words, one idea
each. The facts come from the project's clinical reference (shared/reference/FACTS.md); the words
are our own. Doses and dates inside sentences go through :mod:`ldn_titrate.core.dosetext` only, and
no sentence uses an error-prone abbreviation or a household measure (DESIGN.md §4).

Each sentence is a catalog message (``N_`` here, said through the patient's
:class:`~ldn_titrate.core.language.Language` where it is used). A sentence that names the
plan's period (night, morning or day) is written out once per period, never pieced together,
so each language can say it its own way.
"""

from __future__ import annotations

from dataclasses import dataclass

from ldn_titrate.core.dosetext import counted, format_date, format_mg, formulation_text
from ldn_titrate.core.language import ENGLISH, N_, Language
from ldn_titrate.core.model import Form, Formulation, Phase, Schedule
from ldn_titrate.render import measure
from ldn_titrate.render.handout import changes as changes
from ldn_titrate.render.handout import periods
from ldn_titrate.render.handout.common import HandoutOptions
from ldn_titrate.render.warning_words import PROVISIONAL
from ldn_titrate.rules.washout import recorded_days

TITLE = N_("Your LDN dose plan")
MEDICINE = N_("Low-dose naltrexone (LDN)")
KEY_HEADING = N_("Doses this month:")
CONTACT_HEADING = N_("Questions? Call your clinic")
CONTACT_WHEN = N_(
    "Call us if a side effect worries you or you feel worse after a dose goes up. "
    "Call if you are not sure how much to take."
)
# The clinic profile's time zone, when it sets one: the zone the dates and dose times mean.
TIME_ZONE = N_("Dates and times on this sheet are in the {zone} time zone.")
NOTES_LABEL = N_("Notes from your clinic:")
PAUSED_DOSE = N_("no LDN (paused)")
# Words on the calendar squares that stand out, so a change never relies on bold or a border alone.
# Short enough to fit one line of a calendar square, even in large print.
FIRST_MARK = N_("Start")
CHANGE_MARK = N_("New dose")
PAUSE_MARK = N_("Pause")
RESTART_MARK = N_("Restart")
LAST_MARK = N_("Last dose")
REVIEW_MARK = N_("Review")
PROVISIONAL_MARK = N_("If settled")
DOSE_EACH_DAY = N_("Dose each day")
DOSE_AT_BEDTIME = N_("Dose at bedtime")
DOSE_IN_MORNING = N_("Dose in the morning")
CARD_HEADING = N_("Wallet card: cut out and carry")
TIME_MARK = N_("New time")
BEFORE_HEADING = N_("Before you start")
HISTORY_HEADING = N_("Changes to your plan")
PROVISIONAL_POINT = N_(
    'A dose marked "{provisional}" is a second try. '
    "If your side effects have not gone, stay on the dose before it and call us. "
    "Do not follow the later dates or reminders until you have talked to us."
)
TICK_HINT = periods.TICK_HINTS["night"]
PAUSE_POINT = N_('Take no LDN on nights that say "{paused}". Then restart at the dose shown.')


@dataclass(frozen=True)
class Section:
    """A heading and its points; each point is a sentence or two a tired reader can follow."""

    heading: str
    points: tuple[str, ...]


def dose_heading(schedule: Schedule, language: Language = ENGLISH) -> str:
    """The dose column's heading: the one time every dose is taken, or "each day" when it varies."""
    if changes.varied_times(schedule):
        period = measure.period(schedule.steps)
        plain = period == "morning" and _all_plain(schedule)
        return language.text(DOSE_IN_MORNING if plain else DOSE_EACH_DAY)
    return language.text(DOSE_AT_BEDTIME)


def _all_plain(schedule: Schedule) -> bool:
    return all(step.at is None for step in schedule.steps)


def tick_hint(schedule: Schedule, language: Language = ENGLISH) -> str:
    """``Tick the box each night after you take your dose.`` (or each morning, or each day)."""
    return language.text(periods.TICK_HINTS[measure.period(schedule.steps)])


def strength_line(formulation: Formulation | None, language: Language = ENGLISH) -> str | None:
    """Above a liquid's month grid, so the mL in each square is read with its concentration."""
    if formulation is None or formulation.form is not Form.LIQUID:
        return None
    strength = formulation.concentration_mg_per_ml
    if strength is None:
        return None
    return language.text(
        "Your liquid has {dose} in each mL. "
        "Measure the mL shown in the square; the mg is beside it."
    ).format(dose=format_mg(strength, language))


def missed_dose(schedule: Schedule, language: Language = ENGLISH) -> str:
    """What to do about a forgotten dose (FACTS.md, Taking it): never two doses to catch up."""
    t = language.text
    text = t(
        "If you forget a dose and remember within a few hours, take it then. If not, skip it "
        "and take your next dose at the usual time. Never take two doses to catch up."
    )
    if measure.period(schedule.steps) == "night":
        text += " " + t("If you only remember the next morning, skip that night.")
    return text


def sections(schedule: Schedule, options: HandoutOptions | None = None) -> tuple[Section, ...]:
    """The instructions, in the order a patient needs them: how, measuring, effects, safety."""
    beyond_use = options.beyond_use_days if options is not None else None
    language = options.language if options is not None else ENGLISH
    return (
        _how_to_take(schedule, language),
        _measuring(schedule.formulation, beyond_use, language),
        _what_you_may_notice(language),
        _staying_safe(schedule, language),
    )


def _how_to_take(schedule: Schedule, language: Language) -> Section:
    t = language.text
    steps = schedule.steps
    period = measure.period(steps)
    points = [
        *changes.timing_points(schedule, language),
        t(periods.ONLY_THE_DOSE[period]),
        missed_dose(schedule, language),
    ]
    # A retried dose; a patient-gated increase is said in its own section (handout/response.py).
    if any(step.provisional and not step.gated for step in steps):
        points.append(t(PROVISIONAL_POINT).format(provisional=t(PROVISIONAL)))
    if any(step.phase is Phase.PAUSED for step in steps):
        points.append(t(PAUSE_POINT).format(paused=t(PAUSED_DOSE)))
    points.append(t(periods.TICK_POINT[period]))
    last = format_date(schedule.last_night, language)
    review = format_date(schedule.review_date, language)
    if schedule.discontinued_on is not None:
        points.append(t(periods.STOPPED_POINT[period]).format(last=last, review=review))
    else:
        keep = changes.keep_taking(schedule, language)
        points.append(t(periods.LAST_POINT[period]).format(last=last, keep=keep))
    return Section(t("How to take LDN"), tuple(points))


def storage(beyond_use_days: int | None, language: Language = ENGLISH) -> str:
    """Where to keep a liquid and when to throw it away (the policy's beyond-use days)."""
    if beyond_use_days is None:
        return language.text(
            "Keep the liquid in the fridge. Do not use it after the date on the label; "
            "throw away what is left and start a new bottle."
        )
    message = language.ntext(
        "Keep the liquid in the fridge. Use each bottle for at most {count} day after the "
        "pharmacy made it, or until the date on the label if that comes first. Then throw away "
        "what is left and start a new bottle.",
        "Keep the liquid in the fridge. Use each bottle for at most {count} days after the "
        "pharmacy made it, or until the date on the label if that comes first. Then throw away "
        "what is left and start a new bottle.",
        beyond_use_days,
    )
    return counted(message, beyond_use_days, language)


def _measuring(
    formulation: Formulation | None, beyond_use_days: int | None, language: Language
) -> Section:
    t = language.text
    if formulation is not None and formulation.form is Form.LIQUID:
        strength = formulation.concentration_mg_per_ml
        each_ml = (
            t("Your LDN is a liquid. Each mL has {dose} of LDN in it.").format(
                dose=format_mg(strength, language)
            )
            if strength is not None
            else t("Your LDN is a liquid. Check how many mg are in each mL on the label.")
        )
        return Section(
            t("How to measure your liquid"),
            (
                each_ml,
                t(
                    "Use the oral syringe from your pharmacy. Measure in mL, the number of mL "
                    "shown for that night. Never use a kitchen spoon or a cup."
                ),
                t(
                    "Pull the plunger back to the line for that number of mL. "
                    "Check the number again before you take it."
                ),
                t(
                    "If a new bottle shows a different strength (mg in each mL), do not use it. "
                    "Call your pharmacy or your prescriber first."
                ),
                t(
                    "The syringe to use for each dose is in the dose table. "
                    "Use that size: a bigger one is harder to read."
                ),
                storage(beyond_use_days, language),
            ),
        )
    if formulation is not None:
        strengths = formulation_text(formulation, language)
        return Section(
            t("Your capsules"),
            (
                t("Your LDN comes as {strengths}.").format(strengths=strengths),
                t(
                    "Take the capsules shown for that night. "
                    "Check the strength in mg on each bottle before you take them."
                ),
            ),
        )
    return Section(
        t("Measuring your dose"),
        (
            t(
                "Your pharmacy label shows the strength of your LDN. "
                "Ask your pharmacist how to take each dose on this plan."
            ),
            t(
                "If your LDN is a liquid, measure it in mL with an oral syringe. "
                "Never use a kitchen spoon or a cup."
            ),
        ),
    )


def _what_you_may_notice(language: Language) -> Section:
    t = language.text
    return Section(
        t("What you may notice"),
        (
            t(
                "In the first days or weeks, some people have vivid dreams or trouble sleeping. "
                "This often gets better on its own."
            ),
            t(
                "If it does not get better, tell your prescriber. They may move your dose to "
                "earlier in the evening or to the morning, or make the steps slower."
            ),
            t("Some people feel sick to their stomach, have a headache or feel tired."),
            t(
                "If your symptoms get worse after the dose goes up, call your prescriber. Ask if "
                "you should go back to your last dose. Do not go up again until they say so."
            ),
            t(
                "Signs of an allergic reaction are rare: a rash, a swollen face or lips, or "
                "trouble breathing. If you have them, get emergency help right away."
            ),
        ),
    )


def _staying_safe(schedule: Schedule, language: Language) -> Section:
    t = language.text
    days = recorded_days(schedule.screening)
    return Section(
        t("Staying safe"),
        (
            t(
                "Before you start, tell your prescriber if you took any opioid in the last "
                "{days} days. This includes methadone and buprenorphine."
            ).format(days=days),
            t(
                "If you are pregnant, may become pregnant, or are breastfeeding, talk to your "
                "prescriber. We do not know yet if LDN is safe at these times."
            ),
            t("LDN is not addictive."),
        ),
    )
