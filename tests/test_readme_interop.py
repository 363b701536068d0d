"""Every README example of the records-system and shell sections runs as written."""

from __future__ import annotations

import json
import re
import shlex
import shutil
from pathlib import Path

import pytest

from tests.conftest import Cli
from tests.fhir_models import validate
from tests.programs import program

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def section(title: str) -> str:
    start = README.index(title)
    end = README.find("\n### ", start + 1)
    return README[start:end]


def examples(title: str, needle: str = "") -> list[list[str]]:
    """The ``ldn-titrate`` commands of a README section's sh blocks, continuation lines joined."""
    commands = []
    for block in re.findall(r"```sh\n(.*?)```", section(title), re.S):
        for line in block.replace("\\\n", " ").splitlines():
            if line.startswith("ldn-titrate ") and needle in line:
                commands.append(shlex.split(line, comments=True)[1:])
    return commands


FHIR = examples("### `plan --format fhir`")
BATCH = examples("### `batch`", needle="fhir")


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    shutil.copy(ROOT / "examples" / "patients.csv", tmp_path / "patients.csv")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize("args", FHIR, ids=" ".join)
def test_fhir_examples(cli: Cli, workdir: Path, args: list[str]) -> None:
    result = cli(*args)
    assert result.exit_code == 0, result.output
    written = workdir / "plan.fhir.json"
    text = written.read_text("utf-8") if "-o" in args else result.stdout
    version = args[args.index("--fhir-version") + 1] if "--fhir-version" in args else "r4"
    validate(json.loads(text), version)


@pytest.mark.parametrize("args", BATCH, ids=" ".join)
def test_batch_fhir_examples(cli: Cli, workdir: Path, args: list[str]) -> None:
    result = cli(*args)
    assert result.exit_code == 0, result.output
    made = sorted(p for p in (workdir / "plans").iterdir() if "fhir" in p.name)
    assert made
    for path in made:
        if path.suffix == ".ndjson":
            for line in path.read_text("utf-8").splitlines():
                validate(json.loads(line), "r4")
        else:
            validate(json.loads(path.read_text("utf-8")), "r4")


def test_every_section_has_examples() -> None:
    assert len(FHIR) == 3
    assert len(BATCH) == 2


POLICY = examples("### `policy`")
SHELL = examples("### The shell")
CALENDAR = examples("### `calendar`", needle="one-event-per-night")


@pytest.mark.parametrize("args", POLICY, ids=" ".join)
def test_policy_examples(cli: Cli, workdir: Path, args: list[str]) -> None:
    result = cli(*args)
    assert result.exit_code == 0, result.output
    if args[:2] == ["policy", "init"]:
        assert (workdir / args[2]).read_text("utf-8").startswith("# An example clinic policy")


@pytest.mark.parametrize("args", SHELL, ids=" ".join)
def test_shell_examples(workdir: Path, args: list[str]) -> None:
    """Run from bash, as a user would: the completion options detect the shell they run in."""
    import os
    import subprocess
    import sys

    bin_dir = Path(sys.executable).parent
    env = {**os.environ, "HOME": str(workdir), "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}
    env.pop("_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION", None)
    # "; exit $?" keeps bash from exec-ing the command, so bash stays its parent process and
    # the shell detection finds it however the test run itself was started.
    line = shlex.join(["ldn-titrate", *args]) + "; exit $?"
    done = subprocess.run(
        [program("bash"), "-c", line], env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    if "--install-completion" in args:
        assert (workdir / ".bash_completions" / "ldn-titrate.sh").exists()
    elif "--show-completion" in args:
        assert "complete -o default -F _ldn_titrate_completion ldn-titrate" in done.stdout
    else:
        assert "Examples:" in done.stdout


@pytest.mark.parametrize("args", CALENDAR, ids=" ".join)
def test_calendar_examples(cli: Cli, workdir: Path, args: list[str]) -> None:
    assert cli("plan", "--start-date", "2026-12-01", "-f", "json", "-o", "plan.json").exit_code == 0
    result = cli(*args)
    assert result.exit_code == 0, result.output
    assert b"RRULE" not in (workdir / "ldn.ics").read_bytes()


def test_the_new_sections_have_their_examples() -> None:
    assert [len(POLICY), len(SHELL), len(CALENDAR)] == [3, 3, 1]
