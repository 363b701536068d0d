"""Shared test fixtures: a CLI runner in an isolated, deterministic environment."""

from __future__ import annotations

import itertools
import json
import uuid
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings
from typer.testing import CliRunner

from ldn_titrate.cli import app

# A long search by hand for the hostile-input fuzzers (tests/test_fuzz_*.py):
#     pytest tests/test_fuzz_cli.py tests/test_fuzz_files.py --hypothesis-profile=fuzz
settings.register_profile("fuzz", max_examples=3000, deadline=None)
# A long search by hand for the one-truth state machine (tests/test_one_truth.py):
#     pytest tests/test_one_truth.py --hypothesis-profile=one-truth
settings.register_profile("one-truth", max_examples=400, stateful_step_count=12, deadline=None)

# 2026-11-24T00:00:00Z: a fixed "now" so generated files are reproducible.
FIXED_EPOCH = "1795478400"
GOLDEN = Path(__file__).parent / "golden"
# The id tests give plans they build with the engine directly.
TEST_PLAN_ID = "00000000-0000-4000-8000-000000000001"


@pytest.fixture(autouse=True)
def isolated_env(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    """No user policy, no colour, a fixed width and clock: every test sees the same world."""
    config = tmp_path_factory.mktemp("config")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(config))
    monkeypatch.setenv("HOME", str(config))
    monkeypatch.delenv("LDN_TITRATE_POLICY", raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setenv("TERM", "dumb")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", FIXED_EPOCH)
    monkeypatch.setenv("TZ", "Europe/London")
    # Plans made without a patient identity get a random id; in tests, a numbered one (so golden
    # files are reproducible), still a different one for each plan made.
    counter = itertools.count(1)
    monkeypatch.setattr(
        "ldn_titrate.cli.clock.new_plan_id",
        lambda: str(uuid.UUID(int=(0x7E57 << 112) | (4 << 76) | (2 << 62) | next(counter))),
    )


class Cli:
    def __init__(self) -> None:
        self.runner = CliRunner()

    def __call__(self, *args: str, input: str | None = None):  # type: ignore[no-untyped-def]
        return self.runner.invoke(app, list(args), input=input, catch_exceptions=False)


@pytest.fixture
def cli() -> Cli:
    return Cli()


def assert_golden(name: str, actual: str | bytes) -> None:
    """Compare with tests/golden/NAME; refresh on purpose with LDN_UPDATE_GOLDEN=1."""
    import difflib
    import os

    path = GOLDEN / name
    data = actual.encode("utf-8") if isinstance(actual, str) else actual
    if os.environ.get("LDN_UPDATE_GOLDEN") == "1":
        path.write_bytes(data)
    expected = path.read_bytes()
    if expected != data:
        diff = "".join(
            difflib.unified_diff(
                expected.decode("utf-8", "replace").splitlines(keepends=True),
                data.decode("utf-8", "replace").splitlines(keepends=True),
                fromfile=f"golden/{name}",
                tofile="actual",
            )
        )
        raise AssertionError(f"{name} differs from its golden file:\n{diff}")


def sealed(plan: dict[str, Any]) -> str:
    """A hand-made plan (a test's fixture) as ldn-titrate would write it, with its digest."""
    from ldn_titrate.core import jsonio
    from ldn_titrate.plans import planfile
    from ldn_titrate.render import plan_json

    data = jsonio.loads(json.dumps({key: value for key, value in plan.items() if key != "digest"}))
    return plan_json.dumps(planfile.parse(data, "fixture"))
