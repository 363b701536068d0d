"""``checkin``: what a patient reported, recorded into the plan file (issue 26, slice 1).

The test clock's today is Tue 24 Nov 2026; plans start on 1 Nov so check-ins can be in the past.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Cli

START = ("--start-date", "2026-11-01")


@pytest.fixture
def plan(cli: Cli, tmp_path: Path) -> Path:
    path = tmp_path / "plan.json"
    result = cli("plan", *START, "--opioids", "none", "-f", "json", "-o", str(path))
    assert result.exit_code == 0, result.output
    return path


def checkin(cli: Cli, plan: Path, out: Path, *args: str) -> dict[str, Any]:
    result = cli("checkin", str(plan), *args, "-o", str(out))
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    return data


def test_a_checkin_is_a_new_revision_with_a_history_entry(
    cli: Cli, plan: Path, tmp_path: Path
) -> None:
    first = json.loads(plan.read_text(encoding="utf-8"))
    assert first["version"] == 1
    assert "checkins" not in first
    data = checkin(
        cli, plan, tmp_path / "p2.json", "--on", "2026-11-10", "--pain", "6", "--sleep", "7",
        "--side-effect", "vivid-dreams:moderate", "--side-effect", "other:mild:dry mouth",
        "--taken", "1mg", "--missed", "1", "--opioids", "no", "--note", "better mornings",
    )  # fmt: skip
    assert data["version"] == 2
    assert data["revision"] == first["revision"] + 1
    assert data["id"] == first["id"]
    assert data["steps"] == first["steps"]
    (entry,) = data["checkins"]
    assert entry["number"] == 1
    assert entry["on"] == "2026-11-10"
    assert entry["ratings"] == {"pain": 6, "sleep": 7}
    assert entry["side_effects"] == [
        {"effect": "vivid-dreams", "severity": "moderate"},
        {"effect": "other", "severity": "mild", "text": "dry mouth"},
    ]
    assert entry["taken_mg"] == 1
    assert entry["missed_doses"] == 1
    assert entry["opioids"] is False
    assert entry["note"] == "better mornings"
    assert data["history"][-1]["kind"] == "checkin"
    assert data["history"][-1]["parameters"] == {"checkin": 1}
    assert "response" in data["digest"]["sections"]


def test_the_digest_covers_checkins(cli: Cli, plan: Path, tmp_path: Path) -> None:
    p2 = tmp_path / "p2.json"
    checkin(cli, plan, p2, "--on", "2026-11-10", "--pain", "6")
    data = json.loads(p2.read_text(encoding="utf-8"))
    data["checkins"][0]["ratings"]["pain"] = 2
    p2.write_text(json.dumps(data), encoding="utf-8")
    result = cli("checkin", str(p2), "--on", "2026-11-11", "--pain", "5", "-o", str(tmp_path / "x"))
    assert result.exit_code == 2
    assert "the check-ins, goal or interval range" in result.output
    assert not (tmp_path / "x").exists()


def test_undo_never_removes_a_checkin(cli: Cli, plan: Path, tmp_path: Path) -> None:
    p2, p3, p4, p5 = (tmp_path / f"p{n}.json" for n in range(2, 6))
    checkin(cli, plan, p2, "--on", "2026-11-05", "--pain", "6")
    held = cli("adjust", str(p2), "--hold", "7", "--on", "2026-11-08", "--reason", "dreams",
               "-o", str(p3))  # fmt: skip
    assert held.exit_code == 0, held.output
    checkin(cli, p3, p4, "--on", "2026-11-12", "--pain", "5")
    result = cli("adjust", str(p4), "--undo", "-o", str(p5))
    assert result.exit_code == 0, result.output
    undone = json.loads(p5.read_text(encoding="utf-8"))
    assert [c["number"] for c in undone["checkins"]] == [1, 2]
    assert undone["steps"] == json.loads(p2.read_text(encoding="utf-8"))["steps"]
    again = cli("adjust", str(p5), "--undo", "-o", str(tmp_path / "p6.json"))
    assert again.exit_code == 2  # check-ins are not changes --undo can take away
    assert "nothing to undo" in again.output


def test_void_keeps_the_checkin_marked_entered_in_error(
    cli: Cli, plan: Path, tmp_path: Path
) -> None:
    p2, p3 = tmp_path / "p2.json", tmp_path / "p3.json"
    checkin(cli, plan, p2, "--on", "2026-11-05", "--pain", "6")
    data = checkin(cli, p2, p3, "--void", "1", "--reason", "wrong patient")
    (entry,) = data["checkins"]
    assert entry["void"]["reason"] == "wrong patient"
    assert data["history"][-1]["kind"] == "void-checkin"
    for args, message in [
        (("--void", "1", "--reason", "again"), "voided already"),
        (("--void", "9", "--reason", "x"), "no check-in 9"),
        (("--void", "1"), "needs --reason"),
        (("--void", "1", "--pain", "3", "--reason", "x"), "give one of"),
    ]:
        result = cli("checkin", str(p3), *args, "-o", str(tmp_path / "p4.json"))
        assert result.exit_code == 2, result.output
        assert message in result.output
    assert not (tmp_path / "p4.json").exists()


def test_two_checkins_on_one_date_keep_their_order(cli: Cli, plan: Path, tmp_path: Path) -> None:
    p2, p3 = tmp_path / "p2.json", tmp_path / "p3.json"
    checkin(cli, plan, p2, "--on", "2026-11-10", "--pain", "6")
    data = checkin(cli, p2, p3, "--on", "2026-11-10", "--pain", "4")
    assert [(c["number"], c["ratings"]["pain"]) for c in data["checkins"]] == [(1, 6), (2, 4)]


@pytest.mark.parametrize(
    ("args", "messages"),
    [
        (("--on", "2026-11-25", "--pain", "3"), ["is after today"]),
        (("--on", "2026-10-03", "--pain", "3"), ["is outside the plan"]),
        (
            ("--pain", "11", "--sleep", "-1", "--side-effect", "bogus:mild",
             "--side-effect", "rash:awful", "--opioids", "maybe", "--taken", "20"),
            ["--pain '11' is not a rating (allowed: a whole number from 0 to 10)",
             "--sleep '-1' is not a rating", "'bogus:mild' names no side effect",
             "has no severity 'awful'", "--opioids 'maybe' is not yes or no",
             "--taken '20' is above 10 mg"],
        ),
        (("--side-effect", "other:mild",), ["says no more than 'other'"]),
        (("--side-effect", "rash:mild:itchy",), ["only 'other' takes one"]),
        (("--rating", "mood=7",), ["names no rating"]),
        ((), ["a check-in records something"]),
    ],
)  # fmt: skip
def test_bad_values_exit_2_naming_every_problem_and_write_nothing(
    cli: Cli, plan: Path, tmp_path: Path, args: tuple[str, ...], messages: list[str]
) -> None:
    out = tmp_path / "out.json"
    result = cli("checkin", str(plan), *args, "-o", str(out))
    assert result.exit_code == 2, result.output
    for message in messages:
        assert message in result.output
    assert "Traceback" not in result.output
    assert not out.exists()


def test_a_baseline_up_to_28_days_before_night_1(cli: Cli, tmp_path: Path) -> None:
    plan = tmp_path / "later.json"
    assert cli("plan", "--start-date", "2026-12-15", "-f", "json", "-o", str(plan)).exit_code == 0
    data = checkin(cli, plan, tmp_path / "p2.json", "--on", "2026-11-17", "--pain", "7")
    assert data["checkins"][0]["on"] == "2026-11-17"
    result = cli(
        "checkin", str(plan), "--on", "2026-11-16", "--pain", "7", "-o", str(tmp_path / "x.json")
    )
    assert result.exit_code == 2
    assert "28 days before night 1" in result.output


def test_a_version_2_plan_is_refused_by_a_version_1_reader_and_newer_ones_by_this(
    cli: Cli, plan: Path, tmp_path: Path
) -> None:
    from ldn_titrate.core.errors import InputError
    from ldn_titrate.plans import planfile

    p2 = tmp_path / "p2.json"
    data = checkin(cli, plan, p2, "--on", "2026-11-10", "--pain", "6")
    data["version"] = 3
    with pytest.raises(InputError, match=r"written by a newer ldn-titrate \(plan version 3\)"):
        planfile.parse(data, "p3.json")
    # A version-1 reader (this reader, reading version 1 only) refuses it, never reads it as a
    # fixed plan; nor does a file that says version 1 but holds check-ins pass.
    data["version"] = 2
    with pytest.raises(InputError, match=r"written by a newer ldn-titrate \(plan version 2\)"):
        planfile.parse(data, "p2.json", reads=(1,))
    data["version"] = 1
    with pytest.raises(InputError, match="is plan version 2"):
        planfile.parse(data, "p2.json")
    # Version 1 files still read.
    assert planfile.read(plan).version == 1


def test_a_checkin_keeps_an_override_of_the_bounds_in_force(
    cli: Cli, plan: Path, tmp_path: Path
) -> None:
    """An override accepted the doses under a tighter policy; a check-in since changes no dose,
    so the doses stay accepted."""
    tight = tmp_path / "tight.toml"
    tight.write_text(
        'default_preset = "small"\n[bounds.ceiling]\nmax_mg = 3.5\n[presets.small]\n'
        'description = "x"\nsource = "x"\nstart_dose_mg = 1\nstep_mg = 1\n'
        "interval_nights = 14\nceiling_mg = 3\nmaintain_nights = 28\n",
        encoding="utf-8",
    )
    kept, reported = tmp_path / "kept.json", tmp_path / "reported.json"
    result = cli("plan", "--plan", str(plan), "--override", "agreed with Dr A", "--policy",
                 str(tight), "-f", "json", "-o", str(kept))  # fmt: skip
    assert result.exit_code == 0, result.output
    checkin(cli, kept, reported, "--on", "2026-11-10", "--pain", "4", "--policy", str(tight))
    # A handout (a record for the patient) is refused for doses out of bounds unless accepted.
    shown = cli("handout", "--plan", str(reported), "--policy", str(tight), "-f", "markdown",
                "-o", "-")  # fmt: skip
    assert shown.exit_code == 0, shown.output


@pytest.mark.parametrize(
    ("parse", "text", "message"),
    [
        ("named", "mood", "is not NAME=RATING"),
        ("effect", "headache", "is not NAME:SEVERITY"),
        ("effect", "other:mild:" + "x" * 201, "describes 'other' in 201 characters"),
        ("taken", "lots", "is not a dose"),
        ("missed", "400", "is not a number of missed doses"),
        ("note", "x" * 1001, "is 1001 characters"),
        ("goal", "pain -300%", "falls more than 100 %"),
        ("goal", "pain -30% for 400 nights", "is met over 1 to 366 nights"),
        ("goal", "sleep -20%", "for sleep, higher is better, so a goal is a rise"),
    ],
)
def test_each_value_names_what_is_allowed(parse: str, text: str, message: str) -> None:
    from ldn_titrate.core.checkin import BUILT_IN_RATINGS
    from ldn_titrate.plans import checkin_fields as fields

    parsers = {
        "named": lambda t: fields.parse_named_rating(t, {"mood": 1}),
        "effect": fields.parse_side_effect,
        "taken": fields.parse_taken,
        "missed": fields.parse_missed,
        "note": fields.parse_note,
        "goal": lambda t: fields.parse_goal(t, BUILT_IN_RATINGS),
    }
    with pytest.raises(ValueError, match=message):
        parsers[parse](text)


def test_a_goal_may_say_its_nights() -> None:
    from ldn_titrate.core.checkin import BUILT_IN_RATINGS
    from ldn_titrate.plans.checkin_fields import parse_goal

    goal = parse_goal("Sleep +20% for 21 nights", BUILT_IN_RATINGS)
    assert (goal.rating, goal.change_percent, goal.nights) == ("sleep", 20, 21)
    assert goal.met_by(6, 5)
    assert not goal.met_by(5, 5)
    assert not goal.met_by(9, 0)  # no change in percent from nothing
