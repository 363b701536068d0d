"""Proposals, never actions (issue 26, slice 4): ``status`` shows them to the prescriber only,
``adjust --accept ID`` applies exactly one, a stale id is refused; with hypothesis properties."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ldn_titrate.core.checkin import Goal, IntervalRange, Report, Severity, SideEffect
from ldn_titrate.core.errors import InputError
from ldn_titrate.core.model import Phase, Schedule
from ldn_titrate.plans import checkins as record
from ldn_titrate.plans.accept import accept
from ldn_titrate.plans.checkin_fields import Draft
from ldn_titrate.plans.proposals import evaluation
from ldn_titrate.rules.gate_policy import Propose
from ldn_titrate.rules.policy import built_in
from tests.conftest import Cli
from tests.test_adjust import standard

LOADED = built_in()
MADE = datetime(2026, 11, 24, tzinfo=UTC)


@pytest.fixture
def plan(cli: Cli, tmp_path: Path) -> Path:
    path = tmp_path / "plan.json"
    result = cli("plan", "--start-date", "2026-11-01", "--opioids", "none", "--goal", "pain -30%",
                 "-f", "json", "-o", str(path))  # fmt: skip
    assert result.exit_code == 0, result.output
    return path


def test_status_shows_the_proposal_to_the_prescriber_and_accept_applies_it(
    cli: Cli, plan: Path, tmp_path: Path
) -> None:
    p2, p3 = tmp_path / "p2.json", tmp_path / "p3.json"
    assert (
        cli("checkin", str(plan), "--on", "2026-10-30", "--pain", "8", "-o", str(p2)).exit_code == 0
    )
    result = cli("checkin", str(p2), "--on", "2026-11-20", "--pain", "6",
                 "--side-effect", "vivid-dreams:moderate", "-o", str(p3))  # fmt: skip
    assert result.exit_code == 0, result.output
    text = cli("status", str(p3), "--on", "2026-11-21")
    assert text.exit_code == 0, text.output
    assert "a proposal (not an action" in text.stdout
    assert (
        "hold 7 nights (vivid dreams moderate on Fri 20 Nov 2026; rule 'hold-while-moderate')"
        in text.stdout
    )
    assert "Goal: pain -30 % from a baseline of 8: not met" in text.stdout
    data = json.loads(cli("status", str(p3), "--on", "2026-11-21", "-f", "json").stdout)
    proposal = data["proposal"]
    assert proposal["propose"] == "hold"
    assert proposal["hold_nights"] == 7
    assert proposal["rule"] == "hold-while-moderate"
    assert proposal["checkins"] == [2]
    assert proposal["id"] in text.stdout
    # Never in the patient's language, a handout or a calendar.
    spanish = cli("status", str(p3), "--on", "2026-11-21", "--language", "es")
    assert proposal["id"] not in spanish.stdout
    assert json.loads(cli("status", str(p3), "--on", "2026-11-21", "-f", "json",
                          "--language", "es").stdout).get("proposal") is None  # fmt: skip
    for command in (("handout", "--plan", str(p3), "-f", "markdown", "-o", "-"),
                    ("calendar", "--plan", str(p3), "-o", "-")):  # fmt: skip
        shown = cli(*command)
        assert shown.exit_code == 0, shown.output
        assert proposal["id"] not in shown.stdout
        assert "roposal" not in shown.stdout
    # A stale id is refused, showing the current proposal; the current one applies as a hold.
    stale = cli("adjust", str(p3), "--accept", "000000", "--on", "2026-11-21", "--reason", "ok",
                "-o", str(tmp_path / "x.json"))  # fmt: skip
    assert stale.exit_code == 2
    assert f"the rules now give: Proposal {proposal['id']}: hold 7 nights" in stale.output
    assert not (tmp_path / "x.json").exists()
    p4 = tmp_path / "p4.json"
    done = cli("adjust", str(p3), "--accept", proposal["id"], "--on", "2026-11-21", "--reason",
               "as proposed", "-o", str(p4))  # fmt: skip
    assert done.exit_code == 0, done.output
    after = json.loads(p4.read_text(encoding="utf-8"))
    change = after["history"][-1]
    assert change["kind"] == "hold"
    assert change["parameters"]["proposal"] == proposal["id"]
    assert change["parameters"]["rule"] == "hold-while-moderate"
    assert after["id"] == data["plan_id"]
    # Accepted: the same report is not proposed again.
    assert json.loads(cli("status", str(p4), "--on", "2026-11-21", "-f", "json").stdout)[
        "proposal"] is None  # fmt: skip


def test_the_plan_shows_its_goal(cli: Cli, plan: Path) -> None:
    expected = "pain -30 % from baseline, met over 14 nights"
    assert expected in cli("plan", "--plan", str(plan)).stdout
    assert f"- Goal: {expected}" in cli("plan", "--plan", str(plan), "-f", "markdown").stdout
    for goal, message in [("pain +30%", "goes the wrong way: for pain, lower is better"),
                          ("mood -3%", "names no rating"), ("pain", "is not a goal")]:  # fmt: skip
        result = cli("plan", "--goal", goal)
        assert result.exit_code == 2
        assert message in result.output
    refused = cli("plan", "--plan", str(plan), "--goal", "pain -30%")
    assert "--goal goes with a new plan" in refused.output


def test_a_review_proposal_is_not_accepted_as_a_dose_change(
    cli: Cli, plan: Path, tmp_path: Path
) -> None:
    p2 = tmp_path / "p2.json"
    assert cli("checkin", str(plan), "--on", "2026-11-20", "--side-effect", "rash:mild",
               "-o", str(p2)).exit_code == 0  # fmt: skip
    data = json.loads(cli("status", str(p2), "--on", "2026-11-20", "-f", "json").stdout)
    assert data["proposal"]["propose"] == "review"
    assert data["proposal"]["rule"] == "fixed-rash"
    result = cli("adjust", str(p2), "--accept", data["proposal"]["id"], "--on", "2026-11-20",
                 "--reason", "x", "-o", str(tmp_path / "p3.json"))  # fmt: skip
    assert result.exit_code == 2
    assert "a review, which changes no dose" in result.output


def test_accept_refuses_other_adjustments_and_needs_a_reason(cli: Cli, plan: Path) -> None:
    result = cli("adjust", str(plan), "--accept", "abc", "--hold", "3", "-o", "-")
    assert result.exit_code == 2
    assert "give no other adjustment (--hold)" in result.output
    assert "--accept needs --reason" in result.output


# Hypothesis: random reports on the standard plan (1 Dec 2026 on), with a range and a goal.
EFFECTS = st.lists(
    st.builds(
        lambda e, s: Report(effect=e, severity=s, text="x" if e is SideEffect.OTHER else None),
        st.sampled_from(SideEffect), st.sampled_from(Severity),
    ),
    max_size=3, unique_by=lambda r: r.effect,
)  # fmt: skip
DRAFTS = st.builds(
    lambda offset, effects, pain, opioids, missed: Draft(
        on=date(2026, 11, 20) + timedelta(days=offset), side_effects=effects,
        ratings={} if pain is None else {"pain": pain}, opioids=opioids, missed_doses=missed,
    ),
    st.integers(0, 70), EFFECTS, st.none() | st.integers(0, 10), st.none() | st.booleans(),
    st.none() | st.integers(0, 5),
)  # fmt: skip


def gated(with_range: bool) -> Schedule:
    plan = standard()
    return plan.model_copy(
        update={
            "version": 2,
            "goal": Goal(rating="pain", change_percent=-30),
            "interval_range": IntervalRange(min_days=7, max_days=14) if with_range else None,
        }
    )


def doses(schedule: Schedule) -> set[object]:
    return {s.dose_mg for s in schedule.steps if s.phase is not Phase.PAUSED}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(DRAFTS, max_size=8), st.integers(0, 60), st.booleans())
def test_proposals_never_act_and_never_exceed_the_ceiling_or_bounds(
    drafts: list[Draft], offset: int, with_range: bool
) -> None:
    plan = gated(with_range)
    drafts = sorted(drafts, key=lambda d: d.on or date.min)
    # No check-in sequence changes a plan: steps, review and stop are as they were.
    reported = record.record(plan, drafts, made_at=MADE)
    assert reported.steps == plan.steps
    assert reported.review_date == plan.review_date
    assert reported.discontinued_on == plan.discontinued_on
    night = date(2026, 12, 1) + timedelta(days=offset)
    proposal = evaluation(reported, LOADED, night).proposal
    if proposal is None or proposal.propose is Propose.REVIEW:
        return
    bounds = LOADED.policy.bounds.ceiling
    accepted = accept(reported, proposal.id, LOADED, night, made_at=MADE, reason="as proposed")
    top = max(s.dose_mg for s in accepted.steps)
    assert top <= plan.inputs.ceiling_mg <= bounds.max_mg
    # The doses the patient may take: never one the plan did not already have (no new, higher
    # dose); an advance moves the next step earlier, never above it.
    assert doses(accepted) <= doses(plan)
    assert accepted.checkins == reported.checkins
    if proposal.propose is Propose.HOLD:
        assert (proposal.hold_nights or 0) <= LOADED.policy.adjust.max_hold_nights


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(DRAFTS, min_size=1, max_size=6), DRAFTS, st.integers(0, 60))
def test_a_stale_id_is_always_refused(drafts: list[Draft], later: Draft, offset: int) -> None:
    plan = record.record(gated(True), sorted(drafts, key=lambda d: d.on or date.min), made_at=MADE)
    night = date(2026, 12, 1) + timedelta(days=offset)
    before = evaluation(plan, LOADED, night).proposal
    if before is None:
        return
    newer = record.record(plan, [later], made_at=MADE)  # a new revision: the old id is stale
    with pytest.raises(InputError, match="not the current proposal"):
        accept(newer, before.id, LOADED, night, made_at=MADE, reason="r")


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("moderate for a week: step back", "step-back"),
        ("the goal met during a hold", "stop-at-current"),
        ("settled from the range's lower bound: advance", "advance"),
        ("discontinue", "discontinue"),
    ],
)
def test_each_kind_of_proposal_applies_as_its_adjustment(name: str, kind: str) -> None:
    from tests.test_gates import SCENARIOS, Scenario, build, day

    if kind == "discontinue":
        scenario = Scenario("x", [("12-16", {"pain": 10})], "12-16", None, gates=[
            {"name": "stop", "when": {"rating": "pain", "at_least": 10},
             "propose": "discontinue"}])  # fmt: skip
    else:
        scenario = next(s for s in SCENARIOS if s.name == name)
    schedule, loaded = build(scenario)
    night = day(scenario.night)
    proposal = evaluation(schedule, loaded, night).proposal
    assert proposal is not None
    assert str(proposal.propose) == kind
    accepted = accept(schedule, proposal.id, loaded, night, made_at=MADE, reason="as proposed")
    change = accepted.history[-1]
    assert str(change.kind) == kind
    assert change.on == night
    assert change.parameters["proposal"] == proposal.id
    assert accepted.id == schedule.id
    assert accepted.revision == schedule.revision + 1
