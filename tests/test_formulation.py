"""Liquid volumes, capsule combinations and dispensing quantities, exact to the microgram."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ldn_titrate.core.engine import build_schedule
from ldn_titrate.core.errors import InputError
from ldn_titrate.core.model import PolicyRef, Schedule, TitrationRequest
from ldn_titrate.render import describe
from ldn_titrate.rules import dispensing, formulation
from ldn_titrate.rules.policy import CapsuleSplit, Syringe, built_in
from tests.conftest import TEST_PLAN_ID, Cli

POLICY = built_in().policy.formulation
REF = PolicyRef(source="built-in", sha256="0" * 64)
START = ("--start-date", "2026-12-01")


def schedule(start: str, step: str, interval: int, ceiling: str, maintain: int = 28) -> Schedule:
    request = TitrationRequest(
        start_date=date(2026, 12, 1),
        start_dose_mg=Decimal(start),
        step_mg=Decimal(step),
        interval_days=interval,
        ceiling_mg=Decimal(ceiling),
        maintain_days=maintain,
    )
    return build_schedule(request, plan_id=TEST_PLAN_ID, policy=REF)


def test_parse_concentration() -> None:
    assert formulation.parse_concentration("1mg/mL") == 1
    assert formulation.parse_concentration("1 mg/mL") == 1
    assert formulation.parse_concentration("5mg/ml") == 5
    assert formulation.parse_concentration("500mcg/mL") == Decimal("0.5")
    assert formulation.parse_concentration("1 mg / 1 mL") == 1
    with pytest.raises(ValueError, match="ambiguous"):
        formulation.parse_concentration("0.5mg/0.5mL")
    for bad in ("1", "1mg", "mg/mL", "1 g/mL", "nan mg/mL", "0mg/mL"):
        with pytest.raises(ValueError, match=r"concentration|above zero"):
            formulation.parse_concentration(bad)


def test_liquid_1_mg_per_ml_standard() -> None:
    result = formulation.apply_liquid(schedule("1.5", "1", 14, "4.5"), Decimal(1), POLICY)
    assert [(s.volume_ml, s.syringe_ml) for s in result.steps] == [
        (Decimal("1.5"), 3), (Decimal("2.5"), 3), (Decimal("3.5"), 5), (Decimal("4.5"), 5)
    ]  # fmt: skip
    done = dispensing.dispense(result, POLICY, None)
    assert done.dispensing is not None
    total = done.dispensing.total
    # 1.5 × 14 + 2.5 × 14 + 3.5 × 14 + 4.5 × 28 = 231 mL; 10 % overage 23.1 mL.
    assert (total.consumed_ml, total.overage_ml, total.dispense_ml) == (
        231,
        Decimal("23.1"),
        Decimal("254.1"),
    )
    assert total.bottles_ml == (240, 30)
    assert [s.consumed_ml for s in done.dispensing.per_step] == [21, 35, 49, 126]
    assert any("--supply-days 30" in w for w in done.warnings)


def test_liquid_5_mg_per_ml_gentle_uses_the_1_ml_syringe() -> None:
    result = formulation.apply_liquid(schedule("0.5", "0.5", 7, "4.5"), Decimal(5), POLICY)
    assert [s.volume_ml for s in result.steps] == [Decimal(n) / 10 for n in range(1, 10)]
    assert {s.syringe_ml for s in result.steps} == {1}


def test_supply_days_split_into_fills() -> None:
    liquid = formulation.apply_liquid(schedule("1.5", "1", 14, "4.5"), Decimal(1), POLICY)
    done = dispensing.dispense(liquid, POLICY, 30)
    assert done.dispensing is not None
    fills = done.dispensing.fills
    assert [f.nights for f in fills] == [30, 30, 10]
    # Fill 1: 14 × 1.5 + 14 × 2.5 + 2 × 3.5 = 63 mL; fill 2: 12 × 3.5 + 18 × 4.5 = 123 mL.
    assert [f.consumed_ml for f in fills] == [63, 123, 45]
    assert [f.overage_ml for f in fills] == [Decimal("6.3"), Decimal("12.3"), Decimal("4.5")]
    assert [f.bottles_ml for f in fills] == [(120,), (240,), (60,)]
    assert done.dispensing.total.dispense_ml == sum(f.dispense_ml or 0 for f in fills)
    assert not any("--supply-days" in w for w in done.warnings)
    with pytest.raises(InputError, match="beyond-use days"):
        dispensing.dispense(liquid, POLICY, 31)


@pytest.mark.parametrize(
    ("percent", "overage"),
    [
        ("10", "23.1"),  # exact: nothing to round
        ("0.1", "0.24"),  # 0.231 mL: rounded up, never down to 0.23
        ("7.5", "17.33"),  # 17.325 mL: up, not to the even 17.32
        ("0.001", "0.01"),  # 0.00231 mL: any overage at all is at least a hundredth
    ],
)
def test_liquid_overage_is_rounded_up_to_the_hundredth_mL(percent: str, overage: str) -> None:
    # Dispensing less than consumption plus overage would leave the patient short.
    policy = POLICY.model_copy(update={"overage_percent": Decimal(percent)})
    liquid = formulation.apply_liquid(schedule("1.5", "1", 14, "4.5"), Decimal(1), policy)
    done = dispensing.dispense(liquid, policy, None)
    assert done.dispensing is not None
    total = done.dispensing.total
    assert total.consumed_ml == 231  # as in test_liquid_1_mg_per_ml_standard
    assert total.overage_ml == Decimal(overage)
    assert total.dispense_ml == 231 + Decimal(overage)


def test_unmeasurable_volumes_are_refused_with_suggestions() -> None:
    with pytest.raises(InputError) as caught:
        formulation.apply_liquid(schedule("0.25", "0.25", 7, "1"), Decimal(5), POLICY)
    text = str(caught.value)
    assert "0.25 mg is 0.05 mL (below the smallest volume measured, 0.1 mL)" in text
    assert (
        "concentrations that measure every dose of this plan: 0.5 mg/mL, 1 mg/mL, 2.5 mg/mL" in text
    )
    with pytest.raises(InputError, match="more than the largest syringe holds"):
        formulation.apply_liquid(schedule("3", "1", 7, "6"), Decimal("0.5"), POLICY)
    with pytest.raises(InputError, match="not on any syringe's marks"):
        formulation.apply_liquid(schedule("1.5", "1", 14, "4.5"), Decimal(2), POLICY, Decimal(3))


def test_capsules_fewest_then_fewest_strengths_then_largest() -> None:
    result = formulation.apply_capsules(schedule("1.5", "1", 14, "4.5"), None, POLICY)
    assert [s.capsules for s in result.steps] == [
        {"1.5": 1}, {"1.5": 1, "1": 1}, {"3": 1, "0.5": 1}, {"4.5": 1}
    ]  # fmt: skip
    # 2 mg from 1 mg capsules only: two of the same beats none possible.
    only_ones = formulation.apply_capsules(schedule("1", "1", 7, "3"), (Decimal(1),), POLICY)
    assert [s.capsules for s in only_ones.steps] == [{"1": 1}, {"1": 2}, {"1": 3}]
    done = dispensing.dispense(result, POLICY, None)
    assert done.dispensing is not None
    assert done.dispensing.total.capsules == {"4.5": 28, "3": 14, "1.5": 28, "1": 14, "0.5": 14}


def test_capsule_ties_go_to_fewer_distinct_strengths() -> None:
    # 3 mg: {3} is one capsule; 2 mg from (1.5, 1, 0.5): 1.5 + 0.5 or 1 + 1 → both two capsules;
    # 1 + 1 uses one strength.
    combo = formulation.combine(Decimal(2), [Decimal("1.5"), Decimal(1), Decimal("0.5")], 3)
    assert combo == (Decimal(1), Decimal(1))
    # Same count and same number of strengths: the larger strengths win.
    combo = formulation.combine(
        Decimal(4), [Decimal(3), Decimal("2.5"), Decimal("1.5"), Decimal(1)], 3
    )
    assert combo == (Decimal(3), Decimal(1))


def test_split_capsules_only_when_the_policy_allows() -> None:
    plan = schedule("1.125", "1.125", 14, "4.5")
    with pytest.raises(InputError, match=r"1\.125 mg \(step 1\) cannot be made exactly"):
        formulation.apply_capsules(plan, (Decimal("4.5"),), POLICY)
    splitting = POLICY.model_copy(
        update={"splits": (CapsuleSplit(strength_mg=Decimal("4.5"), parts=4),)}
    )
    result = formulation.apply_capsules(plan, (Decimal("4.5"),), splitting)
    assert [s.capsules for s in result.steps] == [
        {"1.125": 1},
        {"1.125": 2},
        {"1.125": 3},
        {"4.5": 1},
    ]
    from ldn_titrate.render.describe import amount_text

    assert (
        amount_text(result.steps[1], result.formulation)
        == "2 quarters of a 4.5 mg capsule (1.125 mg each)"
    )
    assert amount_text(result.steps[3], result.formulation) == "1 capsule of 4.5 mg"
    # The pharmacy dispenses whole 4.5 mg capsules to be split, never "1.125 mg capsules": a
    # capsule strength that does not exist would be a four-fold dosing error.
    done = dispensing.dispense(result, splitting, 28)
    assert done.dispensing is not None
    fills = done.dispensing.fills
    # Nights 1–28: 14 × 1 + 14 × 2 = 42 quarters → 11 capsules split (44 quarters).
    assert (fills[0].capsules, fills[0].split_capsules) == ({"4.5": 11}, {"4.5": 11})
    # Nights 29–56: 14 × 3 = 42 quarters → 11 split, plus 14 whole at 4.5 mg.
    assert (fills[1].capsules, fills[1].split_capsules) == ({"4.5": 25}, {"4.5": 11})
    assert (fills[2].capsules, fills[2].split_capsules) == ({"4.5": 14}, None)
    total = done.dispensing.total
    assert (total.capsules, total.split_capsules) == ({"4.5": 50}, {"4.5": 22})
    assert all("1.125" not in (f.capsules or {}) for f in (*fills, total))
    from ldn_titrate.render.describe import supply_contents

    text = supply_contents(fills[1], result.formulation)
    assert text == "25 capsules of 4.5 mg (11 of them split into quarters)"


def test_too_many_capsules_and_unstocked_strengths() -> None:
    with pytest.raises(InputError, match="at most 3 capsules"):
        formulation.apply_capsules(schedule("0.5", "0.5", 7, "2"), (Decimal("0.5"),), POLICY)
    with pytest.raises(InputError, match="2 mg capsules are not stocked"):
        formulation.apply_capsules(schedule("2", "1", 7, "4"), (Decimal(2),), POLICY)


@given(
    st.integers(1, 240).map(lambda n: n * Decimal("0.025")),
    st.sampled_from([Decimal("0.5"), Decimal(1), Decimal(2), Decimal("2.5"), Decimal(5)]),
)
def test_volume_times_concentration_is_the_dose(dose: Decimal, concentration: Decimal) -> None:
    volume = dose / concentration
    syringe = formulation.pick_syringe(volume, POLICY.syringes, None)
    if syringe is None:
        return  # refused: covered by the refusal tests
    assert volume * concentration == dose
    assert volume % syringe.graduation_ml == 0
    assert volume <= syringe.size_ml


@given(st.integers(2, 240).map(lambda n: n * Decimal("0.025")))
def test_capsules_sum_to_the_dose(dose: Decimal) -> None:
    combo = formulation.combine(dose, list(POLICY.capsule_strengths_mg), 3)
    if combo is not None:
        assert sum(combo) == dose
        assert len(combo) <= 3


@given(st.integers(1, 10).map(Decimal), st.integers(1, 30))
def test_dispensed_covers_what_is_consumed(ceiling_half: Decimal, supply: int) -> None:
    plan = schedule("0.5", "0.5", 7, str(ceiling_half / 2))
    liquid = dispensing.dispense(formulation.apply_liquid(plan, Decimal(1), POLICY), POLICY, supply)
    assert liquid.dispensing is not None
    for fill in liquid.dispensing.fills:
        assert fill.dispense_ml is not None
        assert fill.consumed_ml is not None
        assert fill.dispense_ml >= fill.consumed_ml
        assert sum(fill.bottles_ml or ()) >= fill.dispense_ml
    consumed = sum((s.volume_ml or Decimal(0)) * s.nights for s in liquid.steps)
    assert liquid.dispensing.total.consumed_ml == consumed
    assert sum(f.nights for f in liquid.dispensing.fills) == plan.total_nights


def test_bottles_fewest_then_least_excess() -> None:
    sizes = tuple(Decimal(s) for s in (30, 60, 120, 240))
    assert dispensing.bottles_for(Decimal("23.1"), sizes) == (30,)
    assert dispensing.bottles_for(Decimal(250), sizes) == (240, 30)
    assert dispensing.bottles_for(Decimal(500), sizes) == (240, 240, 30)
    assert dispensing.bottles_for(Decimal(0), sizes) == ()


# The command line.


def test_cli_liquid_json_adds_volumes_and_quantities(cli: Cli) -> None:
    result = cli(
        "plan",
        "--preset",
        "standard",
        *START,
        "--form",
        "liquid",
        "--concentration",
        "1mg/mL",
        "--format",
        "json",
    )
    assert result.exit_code == 0, result.output
    plan = json.loads(result.stdout)
    assert plan["formulation"] == {"form": "liquid", "concentration_mg_per_ml": 1}
    assert plan["steps"][0]["volume_ml"] == 1.5
    assert plan["steps"][0]["syringe_ml"] == 3
    assert plan["dispensing"]["total"]["dispense_ml"] == 254.1


def test_cli_capsules_table(cli: Cli) -> None:
    result = cli("plan", "--start-dose", "1.5", "--step", "1.5", "--ceiling", "4.5", *START,
                 "--form", "capsules", "--strengths", "1.5,3,4.5")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "1 capsule of 3 mg" in result.output
    markdown = cli("plan", "--start-dose", "1.5", "--step", "1.5", "--ceiling", "4.5", *START,
                   "--form", "capsules", "--strengths", "1.5,3,4.5", "-f", "markdown")  # fmt: skip
    assert "28 capsules of 4.5 mg, 14 capsules of 3 mg, 14 capsules of 1.5 mg" in markdown.output
    as_json = cli("plan", "--start-dose", "1.5", "--step", "1.5", "--ceiling", "4.5", *START,
                  "--form", "capsules", "--strengths", "1.5,3,4.5", "-f", "json")  # fmt: skip
    assert '"capsules": {"3": 1}' in as_json.output


def test_every_ml_is_shown_with_its_concentration(cli: Cli) -> None:
    result = cli(
        "plan",
        "--preset",
        "gentle",
        *START,
        "--form",
        "liquid",
        "--concentration",
        "5mg/mL",
        "--syringe",
        "1mL",
        "-f",
        "markdown",
    )
    assert result.exit_code == 0, result.output
    for line in result.output.splitlines():
        if " mL of " in line or "mL oral syringe" in line:
            assert "mg/mL" in line
    assert "0.1 mL of 5 mg/mL (1 mL oral syringe)" in result.output
    assert "teaspoon" not in result.output.lower()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--form", "liquid"], "--form liquid needs --concentration"),
        (["--form", "liquid", "--concentration", "0.5mg/0.5mL"], "is ambiguous"),
        (
            ["--form", "liquid", "--concentration", "2mg/mL", "--syringe", "3mL"],
            "1.5 mg is 0.75 mL (not on any syringe's marks)",
        ),
        (
            ["--form", "liquid", "--concentration", "1mg/mL", "--syringe", "2mL"],
            "--syringe 2 mL is not one this policy hands out",
        ),
        (
            ["--form", "liquid", "--concentration", "1mg/mL", "--supply-days", "45"],
            "--supply-days 45 is more than this policy's beyond-use days",
        ),
        (["--form", "capsules", "--strengths", "3"], "1.5 mg (step 1) cannot be made exactly"),
        (["--form", "capsules", "--strengths", "2,x"], "--strengths '2,x' has 'x'"),
        (
            ["--form", "capsules", "--concentration", "1mg/mL"],
            "--concentration goes with --form liquid",
        ),
        (["--concentration", "1mg/mL"], "--concentration 1mg/mL needs --form"),
        (
            ["--form", "liquid", "--concentration", "1mg/mL", "--strengths", "1"],
            "--strengths goes with --form capsules",
        ),
    ],
)
def test_cli_refusals(cli: Cli, tmp_path: Path, args: list[str], message: str) -> None:
    target = tmp_path / "plan.json"
    result = cli("plan", *START, *args, "-o", str(target))
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert not target.exists()
    assert "Traceback" not in result.output


def test_changed_concentration_is_loud(cli: Cli, tmp_path: Path) -> None:
    saved = tmp_path / "plan.json"
    cli(
        "plan",
        *START,
        "--form",
        "liquid",
        "--concentration",
        "1mg/mL",
        "-f",
        "json",
        "-o",
        str(saved),
    )
    again = cli(
        "plan",
        "--plan",
        str(saved),
        "--form",
        "liquid",
        "--concentration",
        "5mg/mL",
        "--supply-days",
        "30",
    )
    assert again.exit_code == 0, again.output
    assert (
        "concentration changed from 1 mg/mL to 5 mg/mL: every volume differs from the last supply"
        in again.output
    )
    same = cli("plan", "--plan", str(saved), "-f", "markdown")
    assert "1.5 mL of 1 mg/mL" in same.output
    assert "concentration changed" not in same.output


def test_golden_liquid_markdown(cli: Cli) -> None:
    from tests.conftest import assert_golden

    result = cli(
        "plan",
        "--preset",
        "standard",
        *START,
        "--form",
        "liquid",
        "--concentration",
        "1mg/mL",
        "--supply-days",
        "30",
        "-f",
        "markdown",
    )
    assert result.exit_code == 0, result.output
    assert_golden("plan-liquid.md", result.stdout)


def test_policy_file_split_strength(cli: Cli) -> None:
    example = Path(__file__).parent / "policies" / "example-clinic.toml"
    result = cli("plan", "--policy", str(example), *START, "--start-dose", "1.125", "--step", "1.125", "--ceiling", "4.5",
                 "--form", "capsules", "--strengths", "4.5", "-f", "markdown")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "| 2 quarters of a 4.5 mg capsule (1.125 mg each) |" in result.output


def test_formulation_problems_are_reported_with_schedule_problems(cli: Cli) -> None:
    result = cli(
        "plan",
        *START,
        "--ceiling",
        "9",
        "--form",
        "liquid",
        "--concentration",
        "1mg/0.5mL",
        "--strengths",
        "1",
    )
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert any("--ceiling 9 mg is above" in line for line in lines)
    assert any("--concentration '1mg/0.5mL' is ambiguous" in line for line in lines)
    assert any("--strengths goes with --form capsules" in line for line in lines)


def test_a_new_concentration_replaces_the_beyond_use_warning(cli: Cli, tmp_path: Path) -> None:
    saved = tmp_path / "plan.json"
    cli(
        "plan",
        *START,
        "--form",
        "liquid",
        "--concentration",
        "1mg/mL",
        "-f",
        "json",
        "-o",
        str(saved),
    )
    again = cli(
        "plan", "--plan", str(saved), "--form", "liquid", "--concentration", "5mg/mL", "-f", "json"
    )
    warnings = json.loads(again.stdout)["warnings"]
    assert sum("compounded liquid is used within" in w for w in warnings) == 1
    assert any("concentration changed from 1 mg/mL to 5 mg/mL" in w for w in warnings)


def test_an_endless_volume_is_shown_rounded_and_called_inexact(cli: Cli) -> None:
    result = cli("plan", *START, "--form", "liquid", "--concentration", "3mg/mL")
    assert result.exit_code == 2
    assert "2.5 mg is about 0.83 mL (no syringe measures it exactly)" in result.stderr
    assert "0.8333" not in result.stderr


def test_a_volume_of_three_decimals_is_shown_exactly_not_rounded() -> None:
    # Up to a thousandth of a mL the refusal names the real volume; "about" is only for a
    # volume with more digits (above). At 4 mg/mL, 0.5 mg is 0.125 mL: off the 0.01 mL marks.
    with pytest.raises(InputError) as caught:
        formulation.apply_liquid(schedule("0.5", "0.5", 7, "4.5"), Decimal(4), POLICY)
    message = str(caught.value)
    assert "--concentration 4 mg/mL: 0.5 mg is 0.125 mL (not on any syringe's marks)" in message
    assert "0.5 mg is about" not in message


def test_split_rules_agree_between_the_steps_and_the_dispensing() -> None:
    """Review finding: a piece that is also a chosen whole strength is a whole capsule, and
    with two splits giving the same piece, the first in the policy is used, in both places.
    """
    from ldn_titrate.render.describe import amount_text, supply_contents

    # 3 mg may be halved, but 1.5 mg capsules are chosen too: 1.5 mg is a whole capsule.
    halves = POLICY.model_copy(update={"splits": (CapsuleSplit(strength_mg=Decimal(3), parts=2),)})
    plan = formulation.apply_capsules(
        schedule("1.5", "1.5", 7, "3", maintain=7), (Decimal("1.5"), Decimal(3)), halves
    )
    assert amount_text(plan.steps[0], plan.formulation) == "1 capsule of 1.5 mg"
    done = dispensing.dispense(plan, halves, None)
    assert done.dispensing is not None
    assert done.dispensing.total.capsules == {"3": 7, "1.5": 7}
    assert done.dispensing.total.split_capsules is None
    # 4.5 mg in thirds and 3 mg in halves both give 1.5 mg pieces: the first split listed wins.
    both = POLICY.model_copy(update={"splits": (CapsuleSplit(strength_mg=Decimal("4.5"), parts=3),
                                                CapsuleSplit(strength_mg=Decimal(3), parts=2))})  # fmt: skip
    plan = formulation.apply_capsules(
        schedule("1.5", "1.5", 7, "4.5", maintain=7), (Decimal("4.5"), Decimal(3)), both
    )
    assert (
        amount_text(plan.steps[0], plan.formulation) == "1 third of a 4.5 mg capsule (1.5 mg each)"
    )
    done = dispensing.dispense(plan, both, None)
    assert done.dispensing is not None
    total = done.dispensing.total
    # 7 thirds -> 3 capsules of 4.5 mg split; 7 × 3 mg whole; 7 × 4.5 mg whole.
    assert (total.capsules, total.split_capsules) == ({"4.5": 10, "3": 7}, {"4.5": 3})
    assert "10 capsules of 4.5 mg (3 of them split into thirds)" in supply_contents(
        total, plan.formulation
    )


def test_quarter_mg_steps_at_1_mg_per_ml_need_repeat_draws_the_policy_allows() -> None:
    plan = schedule("1", "0.25", 7, "2.5")
    with pytest.raises(InputError) as refused:
        formulation.apply_liquid(plan, Decimal(1), POLICY)
    assert "1.25 mg is 1.25 mL (not on any syringe's marks in one fill; a clinic's policy may " \
        "allow repeat draws of a smaller syringe (max_draws))" in str(refused.value)  # fmt: skip
    repeat = POLICY.model_copy(
        update={
            "syringes": (
                Syringe(size_ml=Decimal(1), graduation_ml=Decimal("0.01"), max_draws=3),
                Syringe(size_ml=Decimal(3), graduation_ml=Decimal("0.1")),
                Syringe(size_ml=Decimal(5), graduation_ml=Decimal("0.2")),
            )
        }
    )
    result = formulation.apply_liquid(plan, Decimal(1), repeat)
    assert [(s.volume_ml, s.syringe_ml, s.draws) for s in result.steps] == [
        (Decimal(1), 1, None),
        (Decimal("1.25"), 1, 2),  # 1 mL, then 0.25 mL
        (Decimal("1.5"), 3, None),  # one fill of a larger syringe beats two of a smaller
        (Decimal("1.75"), 1, 2),
        (Decimal(2), 3, None),
        (Decimal("2.25"), 1, 3),  # 1 mL twice, then 0.25 mL
        (Decimal("2.5"), 3, None),
    ]
    assert [describe.syringe_text(s) for s in result.steps][5] == (
        "1 mL oral syringe, filled 1 mL twice, then 0.25 mL"
    )
    # Never a volume between marks: 3.5 mL is on no mark of a 5 mL syringe marked every 0.2 mL,
    # and more than three fills of the 1 mL syringe.
    with pytest.raises(InputError, match=r"3\.5 mg is 3\.5 mL \(not on any syringe's marks"):
        formulation.apply_liquid(schedule("1.5", "1", 14, "4.5"), Decimal(1), repeat)
