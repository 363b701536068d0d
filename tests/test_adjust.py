"""Adjusting a running plan (issue 6): worked examples with exact dates and doses, chains,
refusals, and the invariants every adjustment keeps."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tests.test_engine as engine_tests
from ldn_titrate.core import jsonio
from ldn_titrate.core.engine import build_schedule
from ldn_titrate.core.errors import InputError
from ldn_titrate.core.model import ChangeKind, DoseTime, Phase, Schedule, Step, TitrationRequest
from ldn_titrate.plans import planfile
from ldn_titrate.plans.adjust.apply import active_changes, adjust
from ldn_titrate.plans.adjust.kind import Adjustment
from ldn_titrate.plans.adjust.kinds.discontinue import Discontinue
from ldn_titrate.plans.adjust.kinds.dose_time import SetDoseTime
from ldn_titrate.plans.adjust.kinds.hold import Hold
from ldn_titrate.plans.adjust.kinds.pause import Pause
from ldn_titrate.plans.adjust.kinds.step_back import StepBack
from ldn_titrate.plans.adjust.kinds.stop_at_current import StopAtCurrent
from ldn_titrate.plans.adjust.kinds.undo import Undo
from ldn_titrate.render import plan_json
from ldn_titrate.render.describe import restart_note, step_note
from ldn_titrate.rules.policy import Adjust, LoadedPolicy, Policy, built_in
from tests.conftest import TEST_PLAN_ID

LOADED = built_in()
MADE = datetime(2026, 11, 24, tzinfo=UTC)
D = Decimal


def standard() -> Schedule:
    """1.5 / 2.5 / 3.5 mg for 14 nights each from Tue 1 Dec 2026, then 28 nights at 4.5 mg."""
    request = TitrationRequest(
        start_date=date(2026, 12, 1),
        start_dose_mg=D("1.5"),
        step_mg=D(1),
        interval_days=14,
        ceiling_mg=D("4.5"),
        maintain_days=28,
        preset="standard",
    )
    return build_schedule(request, plan_id=TEST_PLAN_ID, policy=LOADED.ref)


def run(
    schedule: Schedule,
    adjustment: Adjustment,
    on: date | None,
    reason: str | None = "why",
    loaded: LoadedPolicy = LOADED,
) -> Schedule:
    return adjust(schedule, adjustment, on, made_at=MADE, loaded=loaded, reason=reason)


def rows(schedule: Schedule) -> list[tuple[str, str, str, str, bool]]:
    """(phase, first night, last night, dose, provisional) per step, for exact comparison."""
    return [
        (str(s.phase), s.start.isoformat(), s.end.isoformat(), str(s.dose_mg), s.provisional)
        for s in schedule.steps
    ]


def test_hold_grows_the_step_and_shifts_the_rest() -> None:
    held = run(standard(), Hold(7), date(2026, 12, 20), "vivid dreams")
    assert rows(held) == [
        ("titration", "2026-12-01", "2026-12-14", "1.5", False),
        ("titration", "2026-12-15", "2027-01-04", "2.5", False),
        ("titration", "2027-01-05", "2027-01-18", "3.5", False),
        ("maintenance", "2027-01-19", "2027-02-15", "4.5", False),
    ]
    assert held.review_date == date(2027, 2, 16)
    assert held.revision == 2
    assert held.id == standard().id
    (change,) = held.history
    assert change.kind is ChangeKind.HOLD
    assert change.on == date(2026, 12, 20)
    assert change.parameters == {"nights": 7, "dose_mg": D("2.5")}
    assert change.reason == "vivid dreams"
    assert change.made_at == MADE
    assert change.previous == standard().snapshot()


def test_hold_in_maintenance() -> None:
    held = run(standard(), Hold(14), date(2027, 2, 1))
    assert rows(held)[-1] == ("maintenance", "2027-01-12", "2027-02-22", "4.5", False)
    assert held.review_date == date(2027, 2, 23)


def test_step_back_splits_then_climbs_again_with_the_retried_dose_provisional() -> None:
    back = run(standard(), StepBack(), date(2026, 12, 22), "headache after increase")
    assert rows(back) == [
        ("titration", "2026-12-01", "2026-12-14", "1.5", False),
        ("titration", "2026-12-15", "2026-12-21", "2.5", False),
        ("titration", "2026-12-22", "2027-01-04", "1.5", False),
        ("titration", "2027-01-05", "2027-01-18", "2.5", True),
        ("titration", "2027-01-19", "2027-02-01", "3.5", False),
        ("maintenance", "2027-02-02", "2027-03-01", "4.5", False),
    ]
    assert back.review_date == date(2027, 3, 2)
    assert back.history[-1].parameters == {
        "from_mg": D("2.5"),
        "to_mg": D("1.5"),
        "retry_mg": D("2.5"),
    }


def test_step_back_on_the_first_night_of_a_step_replaces_it() -> None:
    back = run(standard(), StepBack(), date(2027, 1, 12))  # first night of maintenance
    assert rows(back)[2:] == [
        ("titration", "2026-12-29", "2027-01-11", "3.5", False),
        ("titration", "2027-01-12", "2027-01-25", "3.5", False),
        ("maintenance", "2027-01-26", "2027-02-22", "4.5", True),
    ]


def test_step_back_on_the_first_step_is_refused_suggesting_hold() -> None:
    with pytest.raises(InputError) as caught:
        run(standard(), StepBack(), date(2026, 12, 5))
    assert "no previous dose" in str(caught.value)
    assert "--hold" in str(caught.value)
    assert "new plan" in str(caught.value)


def test_step_back_is_capped_by_the_policy() -> None:
    policy = Policy.model_validate(
        {**LOADED.policy.model_dump(), "adjust": Adjust(max_step_backs=1).model_dump()}
    )
    loaded = LoadedPolicy(policy, "clinic.toml")
    once = run(standard(), StepBack(), date(2026, 12, 22), loaded=loaded)
    with pytest.raises(
        InputError,
        match=r"stepped back 1 time already; this policy allows at most 1 \(policy: clinic.toml\)",
    ):
        run(once, StepBack(), date(2027, 1, 20), loaded=loaded)
    # An undone step back no longer counts.
    undone = run(once, Undo(), None)
    assert run(undone, StepBack(), date(2026, 12, 22), loaded=loaded).revision == 4


def test_stop_at_current() -> None:
    stopped = run(standard(), StopAtCurrent(), date(2027, 1, 5), "good response at 3.5 mg")
    assert rows(stopped) == [
        ("titration", "2026-12-01", "2026-12-14", "1.5", False),
        ("titration", "2026-12-15", "2026-12-28", "2.5", False),
        ("titration", "2026-12-29", "2027-01-04", "3.5", False),
        ("maintenance", "2027-01-05", "2027-02-01", "3.5", False),
    ]
    assert stopped.review_date == date(2027, 2, 2)


def test_stop_at_current_refused_in_maintenance() -> None:
    with pytest.raises(InputError, match=r"already at its maintenance dose of 4\.5 mg"):
        run(standard(), StopAtCurrent(), date(2027, 1, 20))


def test_pause_then_restart_at_the_resume_dose_with_the_opioid_warning() -> None:
    paused = run(standard(), Pause(date(2027, 2, 10), D("1.5")), date(2027, 2, 1), "surgery")
    assert rows(paused) == [
        ("titration", "2026-12-01", "2026-12-14", "1.5", False),
        ("titration", "2026-12-15", "2026-12-28", "2.5", False),
        ("titration", "2026-12-29", "2027-01-11", "3.5", False),
        ("maintenance", "2027-01-12", "2027-01-31", "4.5", False),
        ("paused", "2027-02-01", "2027-02-10", "0", False),
        ("titration", "2027-02-11", "2027-02-24", "1.5", False),
        ("titration", "2027-02-25", "2027-03-10", "2.5", False),
        ("titration", "2027-03-11", "2027-03-24", "3.5", False),
        ("maintenance", "2027-03-25", "2027-04-21", "4.5", False),
    ]
    restart = paused.steps[5]
    assert restart.restart_opioid_free_days == 10  # data in the plan; outputs word it
    assert step_note(restart) == restart_note(10)
    assert "opioid" in (step_note(restart) or "")
    assert "10 days" in (step_note(restart) or "")
    assert all(step_note(step) is None for step in paused.steps if step is not restart)
    assert paused.review_date == date(2027, 4, 22)


def test_pause_defaults_to_the_plans_start_dose() -> None:
    paused = run(standard(), Pause(date(2026, 12, 31)), date(2026, 12, 29))
    assert [str(s.dose_mg) for s in paused.steps[2:]] == ["0", "1.5", "2.5", "3.5", "4.5"]
    assert paused.history[-1].parameters == {"last": "2026-12-31", "resume_mg": D("1.5")}


@pytest.mark.parametrize(
    ("first", "last", "message"),
    [
        (date(2027, 2, 5), date(2027, 2, 20), "overlaps or comes before the plan's pause"),
        (date(2027, 1, 20), date(2027, 1, 25), "overlaps or comes before the plan's pause"),
        (date(2027, 2, 20), date(2027, 2, 19), "ends (2027-02-19) before it starts"),
    ],
)
def test_pause_refusals(first: date, last: date, message: str) -> None:
    paused = run(standard(), Pause(date(2027, 2, 10)), date(2027, 2, 1))
    with pytest.raises(InputError) as caught:
        run(paused, Pause(last), first)
    assert message in str(caught.value)


def test_pause_resume_dose_is_checked_against_the_policy() -> None:
    with pytest.raises(InputError) as caught:
        run(standard(), Pause(date(2027, 2, 10), D("0.01")), date(2027, 2, 1))
    assert "--resume-dose 0.01 mg is outside this policy's start doses of 0.1 mg to 3 mg" in str(
        caught.value
    )
    with pytest.raises(InputError, match="not a multiple of this policy's dose resolution"):
        run(standard(), Pause(date(2027, 2, 10), D("1.01")), date(2027, 2, 1))


def test_dose_time_from_a_night_splits_the_step() -> None:
    moved = run(standard(), SetDoseTime(DoseTime.MORNING, "08:00"), date(2026, 12, 18))
    assert [(s.start.isoformat(), str(s.dose_mg), s.dose_time, s.at) for s in moved.steps] == [
        ("2026-12-01", "1.5", DoseTime.BEDTIME, None),
        ("2026-12-15", "2.5", DoseTime.BEDTIME, None),
        ("2026-12-18", "2.5", DoseTime.MORNING, "08:00"),
        ("2026-12-29", "3.5", DoseTime.MORNING, "08:00"),
        ("2027-01-12", "4.5", DoseTime.MORNING, "08:00"),
    ]
    assert moved.review_date == standard().review_date
    back = run(moved, SetDoseTime(DoseTime.BEDTIME), date(2027, 1, 12))
    assert back.steps[-1].dose_time is DoseTime.BEDTIME
    with pytest.raises(InputError, match="nothing would change"):
        run(back, SetDoseTime(DoseTime.BEDTIME), date(2027, 1, 20))
    with pytest.raises(InputError, match="is not a time"):
        run(back, SetDoseTime(DoseTime.MORNING, "7:00"), date(2027, 1, 20))


def test_discontinue_makes_the_night_before_the_last() -> None:
    stopped = run(standard(), Discontinue(), date(2027, 1, 20), "no benefit")
    assert rows(stopped)[-1] == ("maintenance", "2027-01-12", "2027-01-19", "4.5", False)
    assert stopped.discontinued_on == date(2027, 1, 20)
    assert stopped.review_date == date(2027, 1, 20)
    with pytest.raises(InputError, match="discontinued from Wed 20 Jan 2027"):
        run(stopped, Hold(3), date(2027, 1, 10))
    with pytest.raises(InputError, match="first night"):
        run(standard(), Discontinue(), date(2026, 12, 1))


def test_undo_restores_the_revision_before_the_last_change_as_a_new_revision() -> None:
    held = run(standard(), Hold(7), date(2026, 12, 20))
    backed = run(held, StepBack(), date(2026, 12, 22))
    undone = run(backed, Undo(), None)
    assert undone.revision == 4
    assert undone.snapshot() == held.snapshot()
    assert undone.history[-1].kind is ChangeKind.UNDO
    assert undone.history[-1].parameters == {"undid_revision": 3, "undid": "step-back"}
    again = run(undone, Undo(), None)  # a second undo walks back one more change
    assert again.snapshot() == standard().snapshot()
    assert again.revision == 5
    with pytest.raises(InputError, match="nothing to undo"):
        run(again, Undo(), None)
    with pytest.raises(InputError, match="nothing to undo"):
        run(standard(), Undo(), None)
    assert active_changes(again.history) == []


def test_undo_of_a_discontinue() -> None:
    stopped = run(standard(), Discontinue(), date(2027, 1, 20))
    resumed = run(stopped, Undo(), None)
    assert resumed.discontinued_on is None
    assert resumed.snapshot() == standard().snapshot()


def test_chain_hold_step_back_pause_dose_time_and_round_trip_through_the_file() -> None:
    plan = run(standard(), Hold(7), date(2026, 12, 20), "vivid dreams")
    plan = run(plan, StepBack(), date(2026, 12, 22), "headache")
    plan = run(plan, Pause(date(2027, 2, 10), D(1)), date(2027, 2, 1), "surgery")
    plan = run(plan, SetDoseTime(DoseTime.MORNING, "08:00"), date(2027, 2, 15), "insomnia")
    assert plan.revision == 5
    assert len(plan.history) == 4
    assert [str(s.dose_mg) for s in plan.steps] == [
        "1.5", "2.5", "1.5", "2.5", "3.5", "0", "1", "1", "2", "3", "4", "4.5",
    ]  # fmt: skip
    assert plan.steps[3].provisional
    assert plan.steps[7].start == date(2027, 2, 15)
    assert plan.steps[7].dose_time is DoseTime.MORNING
    assert plan.review_date == date(2027, 5, 6)
    again = planfile.parse(jsonio.loads(plan_json.dumps(plan)), "plan.json")
    assert again.digest is not None  # written with the file; the plan in memory has none
    assert again.model_copy(update={"digest": None}) == plan


@pytest.mark.parametrize(
    "adjustment", [Hold(3), StepBack(), StopAtCurrent(), SetDoseTime(DoseTime.MORNING)]
)
@pytest.mark.parametrize("on", [date(2026, 11, 30), date(2027, 2, 9)])
def test_a_night_outside_the_plan_is_refused(adjustment: Adjustment, on: date) -> None:
    with pytest.raises(
        InputError,
        match=f"--on {on} is outside the plan, which runs from Tue 1 Dec 2026 to Mon 8 Feb 2027",
    ):
        run(standard(), adjustment, on)


def test_hold_above_the_policy_maximum_is_refused() -> None:
    with pytest.raises(InputError, match="above this policy's maximum hold of 28 nights"):
        run(standard(), Hold(29), date(2026, 12, 20))


# Properties -------------------------------------------------------------------------------


def nights(schedule: Schedule) -> dict[date, tuple[Phase, Decimal, DoseTime, str | None]]:
    out = {}
    for step in schedule.steps:
        day = step.start
        while day <= step.end:
            out[day] = (step.phase, step.dose_mg, step.dose_time, step.at)
            day += timedelta(days=1)
    return out


@st.composite
def adjustments(draw: st.DrawFn, schedule: Schedule) -> tuple[Adjustment, date | None]:
    span = (schedule.last_night - schedule.first_night).days
    on = schedule.first_night + timedelta(days=draw(st.integers(0, span + 3)))
    kind = draw(st.sampled_from(["hold", "back", "stop", "pause", "time", "end", "undo"]))
    if kind == "hold":
        return Hold(draw(st.integers(1, 30))), on
    if kind == "back":
        return StepBack(), on
    if kind == "stop":
        return StopAtCurrent(), on
    if kind == "pause":
        resume = draw(st.none() | engine_tests.multiples(D("0.1"), D(3)))
        return Pause(on + timedelta(days=draw(st.integers(-1, 20))), resume), on
    if kind == "time":
        at = draw(st.none() | st.sampled_from(["08:00", "21:30"]))
        return SetDoseTime(draw(st.sampled_from(DoseTime)), at), on
    if kind == "end":
        return Discontinue(), on
    return Undo(), None


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_adjustment_invariants(data: st.DataObject) -> None:
    schedule = build_schedule(
        data.draw(engine_tests.requests()), plan_id=TEST_PLAN_ID, policy=LOADED.ref
    )
    ceiling = schedule.inputs.ceiling_mg
    for _ in range(data.draw(st.integers(1, 4))):
        adjustment, on = data.draw(adjustments(schedule))
        try:
            adjusted = run(schedule, adjustment, on)
        except InputError:
            continue
        assert adjusted.revision == schedule.revision + 1
        assert len(adjusted.history) == len(schedule.history) + 1
        assert adjusted.id == schedule.id
        assert planfile.structure_problems(adjusted) == []  # contiguous, pauses included
        for before, after in pairwise(adjusted.steps):
            assert after.start == before.end + timedelta(days=1)
        assert all(step.dose_mg <= ceiling for step in adjusted.steps)
        if on is not None:
            old, new = nights(schedule), nights(adjusted)
            assert {d: v for d, v in old.items() if d < on} == {
                d: v for d, v in new.items() if d < on
            }
        schedule = adjusted


def policy_with(**changes: object) -> LoadedPolicy:
    return LoadedPolicy(
        Policy.model_validate({**LOADED.policy.model_dump(), **changes}), "clinic.toml"
    )


def test_a_policy_tightened_since_the_plan_was_made_refuses_doses_from_on() -> None:
    bounds = LOADED.policy.bounds.model_dump()
    bounds["ceiling"]["max_mg"] = D(4)
    with pytest.raises(InputError) as caught:
        run(standard(), Hold(3), date(2027, 1, 20), loaded=policy_with(bounds=bounds))
    assert (
        "the step from Wed 20 Jan 2027 would be 4.5 mg, outside this policy's doses of 0.1 mg to 4 mg (policy: clinic.toml)"
        in str(caught.value)
    )
    with pytest.raises(InputError) as caught:
        run(standard(), Hold(3), date(2027, 1, 5), loaded=policy_with(resolution_mg=D(1)))
    message = str(caught.value)
    assert "would be 3.5 mg, not a multiple of this policy's dose resolution of 1 mg" in message
    assert "would be 1.5 mg" not in message  # earlier nights are the record, not re-checked


def test_a_dose_exactly_at_the_policys_lowest_is_kept_and_below_it_refused() -> None:
    # The re-check's lower bound is inclusive: a plan that starts at the policy's lowest start
    # dose can still be held; one whose policy now starts higher is refused, naming the range.
    def starting_at(min_mg: Decimal) -> LoadedPolicy:
        bounds = LOADED.policy.bounds.model_dump()
        bounds["start_dose"]["min_mg"] = min_mg
        return policy_with(bounds=bounds)

    held = run(standard(), Hold(3), date(2026, 12, 1), loaded=starting_at(D("1.5")))
    assert rows(held)[0] == ("titration", "2026-12-01", "2026-12-17", "1.5", False)
    with pytest.raises(InputError) as caught:
        run(standard(), Hold(3), date(2026, 12, 1), loaded=starting_at(D("1.6")))
    assert (
        "the step from Tue 1 Dec 2026 would be 1.5 mg, outside this policy's doses of 1.6 mg to 6 mg (policy: clinic.toml)"
        in str(caught.value)
    )


def test_a_climb_longer_than_the_policy_allows_is_refused() -> None:
    with pytest.raises(
        InputError,
        match=r"climbing from 0\.5 mg to 4\.5 mg in steps of 1 mg makes 5 steps; this policy allows at most 4",
    ):
        run(
            standard(),
            Pause(date(2027, 2, 10), D("0.5")),
            date(2027, 2, 1),
            loaded=policy_with(max_steps=4),
        )


def test_step_back_or_stop_on_a_paused_night_is_refused() -> None:
    paused = run(standard(), Pause(date(2027, 2, 10)), date(2027, 2, 1))
    with pytest.raises(InputError, match="paused that night, so there is no dose to step back"):
        run(paused, StepBack(), date(2027, 2, 5))
    with pytest.raises(InputError, match="paused that night; stop at a night with a dose"):
        run(paused, StopAtCurrent(), date(2027, 2, 5))
    held = run(paused, Hold(4), date(2027, 2, 5))  # a longer pause: the restart moves too
    assert held.steps[4].end == date(2027, 2, 14)
    assert held.steps[5].start == date(2027, 2, 15)
    assert held.steps[5].restart_opioid_free_days is not None
    timed = run(paused, SetDoseTime(DoseTime.MORNING), date(2027, 2, 5))
    assert [s.phase for s in timed.steps[4:7]] == [Phase.PAUSED, Phase.PAUSED, Phase.TITRATION]
    assert timed.steps[5].dose_time is DoseTime.BEDTIME  # a pause has no dose to time
    assert timed.steps[6].dose_time is DoseTime.MORNING
    assert timed.steps[6].restart_opioid_free_days is not None


def test_stop_below_the_lowest_ceiling_is_refused() -> None:
    request = standard().inputs.model_copy(
        update={"start_dose_mg": D("0.25"), "step_mg": D("0.25")}
    )
    low = build_schedule(request, plan_id=TEST_PLAN_ID, policy=LOADED.ref)
    with pytest.raises(
        InputError,
        match=r"0\.25 mg would become the ceiling, below this policy.s lowest ceiling of 0\.5 mg",
    ):
        run(low, StopAtCurrent(), date(2026, 12, 3))


def test_a_plan_without_maintenance_climbs_to_its_requested_ceiling() -> None:
    plan = standard()
    steps = (*plan.steps[:-1], plan.steps[-1].model_copy(update={"phase": Phase.TITRATION}))
    odd = plan.model_copy(update={"steps": steps})
    back = run(odd, StepBack(), date(2026, 12, 22))
    assert back.steps[-1].dose_mg == D("4.5")


def test_undo_needs_no_night_but_every_other_adjustment_does() -> None:
    with pytest.raises(ValueError, match="needs the night"):
        run(standard(), Hold(1), None)


def test_the_restart_night_uses_the_patients_own_washout_class() -> None:
    """A methadone patient under a clinic policy with a 14-day class washout: the restart
    night says 14 days, the same number the screen and the handout use (one rule)."""
    from ldn_titrate.rules.screening import ScreeningAnswers, screen
    from ldn_titrate.rules.washout import required_days

    base = built_in().policy
    safety = base.safety.model_copy(update={"opioid_class_days": {"methadone": 14}})
    loaded = LoadedPolicy(base.model_copy(update={"safety": safety}), "clinic.toml")
    record, refusals = screen(
        ScreeningAnswers("stopped:2026-11-01:methadone", ()),
        date(2026, 12, 1),
        safety,
        "clinic.toml",
        date(2026, 11, 20),
    )
    assert refusals == []
    assert record is not None
    assert record.opioid_free_days == required_days(safety, "methadone") == 14
    plan = standard().model_copy(update={"screening": record})
    paused = run(plan, Pause(date(2027, 2, 10)), date(2027, 2, 1), loaded=loaded)
    restart = paused.steps[5]
    assert restart.restart_opioid_free_days == 14
    assert "14 days" in (step_note(restart) or "")


def test_a_version_1_plans_english_restart_note_is_read_back_as_its_number() -> None:
    step = Step.model_validate(
        {
            "number": 6,
            "phase": "titration",
            "start": "2027-02-11",
            "end": "2027-02-24",
            "nights": 14,
            "dose_mg": "1.5",
            "note": restart_note(12),
        }
    )
    assert step.restart_opioid_free_days == 12
    assert step_note(step) == restart_note(12)
