"""Every sentence the patient reads on the handout, written once for all three formats.

Plain language at about a 6th–8th grade reading level: short sentences, common words, one idea
each. The facts come from the project's clinical reference (shared/reference/FACTS.md); the words
are our own. Doses and dates inside sentences go through :mod:`ldn_titrate.core.dosetext` only, and
no sentence uses an error-prone abbreviation or a household measure (DESIGN.md §4).
"""

from __future__ import annotations

from dataclasses import dataclass

from ldn_titrate.core.dosetext import format_date, format_mg, formulation_text
from ldn_titrate.core.model import Form, Formulation, Phase, Schedule
from ldn_titrate.render import describe
from ldn_titrate.render.handout import changes as changes
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
DOSE_EACH_NIGHT = "Dose each night"
DOSE_AT_BEDTIME = "Dose at bedtime"
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


def sections(schedule: Schedule) -> tuple[Section, ...]:
    """The instructions, in the order a patient needs them: how, measuring, effects, safety."""
    return (
        _how_to_take(schedule),
        _measuring(schedule.formulation),
        _what_you_may_notice(),
        _staying_safe(schedule),
    )


def _how_to_take(schedule: Schedule) -> Section:
    steps = schedule.steps
    points = [
        *changes.timing_points(schedule),
        "Take only the dose shown for that night. The dose goes up in small steps, "
        "so look at your calendar every night.",
    ]
    if any(step.provisional for step in steps):
        points.append(PROVISIONAL_POINT)
    if any(step.phase is Phase.PAUSED for step in steps):
        points.append(PAUSE_POINT)
    points.append(
        "Tick the box on the calendar after you take your dose. "
        "Then you will know you did not miss a night or take it twice."
    )
    last, review = format_date(schedule.last_night), format_date(schedule.review_date)
    if schedule.discontinued_on is not None:
        points.append(
            f"Your prescriber has stopped LDN. Your last dose is on {last}. "
            f"Do not take LDN after that night. Your review is on {review}."
        )
    else:
        points.append(
            f"Your last night on this plan is {last}. Your review is on {review}. "
            "Before then, ask your prescriber what to take after your last night."
        )
    return Section("How to take LDN", tuple(points))


def _measuring(formulation: Formulation | None) -> Section:
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
