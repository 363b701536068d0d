"""Regimens as clinicians write them (issue 15): explicit ladders, phases, calendar months and
ongoing maintenance.

Each worked example is checked night by night against an oracle written here, independently of
the engine: the doses are listed by hand, nights are counted one by one, and calendar months
are worked out with :mod:`calendar` (the engine uses dateutil). The plans run across 29 February
2028 and the clocks changing in London (26 March 2028).
"""

from __future__ import annotations

import calendar
import json
from datetime import date, time, timedelta
from decimal import Decimal
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ldn_titrate.core.engine import build_schedule
from ldn_titrate.core.model import Phase, PolicyRef, TitrationPhase, TitrationRequest
from ldn_titrate.core.parsing import parse_doses, parse_interval, parse_phase
from ldn_titrate.core.regimen import Interval, regimen_of
from ldn_titrate.rules.policy import built_in
from tests.conftest import TEST_PLAN_ID, Cli
from tests.test_calendar import LONDON, check_nights, make, parse

POLICY = built_in().policy
REF = PolicyRef(source="built-in", sha256="0" * 64)
RESOLUTION = POLICY.resolution_mg
B = POLICY.bounds
D = Decimal


# --- the oracle: nights counted one by one, months by the calendar module -------------------


def add_months(first: date, months: int) -> date:
    """The same day of the month ``months`` later; the month's last day when it is shorter."""
    index = first.month - 1 + months
    year, month = first.year + index // 12, index % 12 + 1
    return date(year, month, min(first.day, calendar.monthrange(year, month)[1]))


def oracle(first: date, blocks: list[tuple[str, int | str]]) -> dict[date, Decimal]:
    """Each block is (dose, nights) or (dose, "Nm"): N calendar months counted from the first
    night of the run of monthly blocks."""
    nights: dict[date, Decimal] = {}
    night = first
    anchor, months = first, 0
    for dose, length in blocks:
        if isinstance(length, str):
            if months == 0:
                anchor = night
            months += int(length.removesuffix("m"))
            end = add_months(anchor, months)
        else:
            months = 0
            end = night + timedelta(days=length)
        while night < end:
            nights[night] = D(dose)
            night += timedelta(days=1)
    return nights


def planned(plan: dict[str, Any]) -> dict[date, Decimal]:
    nights: dict[date, Decimal] = {}
    for step in plan["steps"]:
        night, end = date.fromisoformat(step["start"]), date.fromisoformat(step["end"])
        assert step["nights"] == (end - night).days + 1
        while night <= end:
            assert night not in nights, "two steps on one night"
            nights[night] = D(str(step["dose_mg"]))
            night += timedelta(days=1)
    return nights


def plan_json(cli: Cli, *args: str) -> dict[str, Any]:
    result = cli("plan", *args, "--opioids", "none", "--format", "json")
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


EXAMPLES: dict[str, tuple[list[str], list[tuple[str, int | str]]]] = {
    "ladder": (
        ["--doses", "1,2,3,4.5", "--interval", "14", "--maintain", "8w"],
        [("1", 14), ("2", 14), ("3", 14), ("4.5", 56)],
    ),
    "phases": (
        ["--start-dose", "0.25", "--phase", "0.25mg/7d:1.5mg", "--phase", "0.5mg/14d:4.5mg"],
        [
            *[(dose, 7) for dose in ("0.25", "0.5", "0.75", "1", "1.25")],
            *[(dose, 14) for dose in ("1.5", "2", "2.5", "3", "3.5", "4")],
            ("4.5", 28),
        ],
    ),
    "months": (
        ["--preset", "standard", "--interval", "1m"],
        [("1.5", "1m"), ("2.5", "1m"), ("3.5", "1m"), ("4.5", 28)],
    ),
    "ongoing": (
        ["--preset", "standard", "--maintain", "ongoing"],
        [("1.5", 14), ("2.5", 14), ("3.5", 14), ("4.5", 91)],
    ),
    "ladder-monthly-preset": (
        ["--preset", "ladder", "--interval", "1m"],
        [("1", "1m"), ("2", "1m"), ("3", "1m"), ("4.5", 28)],
    ),
    "three-step-weekly": (
        ["--preset", "three-step-weekly", "--maintain", "8w"],
        [("1.5", 7), ("3", 7), ("4.5", 56)],
    ),
    "phases-weekly-then-monthly": (
        ["--start-dose", "1", "--phase", "1mg/7d:2mg", "--phase", "1mg/1m:4mg"],
        [("1", 7), ("2", "1m"), ("3", "1m"), ("4", 28)],
    ),
}
# Across 29 February 2028 and the London clock change of 26 March 2028; the 31st tests the
# month-end rule.
STARTS = [date(2028, 1, 31), date(2028, 2, 20)]


@pytest.mark.parametrize("start", STARTS, ids=str)
@pytest.mark.parametrize("name", EXAMPLES)
def test_each_example_night_by_night(cli: Cli, name: str, start: date) -> None:
    args, blocks = EXAMPLES[name]
    plan = plan_json(cli, *args, "--start-date", start.isoformat())
    expected = oracle(start, blocks)
    assert planned(plan) == expected
    assert date(2028, 2, 29) in expected
    assert date(2028, 3, 26) in expected
    assert plan["review_date"] == (max(expected) + timedelta(days=1)).isoformat()


def test_month_end_rule_across_a_leap_year_and_not(cli: Cli) -> None:
    leap = plan_json(cli, "--preset", "standard", "--interval", "1m", "--start-date", "2028-01-31")
    assert [s["start"] for s in leap["steps"]] == [
        "2028-01-31",
        "2028-02-29",  # the last day of a short month
        "2028-03-31",  # back to the 31st: counted from the first night, not the month before
        "2028-04-30",
    ]
    common = plan_json(
        cli, "--preset", "standard", "--interval", "1m", "--start-date", "2027-01-31"
    )
    assert [s["start"] for s in common["steps"][:3]] == ["2027-01-31", "2027-02-28", "2027-03-31"]
    assert [s["nights"] for s in common["steps"][:3]] == [28, 31, 30]


@pytest.mark.parametrize("name", ["ladder", "phases", "months"])
def test_each_example_in_the_calendar_across_the_clock_change(
    cli: Cli, tmp_path: Path, name: str
) -> None:
    args = [*EXAMPLES[name][0], "--start-date", "2028-02-20", "--opioids", "none"]
    data = make(cli, tmp_path / "plan.ics", *args, "--tz", LONDON)
    check_nights(data, plan_json(cli, *EXAMPLES[name][0], "--start-date", "2028-02-20"),
                 time(22), LONDON)  # fmt: skip


def test_ongoing_reminders_run_past_the_review_for_the_grace_nights(
    cli: Cli, tmp_path: Path
) -> None:
    args = ["--preset", "standard", "--maintain", "ongoing", "--start-date", "2028-01-03"]
    plan = plan_json(cli, *args)
    assert plan["inputs"]["ongoing_grace_nights"] == POLICY.ongoing.grace_nights == 14
    review = date.fromisoformat(plan["review_date"])
    data = make(cli, tmp_path / "ongoing.ics", *args, "--opioids", "none", "--tz", LONDON)
    tz = __import__("zoneinfo").ZoneInfo(LONDON)
    doses = sorted(
        event.dtstart.astimezone(tz)
        for event in parse(data).timeline_tz(tz)
        if not isinstance(event.dtstart, date) or hasattr(event.dtstart, "hour")
    )
    nights = [moment.date() for moment in doses]
    assert nights == sorted(set(nights))  # one a night
    assert nights[0] == date(2028, 1, 3)
    assert nights[-1] == review + timedelta(days=13)  # review plus 14 grace nights, inclusive
    assert all(moment.time() == time(22) for moment in doses)  # across the March clock change
    [going_on] = [e for e in parse(data).events if "(ongoing)" in (e.summary or "")]
    assert going_on.summary == "LDN 4.5 mg (ongoing)"
    table = cli("plan", *args, "--opioids", "none")
    assert "Ongoing: keep taking 4.5 mg each night" in table.output
    handout = cli("handout", *args, "--opioids", "none", "-f", "markdown", "-o", "-")
    assert "Keep taking 4.5 mg until your review on" in " ".join(handout.output.split())


def test_a_plan_of_a_new_form_reads_back_and_keeps_its_id(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "plan.json"
    args = ["--start-dose", "0.25", "--phase", "0.25mg/7d:1.5mg", "--phase", "0.5mg/1m:4.5mg"]
    written = cli("plan", *args, "--opioids", "none", "-f", "json", "-o", str(path))
    assert written.exit_code == 0, written.output
    saved = json.loads(path.read_text())
    assert saved["inputs"]["phases"] == [
        {"step_mg": 0.25, "up_to_mg": 1.5, "interval_nights": 7},
        {"step_mg": 0.5, "up_to_mg": 4.5, "interval_months": 1},
    ]
    again = cli("plan", "--plan", str(path), "-f", "json")
    assert again.exit_code == 0, again.output
    assert json.loads(again.stdout)["steps"] == saved["steps"]
    same = [*args, "--patient-id", "pat-1"]
    first, again_id = plan_json(cli, *same)["id"], plan_json(cli, *same)["id"]
    other = plan_json(cli, "--start-dose", "0.25", "--phase", "0.25mg/7d:1.5mg",
                      "--phase", "0.5mg/14d:4.5mg", "--patient-id", "pat-1")  # fmt: skip
    assert first == again_id  # one patient, one regimen: one id
    assert other["id"] != first  # the phases are part of the patient's plan identity


def test_the_identity_of_a_start_step_ceiling_plan_does_not_change(cli: Cli) -> None:
    from ldn_titrate.core.engine import regimen_key

    plan = plan_json(cli, "--preset", "standard", "--start-date", "2026-12-01")
    request = TitrationRequest.model_validate(plan["inputs"])
    assert regimen_key(request) == "2026-12-01|1.5|1|14|4.5|28"  # no new part when unused
    assert set(plan["inputs"]) == {
        "start_date", "start_dose_mg", "step_mg", "interval_days", "ceiling_mg", "maintain_days",
        "preset",
    }  # fmt: skip


# --- every problem at once, naming the option and the range ---------------------------------


def refused(cli: Cli, *args: str) -> list[str]:
    result = cli("plan", *args)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    return [line.removeprefix("error: ") for line in result.stderr.splitlines()]


def test_a_ladder_names_every_problem(cli: Cli) -> None:
    problems = refused(cli, "--doses", "0.05,1,1,3,4.51,7", "--step", "1", "--interval", "2m")
    assert problems == [
        "--doses gives every dose of the ladder, so it cannot be combined with --step: the "
        "first dose is the start, the last the ceiling",
        "--doses 4.51 mg is not a multiple of this policy's dose resolution of 0.025 mg (policy: "
        "built-in)",
        "--doses first dose 0.05 mg is below this policy's minimum of 0.1 mg (allowed 0.1 mg to "
        "3 mg; policy: built-in)",
        "--doses last dose 7 mg is above this policy's maximum of 6 mg (allowed 0.5 mg to 6 mg; "
        "policy: built-in)",
        "--doses: 1 mg after 1 mg does not rise; a ladder goes up one dose at a time (a lower "
        "dose later is an adjustment: adjust --step-back)",
        "--doses: the rise from 1 mg to 3 mg is 2 mg, outside this policy's steps of 0.1 mg to "
        "1.5 mg (policy: built-in)",
        "--doses: the rise from 3 mg to 4.51 mg is 1.51 mg, outside this policy's steps of 0.1 "
        "mg to 1.5 mg (policy: built-in)",
        "--doses: the rise from 4.51 mg to 7 mg is 2.49 mg, outside this policy's steps of 0.1 "
        "mg to 1.5 mg (policy: built-in)",
        "--interval 2 months is above this policy's maximum of 1 month (allowed 1 to 1 month; "
        "policy: built-in)",
    ]


def test_phases_name_every_problem(cli: Cli) -> None:
    problems = refused(
        cli,
        "--start-dose", "1",
        "--phase", "0.25mg/7d:0.5mg",
        "--phase", "2mg/2d:3mg",
        "--phase", "4.5",
        "--phase", "0.5/3m:7",
        "--phase", "0.5/7:8",
        "--step", "1",
    )  # fmt: skip
    assert problems == [
        "--phase gives each phase its own step, interval and top dose, so it cannot be combined "
        "with --step",
        "--phase 3 '4.5' is not a phase; write STEP/INTERVAL:UP-TO, such as 0.25mg/7d:1.5mg or "
        "0.5mg/1m:4.5mg",
        "--phase given 5 times; this policy allows at most 4 phases (allowed 1 to 4; policy: "
        "built-in)",
        "--phase 1 (0.25mg/7d:0.5mg): up to 0.5 mg is not above 1 mg, where the phase before it "
        "(or the start dose) ends; phases climb in order",
        "--phase 2 (2mg/2d:3mg): step 2 mg is above this policy's maximum of 1.5 mg (allowed "
        "0.1 mg to 1.5 mg; policy: built-in)",
        "--phase 2 (2mg/2d:3mg): interval 2 nights is below this policy's minimum of 3 nights "
        "(allowed 3 to 28 nights; policy: built-in)",
        "--phase 4 (0.5/3m:7): interval 3 months is above this policy's maximum of 1 month "
        "(allowed 1 to 1 month; policy: built-in)",
        "--phase 5 (0.5/7:8): up to (the ceiling) 8 mg is above this policy's maximum of 6 mg "
        "(allowed 0.5 mg to 6 mg; policy: built-in)",
    ]


def test_a_preset_form_refuses_what_it_has_no_place_for(cli: Cli, tmp_path: Path) -> None:
    assert refused(cli, "--preset", "ladder", "--start-dose", "1.5") == [
        "--start-dose cannot change preset ladder, a ladder of doses (1 mg, 2 mg, 3 mg, 4.5 mg): "
        "give the whole ladder with --doses"
    ]
    policy = tmp_path / "policy.toml"
    policy.write_text(
        'default_preset = "climb"\n[presets.climb]\ndescription = "d"\nsource = "s"\n'
        "start_dose_mg = 0.5\nmaintain_nights = 28\n"
        "phases = [{step_mg = 0.5, interval_nights = 7, up_to_mg = 1.5},"
        " {step_mg = 1, interval_months = 1, up_to_mg = 4.5}]\n"
    )
    assert refused(cli, "--policy", str(policy), "--interval", "14") == [
        "--interval cannot change preset climb, whose phases each have their own interval: "
        "give the phases with --phase"
    ]
    plan = plan_json(cli, "--policy", str(policy), "--start-date", "2028-01-31")
    assert planned(plan) == oracle(
        date(2028, 1, 31), [("0.5", 7), ("1", 7), ("1.5", "1m"), ("2.5", "1m"), ("3.5", "1m"),
                            ("4.5", 28)]
    )  # fmt: skip
    # A start/step/ceiling option turns a preset of another form into that form.
    linear = plan_json(cli, "--preset", "ladder", "--step", "0.5", "--start-date", "2028-01-31")
    assert [s["dose_mg"] for s in linear["steps"]][:3] == [1, 1.5, 2]


def test_a_policy_file_preset_must_have_one_form_and_pass_the_bounds(
    cli: Cli, tmp_path: Path
) -> None:
    policy = tmp_path / "policy.toml"
    policy.write_text(
        'default_preset = "a"\n'
        '[presets.a]\ndescription = "d"\nsource = "s"\nmaintain_nights = 28\n'
        "doses_mg = [1, 3]\ninterval_nights = 14\n"
        '[presets.b]\ndescription = "d"\nsource = "s"\nmaintain_nights = 28\n'
        "doses_mg = [1, 2]\nstep_mg = 1\ninterval_nights = 14\n"
    )
    result = cli("plan", "--policy", str(policy))
    assert result.exit_code == 2
    assert "presets.b: Value error, a preset with doses_mg takes no step_mg" in result.stderr or (
        "presets.b: a preset with doses_mg takes no step_mg" in result.stderr
    )
    policy.write_text(
        'default_preset = "a"\n'
        '[presets.a]\ndescription = "d"\nsource = "s"\nmaintain_nights = 28\n'
        "doses_mg = [1, 3]\ninterval_nights = 14\n"
    )
    result = cli("plan", "--policy", str(policy))
    assert result.exit_code == 2
    assert (
        "presets.a.doses_mg: the rise from 1 mg to 3 mg is 2 mg, outside this policy's steps"
        in result.stderr
    )


def test_help_and_batch_know_every_form(cli: Cli, tmp_path: Path) -> None:
    text = " ".join(cli("plan", "--help").output.split())
    for words in ("--doses", "--phase", "0.25mg/7d:1.5mg", "1m", "ongoing"):
        assert words in text
    table = tmp_path / "patients.csv"
    table.write_text(
        "id,start_date,doses,phases,start_dose,interval,maintain\n"
        'a,2028-01-31,"1,2,3,4.5",,,1m,\n'
        "b,2028-01-31,,0.25mg/7d:1.5mg+0.5mg/14d:4.5mg,0.25,,ongoing\n"
        "c,2028-01-31,,0.25mg/7d:9mg,0.25,,\n"
    )
    out = tmp_path / "out"
    result = cli("batch", str(table), "--out-dir", str(out))
    a = json.loads((out / "a.json").read_text())
    assert [s["start"] for s in a["steps"]] == ["2028-01-31", "2028-02-29", "2028-03-31",
                                                "2028-04-30"]  # fmt: skip
    b = json.loads((out / "b.json").read_text())
    assert b["inputs"]["ongoing_grace_nights"] == 14
    assert [s["dose_mg"] for s in b["steps"]][4:7] == [1.25, 1.5, 2]
    assert not (out / "c.json").exists()
    assert "row 4 (c): phase 1 (0.25mg/7d:9mg): up to (the ceiling) 9 mg is above" in result.output


def test_the_presets_table_shows_a_ladder(cli: Cli) -> None:
    text = cli("presets").output
    assert "three-step-weekly" in text
    assert "varies" in text


def test_parsers() -> None:
    assert parse_interval("1m") == Interval(1, months=True)
    assert parse_interval("2 months") == Interval(2, months=True)
    assert parse_interval("2w") == Interval(14)
    assert parse_doses("1, 2,3mg,4.5") == (D(1), D(2), D(3), D("4.5"))
    assert parse_phase("0.25mg/7d:1.5mg") == (D("0.25"), Interval(7), D("1.5"))
    for bad in ("", "1,,2", "1,x"):
        with pytest.raises(ValueError, match="is not a list of doses"):
            parse_doses(bad)
    for bad in ("0.25mg:1.5", "0.25/7d", "a/7d:1", "1/7x:2"):
        with pytest.raises(ValueError, match="is not a phase"):
            parse_phase(bad)
    with pytest.raises(ValueError, match="is not an interval"):
        parse_interval("1y")


# --- properties of ladders and phases --------------------------------------------------------


def multiples(low: Decimal, high: Decimal) -> st.SearchStrategy[Decimal]:
    return st.integers(int(low / RESOLUTION), int(high / RESOLUTION)).map(lambda n: n * RESOLUTION)


every = st.one_of(
    st.integers(B.interval.min_nights, B.interval.max_nights).map(Interval),
    st.integers(1, 3).map(lambda n: Interval(n, months=True)),
)


def _fields(interval: Interval) -> dict[str, int | None]:
    return {
        "interval_days": 0 if interval.months else interval.count,
        "interval_months": interval.count if interval.months else None,
    }


@st.composite
def ladders(draw: st.DrawFn) -> TitrationRequest:
    doses = [draw(multiples(B.start_dose.min_mg, B.start_dose.max_mg))]
    for _ in range(draw(st.integers(0, 8))):
        doses.append(doses[-1] + draw(multiples(B.step.min_mg, B.step.max_mg)))
    interval = draw(every)
    return TitrationRequest(
        start_date=draw(st.dates(date(2000, 1, 1), date(2090, 12, 31))),
        start_dose_mg=doses[0],
        step_mg=max((b - a for a, b in pairwise(doses)), default=D(0)),
        ceiling_mg=doses[-1],
        maintain_days=draw(st.integers(B.maintain.min_nights, B.maintain.max_nights)),
        doses_mg=tuple(doses),
        **_fields(interval),
    )


@st.composite
def phased(draw: st.DrawFn) -> TitrationRequest:
    start = draw(multiples(B.start_dose.min_mg, D(2)))
    phases, top = [], start
    for _ in range(draw(st.integers(1, POLICY.max_phases))):
        top += draw(multiples(B.step.min_mg, D(2)))
        interval = draw(every)
        phases.append(
            TitrationPhase(
                step_mg=draw(multiples(B.step.min_mg, B.step.max_mg)),
                up_to_mg=top,
                interval_nights=None if interval.months else interval.count,
                interval_months=interval.count if interval.months else None,
            )
        )
    return TitrationRequest(
        start_date=draw(st.dates(date(2000, 1, 1), date(2090, 12, 31))),
        start_dose_mg=start,
        step_mg=max(p.step_mg for p in phases),
        interval_days=0,
        ceiling_mg=top,
        maintain_days=draw(st.integers(B.maintain.min_nights, B.maintain.max_nights)),
        phases=tuple(phases),
    )


def _check_invariants(request: TitrationRequest) -> None:
    steps = build_schedule(request, policy=REF, plan_id=TEST_PLAN_ID).steps
    regimen = regimen_of(request)
    assert steps[0].start == request.start_date
    assert steps[0].dose_mg == request.start_dose_mg
    assert steps[-1].dose_mg == request.ceiling_mg  # the top is reached exactly
    assert steps[-1].phase is Phase.MAINTENANCE
    assert steps[-1].nights == request.maintain_days
    for before, after in pairwise(steps):
        assert after.start == before.end + timedelta(days=1)  # contiguous
        assert before.dose_mg < after.dose_mg  # rising: never decreasing before an adjustment
    for step in steps:
        assert step.nights == (step.end - step.start).days + 1 >= 1
        assert step.dose_mg <= request.ceiling_mg  # never above the ceiling
        assert step.dose_mg % RESOLUTION == 0
    # Each increase is at most its rise's step, and the rise's top is reached exactly: the
    # last increase into each top is clamped, never past it.
    doses = [step.dose_mg for step in steps]
    for rise in regimen.rises:
        if rise.up_to_mg > request.start_dose_mg:
            assert rise.up_to_mg in doses
    for low, high in pairwise(doses):
        rise = next(r for r in regimen.rises if r.up_to_mg > low)
        assert high - low <= rise.step_mg


@given(ladders())
def test_ladder_properties(request: TitrationRequest) -> None:
    _check_invariants(request)
    steps = build_schedule(request, policy=REF, plan_id=TEST_PLAN_ID).steps
    assert tuple(step.dose_mg for step in steps) == request.doses_mg  # exactly the ladder


@given(phased())
def test_phase_properties(request: TitrationRequest) -> None:
    _check_invariants(request)


# --- odd input never gives a traceback ---------------------------------------------------------

_PIECES = st.sampled_from(["0", "0.25", "1", "1.5", "4.5", "9", "mg", "/", ":", "7d", "1m", ","])


@given(
    doses=st.one_of(st.none(), st.lists(_PIECES, max_size=6).map("".join)),
    phases=st.lists(st.lists(_PIECES, max_size=6).map("".join), max_size=3),
    interval=st.sampled_from([None, "0", "1m", "13m", "2w", "x"]),
    also=st.lists(st.sampled_from(["0.5mg@08:00", "9@12:00", "@", "0.5@8", "1@23:59"]), max_size=3),
)
def test_odd_regimens_are_refused_or_planned_never_a_traceback(
    doses: str | None, phases: list[str], interval: str | None, also: list[str]
) -> None:
    from ldn_titrate.core.errors import InputError
    from ldn_titrate.core.options import ScheduleOptions
    from ldn_titrate.rules.checks import resolve_request

    options = ScheduleOptions(
        start_date="2028-01-31",
        doses=doses,
        phases=tuple(phases) or None,
        interval=interval,
        also=tuple(also) or None,
    )
    refused: list[str] | None = None
    try:
        request, _ = resolve_request(options, built_in(), date(2028, 1, 1))
    except InputError as error:
        refused = error.problems
    if refused is not None:
        assert refused, "a refusal says why"
        assert all(text.startswith(("--", "preset")) for text in refused), refused
        return
    steps = build_schedule(request, policy=REF, plan_id=TEST_PLAN_ID).steps
    assert steps[-1].dose_mg == request.ceiling_mg


def test_the_regimen_line_of_each_form_is_read_from_its_steps(cli: Cli) -> None:
    def sentence(*args: str) -> str:
        data = cli("plan", *args, "--start-date", "2028-01-31", "-f", "markdown").stdout
        return next(line for line in data.splitlines() if line.startswith("- Regimen"))

    assert sentence("--doses", "1.5", "--maintain", "ongoing") == (
        "- Regimen: 1.5 mg at bedtime for 91 nights"
    )
    # One monthly step: 31 January to 28 February 2028 is 29 nights.
    assert sentence("--doses", "1,2", "--interval", "1m") == (
        "- Regimen: 1 mg at bedtime, up 1 mg every 29 nights to 2 mg, then 28 nights at 2 mg"
    )
    assert sentence("--start-dose", "1", "--phase", "1/7:2", "--phase", "1/1m:3") == (
        "- Regimen: at bedtime: 1 mg for 7 nights, 2 mg for 29 nights, 3 mg for 28 nights"
    )


def test_ongoing_maintenance_in_status_and_fhir(cli: Cli, tmp_path: Path) -> None:
    from tests.test_fhir import validated

    path = tmp_path / "plan.json"
    args = ["--preset", "standard", "--maintain", "ongoing", "--start-date", "2026-12-01"]
    made = cli("plan", *args, "--opioids", "none", "-f", "json", "-o", str(path))
    assert made.exit_code == 0, made.output
    after = cli("status", str(path), "--on", "2027-04-20")
    assert "keep taking 4.5 mg unless told otherwise" in after.output  # past the review too
    during = cli("status", str(path), "--on", "2027-03-01")
    assert "Next: review on Tue 13 Apr 2027; keep taking it after the last planned night" in (
        during.output
    )
    resource = validated(cli("plan", "--plan", str(path), "-f", "fhir").stdout)
    last = resource["dosageInstruction"][-1]
    assert last["timing"]["repeat"]["boundsPeriod"] == {"start": "2027-01-12"}  # no end
    assert (
        last["text"] == "4.5 mg at bedtime from Tue 12 Jan 2027, ongoing; review on Tue 13 Apr 2027"
    )
    first = resource["dosageInstruction"][0]
    assert first["timing"]["repeat"]["boundsPeriod"]["end"] == "2026-12-14"
