"""A check-in reminder the day before each gated increase (issue 26), in the patient's language.

Only for a plan with an interval range. Patient-gated: the increase on the next day is taken only
if the side effects have settled. Clinician-gated: the clinic may bring the increase forward
after a check-in; the calendar's dates are the latest. A proposal never appears here.
"""

from __future__ import annotations

from datetime import timedelta

from ldn_titrate.core.checkin import GateMode
from ldn_titrate.core.dosetext import format_date, format_mg
from ldn_titrate.core.language import N_, Language
from ldn_titrate.core.model import Phase, Schedule
from ldn_titrate.render.calendar.planned import PlannedEvent

SUMMARY = N_("LDN check-in: fill in your diary")
PATIENT_TEXT = N_(
    "Tomorrow, {day}, your dose may go up to {dose}. Go up only if the side effects have "
    "settled; if not, stay on {before}, do not follow the later dates or reminders, and call "
    "the clinic. Fill in your diary page today."
)
CLINICIAN_TEXT = N_(
    "Your dose goes up to {dose} on {day} at the latest. Fill in your diary page and tell the "
    "clinic how you are at your check-in; never go up earlier unless the clinic tells you to."
)


def reminders(schedule: Schedule, language: Language) -> list[PlannedEvent]:
    span = schedule.interval_range
    if span is None:
        return []
    t = language.text
    text = PATIENT_TEXT if span.mode is GateMode.PATIENT else CLINICIAN_TEXT
    events = []
    steps = schedule.steps
    for index, step in enumerate(steps[1:], start=1):
        before = steps[index - 1]
        if step.phase is Phase.PAUSED or before.phase is Phase.PAUSED:
            continue
        if step.dose_mg <= before.dose_mg:
            continue
        day = step.start - timedelta(days=1)
        events.append(
            PlannedEvent(
                kind="checkin",
                night=step.start,
                number=step.number,
                summary=t(SUMMARY),
                description=t(text).format(
                    day=format_date(step.start, language),
                    dose=format_mg(step.dose_mg, language),
                    before=format_mg(before.dose_mg, language),
                ),
                start=day,
                end=step.start,
                transparent=True,
            )
        )
    return events
