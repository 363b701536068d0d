"""``adjust --accept ID``: apply exactly the proposal the gate rules make now, as an ordinary
adjustment (history, policy re-check, same plan id); a stale id is refused, showing the current
proposal. Pure: the night and the time are arguments.
"""

from __future__ import annotations

from datetime import date, datetime

from ldn_titrate.core.errors import InputError
from ldn_titrate.core.model import Schedule
from ldn_titrate.plans.adjust.apply import adjust
from ldn_titrate.plans.adjust.kinds.advance import Advance
from ldn_titrate.plans.adjust.kinds.discontinue import Discontinue
from ldn_titrate.plans.adjust.kinds.hold import Hold
from ldn_titrate.plans.adjust.kinds.step_back import StepBack
from ldn_titrate.plans.adjust.kinds.stop_at_current import StopAtCurrent
from ldn_titrate.plans.proposals import evaluation, proposal_text
from ldn_titrate.rules.gate_policy import Propose
from ldn_titrate.rules.gates import Proposal
from ldn_titrate.rules.policy import LoadedPolicy


def _request(proposal: Proposal) -> object:
    match proposal.propose:
        case Propose.HOLD:
            return Hold(proposal.hold_nights or 1)
        case Propose.STEP_BACK:
            return StepBack()
        case Propose.STOP_AT_CURRENT:
            return StopAtCurrent()
        case Propose.ADVANCE:
            return Advance()
        case Propose.DISCONTINUE:
            return Discontinue()
    raise InputError(  # REVIEW
        f"--accept {proposal.id}: the proposal is a review, which changes no dose: call the "
        "patient, then adjust the plan as you decide (or record a check-in)"
    )


def accept(
    schedule: Schedule,
    wanted: str,
    loaded: LoadedPolicy,
    night: date,
    *,
    made_at: datetime,
    reason: str | None,
    patient_reason: str | None = None,
) -> Schedule:
    """The plan with proposal ``wanted`` applied from ``night``; refused, showing the current
    proposal, when the rules now propose something with another id (a stale id)."""
    current = evaluation(schedule, loaded, night).proposal
    wanted = wanted.strip().lower()
    if current is None or current.id != wanted:
        now = proposal_text(current) if current else "no proposal"
        raise InputError(
            f"--accept {wanted}: not the current proposal for this plan on {night.isoformat()} "
            f"(revision {schedule.revision}); the rules now give: {now}"
        )
    adjusted = adjust(
        schedule,
        _request(current),
        night,
        made_at=made_at,
        loaded=loaded,
        reason=reason,
        patient_reason=patient_reason,
    )
    change = adjusted.history[-1]
    parameters = {**change.parameters, "proposal": current.id, "rule": current.rule}
    return adjusted.model_copy(
        update={
            "history": (
                *adjusted.history[:-1],
                change.model_copy(update={"parameters": parameters}),
            )
        }
    )
