"""README's test command passes on a fresh machine (issue 24, defect 6): a test that needs a
system program is skipped without it, saying how to install it; CI installs every one."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests import programs

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
CI = (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_readme_names_the_programs_of_the_full_run_beside_the_test_command() -> None:
    after = README.split("pytest --cov\n```", 1)[1].split("\n## ", 1)[0]
    for program in ("zsh", "fish", "Chromium"):
        assert program in after, f"README's test command does not name {program}"
    assert "apt-get install zsh fish chromium fonts-dejavu-core" in after
    assert "skipped" in after
    assert ".ci/run" in after


@pytest.mark.parametrize("name", sorted(set(programs.INSTALL) - {"bash"}))
def test_ci_installs_every_program_a_test_may_skip_for(name: str) -> None:
    """bash is left out: .ci/run is itself a bash script."""
    installed = " ".join(re.findall(r"apt-get install[^\n]*", CI))
    for package in programs.INSTALL[name].removeprefix("apt-get install ").split():
        assert package in installed, f".ci/run does not install {package}"
    assert f"command -v {name}" in CI  # checked, so a machine that has it skips the install


def test_a_missing_program_skips_naming_the_install_command(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(programs.shutil, "which", lambda name: None)
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match=r"zsh is not installed; install it with: "
                       r"apt-get install zsh$"):  # fmt: skip
        programs.program("zsh")


def test_under_ci_a_missing_program_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(programs.shutil, "which", lambda name: None)
    monkeypatch.setenv("CI", "1")
    with pytest.raises(pytest.fail.Exception, match="chromium is not installed"):
        programs.program("chromium")


def test_a_program_on_path_is_found(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(programs.shutil, "which", lambda name: f"/opt/bin/{name}")
    assert programs.program("fish") == "/opt/bin/fish"
