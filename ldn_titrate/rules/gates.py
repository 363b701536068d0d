"""The gate rules: (plan, policy gates, night) → the one proposal for the prescriber, or None.

Pure: no I/O, no clock (the night is an argument). A proposal is never an action: ``status``
shows it, ``adjust --accept ID`` applies it. How it is chosen:

1. Fixed rules no policy changes: a rash or an allergic reaction (mild or worse), any severe
   "other", or opioid use reported in the window propose ``review`` and never a dose.
2. The policy's rules in order (``[[gates.rules]]``), then the goal (met: stop at the current
   dose, the lowest effective dose).
3. Each candidate is made something the plan can take: a step back on the first dose (or past the
   policy's step backs) becomes ``review``; a hold is at most the policy's longest; an advance
   only from a range's lower bound on a titration step; nothing that is an increase while a side
   effect in the window is moderate or worse.
4. The most cautious wins (discontinue > review > step back > hold > stop at current > advance),
   then the order above.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from ldn_titrate.core.checkin import CheckIn, GateMode, Severity, SideEffect
from ldn_titrate.core.dosetext import plural
from ldn_titrate.core.model import ChangeKind, Phase, Schedule, Step
from ldn_titrate.core.vocab import RECORD_KINDS
from ldn_titrate.rules.gate_policy import Gates, Propose, Rule
from ldn_titrate.rules.gate_tests import GoalState, goal_state, seen, window_evidence, within

# The window of the fixed rules and of "no increase while moderate": the last two weeks.
WINDOW_NIGHTS = 14
GOAL_RULE = "goal-met"
GOAL_SOURCE = "IMMPACT (Dworkin 2008, FACTS.md): a 30 % fall in pain is moderately important"


@dataclass(frozen=True)
class Proposal:
    rule: str
    propose: Propose
    evidence: str
    checkins: tuple[int, ...]  # the numbers of the check-ins it rests on
    night: date
    revision: int
    hold_nights: int | None = None
    source: str | None = None
    note: str | None = None  # why it became what it is (a step back on the first dose: review)

    @property
    def id(self) -> str:
        """Short hex of the rule, the evidence, the plan's revision and the night: a new check-in
        or change (a new revision) or another night makes another id."""
        text = "\n".join(
            [self.rule, self.action, ",".join(map(str, self.checkins)), self.evidence,
             str(self.revision), self.night.isoformat()]
        )  # fmt: skip
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:6]

    @property
    def action(self) -> str:
        if self.propose is Propose.HOLD:
            return f"hold {plural(self.hold_nights or 0, 'night')}"
        return {
            Propose.STEP_BACK: "step back",
            Propose.STOP_AT_CURRENT: "stop at the current dose",
            Propose.ADVANCE: "advance to the next step now",
            Propose.DISCONTINUE: "discontinue",
            Propose.REVIEW: "review (no dose change: call the patient)",
        }[self.propose]


@dataclass(frozen=True)
class Evaluation:
    proposal: Proposal | None
    goal: GoalState | None


@dataclass(frozen=True)
class Limits:
    """The policy's limits on adjustments that a proposal must keep to."""

    max_hold_nights: int
    max_step_backs: int
    ceiling_min_mg: Decimal  # the lowest ceiling stop-at-current may make


def evaluate(
    schedule: Schedule, gates: Gates, night: date, limits: Limits, step_backs: int
) -> Evaluation:
    """The proposal on ``night`` (``step_backs``: step backs already in effect)."""
    goal = goal_state(schedule.goal, schedule, night) if schedule.goal is not None else None
    step = schedule.step_on(night)
    if step is None or schedule.discontinued_on is not None:
        return Evaluation(None, goal)
    # What a change to the doses acted on is not read again (else an accepted hold would be
    # proposed again the next night on the same report); the "no increase while moderate" guard
    # reads every check-in of the window.
    acted = max((c.revision for c in schedule.history if c.kind not in RECORD_KINDS
                 and c.kind is not ChangeKind.OVERRIDE), default=0)  # fmt: skip
    window = within(seen(schedule, night), night, WINDOW_NIGHTS)
    fresh = [c for c in window if c.revision > acted]
    candidates = _fixed(fresh, schedule, night)
    for rule in gates.rules:
        found = window_evidence(rule.when, schedule, night, acted)
        if found is not None:
            numbers = tuple(c.number for c in found.checkins)
            candidates.append(_from_rule(rule, found.words, numbers, schedule, night))
    if goal is not None and goal.met:
        numbers = tuple(c.number for c in goal.checkins)
        candidates.append(
            Proposal(
                GOAL_RULE,
                Propose.STOP_AT_CURRENT,
                goal.words,
                numbers,
                night,
                schedule.revision,
                source=GOAL_SOURCE,
            )
        )
    moderate = any(c.worst().rank >= Severity.MODERATE.rank for c in window)
    made = [
        p
        for p in (_feasible(c, schedule, step, limits, step_backs, moderate) for c in candidates)
        if p is not None
    ]
    ranked = sorted(enumerate(made), key=lambda item: (-item[1].propose.caution, item[0]))
    return Evaluation(ranked[0][1] if ranked else None, goal)


def _from_rule(
    rule: Rule, words: str, numbers: tuple[int, ...], schedule: Schedule, night: date
) -> Proposal:
    return Proposal(
        rule.name, rule.proposes, words, numbers, night, schedule.revision,
        hold_nights=rule.hold_nights, source=rule.source,
    )  # fmt: skip


def _fixed(window: list[CheckIn], schedule: Schedule, night: date) -> list[Proposal]:
    found: list[Proposal] = []

    def review(rule: str, words: str, hits: list[CheckIn]) -> None:
        found.append(
            Proposal(rule, Propose.REVIEW, words, tuple(c.number for c in hits), night,
                     schedule.revision, source="fixed: never a dose change without a review")
        )  # fmt: skip

    for effect, rule in ((SideEffect.RASH, "fixed-rash"),
                         (SideEffect.ALLERGIC_REACTION, "fixed-allergic-reaction")):  # fmt: skip
        hits = [c for c in window if c.worst(effect).rank >= Severity.MILD.rank]
        if hits:
            worst = max((c.worst(effect) for c in hits), key=lambda s: s.rank)
            review(rule, f"{effect.replace('-', ' ')} {worst} reported in the last "
                   f"{WINDOW_NIGHTS} nights", hits)  # fmt: skip
    others = [
        c for c in window
        if any(r.effect is SideEffect.OTHER and r.severity is Severity.SEVERE
               for r in c.side_effects)
    ]  # fmt: skip
    if others:
        what = "; ".join(
            r.text or "?" for c in others for r in c.side_effects
            if r.effect is SideEffect.OTHER and r.severity is Severity.SEVERE
        )  # fmt: skip
        review("fixed-severe-other", f"severe other side effect reported: {what}", others)
    opioids = [c for c in window if c.opioids]
    if opioids:
        review("fixed-opioid-use", "opioid use reported since the check-in before", opioids)
    return found


def _feasible(
    proposal: Proposal,
    schedule: Schedule,
    step: Step,
    limits: Limits,
    step_backs: int,
    moderate: bool,
) -> Proposal | None:
    """The proposal as the plan can take it on its night, or None when it cannot."""
    kind, night = proposal.propose, proposal.night
    paused = step.phase is Phase.PAUSED
    if kind is Propose.REVIEW:
        return proposal
    if kind is Propose.DISCONTINUE:
        if night == schedule.first_night:
            return _as_review(proposal, "discontinuing on night 1 leaves no night")
        return proposal
    if paused:
        return None  # no dose to change tonight
    if kind is Propose.STEP_BACK:
        lower = [s for s in schedule.steps if s.number < step.number
                 and s.phase is not Phase.PAUSED and s.dose_mg < step.dose_mg]  # fmt: skip
        if not lower:
            return _as_review(proposal, "a step back on the first dose has no dose to go back to")
        if step_backs >= limits.max_step_backs:
            return _as_review(
                proposal, f"the policy's {plural(limits.max_step_backs, 'step back')} are used"
            )
        return proposal
    if kind is Propose.HOLD:
        return replace(proposal, hold_nights=min(proposal.hold_nights or 1, limits.max_hold_nights))
    if kind is Propose.STOP_AT_CURRENT:
        if step.phase is not Phase.TITRATION or step.dose_mg < limits.ceiling_min_mg:
            return None
        return proposal
    # ADVANCE: an increase; only from a clinician-gated range's lower bound, never while moderate
    span = schedule.interval_range
    following = [s for s in schedule.steps if s.number == step.number + 1]
    if (
        moderate
        or span is None
        or span.mode is not GateMode.CLINICIAN
        or span.months  # a range of months: the prescriber decides, nothing is proposed
        or step.phase is not Phase.TITRATION
        or not following
        or following[0].phase is Phase.PAUSED
        or (night - step.start).days < span.min_days
    ):
        return None
    return proposal


def _as_review(proposal: Proposal, why: str) -> Proposal:
    return replace(proposal, propose=Propose.REVIEW, hold_nights=None, note=why)
