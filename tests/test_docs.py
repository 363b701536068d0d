"""Docs parity: every command has help, a row in README.md's command table and an example in the
docs; the two set-up commands (README.md and the Install page) are the ones CI runs; the
30-second example's output is real; and every file in examples/ works.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import Cli
from tests.docgen import command_names as listed_commands
from tests.docs_pages import page, pages

ROOT = Path(__file__).parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
# Every page of the site but the generated command reference, which has every name by making.
GUIDE = "\n".join(page(name) for name in pages() if name != "reference/commands.md")


def command_names() -> list[str]:
    names = listed_commands()
    assert len(names) >= 9, names  # a registry that lists nothing must fail, not skip
    return sorted(names)


@pytest.mark.parametrize("name", command_names())
def test_every_command_has_help_and_a_readme_example(cli: Cli, name: str) -> None:
    result = cli(*name.split(), "--help")
    assert result.exit_code == 0, result.output
    assert len(result.output.strip().splitlines()) > 3
    assert f"| `ldn-titrate {name}" in README, f"README.md's table has no `ldn-titrate {name}`"
    examples = re.findall(rf"^ldn-titrate {name}\b", GUIDE, re.M)
    assert examples, f"no page of docs/ has a shell example of `ldn-titrate {name}`"


@pytest.mark.parametrize("name", ["README.md", "clinic/install.md"])
def test_readme_test_command_is_what_ci_runs(name: str) -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    commands = re.findall(r"```sh\n(python3 -m venv[^\n]*)\n```", page(name))
    assert len(commands) == 2, commands
    install_and_plan, install_and_test = commands
    assert "pip install ." in install_and_plan
    assert "ldn-titrate plan" in install_and_plan
    assert install_and_test.endswith("pytest --cov")
    assert install_and_test in ci.splitlines()


@pytest.mark.parametrize("name", ["README.md", "clinician/first-plan.md"])
def test_readme_example_output_is_real(cli: Cli, name: str) -> None:
    block = re.search(r"\$ ldn-titrate plan --start-date 2026-12-01\n(.*?)```", page(name), re.S)
    assert block is not None
    result = cli("plan", "--start-date", "2026-12-01")
    assert block.group(1).strip() == result.stdout.strip(), f"refresh {name}'s 30-second example"


@pytest.mark.parametrize("path", sorted((ROOT / "examples").glob("*.toml")), ids=lambda p: p.name)
def test_example_policies_are_valid(cli: Cli, path: Path) -> None:
    result = cli("policy", "check", str(path))
    assert result.exit_code == 0, result.output
    planned = cli("plan", "--policy", str(path), "--start-date", "2026-12-01", "--opioids", "none")
    assert planned.exit_code == 0, planned.output


@pytest.mark.parametrize("name", ["README.md", "index.md"])
def test_the_clinical_judgement_notice_comes_first(name: str) -> None:
    """Before anything else a reader meets: what ldn-titrate is not."""
    first = page(name).split("\n\n")[1]
    assert first.startswith(
        "> **ldn-titrate supports clinical judgement; it does not replace it.**"
    )
