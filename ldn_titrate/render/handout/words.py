"""Every sentence the patient reads on the handout, written once for all three formats.

Plain language at about a 6th–8th grade reading level: short sentences, common words, one idea
each. The facts come from the project's clinical reference (shared/reference/FACTS.md); the words
are our own. Doses and dates inside sentences go through :mod:`ldn_titrate.core.dosetext` only, and
no sentence uses an error-prone abbreviation or a household measure (DESIGN.md §4).
"""

from __future__ import annotations

from dataclasses import dataclass

from ldn_titrate.core.dosetext import format_date, format_mg, formulation_text, plural
from ldn_titrate.core.model import Form, Formulation, Phase, Schedule
from ldn_titrate.render import describe, measure
from ldn_titrate.render.handout import changes as changes
from ldn_titrate.render.handout.common import HandoutOptions
from ldn_titrate.rules.washout import recorded_days

TITLE = "Your LDN dose plan"
MEDICINE = "Low-dose naltrexone (LDN)"
TICK_HINT = "Tick the box each night after you take your dose."
KEY_HEADING = "Doses this month:"
CONTACT_HEADING = "Questions? Call your clinic"
CONTACT_WHEN = (
    "Call us if a side effect worries you or you feel worse after a dose goes up. "
    "Call if you are not sure how much to take."
)
CONTACT_BLANK = "Phone:"
NOTES_LABEL = "Notes from your clinic:"
PAUSED_DOSE = "no LDN (paused)"
# Words on the calendar squares that stand out, so a change never relies on bold or a border alone.
# Short enough to fit one line of a calendar square, even in large print.
FIRST_MARK = "Start"
CHANGE_MARK = "New dose"
PAUSE_MARK = "Pause"
RESTART_MARK = "Restart"
LAST_MARK = "Last dose"
REVIEW_MARK = "Review"
PROVISIONAL_MARK = "If settled"
DOSE_EACH_DAY = "Dose each day"
DOSE_AT_BEDTIME = "Dose at bedtime"
DOSE_IN_MORNING = "Dose in the morning"
CARD_HEADING = "Wallet card: cut out and carry"
TIME_MARK = "New time"
BEFORE_HEADING = "Before you start"
HISTORY_HEADING = "Changes to your plan"
PROVISIONAL_POINT = (
    f'A dose marked "{describe.PROVISIONAL}" is a second try. '
    "If your side effects have not gone, stay at the dose before it and call us."
)
PAUSE_POINT = f'Take no LDN on nights that say "{PAUSED_DOSE}". Then restart at the dose shown.'


@dataclass(frozen=True)
class Section:
    """A heading and its points; each point is a sentence or two a tired reader can follow."""

    heading: str
    points: tuple[str, ...]


def dose_heading(schedule: Schedule) -> str:
    """The dose column's heading: the one time every dose is taken, or "each day" when it varies."""
    if changes.varied_times(schedule):
        period = measure.period(schedule.steps)
        return DOSE_IN_MORNING if period == "morning" and _all_plain(schedule) else DOSE_EACH_DAY
    return DOSE_AT_BEDTIME


def _all_plain(schedule: Schedule) -> bool:
    return all(step.at is None for step in schedule.steps)


def tick_hint(schedule: Schedule) -> str:
    """``Tick the box each night after you take your dose.`` (or each morning, or each day)."""
    return f"Tick the box each {measure.period(schedule.steps)} after you take your dose."


def strength_line(formulation: Formulation | None) -> str | None:
    """Above a liquid's month grid, so the mL in each square is read with its concentration."""
    if formulation is None or formulation.form is not Form.LIQUID:
        return None
    strength = formulation.concentration_mg_per_ml
    if strength is None:
        return None
    return (
        f"Your liquid has {format_mg(strength)} in each mL. "
        "Measure the mL shown in the square; the mg is beside it."
    )


def missed_dose(schedule: Schedule) -> str:
    """What to do about a forgotten dose (FACTS.md, Taking it): never two doses to catch up."""
    period = measure.period(schedule.steps)
    text = (
        "If you forget a dose and remember within a few hours, take it then. If not, skip it "
        "and take your next dose at the usual time. Never take two doses to catch up."
    )
    if period == "night":
        text += " If you only remember the next morning, skip that night."
    return text


def sections(schedule: Schedule, options: HandoutOptions | None = None) -> tuple[Section, ...]:
    """The instructions, in the order a patient needs them: how, measuring, effects, safety."""
    beyond_use = options.beyond_use_days if options is not None else None
    return (
        _how_to_take(schedule),
        _measuring(schedule.formulation, beyond_use),
        _what_you_may_notice(),
        _staying_safe(schedule),
    )


def wallet_card(schedule: Schedule, options: HandoutOptions) -> Section:
    """A card-sized box to cut out: that the patient takes LDN, the dose now, the opioid
    warning for whoever treats them, and the clinic's phone.
    """
    step = schedule.step_on(options.made_on)
    if step is None:
        step = schedule.steps[0] if options.made_on < schedule.first_night else schedule.steps[-1]
    dose = measure.measure_with_dose(step, schedule.formulation)
    when = changes.when_text(step)
    name = f"{options.patient} takes" if options.patient else "I take"
    now = "no LDN (paused)" if step.phase is Phase.PAUSED else f"{dose} {when}"
    points = (
        f"{name} low-dose naltrexone (LDN).",
        f"{_card_when(schedule, options)}: {now}. "
        f"Plan up to {format_mg(max(s.dose_mg for s in schedule.steps))}.",
        "For clinicians: naltrexone is an opioid antagonist. It blocks opioid pain relief. "
        "Plan non-opioid pain relief, or stop LDN before opioids are needed.",
        f"Clinic: {options.contact}" if options.contact else "Clinic phone:",
    )
    return Section(CARD_HEADING, points)


def _card_when(schedule: Schedule, options: HandoutOptions) -> str:
    if options.made_on < schedule.first_night:
        return f"Starts on {format_date(schedule.first_night)}"
    return f"Dose on {format_date(options.made_on)}"


def _how_to_take(schedule: Schedule) -> Section:
    steps = schedule.steps
    period = measure.period(steps)
    points = [
        *changes.timing_points(schedule),
        f"Take only the dose shown for that {period}. The dose goes up in small steps, "
        f"so look at your calendar every {period}.",
        missed_dose(schedule),
    ]
    if any(step.provisional for step in steps):
        points.append(PROVISIONAL_POINT)
    if any(step.phase is Phase.PAUSED for step in steps):
        points.append(PAUSE_POINT)
    points.append(
        "Tick the box on the calendar after you take your dose. "
        f"Then you will know you did not miss a {period} or take it twice."
    )
    last, review = format_date(schedule.last_night), format_date(schedule.review_date)
    if schedule.discontinued_on is not None:
        points.append(
            f"Your prescriber has stopped LDN. Your last dose is on {last}. "
            f"Do not take LDN after that {period}. Your review is on {review}."
        )
    else:
        points.append(
            f"The last planned {period} is {last}. {changes.keep_taking(schedule)} "
            "Most people keep taking LDN after the plan ends; your prescriber will review it."
        )
    return Section("How to take LDN", tuple(points))


def storage(beyond_use_days: int | None) -> str:
    """Where to keep a liquid and when to throw it away (the policy's beyond-use days)."""
    if beyond_use_days is None:
        return (
            "Keep the liquid in the fridge. Do not use it after the date on the label; "
            "throw away what is left and start a new bottle."
        )
    return (
        "Keep the liquid in the fridge. Use each bottle for at most "
        f"{plural(beyond_use_days, 'day')} after the pharmacy made it, or until the date on the "
        "label if that comes first. Then throw away what is left and start a new bottle."
    )


def _measuring(formulation: Formulation | None, beyond_use_days: int | None = None) -> Section:
    if formulation is not None and formulation.form is Form.LIQUID:
        strength = formulation.concentration_mg_per_ml
        each_ml = (
            f"Your LDN is a liquid. Each mL has {format_mg(strength)} of LDN in it."
            if strength is not None
            else "Your LDN is a liquid. Check how many mg are in each mL on the label."
        )
        return Section(
            "How to measure your liquid",
            (
                each_ml,
                "Use the oral syringe from your pharmacy. Measure in mL, the number of mL "
                "shown for that night. Never use a kitchen spoon or a cup.",
                "Pull the plunger back to the line for that number of mL. "
                "Check the number again before you take it.",
                "If a new bottle shows a different strength (mg in each mL), do not use it. "
                "Call your pharmacy or your prescriber first.",
                "The syringe to use for each dose is in the dose table. "
                "Use that size: a bigger one is harder to read.",
                storage(beyond_use_days),
            ),
        )
    if formulation is not None:
        strengths = formulation_text(formulation)
        return Section(
            "Your capsules",
            (
                f"Your LDN comes as {strengths}.",
                "Take the capsules shown for that night. "
                "Check the strength in mg on each bottle before you take them.",
            ),
        )
    return Section(
        "Measuring your dose",
        (
            "Your pharmacy label shows the strength of your LDN. "
            "Ask your pharmacist how to take each dose on this plan.",
            "If your LDN is a liquid, measure it in mL with an oral syringe. "
            "Never use a kitchen spoon or a cup.",
        ),
    )


def _what_you_may_notice() -> Section:
    return Section(
        "What you may notice",
        (
            "In the first days or weeks, some people have vivid dreams or trouble sleeping. "
            "This often gets better on its own.",
            "If it does not get better, tell your prescriber. They may move your dose to earlier "
            "in the evening or to the morning, or make the steps slower.",
            "Some people feel sick to their stomach, have a headache or feel tired.",
            "If your symptoms get worse after the dose goes up, call your prescriber. Ask if "
            "you should go back to your last dose. Do not go up again until they say so.",
            "Signs of an allergic reaction are rare: a rash, a swollen face or lips, or trouble "
            "breathing. If you have them, get emergency help right away.",
        ),
    )


def _staying_safe(schedule: Schedule) -> Section:
    days = recorded_days(schedule.screening)
    return Section(
        "Staying safe",
        (
            "Before you start, tell your prescriber if you took any opioid in the last "
            f"{days} days. "
            "This includes methadone and buprenorphine.",
            "If you are pregnant, may become pregnant, or are breastfeeding, talk to your "
            "prescriber. We do not know yet if LDN is safe at these times.",
            "LDN is not addictive.",
        ),
    )
