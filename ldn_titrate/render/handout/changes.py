"""What a changed plan (issue 6) adds to the handout: dose times, notes on steps, and the history.

A plan that was never adjusted reads exactly as before: every dose at bedtime, no notes, no
history. An adjusted plan may take its dose in the morning, retry a dose only if the side effects
have settled (provisional), pause and restart, or stop; the patient must see each of these where
they look for that night's dose: the table, the month's key and the calendar square.

Everything here is plain text, not yet escaped. A change's reason and a step's note come from the
plan file, so they are cleaned to one line like the names a user types.
"""

from __future__ import annotations

from collections.abc import Sequence

from ldn_titrate.core import nightly
from ldn_titrate.core.dosetext import format_date
from ldn_titrate.core.language import ENGLISH, N_, Language
from ldn_titrate.core.model import DoseTime, Phase, Schedule, Step
from ldn_titrate.core.text import clean_line
from ldn_titrate.core.vocab import RECORD_KINDS
from ldn_titrate.render import describe, measure
from ldn_titrate.render.describe import step_note
from ldn_titrate.render.warning_words import condition_brief, terms_sentence

BEDTIME = N_("at bedtime")
# The word under the dose on a calendar square for a morning dose: short enough for one line.
MORNING_CELL = N_("morning")
# The fact "Last planned dose" of a stopped plan, once per period (measure.period).
STOPS_AFTER = {
    "night": N_("{last}. LDN stops after this night."),
    "morning": N_("{last}. LDN stops after this morning."),
    "day": N_("{last}. LDN stops after this day."),
}
SAME_TIME = {
    "night": N_("Take your dose once a day, {when}. Try to take it at the same time every night."),
    "morning": N_(
        "Take your dose once a day, {when}. Try to take it at the same time every morning."
    ),
    "day": N_("Take your dose once a day, {when}. Try to take it at the same time every day."),
}


def when_text(step: Step, language: Language = ENGLISH) -> str:
    """``at bedtime``, ``in the morning``, ``in the morning (08:00)``, ``at bedtime (22:00)``."""
    return describe.timing_text(step, language) or language.text(BEDTIME)


def cell_when(step: Step, language: Language = ENGLISH) -> str | None:
    """A morning dose says so on every square; bedtime is the default and needs no word."""
    if step.phase is Phase.PAUSED or step.dose_time is not DoseTime.MORNING:
        return None
    return language.text(MORNING_CELL)


def varied_times(schedule: Schedule) -> bool:
    """True when any dose is not a plain bedtime dose, so every dose line names its time."""
    return any(describe.timing_text(step) for step in schedule.steps)


def notes(
    steps: Sequence[Step], index: int, language: Language = ENGLISH, *, brief: bool = False
) -> tuple[str, ...]:
    """What the patient must know about ``steps[index]`` beyond its dose and time: its terms
    (a conditional dose, or a night that follows one: core/nightly.py) and its warning.

    ``brief`` (a month's key, read beside the grid, after the dose table that says it whole):
    the shorter forms, each still saying what to do when the dose is not taken.
    """
    step = steps[index]
    out: list[str] = []
    terms = nightly.terms(steps)[index]
    if brief and terms.condition is not None:
        out.append(condition_brief(terms.condition, language))
    elif sentence := terms_sentence(terms, language):
        out.append(sentence)
    note = clean_line(step_note(step, language))
    if note:
        out.append(note)
    return tuple(out)


def history(schedule: Schedule, language: Language = ENGLISH) -> tuple[str, ...]:
    """``Changed on Sun 20 Dec 2026: held 7 nights — vivid dreams``, oldest first."""
    lines = (
        clean_line(describe.change_text(change, for_patient=True, language=language))
        for change in schedule.history
        if change.kind not in RECORD_KINDS  # a check-in is the clinician's record
    )
    return tuple(line for line in lines if line)


def last_night_text(schedule: Schedule, language: Language = ENGLISH) -> str:
    """The "Last planned night" fact: a stopped plan says plainly that LDN stops after it; any
    other plan goes on at its last dose until the review (maintenance usually continues).
    """
    last = format_date(schedule.last_night, language)
    if schedule.discontinued_on is not None:
        return language.text(STOPS_AFTER[measure.period(schedule.steps)]).format(last=last)
    return language.text("{last}. Then keep taking your dose until your review.").format(last=last)


def keep_taking(schedule: Schedule, language: Language = ENGLISH) -> str:
    """``Keep taking 4.5 mg until your review on Tue 9 Feb 2027, unless told otherwise.``"""
    t = language.text
    review = format_date(schedule.review_date, language)
    last = schedule.steps[-1]
    if last.phase is Phase.PAUSED:
        return t("Take no LDN until your review on {review}, unless told otherwise.").format(
            review=review
        )
    dose = measure.measure_with_dose(last, schedule.formulation, language)
    return t("Keep taking {dose} until your review on {review}, unless told otherwise.").format(
        dose=dose, review=review
    )


def timing_points(schedule: Schedule, language: Language = ENGLISH) -> tuple[str, ...]:
    """The first lines of "How to take LDN": when to take the dose, and from when if it moves."""
    t = language.text
    also = describe.also_text(schedule, language=language)
    if also is not None:  # --also: more than one dose a day, so never "once a day"
        return (
            t(
                "Take your nightly dose as the table shows, and also {also} every day. Take each "
                "dose at its own time every day; never take two doses together to catch up."
            ).format(also=also),
        )
    taken = [step for step in schedule.steps if step.phase is not Phase.PAUSED]
    if not varied_times(schedule):
        return (
            t(
                "Take your dose once a day, at bedtime. "
                "Try to take it at the same time every night."
            ),
        )
    each = measure.period(schedule.steps)
    runs: list[tuple[Step, str]] = []
    for step in taken:
        if not runs or runs[-1][1] != when_text(step, language):
            runs.append((step, when_text(step, language)))
    if len(runs) == 1:
        return (t(SAME_TIME[each]).format(when=runs[0][1]),)
    moves = " ".join(
        t("From {day}, take it {when}.").format(day=format_date(step.start, language), when=when)
        for step, when in runs
    )
    return (t("Take your dose once a day, at the same time each day. {moves}").format(moves=moves),)
