"""The handout's words for a plan titrated to response (issue 26): what a gated night means, and
the diary page (the same ratings and side effects a check-in takes), in the patient's language.

Only for a plan with an interval range, a goal or check-ins (plan version 2); a fixed plan's
handout is as it was. A proposal never appears here: only what was accepted is in the plan.
"""

from __future__ import annotations

from ldn_titrate.core.checkin import GateMode
from ldn_titrate.core.dosetext import format_date, format_mg
from ldn_titrate.core.language import N_, Language
from ldn_titrate.core.model import Schedule
from ldn_titrate.render.handout.words import Section
from ldn_titrate.render.warning_words import PROVISIONAL

GATED_HEADING = N_("When your dose goes up")
# Patient-gated: the increase is printed at the earliest date, with its condition.
GATED_POINTS = (
    N_(
        'A new dose marked "{settled}" starts on its date only if the side effects of the dose '
        "before it have settled."
    ),
    N_(
        "If they have not settled, stay on the dose you are taking, do not follow the later dates "
        "or reminders, and call the clinic."
    ),
    N_("Fill in the diary page before each new dose, so you can tell the clinic how you are."),
)
GATED_FIRST = N_("The first such night is {day}: go up to {dose} only if the side effects have "
                 "settled; if not, stay on {before}.")  # fmt: skip
# Clinician-gated: the dates are the latest; the clinic may bring an increase forward.
CLINICIAN_POINTS = (
    N_(
        "The dates here are the latest each new dose starts. After a check-in, your clinic may "
        "tell you to go up earlier; then you get a new plan."
    ),
    N_("Never go up earlier on your own. Fill in the diary page before each check-in."),
)
DIARY_HEADING = N_("Your check-in diary")
DIARY_POINTS = (
    N_("Before each call with the clinic, and before each new dose, write down:"),
    N_("Date: __________"),
    N_("Pain, from 0 (none) to 10 (worst): ____"),
    N_("Tiredness, from 0 (none) to 10 (worst): ____"),
    N_("Sleep, from 0 (very poor) to 10 (very good): ____"),
    N_(
        "Side effects, each none, mild, moderate or severe: vivid dreams ____, trouble sleeping "
        "____, headache ____, feeling sick ____, tiredness ____, worry ____, low mood ____, rash "
        "____, allergic reaction ____, anything else ____"
    ),
    N_("Doses missed since the last check-in: ____"),
    N_("Any opioid pain medicine since the last check-in (yes or no): ____"),
    N_("A rash, an allergic reaction or any severe side effect: stop LDN and call the clinic now."),
)
EXTRA_RATING = N_("{name}, from 0 to 10: ____")


def sections(
    schedule: Schedule, language: Language, extra_ratings: tuple[str, ...] = ()
) -> tuple[Section, ...]:
    """The gated-night section (with a range) and the diary page, or nothing for a fixed plan."""
    if not schedule.needs_version_2:
        return ()
    t = language.text
    found: list[Section] = []
    span = schedule.interval_range
    if span is not None and span.mode is GateMode.PATIENT:
        points = [t(GATED_POINTS[0]).format(settled=t(PROVISIONAL)),
                  *(t(p) for p in GATED_POINTS[1:])]  # fmt: skip
        first = _first_gated(schedule, language)
        if first:
            points.insert(1, first)
        found.append(Section(t(GATED_HEADING), tuple(points)))
    elif span is not None:
        found.append(Section(t(GATED_HEADING), tuple(t(p) for p in CLINICIAN_POINTS)))
    diary = [t(p) for p in DIARY_POINTS]
    diary[5:5] = [t(EXTRA_RATING).format(name=name) for name in extra_ratings]
    found.append(Section(t(DIARY_HEADING), tuple(diary)))
    return tuple(found)


def _first_gated(schedule: Schedule, language: Language) -> str | None:
    steps = schedule.steps
    for index, step in enumerate(steps):
        if index and step.gated:
            return language.text(GATED_FIRST).format(
                day=format_date(step.start, language),
                dose=format_mg(step.dose_mg, language),
                before=format_mg(steps[index - 1].dose_mg, language),
            )
    return None
