"""The one registry of output formats: every command chooses from it, and nothing else."""

from __future__ import annotations

import importlib

import pytest

from ldn_titrate.plans.batch.output import parse_formats
from ldn_titrate.render import formats
from tests.conftest import Cli


@pytest.mark.parametrize("fmt", formats.FORMATS, ids=lambda f: f"{f.family}-{f.name}")
def test_every_format_names_a_renderer_and_a_command(fmt: formats.OutputFormat) -> None:
    spec = importlib.util.find_spec(fmt.module)
    assert spec is not None, fmt.module
    assert fmt.offered_by
    assert fmt.suffix.startswith(".")


@pytest.mark.parametrize("command", ["plan", "handout", "calendar", "batch"])
def test_a_command_offers_each_name_and_suffix_once(command: str) -> None:
    offered = formats.offered(command)
    assert offered
    assert len({f.name for f in offered}) == len(offered)
    assert len({f.suffix for f in offered}) == len(offered)


def test_an_unknown_batch_format_is_an_error_never_a_fallback() -> None:
    with pytest.raises(
        ValueError,
        match="'markdown'; choose from json, fhir, fhir-bundle, fhir-ndjson, ics, html, pdf",
    ):
        parse_formats("json,markdown")
    assert [f.name for f in parse_formats("fhir, JSON")] == ["json", "fhir"]


@pytest.mark.parametrize(
    ("command", "expected"),
    [("plan", "table, json, markdown, fhir"), ("handout", "html, markdown, pdf")],
)
def test_a_wrong_format_is_named_with_every_other_problem(
    cli: Cli, command: str, expected: str
) -> None:
    extra = ["-o", "-"] if command == "handout" else []
    result = cli(command, "--format", "jsno", "--start-dose", "x", *extra)
    assert result.exit_code == 2, result.output
    assert f"--format 'jsno': choose one of {expected}" in result.output
    assert "--start-dose 'x'" in result.output
