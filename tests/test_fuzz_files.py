"""Hostile plan, policy and CSV files (issue 14): a damaged or forged file is refused by name
(exit 2), never met by a traceback, a hang or a file written; a sane one still works.

Plans are the tool's own plan with values swapped for hostile ones (numbers past any precision,
text capsule keys, year 9999, control characters, deep nesting) or with bytes cut or added;
policies are TOML setting any bound to a hostile value; CSVs carry hostile cells.
``--hypothesis-profile=fuzz`` runs many more cases by hand.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from ldn_titrate.plans.batch.table import COLUMNS
from tests.hostile_helpers import HOSTILE, check_run, examples, saved_plan, workspace

BIG = "__BIG_INTEGER__"  # replaced by 5,000 digits after encoding (json cannot write them)
HOSTILE_JSON: tuple[Any, ...] = (
    None,
    True,
    -1,
    0,
    10**150,
    -(10**20),
    BIG,
    1e308,
    "lots",
    "",
    "1e400",
    "\u202eevil\u202c\x1b[2J",
    {},
    [],
    {"three": 1},
    {"1.5": -4},
    "9999-12-31",
    "9999-12-30T23:59:59+14:00",
    "0001-01-01",
    "refuse",
    [[[[[[[[[[1]]]]]]]]]],
)


def _leaves(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path into a JSON document, containers included."""
    found = [path]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _leaves(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _leaves(item, (*path, index))
    return found


SIGNED = saved_plan()
# Without its digest a changed plan is read (with a warning) instead of refused as changed, so
# the hostile values reach every reader, not only the integrity check.
PLAN = {key: value for key, value in SIGNED.items() if key != "digest"}
PATHS = [path for path in _leaves(PLAN) if path]


def _replaced(document: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    head = path[0]
    if isinstance(document, list) and isinstance(head, int) and head < len(document):
        items = list(document)
        items[head] = _replaced(document[head], path[1:], value)
        return items
    if isinstance(document, dict):
        return {**document, head: _replaced(document.get(head, {}), path[1:], value)}
    return document  # an earlier change replaced what this path went through


@st.composite
def hostile_plans(draw: st.DrawFn) -> bytes:
    document: Any = PLAN if draw(st.integers(0, 4)) else SIGNED
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(PATHS))
        value = draw(st.sampled_from(HOSTILE_JSON) | st.integers() | st.text(max_size=8))
        document = _replaced(document, path, value)
    text = json.dumps(document, ensure_ascii=draw(st.booleans()))
    text = text.replace(f'"{BIG}"', "9" * 5000)
    data = text.encode("utf-8", "surrogatepass")
    cut = draw(st.none() | st.integers(0, len(data)))
    if cut is not None:  # a truncated or spliced file
        data = data[:cut] + draw(st.binary(max_size=8))
    return data


PLAN_COMMANDS = (
    ["plan", "--plan", "@F"],
    ["plan", "--plan", "@F", "-f", "json"],
    ["plan", "--plan", "@F", "--form", "capsules"],
    ["status", "@F"],
    ["status", "@F", "--format", "json"],
    ["calendar", "--plan", "@F", "--tz", "Europe/London", "-o", "@out.ics"],
    ["handout", "--plan", "@F", "-o", "@out.html"],
    ["handout", "--plan", "@F", "-f", "markdown", "-o", "-"],
    ["adjust", "@F", "--hold", "3", "--on", "2026-12-20", "--reason", "r", "-o", "@new.json"],
    ["adjust", "@F", "--undo", "-o", "@new.json"],
    ["adjust", "@F", "--step-back", "--on", "2026-12-20", "--reason", "r", "-o", "-"],
)


def _run(argv: list[str], file_name: str, content: bytes, batch: bool = False) -> None:
    with workspace() as space:
        (space.root / file_name).write_bytes(content)
        resolved = [
            str(space.root / (file_name if arg == "@F" else arg[1:]))
            if arg.startswith("@")
            else arg
            for arg in argv
        ]
        check_run(resolved, space, writes_on_refusal=batch)


def fuzz_settings(count: int) -> settings:
    return settings(
        max_examples=examples(count),
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


# The regression corpus: plan values that once crashed a command (issue 14).
PLAN_CORPUS: list[tuple[tuple[Any, ...], Any]] = [
    (("revision",), 10**150),
    (("steps", 0, "capsules"), {"three": 1}),
    (("formulation", "concentration_mg_per_ml"), 0),
    (("history", 0, "parameters", "nights"), "lots"),
    (("screening",), {"findings": [{"code": "x", "action": "refuse", "message": "m"}]}),
    (("steps", 0, "note"), "forged \x1b[2J\u202e note"),
    (("review_date",), "9999-12-31"),
    (("history", 0, "made_at"), "9999-12-31T23:59:59-12:00"),
]


@pytest.mark.parametrize(("path", "value"), PLAN_CORPUS, ids=range(len(PLAN_CORPUS)))
@pytest.mark.parametrize("argv", PLAN_COMMANDS, ids=lambda argv: "-".join(argv[:2]))
def test_plan_regression_corpus(argv: list[str], path: tuple[Any, ...], value: Any) -> None:
    _run(argv, "plan.json", json.dumps(_replaced(PLAN, path, value)).encode())


@fuzz_settings(360)
@given(st.sampled_from(PLAN_COMMANDS), hostile_plans())
@example(["plan", "--plan", "@F"], b"[" * 100_000)
@example(["handout", "--plan", "@F", "-o", "@out.html"], b'{"format": "ldn-titrate/plan"' * 10)
def test_hostile_plan_files(argv: list[str], content: bytes) -> None:
    _run(argv, "plan.json", content)


POLICY_KEYS = (
    "resolution_mg",
    "max_steps",
    "default_preset",
    "name",
    "bounds.start_dose.min_mg",
    "bounds.start_dose.max_mg",
    "bounds.step.min_mg",
    "bounds.ceiling.warn_above_mg",
    "bounds.interval.max_nights",
    "bounds.maintain.min_nights",
    "bounds.start_date.earliest",
    "bounds.start_date.latest",
    "bounds.start_date.warn_days_from_today",
    "formulation.bottle_sizes_ml",
    "formulation.syringes",
    "formulation.min_volume_ml",
    "formulation.beyond_use_days",
    "formulation.capsule_strengths_mg",
    "formulation.overage_percent",
    "formulation.max_capsules_per_dose",
    "formulation.splits",
    "safety.opioid_free_days",
    "safety.opioid_class_days",
    "safety.current_opioids",
    "adjust.max_hold_nights",
    "adjust.max_step_backs",
    "output.file_mode",
    "output.folder_mode",
    "presets.standard.start_dose_mg",
)
TOML_VALUES = (
    "0", "-30", "1", "0.001", "1e-30", "1e30", "9" * 5000, "[0]", "[-30]", "[]", "[0.001]",
    "[1, 2, 3, 4, 5, 6, 7, 8, 9]", '"lots"', "9999-12-31", "0001-01-01", "2026-12-01", "inf",
    "nan", "[[1]]", "{}", '"\\u202e"', '"0777"', '"0000"', '"refuse"', "true",
    '[{size_ml = 0, graduation_ml = 0}]', '[{strength_mg = 4.5, parts = 4}]', "{methadone = 9999}",
)  # fmt: skip


@st.composite
def hostile_policies(draw: st.DrawFn) -> bytes:
    keys = draw(st.lists(st.sampled_from(POLICY_KEYS), min_size=1, max_size=4, unique=True))
    lines = [f"{key} = {draw(st.sampled_from(TOML_VALUES))}" for key in keys]
    return ("\n".join(lines) + "\n").encode()


POLICY_COMMANDS = (
    ["policy", "check", "@F"],
    ["policy", "--policy", "@F"],
    ["presets", "--policy", "@F"],
    ["plan", "--policy", "@F", "--start-date", "2026-12-01"],
    ["plan", "--policy", "@F", "--start-date", "2026-12-01", "--form", "liquid",
     "--concentration", "1mg/mL", "--supply-days", "30"],
    ["plan", "--policy", "@F", "--start-date", "2026-12-01", "--form", "capsules"],
    ["calendar", "--policy", "@F", "--start-date", "2026-12-01", "--tz", "Europe/London",
     "-o", "@out.ics"],
    ["adjust", "@adjusted.json", "--policy", "@F", "--undo", "-o", "@new.json"],
    ["adjust", "@plan.json", "--policy", "@F", "--hold", "3", "--on", "2026-12-20", "--reason",
     "r", "-o", "@new.json"],
)  # fmt: skip


@fuzz_settings(220)
@given(st.sampled_from(POLICY_COMMANDS), hostile_policies())
@example(["policy", "check", "@F"], b"[formulation]\nbottle_sizes_ml = [0]\n")
@example(["plan", "--policy", "@F", "--form", "liquid", "--concentration", "1mg/mL"],
         b"[formulation]\nbottle_sizes_ml = [-30]\n")  # fmt: skip
@example(["policy", "check", "@F"], b"resolution_mg = 1e-30\n")
@example(["adjust", "@adjusted.json", "--policy", "@F", "--undo", "-o", "@new.json"],
         b"max_steps = " + b"9" * 5000 + b"\n")  # fmt: skip
@example(["policy", "check", "@F"], b"a = " + b"[" * 5000 + b"\n")
def test_hostile_policy_files(argv: list[str], content: bytes) -> None:
    _run(argv, "policy.toml", content)


CELLS = ("standard", "gentle", "2026-12-01", "1.5", "liquid", "1mg/mL", "30", "none", *HOSTILE)


@st.composite
def hostile_tables(draw: st.DrawFn) -> bytes:
    columns = draw(
        st.lists(st.sampled_from([*COLUMNS, "extra", ""]), min_size=1, max_size=6, unique=True)
    )
    if draw(st.booleans()) and "id" not in columns:
        columns = ["id", *columns]
    separator = draw(st.sampled_from([",", ";"]))
    rows = [separator.join(columns)]
    for _ in range(draw(st.integers(0, 4))):
        cells = draw(st.lists(st.sampled_from(CELLS), min_size=len(columns), max_size=len(columns)))
        rows.append(separator.join(cells))
    text = "\n".join(rows) + "\n"
    prefix = draw(st.sampled_from([b"", b"\xef\xbb\xbf", b"\xff\xfe", b'"']))
    return prefix + text.encode("utf-8", "surrogatepass")


@fuzz_settings(60)
@given(hostile_tables(), st.sampled_from(["json", "json,ics,html,fhir"]))
@example(b"id,supply_days,form\np1,\xd9\xa3\xd9\xa0,capsules\n", "json")
@example(b"id,preset\n../../etc/x,standard\n/etc/passwd,standard\n", "json")
def test_hostile_batch_tables(content: bytes, formats: str) -> None:
    _run(["batch", "@F", "--out-dir", "@out", "--formats", formats, "--tz", "Europe/London"],
         "patients.csv", content, batch=True)  # fmt: skip
