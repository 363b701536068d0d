"""Every example of the records-system and shell pages runs as written, checked the way each
needs: FHIR validated against the real models, completion from bash, a calendar without RRULE.

(These read README.md's sections once; the sections are now pages of docs/. Every other shell
example of the docs runs in tests/test_docs_examples.py.)
"""

from __future__ import annotations

import json
import shlex
import shutil
from pathlib import Path

import pytest

from tests.conftest import Cli
from tests.docs_pages import ROOT, args_of
from tests.fhir_models import validate
from tests.programs import program


def examples(where: str, needle: str = "") -> list[list[str]]:
    """The ``ldn-titrate`` command lines of a page of docs/ (``clinic/batch.md``)."""
    return args_of(where, needle=needle)


FHIR = examples("records/fhir.md")
BATCH = examples("clinic/batch.md", needle="fhir")


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


POLICY = args_of("clinic/policy.md", "`policy`: the active bounds, and where they came from")
SHELL = examples("clinic/shell.md")
CALENDAR = examples("clinician/calendar.md", needle="one-event-per-night")


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
    assert b"RRULE" not in (workdir / args[args.index("-o") + 1]).read_bytes()


def test_the_new_sections_have_their_examples() -> None:
    assert [len(POLICY), len(SHELL), len(CALENDAR)] == [3, 3, 1]
