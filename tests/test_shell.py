"""The command line as a shell user meets it: completion, help examples, flags, bad choices,
binary output to a terminal, and starting a clinic policy."""

from __future__ import annotations

import os
import pty
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ldn_titrate.cli.examples import EXAMPLES
from tests.conftest import FIXED_EPOCH, Cli
from tests.programs import program
from tests.test_docs import command_names

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent  # where pip put the ldn-titrate script


def env(**extra: str) -> dict[str, str]:
    return {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}",
            "SOURCE_DATE_EPOCH": FIXED_EPOCH, "NO_COLOR": "1", **extra}  # fmt: skip


def run(args: list[str], **extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, env=env(**extra), capture_output=True, text=True, check=False)


def script(shell: str) -> str:
    # typer's own switch: the shell is given instead of detected from the parent process.
    done = run(["ldn-titrate", "--show-completion", shell],
               _TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION="1")  # fmt: skip
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_bash_completion_completes_commands_and_choices(tmp_path: Path) -> None:
    path = tmp_path / "ldn.bash"
    path.write_text(script("bash"), encoding="utf-8")
    probe = (
        f"source {shlex.quote(str(path))}; "
        "COMP_WORDS=(ldn-titrate pl); COMP_CWORD=1; _ldn_titrate_completion ldn-titrate; "
        'echo "${COMPREPLY[*]}"; '
        "COMP_WORDS=(ldn-titrate plan --format ''); COMP_CWORD=3; "
        '_ldn_titrate_completion ldn-titrate; echo "${COMPREPLY[*]}"'
    )
    done = run([program("bash"), "-c", probe])
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["plan", "table json markdown fhir"]


def test_fish_completion_completes_commands(tmp_path: Path) -> None:
    fish = program("fish")
    path = tmp_path / "ldn.fish"
    path.write_text(script("fish"), encoding="utf-8")
    assert run([fish, "--no-execute", str(path)]).returncode == 0
    done = run([fish, "-c", f"source {path}; complete -C 'ldn-titrate pol'"])
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("policy\t")


def test_zsh_completion_script_parses(tmp_path: Path) -> None:
    zsh = program("zsh")
    path = tmp_path / "_ldn-titrate"
    path.write_text(script("zsh"), encoding="utf-8")
    assert run([zsh, "-n", str(path)]).returncode == 0


def test_zsh_completion_protocol_answers() -> None:
    """What zsh's script asks the program, asked without zsh: runs on every machine."""
    text = script("zsh")
    assert text.startswith("#compdef ldn-titrate")
    assert "_LDN_TITRATE_COMPLETE=complete_zsh" in text
    # What the script's function runs, with the words typed so far:
    done = run(["ldn-titrate"], _LDN_TITRATE_COMPLETE="complete_zsh",
               _TYPER_COMPLETE_ARGS="ldn-titrate policy ")  # fmt: skip
    assert '"check":' in done.stdout
    assert '"init":' in done.stdout


def test_install_completion_writes_the_script_where_bash_reads_it(tmp_path: Path) -> None:
    done = run(["ldn-titrate", "--install-completion", "bash"], HOME=str(tmp_path),
               _TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION="1")  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "bash completion installed in" in done.stdout
    installed = tmp_path / ".bash_completions" / "ldn-titrate.sh"
    assert "_ldn_titrate_completion" in installed.read_text(encoding="utf-8")
    assert str(installed) in (tmp_path / ".bashrc").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", command_names())
def test_every_help_has_examples_and_no_bool_metavar(cli: Cli, name: str) -> None:
    result = cli(*name.split(), "--help")
    assert result.exit_code == 0
    assert "Examples:" in result.output
    assert f"ldn-titrate {name}" in result.output.split("Examples:")[1]
    assert "<bool>" not in result.output


def test_top_level_help_offers_completion(cli: Cli) -> None:
    result = cli("--help")
    assert "--install-completion" in result.output
    assert "--show-completion" in result.output
    assert "<bool>" not in result.output


def test_every_help_example_runs(cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    monkeypatch.chdir(tmp_path)
    assert set(EXAMPLES) == set(command_names())  # every command has examples, none is stale
    for lines in EXAMPLES.values():
        for line in lines:
            result = cli(*shlex.split(line)[1:])
            assert result.exit_code == 0, (line, result.output)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("plan", "-f", "jsno"),
         "--format 'jsno': choose one of table, json, markdown, fhir; did you mean json?"),
        (("plan", "--form", "lqd"), "--form 'lqd': choose one of liquid, capsules"),
        (("plan", "--form", "liqid"),
         "--form 'liqid': choose one of liquid, capsules; did you mean liquid?"),
        (("plan", "-f", "fhir", "--fhir-version", "r3"),
         "--fhir-version 'r3': choose one of r4, r4b, r5"),
        (("handout", "-f", "docx", "-o", "x"), "--format 'docx': choose one of html, markdown, pdf"),
        (("status", "p.json", "-f", "xml"), "--format 'xml': choose one of text, json"),
        (("batch", "p.csv", "--out-dir", "d", "--fhir-version", "dstu2"),
         "--fhir-version 'dstu2': choose one of r4, r4b, r5"),
    ],
)  # fmt: skip
def test_a_bad_choice_is_one_line_in_house_style(
    cli: Cli, args: tuple[str, ...], message: str
) -> None:
    result = cli(*args)
    assert result.exit_code == 2
    assert result.stderr == f"error: {message}\n"


def test_a_missing_value_is_one_line_in_house_style(cli: Cli) -> None:
    result = cli("plan", "--interval")
    assert result.exit_code == 2
    assert result.output == "error: --interval: needs a value (--interval DURATION)\n"


def on_a_terminal(args: list[str]) -> tuple[int, bytes]:
    """Run with stdout on a pseudo-terminal: (exit code, what reached the terminal)."""
    leader, follower = pty.openpty()
    try:
        done = subprocess.run(args, env=env(), stdout=follower, stderr=subprocess.PIPE,
                              check=False)  # fmt: skip
    finally:
        os.close(follower)
    shown = b""
    try:
        while chunk := os.read(leader, 65536):
            shown += chunk
    except OSError:  # the terminal closed: everything was read
        pass
    os.close(leader)
    return done.returncode, shown + done.stderr


def test_a_pdf_is_never_written_into_a_terminal() -> None:
    args = ["ldn-titrate", "handout", "--start-date", "2026-12-01", "-f", "pdf", "-o", "-"]
    code, shown = on_a_terminal(args)
    assert code == 2
    assert b"%PDF" not in shown
    assert b"error: -o -: a PDF is binary; redirect it (> handout.pdf) or pipe it" in shown
    piped = subprocess.run(args, env=env(), capture_output=True, check=False)
    assert piped.returncode == 0
    assert piped.stdout.startswith(b"%PDF-")


def test_policy_init_writes_the_starter_policy(cli: Cli, tmp_path: Path) -> None:
    target = tmp_path / "clinic.toml"
    result = cli("policy", "init", str(target))
    assert result.exit_code == 0, result.output
    example = (ROOT / "examples" / "clinic-policy.toml").read_text(encoding="utf-8")
    assert target.read_text(encoding="utf-8") == example
    assert f"ldn-titrate policy check {target}" in result.stderr
    assert cli("policy", "check", str(target)).exit_code == 0
    again = cli("policy", "init", str(target))
    assert again.exit_code == 2
    assert again.stderr == f"error: {target}: the file exists; add --force to replace it\n"
    target.write_text("mine", encoding="utf-8")
    assert cli("policy", "init", str(target), "--force").exit_code == 0
    assert target.read_text(encoding="utf-8") == example
    assert cli("policy", "init", "-").stdout == example


def test_the_packaged_policy_is_the_example_in_the_repository() -> None:
    packaged = ROOT / "ldn_titrate" / "rules" / "clinic-policy.toml"
    assert packaged.read_bytes() == (ROOT / "examples" / "clinic-policy.toml").read_bytes()
