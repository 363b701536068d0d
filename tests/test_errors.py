"""Every error in one style (issue 24, defect 5): ``error: WHAT: why; did you mean X?``, one
line per problem, exit 2, nothing written; parsing errors included, never a boxed panel.

The suggestion is only offered: the command never runs with it in place of what was typed.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
import typer
from hypothesis import given, settings
from hypothesis import strategies as st

from ldn_titrate.cli import app
from ldn_titrate.core.parsing import parse_date
from tests.conftest import Cli

COMMANDS = "plan, adjust, checkin, status, report, batch, calendar, handout, prescription, presets, policy, languages"
QUOTE_HINT = "(a value with a space goes in quotes)"

PARSING = [
    (("plan", "--ceilng", "3"), "--ceilng: no such option; did you mean --ceiling?"),
    (("plan", "-o"), "-o: needs a value (-o FILE)"),
    (("plan", "--interval", "2", "weeks"),
     f"weeks: unexpected argument; did you mean --interval '2 weeks'? {QUOTE_HINT}"),
    (("calendar", "--interval=2", "weeks"),
     f"weeks: unexpected argument; did you mean --interval='2 weeks'? {QUOTE_HINT}"),
    (("plan", "extra"), "extra: unexpected argument; see ldn-titrate plan -h"),
    (("plna",), "plna: no such command; did you mean plan?"),
    (("frobnicate",), f"frobnicate: no such command; choose one of {COMMANDS}"),
    (("policy", "chek"), "chek: no such command of ldn-titrate policy; did you mean check?"),
    (("plan", "--language", "es"),
     "--language: no such option of ldn-titrate plan; status, calendar and handout take it"),
    (("plan", "--paper", "a4"), "--paper: no such option of ldn-titrate plan; handout takes it"),
    (("plan", "--start", "today"),
     "--start: no such option; did you mean --start-date or --start-dose?"),
    (("plan", "-x"), "-x: no such option; see ldn-titrate plan -h"),
    (("--bogus",), "--bogus: no such option; see ldn-titrate -h"),
    (("adjust", "p.json", "--hld", "3"), "--hld: no such option; did you mean --hold?"),
    (("policy", "init", "x.toml", "--forc"), "--forc: no such option; did you mean --force?"),
    (("plan", "--force=yes"), "--force: is a flag and takes no value (write --force alone)"),
    (("handout", "--start-date", "2027-03-01"),
     "--output/-o FILE: missing; ldn-titrate handout needs it (- for stdout)"),
    (("batch",), "CSV: missing; ldn-titrate batch needs it (see ldn-titrate batch -h)"),
    (("policy", "check"),
     "FILE: missing; ldn-titrate policy check needs it (see ldn-titrate policy check -h)"),
    (("--version=3",), "--version: is a flag and takes no value (write --version alone)"),
    # A control character is never printed raw, and the hint needs no quoting then.
    (("plan", "a\x07b"), "'a\\x07b': unexpected argument; see ldn-titrate plan -h"),
    (("plan", "--paper", "a5", "-f", "jsn"),
     "--paper: no such option of ldn-titrate plan; handout takes it"),
]  # fmt: skip


@pytest.mark.parametrize(("args", "message"), PARSING, ids=[" ".join(a) for a, _ in PARSING])
def test_a_parsing_error_is_one_house_line(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...], message: str
) -> None:
    """Issue 24, defect 5: click's boxed panel with "Usage:" is gone; the line names what was
    typed, why it is wrong, and the close name when there is one."""
    monkeypatch.chdir(tmp_path)
    result = cli(*args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == f"error: {message}\n"
    assert list(tmp_path.iterdir()) == []  # nothing written


def test_an_error_the_parser_has_no_house_words_for_is_still_one_clause() -> None:
    """Whatever else the parser may raise is its own sentence, made a clause of the line."""
    from typer._click.exceptions import UsageError

    from ldn_titrate.cli.usage import message

    assert message(UsageError("Something Odd happened.")) == "something Odd happened"


def test_no_arguments_still_prints_the_help(cli: Cli) -> None:
    result = cli()
    assert "Usage: ldn-titrate" in result.output
    assert "error:" not in result.output


@pytest.mark.parametrize(
    ("args", "suggestion"),
    [
        (("plan", "--preset", "standrd"), "; did you mean standard?"),
        (("plan", "--opioids", "stopped:2026-11-01:methadon"), "; did you mean methadone?"),
        (("plan", "--format", "jsn"), "; did you mean json?"),
        (("handout", "--paper", "leter", "-o", "-"), "; did you mean letter?"),
        (("calendar", "--tz", "Europe/London", "--language", "spansh", "-o", "-"),
         "; did you mean es (Spanish)?"),
        (("calendar", "--tz", "Europe/London", "--language", "spanish", "-o", "-"),
         "; did you mean es (Spanish)?"),
        (("handout", "--language", "es-XX", "-o", "-"), "; did you mean es (Spanish)?"),
    ],
)  # fmt: skip
def test_a_close_name_is_offered_never_applied(
    cli: Cli, args: tuple[str, ...], suggestion: str
) -> None:
    """Presets, opioid classes, formats, choices and languages: the message ends with the close
    name, and the command does not run with it (exit 2, nothing on stdout)."""
    result = cli(*args, "--start-date", "2026-12-01")
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert all(line.startswith("error: ") for line in lines), lines
    assert any(line.endswith(suggestion) for line in lines), lines


@pytest.mark.parametrize(
    "args",
    [
        ("plan", "--preset", "zzzzzz"),
        ("plan", "--opioids", "stopped:2026-11-01:zzzz"),
        ("handout", "--language", "zz-ZZ", "-o", "-"),
    ],
)
def test_no_suggestion_when_nothing_is_close(cli: Cli, args: tuple[str, ...]) -> None:
    result = cli(*args, "--start-date", "2026-12-01")
    assert result.exit_code == 2
    assert "did you mean" not in result.stderr
    assert result.stderr.startswith("error: ")


def test_a_batch_row_language_gets_the_close_name(cli: Cli, tmp_path: Path) -> None:
    table = tmp_path / "p.csv"
    table.write_text("id,start_date,opioids,language\nanna,2026-12-01,none,spanish\n", "utf-8")
    result = cli("batch", str(table), "--out-dir", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert "language 'spanish' is not a language tag" in result.stderr
    assert "did you mean es (Spanish)?" in result.stderr


def _options() -> list[tuple[str, str, list[str]]]:
    """(command, one of its options, all of its options) for every command."""
    group = typer.main.get_command(app)
    ctx = typer.Context(group)
    found = []
    for name in group.list_commands(ctx):  # type: ignore[attr-defined]
        command = group.get_command(ctx, name)  # type: ignore[attr-defined]
        names = [o for p in command.params for o in p.opts if o.startswith("--")]
        found += [(name, option, names) for option in names]
    return found


OPTIONS = _options()


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(OPTIONS), st.data())
def test_a_misspelt_option_is_refused_and_a_suggestion_is_a_real_option(
    case: tuple[str, str, list[str]], data: st.DataObject
) -> None:
    """Any one-letter slip in any option of any command: exit 2, one line naming the slip; what
    it offers is a real option of that command; nothing runs."""
    command, option, names = case
    body = option[2:]
    at = data.draw(st.integers(0, len(body) - 1))
    slip = data.draw(st.sampled_from(["drop", "double", "swap"]))
    if slip == "drop":
        typo = body[:at] + body[at + 1 :]
    elif slip == "double":
        typo = body[:at] + body[at] + body[at:]
    else:
        typo = body[:at] + body[at + 1 : at + 2] + body[at] + body[at + 2 :]
    typo = "--" + typo
    if typo in names or typo == "--":
        return
    result = Cli()(command, typo)
    assert result.exit_code == 2
    assert result.stdout == ""
    line = result.stderr
    assert line.startswith(f"error: {typo}: no such option"), line
    assert line.count("\n") == 1
    if "did you mean " in line:
        offered = line.split("did you mean ")[1].rstrip("?\n").split(" or ")
        assert set(offered) <= {*names, "--help"}, (offered, names)


# -q on every command that writes a file: no "wrote" line, no summary; the file is written.
@pytest.mark.parametrize("command", ["plan", "handout", "calendar", "adjust", "batch", "policy"])
def test_quiet_on_every_command_that_writes_a_file(cli: Cli, tmp_path: Path, command: str) -> None:
    """Issue 24, defect 5: ``adjust -q`` was refused as an unknown option."""
    plan = tmp_path / "p.json"
    made = ("--start-date", "2026-12-01", "--opioids", "none")
    assert cli("plan", *made, "-o", str(plan), "-q").exit_code == 0
    table = tmp_path / "p.csv"
    table.write_text("id,start_date,opioids\nanna,2026-12-01,none\n", encoding="utf-8")
    target = tmp_path / {"handout": "h.html", "calendar": "c.ics", "policy": "c.toml"}.get(
        command, "r.json"
    )
    args = {
        "plan": ("plan", *made, "-o", str(target)),
        "handout": ("handout", *made, "-o", str(target)),
        "calendar": ("calendar", *made, "--tz", "Europe/London", "-o", str(target)),
        "adjust": (
            "adjust",
            str(plan),
            "--hold",
            "3",
            "--on",
            "2026-12-05",
            "--reason",
            "x",
            "-o",
            str(target),
        ),
        "batch": ("batch", str(table), "--out-dir", str(tmp_path / "out")),
        "policy": ("policy", "init", str(target)),
    }[command]
    loud = cli(*args)
    assert loud.exit_code == 0, loud.output
    for made_file in (target, tmp_path / "out"):
        if made_file.is_dir():
            for item in made_file.iterdir():
                item.unlink()
            made_file.rmdir()
        elif made_file.exists():
            made_file.unlink()
    quiet = cli(*args, "-q")
    assert quiet.exit_code == 0, quiet.output
    assert target.exists() or (tmp_path / "out" / "anna.json").exists()
    said = [line for line in loud.output.splitlines() if not line.startswith("warning")]
    kept = [line for line in quiet.output.splitlines() if not line.startswith("warning")]
    assert said, loud.output  # without -q the command says what it wrote
    assert kept == [], quiet.output


# `yesterday` wherever `today` is accepted (one grammar: core/parsing).
def test_yesterday_is_a_date_word() -> None:
    today = date(2026, 3, 1)
    assert parse_date("yesterday", today) == date(2026, 2, 28)
    assert parse_date(" Yesterday ", today) == date(2026, 2, 28)
    with pytest.raises(ValueError, match="today, tomorrow or yesterday"):
        parse_date("the day before", today)


def test_yesterday_works_in_plan_adjust_and_status(cli: Cli, tmp_path: Path) -> None:
    """Issue 24, defect 5: ``--on yesterday`` was refused though ``today`` worked."""
    plan = tmp_path / "p.json"
    made = cli("plan", "--start-date", "yesterday", "--opioids", "none", "-o", str(plan))
    assert made.exit_code == 0, made.output
    # SOURCE_DATE_EPOCH (tests/conftest.py) makes today 2026-11-24.
    assert json.loads(plan.read_text("utf-8"))["inputs"]["start_date"] == "2026-11-23"
    status = cli("status", str(plan), "--on", "yesterday")
    assert status.exit_code == 0, status.output
    assert status.stdout.startswith("Step 1 of 4, night 1 of 14")
    held = tmp_path / "r.json"
    adjusted = cli("adjust", str(plan), "--hold", "3", "--on", "yesterday", "--reason", "x",
                   "-o", str(held))  # fmt: skip
    assert adjusted.exit_code == 0, adjusted.output
    history = json.loads(held.read_text("utf-8"))["history"]
    assert history[-1]["on"] == "2026-11-23"


def test_completing_after_an_unknown_word_says_nothing() -> None:
    """Shell completion parses what is typed so far: an unknown command there is no error."""
    from tests.test_shell import run as run_script

    done = run_script(["ldn-titrate"], _LDN_TITRATE_COMPLETE="complete_zsh",
                      _TYPER_COMPLETE_ARGS="ldn-titrate plna --")  # fmt: skip
    assert done.returncode == 0
    assert done.stderr == ""
