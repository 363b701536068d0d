"""Response-gated changes and plans that go on (issue 15): --renew, --advance, --resume and
--step-back --to. Each keeps the plan's id, adds one history entry that --undo walks back, and
is checked against the policy again. Expected nights are written out by hand."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tests.test_adjust as adjustment_tests
import tests.test_engine as engine_tests
from ldn_titrate.core.engine import build_schedule
from ldn_titrate.core.errors import InputError
from ldn_titrate.core.model import ChangeKind, Schedule, TitrationRequest
from ldn_titrate.core.regimen import Interval
from ldn_titrate.plans import planfile
from ldn_titrate.plans.adjust.apply import adjust
from ldn_titrate.plans.adjust.kinds.advance import Advance
from ldn_titrate.plans.adjust.kinds.renew import Renew
from ldn_titrate.plans.adjust.kinds.resume import Resume
from ldn_titrate.plans.adjust.kinds.step_back import StepBack
from ldn_titrate.plans.adjust.kinds.stop_at_current import StopAtCurrent
from ldn_titrate.plans.adjust.kinds.undo import Undo
from ldn_titrate.rules.policy import built_in
from tests.conftest import TEST_PLAN_ID, Cli
from tests.test_regimens import ladders, multiples, phased

LOADED = built_in()
MADE = datetime(2026, 11, 24, tzinfo=UTC)
D = Decimal


def standard(**changes: object) -> Schedule:
    """1.5 / 2.5 / 3.5 mg for 14 nights each from Tue 1 Dec 2026, then 28 nights at 4.5 mg."""
    fields: dict[str, object] = {
        "start_date": date(2026, 12, 1),
        "start_dose_mg": D("1.5"),
        "step_mg": D(1),
        "interval_days": 14,
        "ceiling_mg": D("4.5"),
        "maintain_days": 28,
    }
    request = TitrationRequest.model_validate(fields | changes)
    return build_schedule(request, policy=LOADED.ref, plan_id=TEST_PLAN_ID)


def run(schedule: Schedule, adjustment: object, on: date | None) -> Schedule:
    return adjust(schedule, adjustment, on, made_at=MADE, loaded=LOADED, reason="why")


def rows(schedule: Schedule) -> list[tuple[str, str, str, str]]:
    return [
        (s.start.isoformat(), s.end.isoformat(), format(s.dose_mg, "f"), s.phase.value)
        for s in schedule.steps
    ]


def test_renew_at_the_review_extends_maintenance_by_calendar_months() -> None:
    plan = standard()
    assert plan.review_date == date(2027, 2, 9)
    renewed = run(plan, Renew(Interval(6, months=True)), date(2027, 2, 9))
    assert rows(renewed)[-1] == ("2027-01-12", "2027-08-08", "4.5", "maintenance")
    assert renewed.review_date == date(2027, 8, 9)  # six calendar months after 9 Feb
    assert renewed.id == plan.id
    assert [c.kind for c in renewed.history] == [ChangeKind.RENEW]
    assert renewed.history[0].parameters == {"nights": 181, "dose_mg": D("4.5"),
                                             "until": "2027-08-08"}  # fmt: skip
    assert run(renewed, Undo(), None).steps == plan.steps


def test_renew_from_a_night_of_maintenance_and_its_refusals() -> None:
    plan = standard()
    renewed = run(plan, Renew(Interval(56)), date(2027, 2, 1))
    assert rows(renewed)[-1] == ("2027-01-12", "2027-03-28", "4.5", "maintenance")
    with pytest.raises(InputError) as titrating:
        run(plan, Renew(Interval(56)), date(2026, 12, 20))
    assert "not at its maintenance dose that night" in str(titrating.value)
    with pytest.raises(InputError) as short:
        run(plan, Renew(Interval(7)), date(2027, 1, 20))
    assert "renew for longer" in str(short.value)
    with pytest.raises(InputError) as long:
        run(plan, Renew(Interval(7, months=True)), date(2027, 2, 9))
    assert str(long.value) == (
        "--renew 7 months, that is 212 nights is above this policy's maximum of 182 nights "
        "(allowed 7 to 182 nights; policy: built-in)"
    )
    with pytest.raises(InputError) as after:
        run(plan, Renew(Interval(28)), date(2027, 2, 10))  # a night after the review
    assert "is outside the plan" in str(after.value)


def test_advance_starts_the_next_step_early_and_moves_the_rest_up() -> None:
    plan = standard()
    advanced = run(plan, Advance(), date(2026, 12, 20))
    assert rows(advanced) == [
        ("2026-12-01", "2026-12-14", "1.5", "titration"),
        ("2026-12-15", "2026-12-19", "2.5", "titration"),  # 5 of its 14 nights
        ("2026-12-20", "2027-01-02", "3.5", "titration"),
        ("2027-01-03", "2027-01-30", "4.5", "maintenance"),
    ]
    assert advanced.review_date == date(2027, 1, 31)
    assert advanced.id == plan.id
    assert advanced.history[0].parameters["nights_earlier"] == 9
    for night, words in [
        (date(2026, 12, 15), "starts that night, so advancing would skip it"),
        (date(2027, 1, 20), "at its maintenance dose that night"),
    ]:
        with pytest.raises(InputError, match=words):
            run(plan, Advance(), night)


def test_resume_titrates_again_after_stop_at_current() -> None:
    stopped = run(standard(), StopAtCurrent(), date(2026, 12, 20))
    assert rows(stopped)[-1] == ("2026-12-20", "2027-01-16", "2.5", "maintenance")
    resumed = run(stopped, Resume(), date(2027, 1, 10))
    assert rows(resumed) == [
        ("2026-12-01", "2026-12-14", "1.5", "titration"),
        ("2026-12-15", "2026-12-19", "2.5", "titration"),
        ("2026-12-20", "2027-01-09", "2.5", "maintenance"),
        ("2027-01-10", "2027-01-23", "3.5", "titration"),
        ("2027-01-24", "2027-02-20", "4.5", "maintenance"),
    ]
    assert [c.kind for c in resumed.history] == [ChangeKind.STOP_AT_CURRENT, ChangeKind.RESUME]
    assert resumed.id == stopped.id
    with pytest.raises(InputError, match="already the ceiling the plan was made with"):
        run(standard(), Resume(), date(2027, 1, 20))
    with pytest.raises(InputError, match="not at a maintenance dose"):
        run(standard(), Resume(), date(2026, 12, 5))


def test_resume_follows_a_ladder() -> None:
    ladder = standard(doses_mg=(D(1), D(2), D(3), D("4.5")), start_dose_mg=D(1))
    stopped = run(ladder, StopAtCurrent(), date(2026, 12, 20))  # at 2 mg
    resumed = run(stopped, Resume(), date(2027, 1, 5))
    assert rows(resumed)[-2:] == [
        ("2027-01-05", "2027-01-18", "3", "titration"),
        ("2027-01-19", "2027-02-15", "4.5", "maintenance"),  # 3 to 4.5 mg, as the ladder says
    ]


def test_step_back_to_a_chosen_dose_then_climb_along_the_regimen() -> None:
    ladder = standard(doses_mg=(D(1), D(2), D(3), D("4.5")), start_dose_mg=D(1))
    back = run(ladder, StepBack(D("1.5")), date(2027, 1, 20))  # from 4.5 mg
    assert rows(back)[3:] == [
        ("2027-01-12", "2027-01-19", "4.5", "maintenance"),
        ("2027-01-20", "2027-02-02", "1.5", "titration"),
        ("2027-02-03", "2027-02-16", "2", "titration"),  # back onto the ladder's next rung
        ("2027-02-17", "2027-03-02", "3", "titration"),
        ("2027-03-03", "2027-03-30", "4.5", "maintenance"),
    ]
    assert back.steps[-1].dose_mg == D("4.5")
    assert back.steps[5].provisional  # the first dose tried again
    assert back.history[0].parameters["to_mg"] == D("1.5")
    with pytest.raises(InputError, match=r"is not below 4\.5 mg"):
        run(ladder, StepBack(D(5)), date(2027, 1, 20))
    with pytest.raises(InputError) as low:  # re-checked against the policy
        run(ladder, StepBack(D("0.05")), date(2027, 1, 20))
    assert "0.05 mg, outside this policy's doses of 0.1 mg to 6 mg" in str(low.value)


def test_the_new_adjustments_on_the_command_line(cli: Cli, tmp_path: Path) -> None:
    plan = tmp_path / "plan.json"
    made = cli("plan", "--preset", "standard", "--start-date", "2026-12-01", "--opioids", "none",
               "-f", "json", "-o", str(plan))  # fmt: skip
    assert made.exit_code == 0, made.output
    steps = [
        ("renew", ["--renew", "6m", "--on", "2027-02-09"], "renewed: 4.5 mg for 181 nights more"),
        ("advance", ["--advance", "--on", "2026-12-20"], "went up early from 2.5 mg to 3.5 mg"),
        ("back", ["--step-back", "--to", "2.25", "--on", "2026-12-30"], "stepped back from"),
    ]
    for name, args, words in steps:
        out = tmp_path / f"{name}.json"
        result = cli("adjust", str(plan), *args, "--reason", "review", "-o", str(out))
        assert result.exit_code == 0, result.output
        assert words in result.output
        data = json.loads(out.read_text())
        assert data["id"] == json.loads(plan.read_text())["id"]
        assert len(data["history"]) == 1
    bad = cli("adjust", str(plan), "--advance", "--to", "2", "--on", "2026-12-20",
              "--reason", "x", "-o", str(tmp_path / "x.json"))  # fmt: skip
    assert bad.exit_code == 2
    assert "--to '2' only goes with --step-back" in bad.output
    help_text = " ".join(cli("adjust", "--help").output.split())
    for flag in ("--renew", "--advance", "--resume", "--to"):
        assert flag in help_text
    stopped = tmp_path / "stopped.json"
    cli("adjust", str(plan), "--stop-at-current", "--on", "2026-12-20", "--reason", "x",
        "-o", str(stopped))  # fmt: skip
    resumed = cli("adjust", str(stopped), "--resume", "--on", "2027-01-10", "--reason", "x",
                  "-o", str(tmp_path / "resumed.json"))  # fmt: skip
    assert resumed.exit_code == 0, resumed.output
    assert "titration resumed from 2.5 mg, up to 4.5 mg" in resumed.output


def test_unreadable_renew_and_to_are_named(cli: Cli, tmp_path: Path) -> None:
    plan = tmp_path / "plan.json"
    cli("plan", "--start-date", "2026-12-01", "--opioids", "none", "-f", "json", "-o", str(plan))
    out = str(tmp_path / "x.json")
    for args, message in [
        (["--renew", "soon"], "--renew 'soon' is not a duration"),
        (["--renew", "0"], "--renew '0': renew for at least 1 night"),
        (["--step-back", "--to", "half"], "--to 'half' is not a dose"),
    ]:
        result = cli("adjust", str(plan), *args, "--on", "2027-01-20", "--reason", "x", "-o", out)
        assert result.exit_code == 2, result.output
        assert message in result.output


@st.composite
def any_adjustment(draw: st.DrawFn, schedule: Schedule) -> tuple[object, date | None]:
    span = (schedule.last_night - schedule.first_night).days
    on = schedule.first_night + timedelta(days=draw(st.integers(0, span + 2)))
    kind = draw(st.sampled_from(["renew", "advance", "resume", "to", "old"]))
    if kind == "renew":
        months = draw(st.booleans())
        return Renew(Interval(draw(st.integers(1, 7 if months else 200)), months)), on
    if kind == "advance":
        return Advance(), on
    if kind == "resume":
        return Resume(), on
    if kind == "to":
        return StepBack(draw(multiples(D("0.1"), D(6)))), on
    return draw(adjustment_tests.adjustments(schedule))


@settings(max_examples=120, deadline=None)
@given(st.data())
def test_adjustments_of_every_regimen_form_keep_the_invariants(data: st.DataObject) -> None:
    form = data.draw(st.sampled_from([engine_tests.requests(), ladders(), phased()]))
    schedule = build_schedule(data.draw(form), policy=LOADED.ref, plan_id=TEST_PLAN_ID)
    ceiling = schedule.inputs.ceiling_mg
    for _ in range(data.draw(st.integers(1, 4))):
        adjustment, on = data.draw(any_adjustment(schedule))
        try:
            adjusted = run(schedule, adjustment, on)
        except InputError:
            continue
        assert adjusted.id == schedule.id
        assert len(adjusted.history) == len(schedule.history) + 1
        assert planfile.structure_problems(adjusted) == []  # contiguous, numbered, positive
        assert all(step.dose_mg <= ceiling for step in adjusted.steps)
        if on is not None:
            old, new = adjustment_tests.nights(schedule), adjustment_tests.nights(adjusted)
            assert {d: v for d, v in old.items() if d < on} == {
                d: v for d, v in new.items() if d < on
            }
        schedule = adjusted


ADJUST_EXAMPLES = {
    # name: (adjust options applied in turn, expected nights as (dose, nights) blocks)
    "advance": (
        [["--advance", "--on", "2028-02-25"]],
        [("1.5", 14), ("2.5", 14), ("3.5", 8), ("4.5", 28)],
    ),
    "renew": (
        [["--renew", "5m", "--on", "2028-03-30"]],
        [("1.5", 14), ("2.5", 14), ("3.5", 14), ("4.5", 28 + 153)],  # 30 Mar to 29 Aug
    ),
    "step-back-to": (
        [["--step-back", "--to", "2.25", "--on", "2028-02-20"]],
        [
            ("1.5", 14),
            ("2.5", 14),
            ("3.5", 3),
            ("2.25", 14),
            ("3.25", 14),
            ("4.25", 14),
            ("4.5", 28),
        ],
    ),
    "stop-then-resume": (
        [["--stop-at-current", "--on", "2028-02-05"], ["--resume", "--on", "2028-02-26"]],
        [("1.5", 14), ("2.5", 2), ("2.5", 21), ("3.5", 14), ("4.5", 28)],
    ),
}


@pytest.mark.parametrize("name", ADJUST_EXAMPLES)
def test_each_adjustment_example_night_by_night_and_in_the_calendar(
    cli: Cli, tmp_path: Path, name: str
) -> None:
    """Across 29 February 2028 and the London clock change (26 March 2028)."""
    from tests.test_calendar import LONDON, make
    from tests.test_calendar_adjusted import check_doses
    from tests.test_regimens import oracle, planned

    path = tmp_path / "plan-0.json"
    made = cli("plan", "--preset", "standard", "--start-date", "2028-01-20", "--opioids", "none",
               "-f", "json", "-o", str(path))  # fmt: skip
    assert made.exit_code == 0, made.output
    first_id = json.loads(path.read_text())["id"]
    steps, blocks = ADJUST_EXAMPLES[name]
    for number, args in enumerate(steps, start=1):
        out = tmp_path / f"plan-{number}.json"
        result = cli("adjust", str(path), *args, "--reason", "review", "-o", str(out))
        assert result.exit_code == 0, result.output
        path = out
    plan = json.loads(path.read_text())
    assert plan["id"] == first_id
    assert len(plan["history"]) == len(steps)
    assert planned(plan) == oracle(date(2028, 1, 20), blocks)
    data = make(cli, tmp_path / "plan.ics", "--plan", str(path), "--tz", LONDON)
    check_doses(planfile.read(path), data, time(22))  # one dose a night at 22:00 local
