"""Packaging: the sdist carries what its own tests need and the wheel carries the package data.

Both are built by the real backend (``python -m build --no-isolation``, offline) into a temporary
folder; the tests read the archives' file lists and metadata, they do not run the unpacked tests
(that nested run is done by hand before a release, see docs/development/tests.md).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tarfile
import tomllib
import zipfile
from email.parser import Parser
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))

pytestmark = pytest.mark.packaging


def repo_files(folder: str) -> set[str]:
    """Every file under `folder` that belongs to the project (no caches, no bytecode)."""
    found = set()
    for path in (ROOT / folder).rglob("*"):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
            found.add(path.relative_to(ROOT).as_posix())
    return found


# Left behind by installs, builds and test runs; never part of a release.
NOT_SOURCE = shutil.ignore_patterns(
    ".git", ".venv", "*.egg-info", "build", "dist", "__pycache__", "*.pyc", ".*_cache",
    ".hypothesis", ".coverage",
)  # fmt: skip


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # Built from a clean copy: setuptools reads back an old egg-info/SOURCES.txt, which would
    # hide a file that MANIFEST.in no longer takes. With neither --sdist nor --wheel, build makes
    # the sdist and then the wheel *from the sdist*, as pip does from PyPI.
    source = tmp_path_factory.mktemp("source") / "ldn-titrate"
    shutil.copytree(ROOT, source, ignore=NOT_SOURCE)
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "build", "--no-isolation", "--outdir", str(out), str(source)],
        capture_output=True, text=True, check=True, cwd=source,
    )  # fmt: skip
    return out


@pytest.fixture(scope="module")
def sdist_files(dist: Path) -> set[str]:
    (archive,) = dist.glob("*.tar.gz")
    with tarfile.open(archive) as tar:
        names = [member.name for member in tar.getmembers() if member.isfile()]
    return {name.split("/", 1)[1] for name in names}


@pytest.fixture(scope="module")
def wheel(dist: Path) -> zipfile.ZipFile:
    (archive,) = dist.glob("*.whl")
    return zipfile.ZipFile(archive)


def test_sdist_carries_what_its_tests_need(sdist_files: set[str]) -> None:
    needed = {"LICENSE", "README.md", "pyproject.toml", "MANIFEST.in", ".ci/run", "mkdocs.yml"}
    needed |= {"tests/conftest.py", "tests/handout_helpers.py"}
    needed |= repo_files("tests") | repo_files("examples") | repo_files("benchmarks")
    needed |= repo_files("docs")
    assert "docs/development/layout.md" in needed, "the docs the tests read must ship"
    assert {f for f in needed if f.startswith("tests/golden/")}, "no golden files found"
    assert {f for f in needed if f.startswith("examples/")}, "no examples found"
    missing = needed - sdist_files
    assert not missing, f"the sdist lacks {sorted(missing)}"
    assert not {f for f in sdist_files if f.endswith(".pyc") or "__pycache__" in f}


def test_wheel_carries_every_subpackage_and_the_package_data(wheel: zipfile.ZipFile) -> None:
    names = set(wheel.namelist())
    package_files = {
        path.relative_to(ROOT).as_posix()
        for path in (ROOT / "ldn_titrate").rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc"
    }
    assert "ldn_titrate/py.typed" in package_files
    assert "ldn_titrate/render/handout/fonts/DejaVuSans.ttf" in package_files
    missing = package_files - names
    assert not missing, f"the wheel lacks {sorted(missing)}"
    assert not {n for n in names if n.startswith(("tests/", "examples/", "benchmarks/"))}


def test_every_folder_with_python_code_is_a_package() -> None:
    # packages.find only finds folders with an __init__.py: a folder without one would be left
    # out of the wheel silently.
    for folder in {path.parent for path in (ROOT / "ldn_titrate").rglob("*.py")}:
        assert (folder / "__init__.py").is_file(), f"{folder.relative_to(ROOT)} has no __init__.py"


def test_wheel_metadata_names_the_licence_and_the_project_links(wheel: zipfile.ZipFile) -> None:
    (metadata_name,) = [n for n in wheel.namelist() if n.endswith(".dist-info/METADATA")]
    metadata = Parser().parsestr(wheel.read(metadata_name).decode("utf-8"))
    assert metadata["License-Expression"] == "MIT"
    assert metadata.get_all("License-File") == ["LICENSE"]
    licence = metadata_name.replace("METADATA", "licenses/LICENSE")
    assert "MIT License" in wheel.read(licence).decode("utf-8")
    links = dict(link.split(", ", 1) for link in metadata.get_all("Project-URL") or [])
    assert set(links) >= {"Homepage", "Issues", "Changelog"}
    classifiers = metadata.get_all("Classifier") or []
    assert classifiers
    # An SPDX `license` expression and a License :: classifier together are refused by PyPI.
    assert not [c for c in classifiers if c.startswith("License ::")]


def test_setuptools_floor_is_the_same_for_building_and_for_the_tests() -> None:
    (backend,) = PYPROJECT["build-system"]["requires"]
    assert backend in PYPROJECT["project"]["optional-dependencies"]["test"]
    assert re.fullmatch(r"setuptools>=(\d+)(\.\d+)*", backend)
    assert int(backend.split(">=")[1].split(".")[0]) >= 77  # SPDX `license` needs setuptools 77


def test_dev_tools_are_pinned_once() -> None:
    dev = PYPROJECT["project"]["optional-dependencies"]["dev"]
    pins = {re.split(r"[=<>!~]", requirement)[0]: requirement for requirement in dev}
    for tool in ("ruff", "mypy"):
        assert re.fullmatch(rf"{tool}==\d+(\.\d+)+", pins[tool]), pins[tool]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    development = (ROOT / "docs" / "development" / "tests.md").read_text(encoding="utf-8")
    assert "pip install -e '.[dev]'" in readme
    assert "pip install -e '.[dev]'" in development
    # No second list: no requirements file or pre-commit config, and no version in README or CI.
    for other in ("requirements-dev.txt", "requirements.txt", ".pre-commit-config.yaml"):
        assert not (ROOT / other).exists(), f"{other} would be a second list of tool versions"
    for text in (readme, development, (ROOT / ".ci" / "run").read_text(encoding="utf-8")):
        assert not re.search(r"(ruff|mypy)\s*[=<>~]=", text)
