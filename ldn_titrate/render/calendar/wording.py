"""What each calendar event says: the sentences of a step's banner, its first night and its
doses, in the patient's language (split from :mod:`events`, which decides which events exist).
"""

from __future__ import annotations

from decimal import Decimal

from ldn_titrate.core import nightly
from ldn_titrate.core.dosetext import format_date, format_mg, format_number
from ldn_titrate.core.language import N_, Language
from ldn_titrate.core.model import Phase, Schedule, Step
from ldn_titrate.render.calendar.timing import DoseTime, time_change
from ldn_titrate.render.describe import step_note, syringe_text
from ldn_titrate.render.measure import measure_with_dose, period
from ldn_titrate.render.warning_words import PROVISIONAL, terms_sentence

SIDE_EFFECTS = N_(
    "Vivid dreams or poor sleep are common at first and usually settle within days to weeks. "
    "If they persist, or you feel worse after an increase, contact your prescriber: the usual "
    "options are taking the dose earlier, or going back to the previous dose until things settle."
)

# Only in a language that writes decimals with a comma (es-ES, fr, de): said once, in words.
DECIMAL_COMMA = N_(
    "In this plan the decimal mark is a comma: 1,5 mg means one and a half milligrams."
)
# The phase names a banner says (the plan file's vocabulary, translated where they are said).
PHASE_NAMES = (N_("titration"), N_("maintenance"), N_("paused"))


def of_text(schedule: Schedule, step: Step, language: Language) -> str:
    return language.text("step {number} of {count}").format(
        number=step.number, count=len(schedule.steps)
    )


def syringe_lines(step: Step, language: Language) -> list[str]:
    """``Measure it with the 1 mL oral syringe.``, as a line of its own (none without one)."""
    syringe = syringe_text(step, language)
    return (
        [language.text("Measure it with the {syringe}.").format(syringe=syringe)] if syringe else []
    )


def nights_text(count: int, language: Language, morning: bool = False) -> str:
    """``14 nights``; a dose taken in the morning is counted in days (``14 days``)."""
    if morning:
        text = language.ntext("{count} day", "{count} days", count)
    else:
        text = language.ntext("{count} night", "{count} nights", count)
    return text.format(count=format_number(Decimal(count), language))


def planned_end(schedule: Schedule, language: Language) -> str:
    """``The planned nights ended on …``: days, when a dose is taken in the morning."""
    message = (
        N_("The planned nights ended on {day}.")
        if period(schedule.steps) == "night"
        else N_("The planned days ended on {day}.")
    )
    return language.text(message).format(day=format_date(schedule.last_night, language))


def measure_text(schedule: Schedule, step: Step, language: Language) -> str:
    """What to measure first, then the mg: ``0.5 mL of 5 mg/mL (2.5 mg)``, ``1 × 1.5 mg capsule
    (1.5 mg)``, or ``2.5 mg`` without a formulation: a volume always with its concentration.
    """
    return measure_with_dose(step, schedule.formulation, language)


def terms_text(steps: tuple[Step, ...], index: int, language: Language) -> str | None:
    """The sentence a step's events carry about its terms (core/nightly.py): a conditional dose,
    or a night that applies only after one; None if neither.
    """
    return terms_sentence(nightly.terms(steps)[index], language)


def terms_mark(steps: tuple[Step, ...], index: int, language: Language) -> str:
    """What a step's event title adds for its terms, short enough for a phone's alert:
    ``, only if the side effects have settled`` or ``, if 3.5 mg went well``; else nothing.
    """
    terms = nightly.terms(steps)[index]
    if terms.condition is not None:
        return ", " + language.text(PROVISIONAL)
    if terms.after is not None:
        dose = format_mg(terms.after.dose_mg, language)
        return ", " + language.text("if {dose} went well").format(dose=dose)
    return ""


def sentence(text: str) -> str:
    return text if text.endswith(".") else f"{text}."


def brief_text(step: Step, language: Language) -> str:
    if step.phase is Phase.PAUSED:
        return language.text("a pause")
    return format_mg(step.dose_mg, language)


def change(step: Step, previous: Step | None, dose: str, when: DoseTime) -> str | None:
    """How tonight's dose differs from the night before, saying the new ``dose``; None if not."""
    if previous is None or previous.dose_mg == step.dose_mg:
        return None
    t = when.language.text
    if previous.phase is Phase.PAUSED:
        return t("Restart {today}: {dose} (after a pause)").format(today=when.today, dose=dose)
    kind = t("Increase") if step.dose_mg > previous.dose_mg else t("Decrease")
    return t("{change} {today}: {dose} (was {before})").format(
        change=kind,
        today=when.today,
        dose=dose,
        before=format_mg(previous.dose_mg, when.language),
    )


def first_night(
    step: Step, previous: Step | None, dose: str, when: DoseTime, was: DoseTime | None
) -> tuple[str, list[str]] | None:
    """The summary and extra lines of a step's first-night event, when that night needs one:
    a new dose, a new dose time or a note (the restart warning after a pause).
    """
    summary = change(step, previous, dose, when)
    t = when.language.text
    lines: list[str] = []
    moved = time_change(was, when) if was is not None and previous is not None else None
    if moved is not None and previous is not None and previous.phase is not Phase.PAUSED:
        if summary is None:
            summary = t("Dose time changes: LDN {dose} {moved}").format(dose=dose, moved=moved)
        lines.append(
            t(
                "From {today} the dose is taken {when} at {time}, "
                "once a day as before: take it {today} and not also at the old time."
            ).format(today=when.today, when=when.words, time=f"{when.at:%H:%M}")
        )
    note = step_note(step, when.language)
    if note:
        summary = summary or t("LDN {dose}: read the note first").format(dose=dose)
        lines.insert(0, sentence(note))
    return (summary, lines) if summary is not None else None
