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

from ldn_titrate.core.dosetext import format_date, format_mg
from ldn_titrate.core.model import DoseTime, Phase, Schedule, Step
from ldn_titrate.core.text import clean_line
from ldn_titrate.render import describe, measure
from ldn_titrate.render.describe import step_note

BEDTIME = "at bedtime"
# The word under the dose on a calendar square for a morning dose: short enough for one line.
MORNING_CELL = "morning"


def when_text(step: Step) -> str:
    """``at bedtime``, ``in the morning``, ``in the morning (08:00)``, ``at bedtime (22:00)``."""
    return describe.timing_text(step) or BEDTIME


def cell_when(step: Step) -> str | None:
    """A morning dose says so on every square; bedtime is the default and needs no word."""
    if step.phase is Phase.PAUSED or step.dose_time is not DoseTime.MORNING:
        return None
    return MORNING_CELL


def varied_times(schedule: Schedule) -> bool:
    """True when any dose is not a plain bedtime dose, so every dose line names its time."""
    return any(describe.timing_text(step) for step in schedule.steps)


def provisional_note(before: Step | None) -> str:
    """The words of a retried dose: take it only once the side effects have settled."""
    stay = f"the dose before it ({format_mg(before.dose_mg)})" if before else "the dose before it"
    return f"Take this dose {describe.PROVISIONAL}; if not, stay at {stay}"


def notes(steps: Sequence[Step], index: int) -> tuple[str, ...]:
    """What the patient must know about ``steps[index]`` beyond its dose and time: a retried
    dose and every step after it (to a pause) is taken only once the side effects have settled.
    """
    step = steps[index]
    out: list[str] = []
    if measure.conditional(tuple(steps), index):
        out.append(provisional_note(measure.stay_at(tuple(steps), index)))
    note = clean_line(step_note(step))
    if note:
        out.append(note)
    return tuple(out)


def history(schedule: Schedule) -> tuple[str, ...]:
    """``Changed on Sun 20 Dec 2026: held 7 nights — vivid dreams``, oldest first."""
    lines = (
        clean_line(describe.change_text(change, for_patient=True)) for change in schedule.history
    )
    return tuple(line for line in lines if line)


def last_night_text(schedule: Schedule) -> str:
    """The "Last planned night" fact: a stopped plan says plainly that LDN stops after it; any
    other plan goes on at its last dose until the review (maintenance usually continues).
    """
    last = format_date(schedule.last_night)
    if schedule.discontinued_on is not None:
        return f"{last}. LDN stops after this {measure.period(schedule.steps)}."
    return f"{last}. Then keep taking your dose until your review."


def keep_taking(schedule: Schedule) -> str:
    """``Keep taking 4.5 mg until your review on Tue 9 Feb 2027, unless told otherwise.``"""
    review = format_date(schedule.review_date)
    last = schedule.steps[-1]
    if last.phase is Phase.PAUSED:
        return f"Take no LDN until your review on {review}, unless told otherwise."
    dose = measure.measure_with_dose(last, schedule.formulation)
    return f"Keep taking {dose} until your review on {review}, unless told otherwise."


def timing_points(schedule: Schedule) -> tuple[str, ...]:
    """The first lines of "How to take LDN": when to take the dose, and from when if it moves."""
    also = describe.also_text(schedule)
    if also is not None:  # --also: more than one dose a day, so never "once a day"
        return (
            f"Take your nightly dose as the table shows, and also {also} every day. Take each "
            "dose at its own time every day; never take two doses together to catch up.",
        )
    taken = [step for step in schedule.steps if step.phase is not Phase.PAUSED]
    if not varied_times(schedule):
        return (
            "Take your dose once a day, at bedtime. Try to take it at the same time every night.",
        )
    each = measure.period(schedule.steps)
    runs: list[tuple[Step, str]] = []
    for step in taken:
        if not runs or runs[-1][1] != when_text(step):
            runs.append((step, when_text(step)))
    if len(runs) == 1:
        return (
            f"Take your dose once a day, {runs[0][1]}. "
            f"Try to take it at the same time every {each}.",
        )
    moves = " ".join(f"From {format_date(step.start)}, take it {when}." for step, when in runs)
    return (f"Take your dose once a day, at the same time each day. {moves}",)
