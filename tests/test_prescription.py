"""The prescription pack: e-prescription directions over the preset and regimen grid (length,
ISMP, and the doses and dates parsed back out of the text), the order sheet's fills against the
dispensing computation (a property), and the dose lines split into orders."""

from __future__ import annotations

import json
import re
import statistics
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ldn_titrate.core.engine import build_schedule
from ldn_titrate.core.model import PolicyRef, TitrationRequest
from ldn_titrate.render.prescription import directions
from ldn_titrate.rules import dispensing, formulation
from ldn_titrate.rules.order_fills import order_fills, round_up
from ldn_titrate.rules.policy import built_in
from ldn_titrate.rules.prescription_policy import PrescriptionPolicy
from tests.conftest import TEST_PLAN_ID, Cli

PRESETS = list(built_in().policy.presets)
FORMS: dict[str, tuple[str, ...]] = {
    "none": (),
    "liquid-1": ("--form", "liquid", "--concentration", "1mg/mL"),
    "liquid-5": ("--form", "liquid", "--concentration", "5mg/mL"),
    "capsules": ("--form", "capsules"),
}
# Regimens beyond the presets: an explicit ladder, phases, monthly steps, an ultra-low start,
# a morning plan, an added daytime dose, ongoing maintenance.
REGIMENS: dict[str, tuple[str, ...]] = {
    "doses": ("--doses", "0.5,1,2,3,4.5", "--interval", "10"),
    "phases": ("--start-dose", "0.5", "--phase", "0.25mg/7d:1.5mg", "--phase", "0.5mg/14d:4.5mg"),
    "monthly": ("--start-dose", "1", "--step", "1", "--interval", "1m", "--ceiling", "3"),
    "ultra-low": ("--start-dose", "0.1", "--step", "0.1", "--interval", "3", "--ceiling", "1.5",
                  "--maintain", "7"),
    "ongoing": ("--preset", "weekly", "--maintain", "ongoing"),
    "also": ("--preset", "standard", "--also", "0.5mg@08:00"),
}  # fmt: skip
BANNED = re.compile(r"\b(po|hs|qhs|qd|cc|µg|ug|tid|bid|od)\b|x\s?\d+\s?d\b", re.IGNORECASE)
TRAILING_ZERO = re.compile(r"\d\.\d*0 (mg|mL)\b")
NAKED_POINT = re.compile(r"(?<![\d])\.\d")
LENGTHS: list[int] = []


def ismp(text: str) -> None:
    assert not BANNED.search(text), BANNED.search(text)
    assert not TRAILING_ZERO.search(text), text
    assert not NAKED_POINT.search(text), text
    assert "increase by" not in text.lower()
    assert "see attached" not in text.lower()


MONTHS = {m: i for i, m in enumerate(
    ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"), 1)}  # fmt: skip


def parse_date(text: str) -> date:
    _day_name, day, month, year = text.split()
    return date(int(year), MONTHS[month], int(day))


STEP = re.compile(
    r"(?:take )?(?:no naltrexone|[^,(]*?\((?P<mg>[0-9.,]+) mg\)(?: of [0-9.]+ mg/mL)?"
    r"|(?P<bare>[0-9.,]+) mg)"
    r"(?: by mouth (?:at bedtime|in the morning|at \d\d:\d\d))?"
    r" for (?P<n>[0-9,]+) (?:nights?|days?)(?: \(a pause\))?"
)


def parse_back(text: str) -> tuple[date, list[tuple[Decimal, int]]]:
    """The first night and each step's (dose in mg, nights), read from the text alone."""
    head = re.match(r"Starting (\w{3} \d{1,2} \w{3} \d{4}), (.*?)\. Then ", text)
    assert head is not None, text
    steps = []
    for clause in head.group(2).split(", then "):
        match = STEP.fullmatch(clause)
        assert match is not None, clause
        mg = Decimal(match["mg"] or match["bare"] or 0)
        steps.append((mg, int(match["n"].replace(",", ""))))
    return parse_date(head.group(1)), steps


def plan_and_directions(
    cli: Cli, tmp_path: Path, args: tuple[str, ...]
) -> tuple[dict[str, Any], str]:
    plan = tmp_path / "p.json"
    made = cli("plan", "--start-date", "2026-12-01", "--opioids", "none", *args, "-f", "json",
               "-o", str(plan), "--force")  # fmt: skip
    assert made.exit_code == 0, made.output
    sig = cli("prescription", "--plan", str(plan), "-o", "-")
    assert sig.exit_code == 0, sig.output
    return json.loads(plan.read_text(encoding="utf-8")), sig.stdout


def check_directions(data: dict[str, Any], out: str) -> None:
    text = out.split("\n\n")[1]
    assert len(text) <= directions.MAX_FULL
    assert f"Length: {len(text):,} characters" in out
    LENGTHS.append(len(text))
    ismp(text)
    first, steps = parse_back(text)
    assert first == date.fromisoformat(data["steps"][0]["start"])
    night = first
    for (mg, nights), step in zip(steps, data["steps"], strict=True):
        assert mg == Decimal(str(step["dose_mg"]))
        assert nights == step["nights"]
        assert night == date.fromisoformat(step["start"])
        night += timedelta(days=nights)
    assert night - timedelta(days=1) == date.fromisoformat(data["steps"][-1]["end"])
    if "mL" in text:  # the concentration once, every mL with its mg
        assert text.count("mg/mL") == 1
        assert all(m.group(1) for m in re.finditer(r"[0-9.]+ mL( \([0-9.]+ mg\))?", text))
    if len(text) > directions.MAX_SHORT:
        brief = out.split("characters):\n\n", 1)[1].strip()
        assert len(brief) <= directions.MAX_SHORT
        ismp(brief)
        assert "per written schedule" in brief
        assert "by mouth" in brief
        doses = [Decimal(str(s["dose_mg"])) for s in data["steps"] if s["phase"] != "paused"]
        assert f"({doses[0]} mg)" in brief or f"{doses[0]} mg" in brief
        assert f"{max(doses).normalize():f} mg" in brief
    else:
        assert "Short form" not in out


@pytest.mark.parametrize("form", list(FORMS))
@pytest.mark.parametrize("preset", PRESETS)
def test_directions_over_every_preset_and_form(
    cli: Cli, tmp_path: Path, preset: str, form: str
) -> None:
    data, out = plan_and_directions(cli, tmp_path, ("--preset", preset, *FORMS[form]))
    check_directions(data, out)


# Each regimen with the formulations that can measure every one of its doses.
VALID = [(r, f) for r in REGIMENS for f in ("none", "liquid-1", "capsules")
         if (r, f) not in {("phases", "liquid-1"), ("phases", "capsules"),
                           ("ultra-low", "capsules")}]  # fmt: skip
VALID += [("phases", "liquid-5")]


@pytest.mark.parametrize(("regimen", "form"), VALID)
def test_directions_over_the_regimens(cli: Cli, tmp_path: Path, regimen: str, form: str) -> None:
    data, out = plan_and_directions(cli, tmp_path, (*REGIMENS[regimen], *FORMS[form]))
    check_directions(data, out)
    if regimen == "also":
        assert "Also take " in out
        assert "at 08:00 every day" in out


def test_directions_of_an_adjusted_plan(cli: Cli, tmp_path: Path) -> None:
    data, _out = plan_and_directions(cli, tmp_path, ("--preset", "standard", *FORMS["liquid-1"]))
    paused = tmp_path / "paused.json"
    done = cli("adjust", str(tmp_path / "p.json"), "--pause", "2026-12-20..2026-12-25",
               "--reason", "surgery", "-o", str(paused))  # fmt: skip
    assert done.exit_code == 0, done.output
    out = cli("prescription", "--plan", str(paused), "-o", "-").stdout
    check_directions(json.loads(paused.read_text(encoding="utf-8")), out)
    assert "take no naltrexone for 6 nights (a pause)" in out
    stopped = tmp_path / "stopped.json"
    cli("adjust", str(paused), "--discontinue", "--on", "2027-01-05", "--reason", "x",
        "-o", str(stopped))  # fmt: skip
    assert "Then stop." in cli("prescription", "--plan", str(stopped), "-o", "-").stdout
    assert data["steps"]


def test_the_directions_lengths_over_the_grid_are_reported() -> None:
    """Runs after the grid (file order): the shortest, median and longest, for the record."""
    if not LENGTHS:
        pytest.skip("run with the grid")
    summary = (min(LENGTHS), statistics.median(LENGTHS), max(LENGTHS))
    print(f"directions length over {len(LENGTHS)} plans: shortest, median, longest = {summary}")
    assert summary[2] <= directions.MAX_FULL


def test_the_capsule_wording(cli: Cli) -> None:
    out = cli("prescription", "--preset", "gentle", "--start-date", "2026-12-01", "--opioids",
              "none", "--form", "capsules", "-o", "-").stdout  # fmt: skip
    assert "take 1 capsule (0.5 mg) by mouth at bedtime for 7 nights" in out
    assert "then take 2 capsules of 1 mg (2 mg) by mouth at bedtime" in out
    assert "1 capsule of 1.5 mg and 1 capsule of 1 mg (2.5 mg)" in out
    policy = Path(__file__).parent / "policies" / "example-clinic.toml"
    split = cli("prescription", "--policy", str(policy), "--start-date", "2026-12-01",
                "--opioids", "none", "--start-dose", "1.125", "--step", "1.125", "--ceiling",
                "4.5", "--form", "capsules", "--strengths", "4.5", "-o", "-").stdout  # fmt: skip
    assert "take 1 quarter of a 4.5 mg capsule (1.125 mg)" in split
    assert "2 quarters of a 4.5 mg capsule (2.25 mg)" in split


def test_too_many_steps_for_1000_characters_is_refused_naming_the_way_out() -> None:
    request = TitrationRequest(start_date=date(2026, 12, 1), start_dose_mg=Decimal("0.025"),
                               step_mg=Decimal("0.025"), interval_days=3,
                               ceiling_mg=Decimal("2"), maintain_days=7)  # fmt: skip
    plan = build_schedule(request, plan_id=TEST_PLAN_ID, policy=REF)
    from ldn_titrate.core.errors import InputError

    with pytest.raises(InputError, match="dose-lines"):
        directions.full(plan)


# The order sheet.

POLICY = built_in().policy.formulation
REF = PolicyRef(source="built-in", sha256="0" * 64)


@settings(max_examples=60, deadline=None)
@given(
    start=st.integers(4, 60).map(lambda n: n * Decimal("0.025")),
    step=st.sampled_from([Decimal("0.25"), Decimal("0.5"), Decimal(1)]),
    interval=st.integers(3, 28),
    maintain=st.integers(7, 120),
    concentration=st.sampled_from([Decimal(1), Decimal(5)]),
    supply=st.none() | st.integers(1, 45),
    beyond_use=st.integers(7, 60),
    unit=st.sampled_from([Decimal(1), Decimal(5), Decimal(10), Decimal("2.5")]),
)
def test_order_fills_cover_the_need_within_their_beyond_use_date(
    start: Decimal,
    step: Decimal,
    interval: int,
    maintain: int,
    concentration: Decimal,
    supply: int | None,
    beyond_use: int,
    unit: Decimal,
) -> None:
    ceiling = start + step * 4
    request = TitrationRequest(start_date=date(2026, 12, 1), start_dose_mg=start, step_mg=step,
                               interval_days=interval, ceiling_mg=ceiling,
                               maintain_days=maintain)  # fmt: skip
    policy = POLICY.model_copy(update={"beyond_use_days": beyond_use})
    plan = build_schedule(request, plan_id=TEST_PLAN_ID, policy=REF)
    try:
        liquid = formulation.apply_liquid(plan, concentration, policy)
    except Exception:  # a dose the syringes cannot measure: refused elsewhere
        return
    if supply is not None and supply > beyond_use:
        supply = None  # refused by --supply-days; the order sheet then uses the beyond-use days
    liquid = dispensing.dispense(liquid, policy, supply)
    fills = order_fills(liquid, policy, PrescriptionPolicy(fill_unit_ml=unit))
    night = liquid.first_night
    for fill in fills:
        assert fill.first_night == night  # consecutive, no gap, no overlap
        night = fill.last_night + timedelta(days=1)
        assert fill.nights <= beyond_use
        assert fill.compound_from is not None
        assert fill.compound_from <= fill.first_night
        assert fill.compound_from + timedelta(days=beyond_use) >= fill.last_night
        # The need is what the nights consume plus the overage: recomputed here from the steps.
        consumed = sum(
            (s.volume_ml or Decimal(0)) * max(0, (min(s.end, fill.last_night)
                                                  - max(s.start, fill.first_night)).days + 1)
            for s in liquid.steps
        )  # fmt: skip
        assert fill.need_ml is not None
        assert fill.quantity_ml is not None
        assert fill.need_ml >= consumed
        assert fill.quantity_ml >= fill.need_ml
        assert fill.quantity_ml - fill.need_ml < unit
        assert fill.quantity_ml % unit == 0
    assert night == liquid.last_night + timedelta(days=1)


def test_round_up() -> None:
    assert round_up(Decimal("69.3"), Decimal(5)) == 70
    assert round_up(Decimal(70), Decimal(5)) == 70
    assert round_up(Decimal("0.01"), Decimal("2.5")) == Decimal("2.5")
    assert round_up(Decimal(0), Decimal(5)) == 0


def test_capsule_fills_round_to_the_pack(cli: Cli, tmp_path: Path) -> None:
    policy = tmp_path / "p.toml"
    policy.write_text("[prescription]\nfill_unit_capsules = 10\n", encoding="utf-8")
    out = cli("prescription", "--policy", str(policy), "--preset", "standard", "--start-date",
              "2026-12-01", "--opioids", "none", "--form", "capsules", "-f",
              "order-sheet-markdown", "-o", "-").stdout  # fmt: skip
    assert "rounded up to multiples of 10" in out
    row = next(line for line in out.splitlines() if line.startswith("| 1 |"))
    quantity, need = row.split(" | ")[4:6]
    assert quantity == "30 capsules of 4.5 mg, 20 capsules of 3 mg, 30 capsules of 1.5 mg, " + (
        "20 capsules of 1 mg, 20 capsules of 0.5 mg"
    )
    assert need.startswith("28 capsules of 4.5 mg, 14 capsules of 3 mg")


def test_the_order_sheet_html_and_markdown(cli: Cli, tmp_path: Path) -> None:
    policy = tmp_path / "p.toml"
    policy.write_text('[clinic]\nname = "River <Clinic>"\nprescriber = "Dr A"\npaper = "letter"\n'
                      'phone = "555"\n', encoding="utf-8")  # fmt: skip
    plan = tmp_path / "plan.json"
    cli("plan", "--preset", "standard", "--start-date", "2026-12-01", "--opioids", "none",
        "--form", "liquid", "--concentration", "1mg/mL", "--supply-days", "28", "-f", "json",
        "-o", str(plan))  # fmt: skip
    html = tmp_path / "o.order.html"
    made = cli("prescription", "--plan", str(plan), "--policy", str(policy), "-o", str(html))
    assert made.exit_code == 0, made.output
    assert "(prescription, order-sheet" in made.stderr  # chosen by the file name's suffix
    page = html.read_text(encoding="utf-8")
    assert "River &lt;Clinic&gt;" in page
    assert "<dt>Prescriber</dt><dd>Dr A</dd>" in page
    assert "size: letter" in page
    assert "<dt>Address</dt>" not in page  # unset: left out
    assert page.count("<tr><td>") == 3  # 70 nights in fills of 28
    assert "Tue 1 Dec 2026 to Mon 28 Dec 2026 (28)" in page
    # 14 nights of 1.5 mL and 14 of 2.5 mL: 56 mL, with 10 % overage 61.6 mL, ordered as 65 mL.
    assert "<td>65 mL</td><td>61.6 mL</td>" in page
    assert "<td>125 mL</td><td>123.2 mL</td>" in page
    over = cli("prescription", "--plan", str(plan), "--policy", str(policy), "--prescriber",
               "Dr B", "-f", "order-sheet-markdown", "-o", "-").stdout  # fmt: skip
    assert "- **Prescriber:** Dr B" in over
    assert "River \\<Clinic\\>" in over


def test_dose_lines_split_into_consecutive_orders(cli: Cli, tmp_path: Path) -> None:
    result = cli("prescription", "--preset", "gentle", "--start-date", "2026-12-01", "--opioids",
                 "none", "--form", "liquid", "--concentration", "1mg/mL", "-f", "dose-lines",
                 "-o", "-")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "warning: the plan needs 9 dose lines" in result.stderr
    out = result.stdout
    headers = re.findall(r"Order (\d) of (\d): (.+?) to (.+)", out)
    assert [(a, b) for a, b, _f, _l in headers] == [("1", "2"), ("2", "2")]
    first_end = parse_date(headers[0][3])
    second_start = parse_date(headers[1][2])
    assert second_start == first_end + timedelta(days=1)
    numbered = re.findall(
        r"^(\d)\. naltrexone (.+?) by mouth at bedtime, (.+?) to (.+?) \(", out, re.M
    )
    assert [n for n, *_ in numbered] == ["1", "2", "3", "4", "5", "6", "7", "1", "2"]
    assert numbered[0][1] == "0.5 mL (0.5 mg) of 1 mg/mL"
    ends = [parse_date(end) for *_x, end in numbered]
    starts = [parse_date(start) for *_x, start, _e in numbered]
    assert all(s == e + timedelta(days=1) for s, e in zip(starts[1:], ends, strict=False))
    short = cli("prescription", "--preset", "standard", "--start-date", "2026-12-01",
                "--opioids", "none", "-f", "dose-lines", "-o", "-")  # fmt: skip
    assert "Order 1 of 1" in short.stdout
    assert "warning" not in short.stderr


def test_prescription_formats_in_batch(cli: Cli, tmp_path: Path) -> None:
    policy = tmp_path / "p.toml"
    policy.write_text('[clinic]\nprescriber = "Dr A"\n', encoding="utf-8")
    csv = tmp_path / "t.csv"
    csv.write_text("id,preset,start_date,opioids,form,concentration,prescriber,patient_id\n"
                   "a,standard,2026-12-01,none,liquid,1mg/mL,,pat-1\n"
                   "b,gentle,2026-12-01,none,capsules,,Dr B,\n", encoding="utf-8")  # fmt: skip
    out = tmp_path / "o"
    result = cli("batch", str(csv), "--out-dir", str(out), "--policy", str(policy), "--formats",
                 "json,directions,order-sheet,order-sheet-markdown,dose-lines")  # fmt: skip
    assert result.exit_code == 0, result.output
    for row in ("a", "b"):
        for suffix in (".json", ".sig.txt", ".order.html", ".order.md", ".lines.txt"):
            assert (out / f"{row}{suffix}").is_file(), (row, suffix)
    single = cli("prescription", "--plan", str(out / "a.json"), "-o", "-").stdout
    assert (out / "a.sig.txt").read_text(encoding="utf-8") == single
    assert "<dt>Prescriber</dt><dd>Dr A</dd>" in (out / "a.order.html").read_text(encoding="utf-8")
    assert "<dt>Patient id</dt><dd>pat-1</dd>" in (out / "a.order.html").read_text(encoding="utf-8")
    assert "<dt>Prescriber</dt><dd>Dr B</dd>" in (out / "b.order.html").read_text(encoding="utf-8")
    assert "Order 2 of 2" in (out / "b.lines.txt").read_text(encoding="utf-8")


def test_bad_input_is_every_problem_at_once(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "x.sig.txt"
    result = cli("prescription", "--preset", "nope", "--start-date", "2026-12-01", "-f", "pdf",
                 "--prescriber", "x" * 81, "-o", str(out))  # fmt: skip
    assert result.exit_code == 2
    assert "--format 'pdf'" in result.stderr
    assert "--prescriber is 81 characters long" in result.stderr
    assert "nope" in result.stderr
    assert not out.exists()


def test_morning_and_clock_times_pauses_and_a_plan_without_a_formulation(
    cli: Cli, tmp_path: Path
) -> None:
    data, _out = plan_and_directions(
        cli,
        tmp_path,
        (
            "--preset",
            "three-step",
        ),
    )
    morning = tmp_path / "m.json"
    done = cli("adjust", str(tmp_path / "p.json"), "--dose-time", "morning", "--on", "2026-12-15",
               "--reason", "dreams", "-o", str(morning))  # fmt: skip
    assert done.exit_code == 0, done.output
    out = cli("prescription", "--plan", str(morning), "-o", "-").stdout
    check_directions(json.loads(morning.read_text(encoding="utf-8")), out)
    assert "by mouth in the morning for 14 days" in out
    clock = tmp_path / "c.json"
    done = cli("adjust", str(morning), "--dose-time", "morning", "--at", "07:30", "--on",
               "2026-12-29", "--reason", "work", "-o", str(clock))  # fmt: skip
    assert done.exit_code == 0, done.output
    assert "by mouth at 07:30 for " in cli("prescription", "--plan", str(clock), "-o", "-").stdout
    paused = tmp_path / "paused.json"
    cli("adjust", str(tmp_path / "p.json"), "--pause", "2026-12-20..2026-12-25", "--reason",
        "surgery", "-o", str(paused))  # fmt: skip
    lines = cli("prescription", "--plan", str(paused), "-f", "dose-lines", "-o", "-").stdout
    assert "no naltrexone (a pause), Sun 20 Dec 2026 to Fri 25 Dec 2026 (6 nights)" in lines
    # No formulation: the order sheet says no quantity can be computed, and lists no fill.
    sheet = cli("prescription", "--plan", str(tmp_path / "p.json"), "-f", "order-sheet", "-o", "-")
    assert "no quantity can be computed" in sheet.stdout
    assert "<table>" not in sheet.stdout
    assert data["steps"]


def test_the_renderers_take_default_options() -> None:
    from ldn_titrate.render.prescription import dose_lines, order_html, order_markdown

    request = TitrationRequest(start_date=date(2026, 12, 1), start_dose_mg=Decimal("1.5"),
                               step_mg=Decimal(1), interval_days=14, ceiling_mg=Decimal("4.5"),
                               maintain_days=28)  # fmt: skip
    plan = formulation.apply_liquid(build_schedule(request, plan_id=TEST_PLAN_ID, policy=REF),
                                    Decimal(1), POLICY)  # fmt: skip
    assert "Fills" in order_html.render(plan)
    assert "## Fills" in order_markdown.render(plan)
    assert "Order 1 of 1" in dose_lines.render(plan)
    assert directions.render(plan).startswith("Directions")


def test_a_short_plan_needs_no_short_form(cli: Cli, tmp_path: Path) -> None:
    data, out = plan_and_directions(cli, tmp_path, ("--doses", "1", "--interval", "7"))
    check_directions(data, out)
    assert "Short form" not in out
    plan = str(tmp_path / "p.json")
    sheet = cli("prescription", "--plan", plan, "-f", "order-sheet-markdown", "-o", "-").stdout
    assert "short form" not in sheet
    assert "| Fill |" not in sheet  # no formulation: no fill
    html = cli("prescription", "--plan", plan, "-f", "order-sheet", "-o", "-").stdout
    assert "short form" not in html
