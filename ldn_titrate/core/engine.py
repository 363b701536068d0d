"""The schedule engine: the one place that decides every night's dose, and a plan's identity.

Pure by design: no I/O, no clock, no randomness, no printing. The caller passes the date, the
policy reference and the plan id in, and every renderer reads the returned :class:`Schedule`
without recomputing it.

**Plan identity.** A plan id names one patient's plan; every calendar UID and the FHIR
``identifier`` are derived from it, so two plans with one id would overwrite each other in a
shared calendar or a records system. The rule:

- a plan made for a patient identity (``--patient-id``; in a batch the ``patient_id`` column,
  else the row's ``id``) gets :func:`patient_plan_id`, a uuid5 of that identity together with the
  regimen (first night, start dose, step, interval, ceiling, maintenance): running the same
  command again for the same patient gives the same id, so re-exported files update instead of
  duplicating, and another patient on the same regimen gets another id;
- a plan made without one gets a random (uuid4) id, which the caller draws and passes in;
- an adjustment keeps the id; a saved plan keeps the id it was written with, so files saved
  before this rule (whose id was a uuid5 of the regimen alone) keep their calendar UIDs.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from decimal import ROUND_CEILING, Decimal
from typing import Any

from ldn_titrate import GENERATOR
from ldn_titrate.core.model import Phase, PolicyRef, Schedule, Step, TitrationRequest
from ldn_titrate.core.regimen import Regimen, next_start, regimen_of
from ldn_titrate.core.trusted import defaults_of, quick

# Plan ids made for a patient are uuid5 names in this namespace, so the same patient and regimen
# give the same id on every machine. (Before ids named a patient, plan ids were uuid5 names of the
# regimen alone in 6b0d5a7e-3c1f-5e43-9a51-1d2c4e7f8a90; saved plans keep those ids.)
PATIENT_PLAN_NAMESPACE = uuid.UUID("3e9b7c14-52a8-5d6f-8b0e-9c41d2a7f365")


def count_steps(start_mg: Decimal, step_mg: Decimal, ceiling_mg: Decimal) -> int:
    """How many steps (titration plus maintenance) a start/step/ceiling ladder has."""
    if start_mg >= ceiling_mg:
        return 1
    if step_mg <= 0:
        raise ValueError("a step of zero never reaches the ceiling")
    rises = ((ceiling_mg - start_mg) / step_mg).to_integral_value(rounding=ROUND_CEILING)
    return int(rises) + 1


def dose_ladder(start_mg: Decimal, step_mg: Decimal, ceiling_mg: Decimal) -> list[Decimal]:
    """start, start + step, start + 2 × step, … with the last increase clamped to the ceiling."""
    count = count_steps(start_mg, step_mg, ceiling_mg)
    return [min(start_mg + k * step_mg, ceiling_mg) for k in range(count)]


def patient_plan_id(request: TitrationRequest, patient: str) -> str:
    """A uuid5 of the patient identity and the canonical regimen: the same patient's plan gets
    the same id everywhere, another patient's plan (same regimen or not) another one.
    """
    if not patient:
        raise ValueError("a patient identity is not empty")
    return str(uuid.uuid5(PATIENT_PLAN_NAMESPACE, f"patient:{patient}\n{regimen_key(request)}"))


def regimen_key(request: TitrationRequest) -> str:
    """The regimen as canonical text: equal doses written differently (1.5, 1.50) are equal."""
    return "|".join(
        [
            request.start_date.isoformat(),
            _canonical(request.start_dose_mg),
            _canonical(request.step_mg),
            str(request.interval_days),
            _canonical(request.ceiling_mg),
            str(request.maintain_days),
            *_canonical_forms(request),
        ]
    )


def _canonical_forms(request: TitrationRequest) -> list[str]:
    """The regimen forms added later, only when used: an older plan's id does not change."""
    parts: list[str] = []
    if request.interval_months is not None:
        parts.append(f"months={request.interval_months}")
    if request.doses_mg:
        parts.append("doses=" + ",".join(_canonical(dose) for dose in request.doses_mg))
    for phase in request.phases or ():
        every = (
            f"{phase.interval_months}m"
            if phase.interval_months is not None
            else f"{phase.interval_nights}d"
        )
        parts.append(f"phase={_canonical(phase.step_mg)}/{every}:{_canonical(phase.up_to_mg)}")
    if request.ongoing_grace_nights is not None:
        parts.append(f"ongoing={request.ongoing_grace_nights}")
    for added in request.also or ():
        parts.append(f"also={_canonical(added.dose_mg)}@{added.at}")
    return parts


def _canonical(value: Decimal) -> str:
    return format(value.normalize(), "f")


def build_steps(request: TitrationRequest) -> tuple[Step, ...]:
    """Contiguous steps by calendar day: a 14-night step is 14 nights across DST or 29 Feb."""
    regimen = regimen_of(request)
    return climb_regimen(request.start_date, regimen)


_STEP_DEFAULTS = defaults_of(Step)
_SCHEDULE_DEFAULTS = defaults_of(Schedule)


def climb_regimen(
    first: date,
    regimen: Regimen,
    *,
    start_mg: Decimal | None = None,
    ceiling_mg: Decimal | None = None,
    number: int = 1,
) -> tuple[Step, ...]:
    """The regimen's ladder from ``start_mg`` (its own start when None) on night ``first`` to
    the ceiling (``ceiling_mg`` when lower), then maintenance.

    Shared by a new plan and by adjustments that titrate again from some night (a step back, a
    restart after a pause), so both follow the same dose arithmetic. Steps are numbered from
    ``number``.
    """
    rungs = regimen.rungs(start_mg, ceiling_mg)
    steps: list[Step] = []
    anchor, months = first, 0  # the first night of the current run of monthly steps
    for offset, rung in enumerate(rungs):
        if rung.every is None:
            following = first + timedelta(days=regimen.maintain_days)
        else:
            if not rung.every.months:
                months = 0
            elif months == 0:
                anchor = first
            following = next_start(first, rung.every, anchor, months)
            if rung.every.months:
                months += rung.every.count
        nights = (following - first).days
        values: dict[str, Any] = {
            "number": number + offset,
            "phase": Phase.MAINTENANCE if rung.every is None else Phase.TITRATION,
            "start": first,
            "end": following - timedelta(days=1),
            "nights": nights,
            "dose_mg": rung.dose_mg,
        }
        # Trusted: every value is computed here from checked inputs.
        steps.append(quick(Step, _STEP_DEFAULTS, values))
        first = following
    return tuple(steps)


def build_schedule(
    request: TitrationRequest,
    *,
    policy: PolicyRef,
    plan_id: str,
    created: datetime | None = None,
    warnings: Sequence[str] = (),
) -> Schedule:
    """The whole plan for a request that has already passed the policy's checks.

    ``plan_id`` is :func:`patient_plan_id` for a named patient, else a random id the caller drew.
    """
    steps = build_steps(request)
    values: dict[str, Any] = {
        "id": plan_id,
        "created": created,
        "generator": GENERATOR,
        "policy": policy,
        "inputs": request,
        "steps": steps,
        "review_date": review_date_after(steps[-1].end),
        "warnings": tuple(warnings),
        "also": request.also or (),
    }
    # Trusted: built from a request that passed the checks.
    return quick(Schedule, _SCHEDULE_DEFAULTS, values)


def review_date_after(last_night: date) -> date:
    """The review falls on the day after the last scheduled night."""
    return last_night + timedelta(days=1)
