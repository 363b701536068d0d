"""The engine's invariants over the whole built-in policy range, and worked regimens."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from itertools import pairwise

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from ldn_titrate.core.engine import build_schedule, count_steps, dose_ladder, patient_plan_id
from ldn_titrate.core.model import Phase, PolicyRef, TitrationRequest
from ldn_titrate.rules.policy import built_in
from tests.conftest import TEST_PLAN_ID

POLICY = built_in().policy
REF = PolicyRef(source="built-in", sha256="0" * 64)
RESOLUTION = POLICY.resolution_mg
B = POLICY.bounds


def multiples(low: Decimal, high: Decimal) -> st.SearchStrategy[Decimal]:
    return st.integers(int(low / RESOLUTION), int(high / RESOLUTION)).map(lambda n: n * RESOLUTION)


@st.composite
def requests(draw: st.DrawFn) -> TitrationRequest:
    start = draw(multiples(B.start_dose.min_mg, B.start_dose.max_mg))
    ceiling = draw(multiples(max(start, B.ceiling.min_mg), B.ceiling.max_mg))
    step = draw(multiples(B.step.min_mg, B.step.max_mg))
    assume(count_steps(start, step, ceiling) <= POLICY.max_steps)
    return TitrationRequest(
        start_date=draw(st.dates(B.start_date.earliest, B.start_date.latest)),
        start_dose_mg=start,
        step_mg=step,
        interval_days=draw(st.integers(B.interval.min_nights, B.interval.max_nights)),
        ceiling_mg=ceiling,
        maintain_days=draw(st.integers(B.maintain.min_nights, B.maintain.max_nights)),
    )


@given(requests())
def test_schedule_invariants(request: TitrationRequest) -> None:
    schedule = build_schedule(request, plan_id=TEST_PLAN_ID, policy=REF)
    steps = schedule.steps
    assert steps[0].start == request.start_date
    assert steps[0].dose_mg == request.start_dose_mg
    assert steps[-1].dose_mg == request.ceiling_mg
    assert steps[-1].phase is Phase.MAINTENANCE
    assert steps[-1].nights == request.maintain_days
    assert all(s.phase is Phase.TITRATION for s in steps[:-1])
    assert all(s.nights == request.interval_days for s in steps[:-1])
    for before, after in pairwise(steps):
        assert after.start == before.end + timedelta(days=1)  # contiguous: no gap, no overlap
        assert before.dose_mg < after.dose_mg  # rising
        assert after.dose_mg - before.dose_mg <= request.step_mg
    for number, step in enumerate(steps, start=1):
        assert step.number == number
        assert step.nights == (step.end - step.start).days + 1
        assert step.dose_mg <= request.ceiling_mg
        assert step.dose_mg % RESOLUTION == 0
        assert isinstance(step.dose_mg, Decimal)
        assert "E" not in str(step.dose_mg)  # no float or exponent artefacts
    nights = (schedule.last_night - schedule.first_night).days + 1
    assert schedule.total_nights == sum(s.nights for s in steps) == nights
    assert schedule.review_date == schedule.last_night + timedelta(days=1)
    assert len(steps) == count_steps(request.start_dose_mg, request.step_mg, request.ceiling_mg)


def _request(start: str, step: str, interval: int, ceiling: str, maintain: int = 28,
             on: date = date(2026, 12, 1)) -> TitrationRequest:  # fmt: skip
    return TitrationRequest(
        start_date=on,
        start_dose_mg=Decimal(start),
        step_mg=Decimal(step),
        interval_days=interval,
        ceiling_mg=Decimal(ceiling),
        maintain_days=maintain,
    )


# Worked regimens from FACTS.md, with every date and dose written out by hand.
WORKED = {
    "standard 1.5 +1 every 14 to 4.5": (
        _request("1.5", "1", 14, "4.5"),
        [
            ("2026-12-01", "2026-12-14", "1.5"),
            ("2026-12-15", "2026-12-28", "2.5"),
            ("2026-12-29", "2027-01-11", "3.5"),
            ("2027-01-12", "2027-02-08", "4.5"),
        ],
        "2027-02-09",
    ),
    "three-step 1.5, 3, 4.5": (
        _request("1.5", "1.5", 14, "4.5"),
        [
            ("2026-12-01", "2026-12-14", "1.5"),
            ("2026-12-15", "2026-12-28", "3"),
            ("2026-12-29", "2027-01-25", "4.5"),
        ],
        "2027-01-26",
    ),
    "weekly 1 +1 to 4.5 (last increase clamped)": (
        _request("1", "1", 7, "4.5"),
        [
            ("2026-12-01", "2026-12-07", "1"),
            ("2026-12-08", "2026-12-14", "2"),
            ("2026-12-15", "2026-12-21", "3"),
            ("2026-12-22", "2026-12-28", "4"),
            ("2026-12-29", "2027-01-25", "4.5"),
        ],
        "2027-01-26",
    ),
    "autoimmune 0.5 +1 every 14": (
        _request("0.5", "1", 14, "4.5"),
        [
            ("2026-12-01", "2026-12-14", "0.5"),
            ("2026-12-15", "2026-12-28", "1.5"),
            ("2026-12-29", "2027-01-11", "2.5"),
            ("2027-01-12", "2027-01-25", "3.5"),
            ("2027-01-26", "2027-02-22", "4.5"),
        ],
        "2027-02-23",
    ),
    "ultra-low 0.1 +0.25 every 7 to 1 across a leap day": (
        _request("0.1", "0.25", 7, "1", maintain=7, on=date(2028, 2, 20)),
        [
            ("2028-02-20", "2028-02-26", "0.1"),
            ("2028-02-27", "2028-03-04", "0.35"),
            ("2028-03-05", "2028-03-11", "0.6"),
            ("2028-03-12", "2028-03-18", "0.85"),
            ("2028-03-19", "2028-03-25", "1"),
        ],
        "2028-03-26",
    ),
    "start at the ceiling: one maintenance step": (
        _request("3", "1", 14, "3", maintain=28),
        [("2026-12-01", "2026-12-28", "3")],
        "2026-12-29",
    ),
}


@pytest.mark.parametrize("name", list(WORKED))
def test_worked_regimens(name: str) -> None:
    request, expected, review = WORKED[name]
    schedule = build_schedule(request, plan_id=TEST_PLAN_ID, policy=REF)
    actual = [(s.start.isoformat(), s.end.isoformat(), str(s.dose_mg)) for s in schedule.steps]
    assert [(a, b, Decimal(d)) for a, b, d in actual] == [
        (a, b, Decimal(d)) for a, b, d in expected
    ]
    assert schedule.review_date.isoformat() == review
    assert [s.phase for s in schedule.steps][-1] is Phase.MAINTENANCE


def test_gentle_ladder_has_nine_doses() -> None:
    ladder = dose_ladder(Decimal("0.5"), Decimal("0.5"), Decimal("4.5"))
    assert ladder == [Decimal(n) / 2 for n in range(1, 10)]


def test_dst_change_does_not_change_night_counts() -> None:
    # Europe and the US change clocks in late March; nights are calendar days, not 24-hour spans.
    schedule = build_schedule(
        _request("1.5", "1", 14, "4.5", on=date(2027, 3, 20)), plan_id=TEST_PLAN_ID, policy=REF
    )
    assert schedule.steps[0].end == date(2027, 4, 2)
    assert schedule.steps[0].nights == 14


def test_zero_step_never_reaches_a_higher_ceiling() -> None:
    with pytest.raises(ValueError, match="step of zero"):
        count_steps(Decimal(1), Decimal(0), Decimal(2))


def test_patient_plan_id_names_one_patients_regimen() -> None:
    a = _request("1.5", "1", 14, "4.5")
    same = patient_plan_id(a, "pat-a")
    assert same == patient_plan_id(_request("1.50", "1.0", 14, "4.50"), "pat-a")
    assert same != patient_plan_id(a, "pat-b")  # another patient, same regimen and night
    assert same != patient_plan_id(_request("1.5", "1", 7, "4.5"), "pat-a")
    assert same != patient_plan_id(_request("1.5", "1", 14, "4.5", on=date(2026, 12, 2)), "pat-a")
    with pytest.raises(ValueError, match="not empty"):
        patient_plan_id(a, "")


def test_the_engine_uses_the_id_it_is_given() -> None:
    schedule = build_schedule(_request("1.5", "1", 14, "4.5"), policy=REF, plan_id="given")
    assert schedule.id == "given"


def test_quick_construction_is_pydantics_own() -> None:
    """The engine builds steps without pydantic's per-field loop; the result must be the very
    instance model_construct (and validation) would give, down to which fields were set.
    """
    from ldn_titrate.core.model import Step
    from ldn_titrate.core.trusted import defaults_of, quick

    values = {"number": 1, "phase": Phase.TITRATION, "start": date(2026, 12, 1),
              "end": date(2026, 12, 14), "nights": 14, "dose_mg": Decimal("1.5")}  # fmt: skip
    made = quick(Step, defaults_of(Step), dict(values))
    assert made == Step.model_construct(**values) == Step(**values)
    assert made.model_fields_set == set(values)
    assert made.model_dump(exclude_unset=True) == Step(**values).model_dump(exclude_unset=True)
    assert made.model_copy(update={"number": 2}).number == 2
    assert list(made.model_dump()) == list(Step.model_fields)
    schedule = build_schedule(_request("1.5", "1", 14, "4.5"), plan_id=TEST_PLAN_ID, policy=REF)
    dumped = schedule.model_dump()
    assert list(dumped) == list(type(schedule).model_fields)
    assert type(schedule).model_validate(dumped) == schedule
