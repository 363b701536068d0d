"""The gate rules against an independent table of scenarios (issue 26, slice 3).

Each scenario is a check-in sequence on the standard plan (1.5 / 2.5 / 3.5 mg for 14 nights each
from Tue 1 Dec 2026, then 4.5 mg), the night asked about, and the proposal a clinician reading
the built-in rules (rules/builtin_policy.py) would expect, worked out by hand.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

import pytest

from ldn_titrate.core.checkin import (
    CheckIn,
    Goal,
    IntervalRange,
    Report,
    Severity,
    SideEffect,
    Void,
)
from ldn_titrate.core.model import Schedule
from ldn_titrate.plans.adjust.apply import adjust
from ldn_titrate.plans.adjust.kinds.hold import Hold
from ldn_titrate.plans.adjust.kinds.pause import Pause
from ldn_titrate.plans.proposals import evaluation
from ldn_titrate.rules.gate_policy import Gates
from ldn_titrate.rules.policy import LoadedPolicy, built_in
from tests.test_adjust import standard

LOADED = built_in()
MADE = datetime(2026, 11, 24, tzinfo=UTC)


def day(text: str) -> date:
    """``12-16`` → 16 Dec 2026; ``01-05`` → 5 Jan 2027; ``11-28`` → 28 Nov 2026."""
    month, dom = (int(part) for part in text.split("-"))
    return date(2027 if month == 1 else 2026, month, dom)


def report(text: str) -> Report:
    parts = text.split(":")
    other = parts[2] if len(parts) == 3 else None
    return Report(effect=SideEffect(parts[0]), severity=Severity(parts[1]), text=other)


def make_checkins(rows: list[tuple[str, dict[str, Any]]]) -> tuple[CheckIn, ...]:
    made = []
    for number, (on, said) in enumerate(rows, start=1):
        said = dict(said)
        effects = tuple(report(t) for t in said.pop("effects", ()))
        voided = said.pop("void", False)
        made.append(
            CheckIn(
                number=number, on=day(on), revision=number + 1, recorded_at=MADE,
                side_effects=effects, ratings={k: v for k, v in said.items()
                                               if k in ("pain", "sleep", "fatigue")},
                missed_doses=said.get("missed"), opioids=said.get("opioids"),
                void=Void(revision=99, reason="wrong patient", made_at=MADE) if voided else None,
            )
        )  # fmt: skip
    return tuple(made)


@dataclass
class Scenario:
    name: str
    checkins: list[tuple[str, dict[str, Any]]]
    night: str
    expected: tuple[str, str, int | None] | None  # (rule, proposal, hold nights)
    goal: Goal | None = None
    interval_range: IntervalRange | None = None
    adjust: list[tuple[object, str]] = field(default_factory=list)
    gates: list[dict[str, Any]] | None = None


MOD = {"effects": ["vivid-dreams:moderate"]}
CALM = {"effects": ["vivid-dreams:none"], "pain": 5}
RANGE = IntervalRange(min_days=7, max_days=14)
PAIN_GOAL = Goal(rating="pain", change_percent=-30, nights=14)

SCENARIOS = [
    Scenario("nothing reported yet", [], "12-10", None),
    Scenario("a side effect at baseline is no report on the dose", [("11-28", MOD)], "12-02",
             None),
    Scenario("opioid use at baseline: a review all the same", [("11-28", {"opioids": True})],
             "12-02", ("fixed-opioid-use", "review", None)),
    Scenario("no check-in for 21 nights", [], "12-22", ("review-no-checkin", "review", None)),
    Scenario("a severe event on the first night", [("12-01", {"effects": ["headache:severe"]})],
             "12-01", ("review-severe", "review", None)),
    Scenario("moderate once: hold", [("12-16", MOD)], "12-16",
             ("hold-while-moderate", "hold", 7)),
    Scenario("moderate for a week: step back", [("12-16", MOD), ("12-20", MOD), ("12-22", MOD)],
             "12-22", ("step-back-persisting", "step-back", None)),
    Scenario("moderate for a week on the first dose: review", [("12-02", MOD), ("12-05", MOD),
             ("12-08", MOD)], "12-08", ("step-back-persisting", "review", None)),
    Scenario("a rash at a moderate severity", [("12-16", {"effects": ["rash:moderate"]})],
             "12-16", ("fixed-rash", "review", None)),
    Scenario("a mild rash", [("12-16", {"effects": ["rash:mild"]})], "12-16",
             ("fixed-rash", "review", None)),
    Scenario("a rash answered none", [("12-16", {"effects": ["rash:none"]})], "12-16", None),
    Scenario("an allergic reaction", [("12-16", {"effects": ["allergic-reaction:mild"]})],
             "12-16", ("fixed-allergic-reaction", "review", None)),
    Scenario("opioid use", [("12-16", {"opioids": True, "pain": 5})], "12-16",
             ("fixed-opioid-use", "review", None)),
    Scenario("a severe other: fixed before the policy's review (tie: order)",
             [("12-16", {"effects": ["other:severe:chest pain"]})], "12-16",
             ("fixed-severe-other", "review", None)),
    Scenario("a tie between two holds: policy order",
             [("12-16", {"pain": 8, "sleep": 2})], "12-16", ("pain-high", "hold", 3),
             gates=[{"name": "pain-high", "when": {"rating": "pain", "at_least": 7},
                     "propose": "hold 3"},
                    {"name": "sleep-low", "when": {"rating": "sleep", "below": 3},
                     "propose": "hold 5"}]),
    Scenario("the goal met during a hold",
             [("11-28", {"pain": 8}), ("12-12", {"pain": 5}), ("12-18", {"pain": 4}),
              ("12-20", {"pain": 5})], "12-20", ("goal-met", "stop-at-current", None),
             goal=PAIN_GOAL, adjust=[(Hold(7), "12-10")]),
    Scenario("the goal met but a side effect moderate: hold wins",
             [("11-28", {"pain": 8}), ("12-12", {"pain": 5}), ("12-20", {"pain": 4, **MOD})],
             "12-20", ("hold-while-moderate", "hold", 7), goal=PAIN_GOAL),
    Scenario("the goal with one check-in only: not met", [("11-28", {"pain": 8}),
             ("12-20", {"pain": 2})], "12-20", None, goal=PAIN_GOAL),
    Scenario("the goal without a baseline", [("12-12", {"pain": 2}), ("12-20", {"pain": 2})],
             "12-20", None, goal=PAIN_GOAL),
    Scenario("pain worse once: a missing check-in, no step back",
             [("11-28", {"pain": 4}), ("12-16", {"pain": 6})], "12-16", None),
    Scenario("pain worse on 2 of 2", [("11-28", {"pain": 4}), ("12-16", {"pain": 6}),
             ("12-18", {"pain": 6})], "12-18", ("step-back-pain-worse", "step-back", None)),
    Scenario("a voided rash is left out", [("12-16", {"effects": ["rash:moderate"],
             "void": True})], "12-16", None),
    Scenario("missed doses", [("12-16", {"missed": 3, "pain": 5})], "12-16",
             ("hold-missed-doses", "hold", 7)),
    Scenario("settled from the range's lower bound: advance", [("12-09", CALM), ("12-10", CALM)],
             "12-10", ("advance-when-settled", "advance", None), interval_range=RANGE),
    Scenario("no increase while a side effect in the window was moderate",
             [("12-03", MOD), ("12-09", CALM), ("12-10", CALM)], "12-10", None,
             interval_range=RANGE),
    Scenario("not before the range's lower bound", [("12-05", CALM), ("12-06", CALM)], "12-06",
             None, interval_range=RANGE),
    Scenario("no advance without a range", [("12-09", CALM), ("12-10", CALM)], "12-10", None),
    Scenario("paused: no hold, but a review still", [("12-18", MOD), ("12-18", {"opioids": True})],
             "12-18", ("fixed-opioid-use", "review", None),
             adjust=[(Pause(day("12-20")), "12-17")]),
    Scenario("discontinue on night 1 becomes review", [("12-01", {"pain": 9})], "12-01",
             ("stop", "review", None),
             gates=[{"name": "stop", "when": {"rating": "pain", "at_least": 9},
                     "propose": "discontinue"}]),
    Scenario("a hold longer than the policy allows is cut to its maximum",
             [("12-16", {"pain": 9})], "12-16", ("long", "hold", 28),
             gates=[{"name": "long", "when": {"rating": "pain", "at_least": 9},
                     "propose": "hold 60"}]),
]  # fmt: skip


def build(scenario: Scenario) -> tuple[Schedule, LoadedPolicy]:
    loaded = LOADED
    if scenario.gates is not None:
        policy = LOADED.policy.model_copy(
            update={"gates": Gates.model_validate({"rules": scenario.gates})}
        )
        loaded = LoadedPolicy(policy, "test")
    schedule = standard()
    for request, on in scenario.adjust:
        schedule = adjust(schedule, request, day(on), made_at=MADE, loaded=loaded, reason="r")
    return schedule.model_copy(
        update={
            "version": 2,
            "checkins": make_checkins(scenario.checkins),
            "goal": scenario.goal,
            "interval_range": scenario.interval_range,
        }
    ), loaded


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s.name for s in SCENARIOS])
def test_scenario(scenario: Scenario) -> None:
    schedule, loaded = build(scenario)
    proposal = evaluation(schedule, loaded, day(scenario.night)).proposal
    found = None if proposal is None else (proposal.rule, str(proposal.propose),
                                           proposal.hold_nights)  # fmt: skip
    assert found == scenario.expected, proposal


def test_the_goal_without_a_baseline_says_it_cannot_be_evaluated() -> None:
    scenario = next(s for s in SCENARIOS if s.name == "the goal without a baseline")
    schedule, loaded = build(scenario)
    goal = evaluation(schedule, loaded, day("12-20")).goal
    assert goal is not None
    assert goal.met is None
    assert "cannot be evaluated: no baseline" in goal.words


def test_the_evidence_names_what_was_reported() -> None:
    scenario = Scenario("x", [("12-16", MOD), ("12-18", MOD), ("12-19", CALM), ("12-20", MOD)],
                        "12-20", None, gates=[{"name": "hold-while-moderate", "when": {
                            "side_effect": "vivid-dreams", "at_least": "moderate",
                            "of_last": [3, 4]}, "propose": "hold 7"}])  # fmt: skip
    schedule, loaded = build(scenario)
    proposal = evaluation(schedule, loaded, day("12-20")).proposal
    assert proposal is not None
    assert proposal.evidence == ("vivid dreams moderate on 3 of the last 4 check-ins")
    assert proposal.checkins == (1, 2, 4)
    assert len(proposal.id) == 6
    assert int(proposal.id, 16) >= 0


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        ({"name": "a", "when": {}, "propose": "review"}, "give a side_effect, a rating"),
        ({"name": "a", "when": {"side_effect": "hiccups", "at_least": "mild"},
          "propose": "review"}, "'hiccups' is not a side effect"),
        ({"name": "a", "when": {"side_effect": "any", "at_least": 7}, "propose": "review"},
         "a side_effect test takes one of at_least or below, a severity"),
        ({"name": "a", "when": {"rating": "pain", "at_least": 11}, "propose": "review"},
         "a rating test takes one of at_least or below (a rating from 0 to 10)"),
        ({"name": "a", "when": {"rating": "mood", "at_least": 3}, "propose": "review"},
         "rating 'mood' is not a rating"),
        ({"name": "a", "when": {"rating": "pain", "at_least": 3}, "propose": "hold"},
         "'hold' is not a proposal (allowed: hold N (nights), step-back"),
        ({"name": "a", "when": {"rating": "pain", "at_least": 3, "of_last": [3, 2]},
          "propose": "review"}, "k is above n"),
        ({"name": "a", "when": {"no_checkin_nights": 3, "missed_doses": 2}, "propose": "review"},
         "no_checkin_nights stands alone"),
        ({"name": "a", "when": {"rating": "pain", "at_least": 3, "of_last": [1, 2],
          "lasting_nights": 3}, "propose": "review"}, "give one of of_last and lasting_nights"),
        ({"name": "a", "when": {"missed_doses": 2, "change_percent": 5}, "propose": "review"},
         "go with a side_effect or a rating"),
        ({"name": "a", "when": {"side_effect": "any", "below": "mild", "change_percent": 5},
          "propose": "review"}, "change_percent goes with a rating"),
    ],
)  # fmt: skip
def test_policy_check_names_every_problem_of_a_rule(
    cli: Any, tmp_path: Any, rule: dict[str, Any], message: str
) -> None:
    import json

    def toml(value: Any) -> str:
        if isinstance(value, dict):
            return "{ " + ", ".join(f"{k} = {toml(v)}" for k, v in value.items()) + " }"
        return json.dumps(value)

    path = tmp_path / "policy.toml"
    body = "\n".join(f"{key} = {toml(value)}" for key, value in rule.items())
    # A second bad rule: both are named in one run (a rule's rating is checked against the
    # policy's ratings once every rule is sound).
    across = "is not a rating" in message
    second = (
        f'name = "b"\nwhen = {{ missed_doses = 2 }}\npropose = "{"review" if across else "maybe"}"'
    )
    path.write_text(f"[[gates.rules]]\n{body}\n\n[[gates.rules]]\n{second}\n", encoding="utf-8")
    result = cli("policy", "check", str(path))
    assert result.exit_code == 2, result.output
    assert message in result.output
    if not across:
        assert "gates.rules.1.propose: 'maybe' is not a proposal" in result.output


def test_the_built_in_rules_each_cite_a_source_and_two_rules_may_not_share_a_name() -> None:
    assert all(rule.source for rule in LOADED.policy.gates.rules)
    rule = {"name": "x", "when": {"missed_doses": 2}, "propose": "review"}
    with pytest.raises(ValueError, match="rule names are used twice: x"):
        Gates.model_validate({"rules": [rule, rule]})


def test_policy_shows_the_gate_rules_and_their_sources(cli: Any) -> None:
    from pathlib import Path

    example = Path(__file__).parent.parent / "examples" / "gates-policy.toml"
    result = cli("policy", "--policy", str(example))
    assert result.exit_code == 0, result.output
    assert "interval ranges: patient-gated; ratings the policy adds: mood (higher is better)" in (
        " ".join(result.stdout.split())
    )
    assert "hold-while-dreams" in result.stdout
    built = cli("policy")
    assert "advance-when-settled" in built.stdout
