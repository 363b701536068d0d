"""Proposals, never actions (issue 26): what the gate rules propose for a saved plan on a night,
and ``adjust --accept ID``, which applies exactly that proposal as an ordinary adjustment.

Pure: the night and the time are arguments. The rules are :mod:`ldn_titrate.rules.gates`; the
adjustment kinds (hold, step back, stop at current, advance, discontinue) are the ones ``adjust``
offers, so an accepted proposal has the history, the policy re-check and the plan id of any.
"""

from __future__ import annotations

from datetime import date, datetime

from ldn_titrate.core.errors import InputError
from ldn_titrate.core.model import ChangeKind, Schedule
from ldn_titrate.plans.adjust.apply import adjust
from ldn_titrate.plans.adjust.context import active_changes
from ldn_titrate.plans.adjust.kinds.advance import Advance
from ldn_titrate.plans.adjust.kinds.discontinue import Discontinue
from ldn_titrate.plans.adjust.kinds.hold import Hold
from ldn_titrate.plans.adjust.kinds.step_back import StepBack
from ldn_titrate.plans.adjust.kinds.stop_at_current import StopAtCurrent
from ldn_titrate.rules.gate_policy import Propose
from ldn_titrate.rules.gates import Evaluation, Limits, Proposal, evaluate
from ldn_titrate.rules.policy import LoadedPolicy


def evaluation(schedule: Schedule, loaded: LoadedPolicy, night: date) -> Evaluation:
    policy = loaded.policy
    limits = Limits(
        max_hold_nights=policy.adjust.max_hold_nights,
        max_step_backs=policy.adjust.max_step_backs,
        ceiling_min_mg=policy.bounds.ceiling.min_mg,
    )
    step_backs = sum(
        1 for change in active_changes(schedule.history) if change.kind is ChangeKind.STEP_BACK
    )
    return evaluate(schedule, policy.gates, night, limits, step_backs)


def proposal_text(proposal: Proposal) -> str:
    """``Proposal a41f0c: hold 7 nights (vivid dreams moderate on 3 of the last 4 check-ins;
    rule 'hold-while-moderate')``: English, for the prescriber."""
    note = f"; {proposal.note}" if proposal.note else ""
    return (
        f"Proposal {proposal.id}: {proposal.action} ({proposal.evidence}; rule "
        f"'{proposal.rule}'{note})"
    )


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
