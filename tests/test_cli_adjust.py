"""``adjust`` and ``status`` on the command line: files, exit codes and messages (issue 6)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import GOLDEN, Cli

START = ("--start-date", "2026-12-01")


@pytest.fixture
def plan(cli: Cli, tmp_path: Path) -> Path:
    path = tmp_path / "plan.json"
    result = cli("plan", *START, "-f", "json", "-o", str(path))
    assert result.exit_code == 0, result.output
    return path


def test_the_issue_walkthrough(cli: Cli, plan: Path, tmp_path: Path) -> None:
    def adjust(*args: str) -> dict:  # type: ignore[type-arg]
        result = cli("adjust", *args)
        assert result.exit_code == 0, result.output
        return json.loads(Path(args[args.index("-o") + 1]).read_text(encoding="utf-8"))

    held = adjust(str(plan), "--hold", "7", "--on", "2026-12-20", "--reason", "vivid dreams",
                  "-o", str(plan), "--force")  # fmt: skip
    assert held["revision"] == 2
    assert held["steps"][1]["end"] == "2027-01-04"
    assert held["history"][0]["kind"] == "hold"
    assert held["history"][0]["reason"] == "vivid dreams"
    assert held["history"][0]["made_at"] == "2026-11-24T00:00:00+00:00"
    v2 = tmp_path / "plan-v2.json"
    backed = adjust(str(plan), "--step-back", "--on", "2026-12-22", "--reason",
                    "headache after increase", "-o", str(v2))  # fmt: skip
    assert backed["steps"][3]["provisional"] is True
    assert backed["id"] == held["id"]
    v4 = tmp_path / "plan-v4.json"
    paused = adjust(str(v2), "--pause", "2027-02-01..2027-02-10", "--resume-dose", "1.5",
                    "--reason", "surgery", "-o", str(v4))  # fmt: skip
    assert [s["phase"] for s in paused["steps"]].count("paused") == 1
    # The plan file holds the restart night's washout as a number, never as English words.
    assert [
        s["restart_opioid_free_days"] for s in paused["steps"] if "restart_opioid_free_days" in s
    ] == [10]
    assert not any("note" in s for s in paused["steps"])
    v5 = tmp_path / "plan-v5.json"
    moved = adjust(str(v4), "--dose-time", "morning", "--at", "07:30", "--on", "2027-02-15",
                   "--reason", "insomnia", "-o", str(v5))  # fmt: skip
    assert moved["steps"][-1]["dose_time"] == "morning"
    assert moved["steps"][-1]["at"] == "07:30"
    v6 = tmp_path / "plan-v6.json"
    ended = adjust(str(v5), "--discontinue", "--on", "2027-03-01", "--reason", "no benefit",
                   "-o", str(v6))  # fmt: skip
    assert ended["discontinued_on"] == "2027-03-01"
    assert ended["steps"][-1]["end"] == "2027-02-28"
    v7 = tmp_path / "plan-v7.json"
    undone = adjust(str(v6), "--undo", "-o", str(v7))
    assert undone["revision"] == 7
    assert undone["steps"] == moved["steps"]
    assert "discontinued_on" not in undone

    table = cli("plan", "--plan", str(v6))
    assert table.exit_code == 0, table.output
    for text in ("Changed on Sun 20 Dec 2026, recorded Tue 24 Nov 2026: held 7 nights — vivid dreams",
                 "only if the side effects have settled", "Take in the morning (07:30).",
                 "Discontinued from Mon 1 Mar 2027", "Regimen as first planned"):  # fmt: skip
        assert text in table.output
    markdown = cli("plan", "--plan", str(v6), "-f", "markdown")
    assert (
        "- Changed on Tue 22 Dec 2026, recorded Tue 24 Nov 2026: stepped back from 2.5 mg to 1.5 mg"
        in markdown.output
    )
    assert "| Notes |" in markdown.output
    assert "| take in the morning (07:30) |" in markdown.output


def test_adjust_prints_what_changed(cli: Cli, plan: Path, tmp_path: Path) -> None:
    result = cli("adjust", str(plan), "--hold", "1w", "--on", "2026-12-20", "--reason", "dreams",
                 "-o", str(tmp_path / "v2.json"))  # fmt: skip
    assert result.exit_code == 0, result.output
    assert (
        "revision 2. Changed on Sun 20 Dec 2026, recorded Tue 24 Nov 2026: held 7 nights — dreams"
        in result.output
    )


def test_adjust_to_stdout_and_on_defaults_to_today(cli: Cli, plan: Path) -> None:
    # SOURCE_DATE_EPOCH makes today Tue 24 Nov 2026, a week before this plan starts.
    early = cli("adjust", str(plan), "--hold", "3", "--reason", "x", "-o", "-")
    assert early.exit_code == 2
    assert "--on 2026-11-24 is outside the plan" in early.stderr
    result = cli("adjust", str(plan), "--hold", "3", "--on", "2026-12-02", "--reason", "x",
                 "-o", "-")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["review_date"] == "2027-02-12"


def test_markdown_escapes_the_reason(cli: Cli, plan: Path, tmp_path: Path) -> None:
    target = tmp_path / "v2.json"
    cli("adjust", str(plan), "--hold", "2", "--on", "2026-12-20", "--reason",
        "<script>*x*</script> | y", "-o", str(target))  # fmt: skip
    markdown = cli("plan", "--plan", str(target), "-f", "markdown").stdout
    assert r"\<script\>\*x\*\</script\> \| y" in markdown
    assert "<script>" not in markdown


REFUSALS = [
    (("--hold", "7", "--on", "2027-03-01", "--reason", "r"),
     "--on 2027-03-01 is outside the plan, which runs from Tue 1 Dec 2026 to Mon 8 Feb 2027"),
    (("--hold", "7", "--on", "2026-11-30", "--reason", "r"), "is outside the plan"),
    (("--pause", "2027-02-10..2027-02-01", "--reason", "r"),
     "--pause '2027-02-10..2027-02-01' ends (2027-02-01) before it starts (2027-02-10)"),
    (("--pause", "2027-02-01", "--reason", "r"), "is not a range of nights; write FIRST..LAST"),
    (("--pause", "2027-02-01..2027-02-10", "--on", "2027-01-01", "--reason", "r"),
     "does not match --pause"),
    (("--hold", "7"), "--reason is required"),
    (("--hold", "7", "--reason", "   "), "--reason is required"),
    (("--hold", "abc", "--reason", "r"), "--hold 'abc' is not a duration"),
    (("--hold", "0", "--reason", "r"), "hold for at least 1 night"),
    (("--hold", "40", "--on", "2026-12-20", "--reason", "r"),
     "--hold 40 nights is above this policy's maximum hold of 28 nights (allowed 1 to 28"),
    (("--reason", "r"), "give exactly one adjustment of --hold, --step-back"),
    (("--hold", "3", "--discontinue", "--reason", "r"), "(got --hold, --discontinue)"),
    (("--step-back", "--on", "2026-12-03", "--reason", "r"), "no previous dose"),
    (("--resume-dose", "1", "--hold", "2", "--on", "2026-12-03", "--reason", "r"),
     "--resume-dose '1' only goes with --pause"),
    (("--dose-time", "morning", "--at", "25:00", "--on", "2026-12-03", "--reason", "r"),
     "--at '25:00' with --dose-time morning is not a time"),
    (("--dose-time", "morning", "--at", "22:00", "--on", "2026-12-03", "--reason", "r"),
     "--at '22:00' with --dose-time morning is not a morning time"),
    (("--dose-time", "bedtime", "--at", "08:00", "--on", "2026-12-03", "--reason", "r"),
     "--at '08:00' with --dose-time bedtime is a morning time, not a bedtime"),
    (("--at", "08:00", "--hold", "2", "--on", "2026-12-03", "--reason", "r"),
     "--at '08:00' only goes with --dose-time"),
    (("--hold", "2", "--on", "2026-02-30", "--reason", "r"), "is not a real calendar date"),
    (("--undo",), "nothing to undo"),
    (("--pause", "2027-02-30..2027-03-01", "--reason", "r"),
     "--pause (first night) '2027-02-30' is not a real calendar date"),
    (("--pause", "2027-02-01..2027-02-10", "--resume-dose", "lots", "--reason", "r"),
     "--resume-dose 'lots' is not a dose"),
    (("--undo", "--on", "2026-12-03"), "does not go with --undo"),
    (("--hold", "2", "--on", "2026-12-03", "--reason", "r" * 201), "keep it to at most 200"),
    (("--pause", "2027-02-01..2027-02-10", "--resume-dose", "9", "--reason", "r"),
     "--resume-dose 9 mg is outside this policy's start doses of 0.1 mg to 3 mg"),
]  # fmt: skip


@pytest.mark.parametrize(("args", "message"), REFUSALS)
def test_refusals_exit_2_and_leave_the_plan_untouched(
    cli: Cli, plan: Path, args: tuple[str, ...], message: str
) -> None:
    before = plan.read_bytes()
    result = cli("adjust", str(plan), *args, "-o", str(plan), "--force")
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert "Traceback" not in result.output
    assert plan.read_bytes() == before
    assert sorted(p.name for p in plan.parent.iterdir()) == ["plan.json"]


def test_output_equal_to_input_needs_force(cli: Cli, plan: Path) -> None:
    before = plan.read_bytes()
    result = cli("adjust", str(plan), "--hold", "2", "--on", "2026-12-03", "--reason", "r",
                 "-o", str(plan))  # fmt: skip
    assert result.exit_code == 2
    assert "the file exists; add --force" in result.stderr
    assert plan.read_bytes() == before


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda p: p.update(version=3), "PLAN {}: written by a newer ldn-titrate (plan version 3)"),
        (lambda p: p.update(format="x"), "PLAN {}: not an ldn-titrate plan"),
        (lambda p: p["steps"][0].update(dose_time="noon"), "steps.0.dose_time: Input should be"),
        (lambda p: p["steps"][0].update(at="8am"), "steps.0.at: String should match pattern"),
    ],
)
def test_unknown_plan_version_or_bad_fields(cli: Cli, plan: Path, change, message: str) -> None:  # type: ignore[no-untyped-def]
    data = json.loads(plan.read_text(encoding="utf-8"))
    change(data)
    plan.write_text(json.dumps(data), encoding="utf-8")
    before = plan.read_bytes()
    for args in (("adjust", str(plan), "--hold", "2", "--on", "2026-12-03", "--reason", "r",
                  "-o", str(plan), "--force"), ("status", str(plan))):  # fmt: skip
        result = cli(*args)
        assert result.exit_code == 2, result.output
        assert message.format(plan) in result.stderr
        assert plan.read_bytes() == before


def test_a_version_1_file_without_the_new_fields_loads_and_adjusts(
    cli: Cli, tmp_path: Path
) -> None:
    # A file written before living plans and before digests: the golden plan without either.
    data = json.loads((GOLDEN / "plan-standard.json").read_text(encoding="utf-8"))
    del data["digest"]
    assert "history" not in data
    old = tmp_path / "old.json"
    old.write_text(json.dumps(data), encoding="utf-8")
    status = cli("status", str(old), "--on", "2026-12-24")
    assert status.exit_code == 0, status.output
    assert "this plan file has no digest" in status.stderr  # read, and said
    assert status.stdout == (
        "Step 2 of 4, night 10 of 14: 2.5 mg. Next: 3.5 mg from Tue 29 Dec 2026\n"
    )
    target = tmp_path / "v2.json"
    result = cli("adjust", str(old), "--stop-at-current", "--on", "2026-12-20", "--reason",
                 "good response", "-o", str(target))  # fmt: skip
    assert result.exit_code == 0, result.output
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["steps"][-1] == {"number": 3, "phase": "maintenance", "start": "2026-12-20",
                                 "end": "2027-01-16", "nights": 28, "dose_mg": 2.5}  # fmt: skip


def test_status_command(cli: Cli, plan: Path) -> None:
    today = cli("status", str(plan))  # today is Tue 24 Nov 2026 (SOURCE_DATE_EPOCH)
    assert today.exit_code == 0, today.output
    assert today.stdout.startswith("Before start: the plan starts on Tue 1 Dec 2026")
    result = cli("status", str(plan), "--on", "2026-12-24", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert (data["state"], data["step"], data["night"], data["dose_mg"]) == ("taking", 2, 10, 2.5)
    bad = cli("status", str(plan), "--on", "24/12/2026")
    assert bad.exit_code == 2
    assert "--on '24/12/2026' is ambiguous" in bad.stderr
    missing = cli("status", str(plan.parent / "nope.json"))
    assert missing.exit_code == 2
    assert "no such file" in missing.stderr


@pytest.mark.parametrize("args", [["adjust", "-h"], ["status", "-h"]])
def test_help(cli: Cli, args: list[str]) -> None:
    result = cli(*args)
    assert result.exit_code == 0, result.output
    assert "Usage" in result.output


def test_adjusted_liquid_plan_keeps_every_step_measurable(cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A step back adds steps: each must still say how many mL of which concentration."""
    saved = tmp_path / "plan.json"
    made = cli("plan", "--start-date", "2026-12-01", "--opioids", "none", "--form", "liquid",
               "--concentration", "1mg/mL", "--supply-days", "30", "-f", "json", "-o", str(saved))  # fmt: skip
    assert made.exit_code == 0, made.output
    after = tmp_path / "v2.json"
    result = cli(
        "adjust",
        str(saved),
        "--step-back",
        "--on",
        "2026-12-20",
        "--reason",
        "headache",
        "-o",
        str(after),
    )
    assert result.exit_code == 0, result.output
    import json
    from decimal import Decimal

    plan = json.loads(after.read_text(encoding="utf-8"), parse_float=Decimal)
    assert any(step["provisional"] for step in plan["steps"] if "provisional" in step)
    for step in plan["steps"]:
        assert step["volume_ml"] == step["dose_mg"]  # 1 mg/mL
        assert step["syringe_ml"] in (1, 3, 5)
    assert plan["dispensing"]["supply_days"] == 30
    consumed = sum(s["volume_ml"] * s["nights"] for s in plan["steps"])
    assert plan["dispensing"]["total"]["consumed_ml"] == consumed


def test_each_change_records_the_policy_it_was_checked_against(cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import json

    saved = tmp_path / "plan.json"
    cli("plan", "--start-date", "2026-12-01", "--opioids", "none", "-f", "json", "-o", str(saved))
    policy = tmp_path / "clinic.toml"
    policy.write_text("[adjust]\nmax_hold_nights = 14\n", encoding="utf-8")
    after = tmp_path / "v2.json"
    result = cli("adjust", str(saved), "--policy", str(policy), "--hold", "3", "--on", "2026-12-05",
                 "--reason", "dreams", "-o", str(after))  # fmt: skip
    assert result.exit_code == 0, result.output
    change = json.loads(after.read_text(encoding="utf-8"))["history"][-1]
    assert change["policy"]["source"] == str(policy)
    assert len(change["policy"]["sha256"]) == 64


def test_at_is_stored_as_parsed_and_the_plan_reads_back(cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    saved = tmp_path / "plan.json"
    cli("plan", "--start-date", "2026-12-01", "--opioids", "none", "-f", "json", "-o", str(saved))
    moved = tmp_path / "moved.json"
    result = cli("adjust", str(saved), "--dose-time", "morning", "--at", " 08:00", "--on", "2026-12-05",
                 "--reason", "insomnia", "-o", str(moved))  # fmt: skip
    assert result.exit_code == 0, result.output
    status = cli("status", str(moved), "--on", "2026-12-06")
    assert status.exit_code == 0, status.output
    assert "in the morning (08:00)" in status.output
    bad = cli("adjust", str(saved), "--dose-time", "morning", "--at", "8:00", "--on", "2026-12-05",
              "--reason", "x", "-o", str(tmp_path / "x.json"))  # fmt: skip
    assert "from 04:00 to 11:59, such as 08:00" in bad.stderr


def test_a_bad_history_is_refused_when_read_not_when_undone(cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import json

    saved = tmp_path / "plan.json"
    cli("plan", "--start-date", "2026-12-01", "--opioids", "none", "-f", "json", "-o", str(saved))
    held = tmp_path / "held.json"
    cli("adjust", str(saved), "--hold", "3", "--on", "2026-12-05", "--reason", "r", "-o", str(held))
    plan = json.loads(held.read_text(encoding="utf-8"))
    plan["history"][0]["previous"]["steps"][0]["dose_mg"] = 50
    held.write_text(json.dumps(plan), encoding="utf-8")
    result = cli("adjust", str(held), "--undo", "-o", str(tmp_path / "undone.json"))
    assert result.exit_code == 2
    assert "history, revision 2: step 1: dose 50 mg is above 10 mg" in result.stderr
    assert "Traceback" not in result.output


def test_a_plan_of_centuries_is_refused(cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import json
    from datetime import date

    saved = tmp_path / "plan.json"
    cli("plan", "--start-date", "2026-12-01", "-f", "json", "-o", str(saved))
    plan = json.loads(saved.read_text(encoding="utf-8"))
    last = plan["steps"][-1]
    # Within the years a plan's dates may take, but longer than any titration; and past them
    # (year 9999, where a night more overflows every date library).
    for end, message in (("2199-12-30", "more than ten years"), ("9999-12-30", "2199-12-31")):
        last["end"] = end
        last["nights"] = (date.fromisoformat(end) - date.fromisoformat(last["start"])).days + 1
        plan["review_date"] = end
        saved.write_text(json.dumps(plan), encoding="utf-8")
        for command in ("plan", "status", "calendar", "adjust", "handout"):
            args = {
                "plan": ["plan", "--plan", str(saved)],
                "status": ["status", str(saved)],
                "calendar": ["calendar", "--plan", str(saved), "--tz", "Europe/London", "-o", "-"],
                "adjust": ["adjust", str(saved), "--hold", "3", "--on", "2026-12-05", "-o", "-"],
                "handout": ["handout", "--plan", str(saved), "-o", "-"],
            }[command]
            result = cli(*args)
            assert result.exit_code == 2, (command, result.output)
            assert message in result.stderr, (command, result.stderr)


def test_adjust_names_every_problem_at_once(cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    saved = tmp_path / "plan.json"
    cli("plan", "--start-date", "2026-12-01", "-f", "json", "-o", str(saved))
    existing = tmp_path / "existing.json"
    existing.write_text("{}", encoding="utf-8")
    result = cli("adjust", str(saved), "--dose-time", "morning", "--at", "24:00", "--on", "2026-12-05",
                 "--reason", "", "-o", str(existing))  # fmt: skip
    assert result.exit_code == 2
    assert "the file exists" in result.stderr
    assert "--at '24:00'" in result.stderr
    assert existing.read_text(encoding="utf-8") == "{}"


def test_adjusting_under_a_policy_without_the_split_names_the_plans_formulation(
    cli, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    policy = tmp_path / "split.toml"
    policy.write_text(
        "[formulation]\nsplits = [{ strength_mg = 4.5, parts = 4 }]\n", encoding="utf-8"
    )
    saved = tmp_path / "plan.json"
    made = cli("plan", "--policy", str(policy), "--start-date", "2026-12-01", "--start-dose", "1.125",
               "--step", "1.125", "--ceiling", "4.5", "--form", "capsules", "--strengths", "4.5",
               "-f", "json", "-o", str(saved))  # fmt: skip
    assert made.exit_code == 0, made.output
    result = cli(
        "adjust",
        str(saved),
        "--hold",
        "2",
        "--on",
        "2026-12-05",
        "--reason",
        "r",
        "-o",
        str(tmp_path / "v2.json"),
    )
    assert result.exit_code == 2
    assert "the plan's formulation (capsules of 4.5 mg) under the active policy:" in result.stderr
    assert not (tmp_path / "v2.json").exists()


def test_a_plan_whose_own_step_climbs_nowhere_is_refused_not_a_crash(cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Found by the hostile-file fuzzer: a plan without a digest whose inputs say a step of -1 mg."""
    plan = tmp_path / "p.json"
    cli("plan", "--preset", "standard", "--start-date", "2026-12-01", "--opioids", "none",
        "-f", "json", "-o", str(plan))  # fmt: skip
    data = json.loads(plan.read_text(encoding="utf-8"))
    del data["digest"]
    data["inputs"]["step_mg"] = -1
    plan.write_text(json.dumps(data), encoding="utf-8")
    result = cli("adjust", str(plan), "--step-back", "--on", "2026-12-20", "--reason", "r",
                 "-o", "-")  # fmt: skip
    assert result.exit_code == 2
    assert "the plan's regimen has no step to climb from 1.5 mg to 4.5 mg" in result.stderr
