"""The safety screen as the clinician reads it: lines at the top of the table, the plan's
Markdown and FHIR's note, with the screen as it is now (a running plan's changes included)."""

from __future__ import annotations

from ldn_titrate.core.dosetext import format_date, plural
from ldn_titrate.core.model import OpioidStatus, Schedule
from ldn_titrate.rules.washout import days_free_before


def screen_lines(schedule: Schedule) -> list[str]:
    """The safety screen as lines for the top of every clinician-facing output.

    A plan without a recorded opioid answer always says so: not answering is allowed, never silent.
    """
    from ldn_titrate.rules.screening import NOT_RECORDED

    screening = schedule.screening
    if screening is None:
        return [f"Opioids: not recorded. Warning: {NOT_RECORDED}"]
    lines = []
    kind = f" ({screening.opioid_class})" if screening.opioid_class else ""
    if screening.opioids is OpioidStatus.STOPPED and screening.last_opioid_dose:
        last_dose = screening.last_opioid_dose
        restart = next((s.start for s in schedule.steps if s.start > last_dose and s.dose_mg), None)
        first = schedule.first_night if last_dose < schedule.first_night else restart
        night = "the first night" if first == schedule.first_night else "LDN restarts"
        free = days_free_before(first, last_dose) if first else 0
        last = "planned last dose" if screening.last_dose_planned else "last dose"
        lines.append(
            f"Opioids: stopped; {last}{kind} on {format_date(last_dose)}, "
            f"{plural(free, 'opioid-free day')} before {night}"
            + (f" ({format_date(first)})" if first != schedule.first_night and first else "")
        )
    elif screening.opioids in (OpioidStatus.CURRENT, OpioidStatus.PLANNED):
        what = f"Opioids: {screening.opioids.value}{kind}"
        if screening.procedure_date is not None:
            what += (
                f" at a procedure on {format_date(screening.procedure_date)} "
                "(tell the surgeon or dentist that the patient takes LDN)"
            )
        if screening.last_opioid_dose is not None:
            what += f"; planned last dose on {format_date(screening.last_opioid_dose)}"
        else:
            what += "; end not known: restart LDN only after a new screen"
        lines.append(what)
    elif screening.opioids is not None:
        lines.append(f"Opioids: {screening.opioids.value}")
    else:
        lines.append("Opioids: not recorded")
    if screening.cautions:
        lines.append(f"Cautions: {', '.join(screening.cautions)}")
    labels = {"warn": "Warning", "note": "Note"}
    lines += [f"{labels[f.action.value]}: {f.message}" for f in screening.findings]
    return lines
