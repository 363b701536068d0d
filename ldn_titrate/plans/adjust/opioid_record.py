"""What an opioid screen change (``adjust --opioids``, kinds/opioids.py) records: the request,
the history's parameters and the plan's new screen."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from ldn_titrate.core.model import OpioidStatus, Screening
from ldn_titrate.plans.adjust.context import Context, Outcome
from ldn_titrate.rules.washout import required_days


@dataclass(frozen=True)
class Opioids:
    status: OpioidStatus
    name: str | None  # as typed; resolved against the policy's classes when applied
    day: date | None  # stopped: the last dose; planned: the procedure; current: None
    until: date | None  # current, planned: the last opioid dose, if known
    on_given: bool  # --on was typed (stopped: the restart night asked for)


def parameters(
    request: Opioids, name: str | None, outcome: Outcome, on: date
) -> dict[str, int | Decimal | str]:
    found: dict[str, int | Decimal | str] = {"status": request.status.value}
    if name:
        found["drug"] = name
    if request.status is OpioidStatus.CURRENT:
        found["started"] = on.isoformat()
    if request.status is OpioidStatus.PLANNED and request.day is not None:
        found["started"] = request.day.isoformat()
        found["procedure"] = request.day.isoformat()
    if request.status is OpioidStatus.STOPPED and request.day is not None:
        found["stopped"] = request.day.isoformat()
    if request.until is not None:
        found["until"] = request.until.isoformat()
    restart = next((s for s in outcome.steps if s.restart_opioid_free_days is not None and
                    s.start >= on), None)  # fmt: skip
    if outcome.discontinued_on is None and restart is not None:
        found["restart"] = restart.start.isoformat()
        found["resume_mg"] = restart.dose_mg
    return found


def screen(context: Context, request: Opioids, name: str | None) -> Screening:
    """The plan's screen after the change: the opioid answer replaced, the cautions kept."""
    old = context.schedule.screening or Screening.model_construct()
    findings = tuple(f for f in old.findings if not f.code.startswith("opioid"))
    last = request.day if request.status is OpioidStatus.STOPPED else request.until
    return old.model_copy(
        update={
            "opioids": request.status,
            "opioid_class": name,
            "last_opioid_dose": last,
            "findings": findings,
            "opioid_free_days": required_days(context.loaded.policy.safety, name),
            "last_dose_planned": True if request.until is not None else None,
            "procedure_date": request.day if request.status is OpioidStatus.PLANNED else None,
        }
    )
