"""Every shell example of the docs runs as written: README.md and every page under docs/.

Page by page, in a fresh folder, line by line in order (what one line writes the next may read).
A plan (`plan.json`, the standard preset from 2026-12-01), a clinic policy (`clinic.toml`, the
example policy), the example CSV (`patients.csv`) and a clinic catalog (`clinic-fr_CA.po`) are
made when a line reads one that is not there yet. A line marked `(exit 2)` must be refused; the
comment lines under a command are what it must print. The completion lines run from bash in
tests/test_readme_interop.py and `--publish` against a real CalDAV server in tests/test_caldav.py.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Cli
from tests.docs_pages import ROOT, Example, examples, pages

# Run elsewhere, the way they need to run (see the module docstring).
ELSEWHERE = ("--install-completion", "--show-completion", "--publish")
# Options whose value is a file a command writes, never one it reads.
WRITES = {"-o", "--output", "--out-dir", "--report", "init"}


def runnable(name: str) -> list[Example]:
    return [e for e in examples(name) if not set(ELSEWHERE) & set(e.args)]


PAGES = [name for name in pages() if runnable(name)]


def _catalog(folder: Path) -> None:
    shipped = ROOT / "ldn_titrate" / "locale" / "es" / "LC_MESSAGES" / "ldn_titrate.po"
    text = shipped.read_text(encoding="utf-8").replace('"Language: es\\n"', '"Language: fr_CA\\n"')
    (folder / "clinic-fr_CA.po").write_text(text, encoding="utf-8")


def _inputs(cli: Cli) -> dict[str, Callable[[Path], object]]:
    return {
        "plan.json": lambda folder: cli(
            "plan", "--start-date", "2026-12-01", "-f", "json", "-o", str(folder / "plan.json")
        ),
        "clinic.toml": lambda folder: shutil.copy(
            ROOT / "examples" / "clinic-policy.toml", folder / "clinic.toml"
        ),
        "patients.csv": lambda folder: shutil.copy(
            ROOT / "examples" / "patients.csv", folder / "patients.csv"
        ),
        "clinic-fr_CA.po": _catalog,
    }


def normalised(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("name", PAGES)
def test_every_shell_example_runs(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    monkeypatch.chdir(tmp_path)
    inputs = _inputs(cli)
    for example in runnable(name):
        for before, word in zip(["", *example.args], example.args, strict=False):
            if word in inputs and before not in WRITES and not (tmp_path / word).exists():
                inputs[word](tmp_path)
        result = cli(*example.args)
        said = result.stdout + result.stderr
        assert result.exit_code == example.exit_code, f"{example.id}\n{said}"
        for expected in example.prints:
            assert normalised(expected) in normalised(said), f"{example.id}\n{said}"


def test_the_pages_have_examples() -> None:
    """A parser that finds nothing must fail, not pass: the guide's pages are full of them."""
    assert len(PAGES) >= 12, PAGES
    assert sum(len(runnable(name)) for name in PAGES) >= 60
