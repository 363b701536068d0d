"""The command line contract: output, exit codes, messages and files (DESIGN.md §2)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from ldn_titrate import __version__
from tests.conftest import Cli, assert_golden

START = ("--start-date", "2026-12-01")


def test_version(cli: Cli) -> None:
    result = cli("--version")
    assert result.exit_code == 0
    assert result.output == f"ldn-titrate {__version__}\n"


@pytest.mark.parametrize("args", [["-h"], ["--help"], ["plan", "-h"], ["policy", "-h"]])
def test_help(cli: Cli, args: list[str]) -> None:
    result = cli(*args)
    assert result.exit_code == 0, result.output
    assert "Usage" in result.output


def test_default_plan_is_the_standard_preset(cli: Cli) -> None:
    result = cli("plan", *START)
    assert result.exit_code == 0, result.output
    for text in ("1.5 mg", "2.5 mg", "3.5 mg", "4.5 mg", "Tue 1 Dec 2026", "Mon 8 Feb 2027",
                 "Review on Tue 9 Feb 2027", "Preset: standard", "Policy: built-in"):  # fmt: skip
        assert text in result.output


@pytest.mark.parametrize(
    ("fmt", "golden"),
    [
        ("table", "plan-standard.txt"),
        ("markdown", "plan-standard.md"),
        ("json", "plan-standard.json"),
    ],
)
def test_golden_outputs(cli: Cli, fmt: str, golden: str) -> None:
    result = cli("plan", "--preset", "standard", *START, "--format", fmt)
    assert result.exit_code == 0, result.output
    assert_golden(golden, result.stdout)


def test_gentle_preset_with_explicit_override(cli: Cli) -> None:
    result = cli("plan", "--preset", "gentle", *START, "--ceiling", "3", "-f", "json")
    assert result.exit_code == 0, result.output
    plan = json.loads(result.stdout)
    assert [s["dose_mg"] for s in plan["steps"]] == [0.5, 1, 1.5, 2, 2.5, 3]
    assert plan["inputs"]["preset"] == "gentle"
    assert plan["inputs"]["ceiling_mg"] == 3


def test_explicit_options_and_units(cli: Cli) -> None:
    result = cli("plan", "--start-dose", "500mcg", "--step", "0.5mg", "--interval", "7d",
                 "--ceiling", "3", "--maintain", "4w", *START, "-f", "json")  # fmt: skip
    assert result.exit_code == 0, result.output
    plan = json.loads(result.stdout)
    assert plan["inputs"]["start_dose_mg"] == 0.5
    assert plan["steps"][0]["nights"] == 7
    assert plan["steps"][-1] == {"number": 6, "phase": "maintenance", "start": "2027-01-05",
                                 "end": "2027-02-01", "nights": 28, "dose_mg": 3}  # fmt: skip
    assert '"dose_mg": 0.5}' in result.output  # exact decimal, no 0.5000000001


def test_same_patient_and_inputs_same_id(cli: Cli) -> None:
    a = json.loads(cli("plan", *START, "-f", "json", "--patient-id", "pat-a").stdout)
    b = json.loads(cli("plan", "--start-dose", "1.5", "--step", "1", "--interval", "2w",
                       "--ceiling", "4.5", "--maintain", "28", *START, "-f", "json",
                       "--patient-id", "pat-a").stdout)  # fmt: skip
    c = json.loads(cli("plan", "--start-date", "2026-12-02", "-f", "json", "--patient-id",
                       "pat-a").stdout)  # fmt: skip
    other = json.loads(cli("plan", *START, "-f", "json", "--patient-id", "pat-b").stdout)
    assert a["id"] == b["id"] != c["id"]
    assert other["id"] != a["id"]  # same regimen and night, another patient
    assert a["revision"] == 1
    assert a["generator"] == f"ldn-titrate {__version__}"
    assert a["policy"]["source"] == "built-in"
    assert len(a["policy"]["sha256"]) == 64


def test_warnings_are_shown_and_recorded(cli: Cli) -> None:
    result = cli("plan", *START, "--start-dose", "2", "--ceiling", "5")
    assert result.exit_code == 0, result.output
    assert "Warnings" in result.output
    assert "--start-dose 2 mg is above the usual start" in result.output
    plan = json.loads(
        cli("plan", *START, "--start-dose", "2", "--ceiling", "5", "-f", "json").stdout
    )
    assert len(plan["warnings"]) == 2


BAD_INPUTS = [
    (
        ["--ceiling", "7"],
        "--ceiling 7 mg is above this policy's maximum of 6 mg (allowed 0.5 mg to 6 mg; policy: built-in)",
    ),
    (["--start-date", "2026-02-30"], "--start-date '2026-02-30' is not a real calendar date"),
    (["--start-date", "01/02/2026"], "--start-date '01/02/2026' is ambiguous"),
    (["--start-date", "20261201"], "--start-date '20261201' is not a date"),
    (["--start-date", "1999-12-31"], "--start-date 1999-12-31 is before this policy's earliest"),
    (["--step", "abc"], "--step 'abc' is not a dose"),
    (["--ceiling", "-1"], "--ceiling '-1' is not a dose"),
    (["--interval", "0"], "--interval 0 nights is below this policy's minimum of 3 nights"),
    (["--interval", "5w"], "--interval 35 nights is above this policy's maximum of 28 nights"),
    (["--start-dose", "nan"], "--start-dose 'nan' is not a dose"),
    (["--start-dose", "inf"], "--start-dose 'inf' is not a dose"),
    (["--ceiling", "1e400"], "--ceiling '1e400' is not a dose"),
    (["--start-dose", "0.05"], "--start-dose 0.05 mg is below this policy's minimum of 0.1 mg"),
    (
        ["--start-dose", "1.51"],
        "--start-dose 1.51 mg is not a multiple of this policy's dose resolution of 0.025 mg",
    ),
    (["--ceiling", "1"], "--ceiling 1 mg is below --start-dose (from preset standard) 1.5 mg"),
    (
        ["--step", "0"],
        "--step 0 mg never climbs from 1.5 mg to --ceiling (from preset standard) 4.5 mg",
    ),
    (
        ["--start-dose", "0.1", "--step", "0.1", "--ceiling", "6"],
        "makes 60 steps; this policy allows at most 24",
    ),
    (["--maintain", "3"], "--maintain 3 nights is below this policy's minimum of 7 nights"),
    (["--preset", "fast"], "--preset 'fast' is not a preset of this policy"),
]


@pytest.mark.parametrize(("args", "message"), BAD_INPUTS)
def test_bad_input_exits_2_with_a_message_and_writes_nothing(
    cli: Cli, tmp_path: Path, args: list[str], message: str
) -> None:
    target = tmp_path / "plan.json"
    result = cli("plan", *args, "-f", "json", "-o", str(target))
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert "Traceback" not in result.output
    assert result.stdout == ""
    assert not target.exists()
    assert list(tmp_path.iterdir()) == []


def test_every_problem_is_reported_at_once(cli: Cli) -> None:
    result = cli(
        "plan", "--ceiling", "7", "--step", "abc", "--interval", "0", "--start-date", "2026-02-30"
    )
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 4
    assert all(line.startswith("error: --") for line in lines)


def test_output_file_force_and_stdout(cli: Cli, tmp_path: Path) -> None:
    target = tmp_path / "plan.json"
    assert cli("plan", *START, "-f", "json", "-o", str(target)).exit_code == 0
    first = target.read_text(encoding="utf-8")
    assert json.loads(first)["format"] == "ldn-titrate/plan"
    again = cli("plan", *START, "--preset", "weekly", "-f", "json", "-o", str(target))
    assert again.exit_code == 2
    assert "add --force" in again.stderr
    assert target.read_text(encoding="utf-8") == first
    forced = cli("plan", *START, "--preset", "weekly", "-f", "json", "-o", str(target), "--force")
    assert forced.exit_code == 0
    assert json.loads(target.read_text(encoding="utf-8"))["inputs"]["preset"] == "weekly"
    assert [p.name for p in tmp_path.iterdir()] == ["plan.json"]  # no temporary left behind
    stdout = cli("plan", *START, "-f", "json", "-o", "-")
    assert json.loads(stdout.stdout)["format"] == "ldn-titrate/plan"


@pytest.mark.parametrize("where", ["missing/plan.json", "."])
def test_unwritable_targets(cli: Cli, tmp_path: Path, where: str) -> None:
    result = cli("plan", *START, "-o", str(tmp_path / where))
    assert result.exit_code == 2
    assert result.stderr.startswith("error: -o ")


def test_json_round_trip_through_plan_file(cli: Cli, tmp_path: Path) -> None:
    target = tmp_path / "plan.json"
    cli("plan", *START, "--start-dose", "500mcg", "--step", "0.5mg", "--interval", "7d",
        "--ceiling", "3", "-f", "json", "-o", str(target))  # fmt: skip
    again = cli("plan", "--plan", str(target), "-f", "json")
    assert again.exit_code == 0, again.output
    assert again.stdout == target.read_text(encoding="utf-8")
    markdown = cli("plan", "--plan", str(target), "--format", "markdown")
    assert "| 1 | titration | Tue 1 Dec 2026 | Mon 7 Dec 2026 | 7 | 0.5 mg |" in markdown.output


def test_plan_file_with_schedule_options_is_refused(cli: Cli, tmp_path: Path) -> None:
    target = tmp_path / "plan.json"
    cli("plan", *START, "-f", "json", "-o", str(target))
    result = cli("plan", "--plan", str(target), "--ceiling", "3")
    assert result.exit_code == 2
    assert "--plan cannot be combined with schedule options (--ceiling)" in result.stderr


def _saved(cli: Cli, tmp_path: Path) -> dict:  # type: ignore[type-arg]
    result = cli("plan", *START, "-f", "json")
    return dict(json.loads(result.stdout))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda p: p.update(version=3), "written by a newer ldn-titrate (plan version 3)"),
        (lambda p: p.update(format="other"), "not an ldn-titrate plan"),
        (lambda p: p["steps"][1].update(start="2026-12-16"), "step 2: starts 2026-12-16"),
        (lambda p: p["steps"][0].update(dose_mg=0), "step 1: dose 0 mg is not positive"),
        (lambda p: p["steps"][0].update(nights=13), "step 1: 13 nights does not match"),
        (lambda p: p["steps"][0].update(number=3), "step 3: numbered out of order"),
        (lambda p: p.update(steps=[]), "the plan has no steps"),
        (lambda p: p.pop("review_date"), "review_date: required key is missing"),
        (lambda p: p["steps"][0].update(dose_mg="lots"), "steps.0.dose_mg"),
    ],
)
def test_bad_plan_files(cli: Cli, tmp_path: Path, change, message: str) -> None:  # type: ignore[no-untyped-def]
    plan = _saved(cli, tmp_path)
    change(plan)
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(plan), encoding="utf-8")
    result = cli("plan", "--plan", str(path))
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "no such file"),
        (b"{not json", "invalid JSON"),
        (b"\xff\xfe", "cannot be read"),
        (b"[1]", "not an ldn-titrate plan"),
    ],
)
def test_missing_or_corrupt_plan_file(
    cli: Cli, tmp_path: Path, content: bytes | None, message: str
) -> None:
    path = tmp_path / "plan.json"
    if content is not None:
        path.write_bytes(content)
    result = cli("plan", "--plan", str(path))
    assert result.exit_code == 2
    assert message in result.stderr


def test_saved_plan_is_rechecked_with_warnings(cli: Cli, tmp_path: Path) -> None:
    plan = _saved(cli, tmp_path)
    plan["steps"][-1]["dose_mg"] = 7
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(plan), encoding="utf-8")
    result = cli("plan", "--plan", str(path))
    assert result.exit_code == 0, result.output
    assert "7 mg is outside this policy's doses of 0.1 mg to 6 mg" in result.output


def test_presets_and_policy(cli: Cli) -> None:
    presets = cli("presets")
    assert presets.exit_code == 0
    for name in ("standard (default)", "three-step", "weekly", "gentle", "autoimmune"):
        assert name in presets.output
    assert "1 mg, 2 mg, 3 mg, 4 mg," in presets.output
    assert not re.search(r"[0-9] *\n[ │]*mg", presets.output)  # a dose never wraps from its unit
    policy = cli("policy")
    assert policy.exit_code == 0
    assert "Source: built-in" in policy.output
    assert "sha256:" in policy.output


def test_policy_check(cli: Cli, tmp_path: Path) -> None:
    example = Path(__file__).parent / "policies" / "example-clinic.toml"
    good = cli("policy", "check", str(example))
    assert good.exit_code == 0, good.output
    assert "valid policy 'Example Clinic LDN policy' with 4 presets" in good.output
    bad = tmp_path / "bad.toml"
    bad.write_text("[bounds.ceiling]\nmaxx_mg = 5\n", encoding="utf-8")
    result = cli("policy", "check", str(bad))
    assert result.exit_code == 2
    assert "bounds.ceiling.maxx_mg: unknown key" in result.stderr


def test_policy_shows_the_output_modes_and_prints_the_clinics_words_as_written(
    cli: Cli, tmp_path: Path
) -> None:
    """The [output] modes are shown; a name in square brackets is text, never rich markup."""
    example = Path(__file__).parent / "policies" / "example-clinic.toml"
    policy = tmp_path / "policy.toml"
    policy.write_text(
        example.read_text(encoding="utf-8")
        .replace('name = "Example Clinic LDN policy"', 'name = "[bold]North[/bold] clinic"')
        .replace('file_mode = "0600"', 'file_mode = "0640"'),
        encoding="utf-8",
    )
    shown = cli("policy", "--policy", str(policy))
    assert shown.exit_code == 0, shown.output
    assert "Policy: [bold]North[/bold] clinic" in shown.output
    assert "Files written: mode 0640, folders made: mode 0700" in shown.output
    presets = cli("presets", "--policy", str(policy))
    assert "Presets of [bold]North[/bold] clinic" in presets.output


def test_policy_option_applies(cli: Cli) -> None:
    example = Path(__file__).parent / "policies" / "example-clinic.toml"
    result = cli("plan", "--policy", str(example), *START, "--ceiling", "5")
    assert result.exit_code == 2
    assert f"maximum of 4.5 mg (allowed 0.5 mg to 4.5 mg; policy: {example})" in result.stderr


def test_python_dash_m(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "ldn_titrate", "plan", *START, "-f", "json"],
        capture_output=True, text=True, check=False, cwd=Path(__file__).parent.parent,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["steps"][0]["dose_mg"] == 1.5


@pytest.mark.parametrize("width", ["40", "60", "80"])
def test_narrow_terminal_keeps_doses_whole(
    cli: Cli, monkeypatch: pytest.MonkeyPatch, width: str
) -> None:
    monkeypatch.setenv("COLUMNS", width)
    result = cli("plan", *START, "--start-dose", "2", "--ceiling", "5")
    assert result.exit_code == 0
    assert not re.search(r"[0-9] *\n[ │]*mg", result.stdout)
    for dose in ("2 mg", "3 mg", "4 mg", "5 mg"):
        assert dose in result.output
    assert max(len(line) for line in result.stdout.splitlines()) <= int(width)


@pytest.mark.parametrize(
    "args", [["--version"], ["plan", "--start-date", "2026-12-01", "-f", "json"]]
)
def test_entry_point_matches_the_cli(args: list[str]) -> None:
    """The console script answers --version itself; everything else goes to the typer app."""
    result = subprocess.run(
        [sys.executable, "-m", "ldn_titrate", *args],
        capture_output=True, text=True, check=False, cwd=Path(__file__).parent.parent,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    if args == ["--version"]:
        assert result.stdout == f"ldn-titrate {__version__}\n"
    else:
        assert json.loads(result.stdout)["format"] == "ldn-titrate/plan"


@pytest.mark.parametrize(
    ("dose", "shown"),
    [(50, "dose 50 mg is above 10 mg"), ("1e400", "dose of a million mg or more")],
)
def test_saved_plan_above_any_low_dose_is_refused(
    cli: Cli, tmp_path: Path, dose: object, shown: str
) -> None:
    """No saved plan reaches a handout or calendar with a dose no LDN plan has."""
    text = cli("plan", *START, "-f", "json").stdout
    path = tmp_path / "plan.json"
    path.write_text(text.replace('"dose_mg": 1.5}', f'"dose_mg": {dose}}}', 1), encoding="utf-8")
    for args in (
        ["plan", "--plan", str(path)],
        ["handout", "--plan", str(path), "-o", str(tmp_path / "h.html")],
    ):
        result = cli(*args)
        assert result.exit_code == 2, result.output
        assert shown in result.stderr
    assert not (tmp_path / "h.html").exists()


def test_policy_cannot_exceed_the_low_dose_range(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "policy.toml"
    path.write_text("[bounds.ceiling]\nmax_mg = 60\n", encoding="utf-8")
    result = cli("policy", "check", str(path))
    assert result.exit_code == 2
    assert "bounds.ceiling.max_mg: Input should be less than or equal to 10" in result.stderr


def test_notes_are_never_cropped_on_an_ordinary_terminal(cli: Cli, tmp_path: Path) -> None:
    """Long notes (the restart warning) print in full below the table, not in a narrow column."""
    saved = tmp_path / "plan.json"
    cli(
        "plan",
        *START,
        "--opioids",
        "none",
        "--form",
        "liquid",
        "--concentration",
        "1mg/mL",
        "-f",
        "json",
        "-o",
        str(saved),
    )
    paused = tmp_path / "paused.json"
    cli(
        "adjust",
        str(saved),
        "--pause",
        "2026-12-20..2026-12-25",
        "--reason",
        "surgery",
        "-o",
        str(paused),
    )
    result = cli("plan", "--plan", str(paused))
    assert result.exit_code == 0, result.output
    flat = " ".join(result.stdout.split())
    assert (
        "do not restart LDN while taking any opioid (including tramadol, codeine, methadone or buprenorphine)"
        in flat
    )


def test_force_keeps_a_private_files_permissions(cli: Cli, tmp_path: Path) -> None:
    target = tmp_path / "plan.json"
    target.write_text("{}", encoding="utf-8")
    target.chmod(0o600)
    result = cli("plan", *START, "-f", "json", "-o", str(target), "--force")
    assert result.exit_code == 0, result.output
    assert target.stat().st_mode & 0o777 == 0o600
    assert json.loads(target.read_text(encoding="utf-8"))["format"] == "ldn-titrate/plan"


def test_version_fast_path_loads_no_typer() -> None:
    probe = (
        "import sys; from ldn_titrate.entry import main; sys.argv = ['ldn-titrate', '--version']; "
        "main(); print('typer' in sys.modules, 'pydantic' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                            check=True, cwd=Path(__file__).parent.parent)  # fmt: skip
    assert result.stdout.splitlines() == [f"ldn-titrate {__version__}", "False False"]
