"""Proposals, never actions (issue 26): what the gate rules propose for a saved plan on a night,
for the prescriber's views (``status`` in English, the course report, batch). Pure: the night is
an argument. The rules are :mod:`ldn_titrate.rules.gates`; ``adjust --accept`` is
:mod:`ldn_titrate.plans.accept` (kept apart: ``status`` loads no adjustment kind).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from ldn_titrate.core.model import ChangeKind, Schedule
from ldn_titrate.plans.adjust.context import active_changes
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


def proposal_data(proposal: Proposal | None) -> dict[str, Any] | None:
    """The proposal as data for ``status --format json`` (None: the rules propose nothing)."""
    if proposal is None:
        return None
    return {
        "id": proposal.id,
        "propose": str(proposal.propose),
        "hold_nights": proposal.hold_nights,
        "rule": proposal.rule,
        "source": proposal.source,
        "evidence": proposal.evidence,
        "checkins": list(proposal.checkins),
        "note": proposal.note,
        "on": proposal.night,
        "text": proposal_text(proposal),
    }


def clinician_lines(schedule: Schedule, found: Evaluation) -> list[str]:
    """What ``status`` adds for the prescriber (English; never in a patient's language)."""
    lines = []
    if schedule.checkins:
        kept = [c for c in schedule.checkins if c.void is None]
        latest = max((c.on for c in kept), default=None)
        lines.append(
            f"Check-ins: {len(kept)}"
            + (f" (the latest on {latest.isoformat()})" if latest else "")
            + (
                f", {len(schedule.checkins) - len(kept)} voided"
                if len(kept) < len(schedule.checkins)
                else ""
            )
        )
    if found.goal is not None:
        lines.append(f"Goal: {found.goal.words}")
    if found.proposal is not None:
        lines.append(
            "For the prescriber, a proposal (not an action; adjust PLAN --accept "
            f"{found.proposal.id} --reason TEXT applies it):"
        )
        lines.append(proposal_text(found.proposal))
    return lines
