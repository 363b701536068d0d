"""The documentation site: it builds with `mkdocs build --strict`, offline, with the
clinical-judgement notice on every page; its generated parts (every command's --help, the JSON
Schemas, the policy key page) are what the code makes today; and the JSON Schemas accept every
real plan and policy and refuse broken ones.
"""

from __future__ import annotations

import difflib
import json
import os
import re
import subprocess
import sys
import tomllib
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft7Validator

from tests import docgen
from tests.conftest import Cli
from tests.docs_pages import DOCS, ROOT

NOTICE = "ldn-titrate supports clinical judgement; it does not replace it."


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
        cwd=ROOT, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return out


def test_the_site_builds_strictly_with_the_notice_on_every_page(site: Path) -> None:
    built = sorted(site.rglob("*.html"))
    sources = [p for p in DOCS.rglob("*.md") if "overrides" not in p.parts]
    assert len(built) >= len(sources), "a page was left out of the build"
    for path in built:
        text = path.read_text(encoding="utf-8")
        if path.name == "404.html" or "<article" in text:
            assert NOTICE in " ".join(re.sub(r"<[^>]+>", " ", text).split()), path.name


def test_the_site_reads_offline(site: Path) -> None:
    """No web fonts, scripts or styles fetched from anywhere: the site works on an intranet."""
    for path in site.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        for tag in re.findall(r"<(?:script|link|img)\b[^>]*>", text):
            assert not re.search(r"""(?:src|href)=["']?(?:https?:)?//""", tag), (path.name, tag)
    assert not list(site.rglob("*.woff*")), "no font file is needed: theme.font is false"


def test_the_generated_docs_are_what_the_code_makes() -> None:
    stale = []
    for path, made in docgen.outputs().items():
        kept = path.read_text(encoding="utf-8") if path.exists() else ""
        if kept != made:
            diff = difflib.unified_diff(
                kept.splitlines(keepends=True), made.splitlines(keepends=True),
                fromfile=str(path.relative_to(ROOT)), tofile="made now", n=1,
            )  # fmt: skip
            stale.append("".join(list(diff)[:40]))
    assert not stale, "run `python -m tests.docgen` and review:\n" + "\n".join(stale)


def test_the_command_reference_has_every_command() -> None:
    page = docgen.COMMANDS_PAGE.read_text(encoding="utf-8")
    names = docgen.command_names()
    assert len(names) >= 9
    for name in names:
        assert f"## ldn-titrate {name}\n" in page
        assert f"Usage: ldn-titrate {name} " in page


# --- the plan file's schema against real plans --------------------------------------------------


def plan_validator(version: int = 1) -> Draft7Validator:
    path = docgen.PLAN_SCHEMA if version == 1 else docgen.PLAN_V2_SCHEMA
    schema = json.loads(path.read_text(encoding="utf-8"))
    Draft7Validator.check_schema(schema)
    return Draft7Validator(schema)


# Real plans of every regimen form, formulation and screen, made by the command line.
FORMS = {
    "standard": ["--preset", "standard"],
    "ladder": ["--doses", "1,2,3,4.5", "--interval", "14"],
    "phases": ["--start-dose", "0.25", "--phase", "0.25mg/7d:1.5mg", "--phase", "0.5mg/14d:4.5mg"],
    "months": ["--preset", "standard", "--interval", "1m"],
    "ongoing": ["--preset", "standard", "--maintain", "ongoing"],
    "also": ["--preset", "standard", "--also", "0.5mg@08:00"],
    "liquid": ["--form", "liquid", "--concentration", "1mg/mL", "--supply-days", "30", "--also", "0.5mg@08:00"],
    "capsules": ["--start-dose", "1.5", "--step", "1.5", "--ceiling", "4.5", "--form", "capsules", "--strengths", "1.5,3,4.5"],
    "screened": ["--opioids", "stopped:2026-11-10:tramadol", "--caution", "pregnancy", "--caution", "surgery-planned"],
    "planned-last-dose": ["--opioids", "stopped:2026-11-28", "--start-date", "2026-12-09"],
}  # fmt: skip

# Every kind of adjustment, each on the plan the one before it wrote.
ADJUSTMENTS = [
    ["--hold", "7", "--on", "2026-12-10"],
    ["--step-back", "--on", "2026-12-30"],
    ["--advance", "--on", "2027-01-20"],
    ["--dose-time", "morning", "--at", "08:00", "--on", "2027-01-22"],
    ["--pause", "2027-01-25..2027-01-30", "--resume-dose", "1.5"],
    ["--step-back", "--to", "1", "--on", "2027-02-10"],  # a whole mg in the history, read back
    ["--stop-at-current", "--on", "2027-02-20"],
    ["--resume", "--on", "2027-02-25"],
    ["--caution", "pregnancy", "--on", "2027-02-26"],  # the screen follows the patient
    ["--clear-caution", "pregnancy", "--on", "2027-02-27"],
    ["--undo"],
    ["--discontinue", "--on", "2027-03-01"],
    ["--opioids", "stopped:2027-03-02"],  # the opioid screen: a restart, a procedure, a stop
    ["--opioids", "planned:2027-03-25:codeine", "--until", "2027-03-27"],
    ["--opioids", "current:tramadol", "--on", "2027-05-01"],
]


def _made(cli: Cli, folder: Path, name: str, *args: str) -> dict[str, Any]:
    path = folder / f"{name}.json"
    result = cli("plan", "--start-date", "2026-12-01", *args, "-f", "json", "-o", str(path))
    assert result.exit_code == 0, result.output
    loaded: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return loaded


@pytest.mark.parametrize("form", FORMS)
def test_the_plan_schema_accepts_a_plan_of_every_form(cli: Cli, tmp_path: Path, form: str) -> None:
    args = FORMS[form]
    if "--start-date" in args:  # a plan that sets its own first night
        result = cli("plan", *args, "-f", "json", "-o", str(tmp_path / "p.json"))
        assert result.exit_code == 0, result.output
        plan = json.loads((tmp_path / "p.json").read_text(encoding="utf-8"))
    else:
        plan = _made(cli, tmp_path, form, *args)
    errors = [e.message for e in plan_validator().iter_errors(plan)]
    assert not errors, errors


def test_the_plan_schema_accepts_every_adjustment_and_an_override(cli: Cli, tmp_path: Path) -> None:
    validator = plan_validator()
    _made(
        cli, tmp_path, "r1", "--preset", "standard", "--form", "liquid", "--concentration", "5mg/mL"
    )
    current = tmp_path / "r1.json"
    kinds = set()
    for number, change in enumerate(ADJUSTMENTS, start=2):
        written = tmp_path / f"r{number}.json"
        reason = [] if change == ["--undo"] else ["--reason", "as the prescriber decided"]
        result = cli("adjust", str(current), *change, *reason, "-o", str(written))
        assert result.exit_code == 0, (change, result.output)
        plan = json.loads(written.read_text(encoding="utf-8"))
        errors = [e.message for e in validator.iter_errors(plan)]
        assert not errors, (change, errors)
        kinds.add(plan["history"][-1]["kind"])
        current = written
    # An override: the file edited by hand, used as it is, and sealed again.
    plan = json.loads(current.read_text(encoding="utf-8"))
    plan["warnings"] = [*plan["warnings"], "edited by hand"]
    current.write_text(json.dumps(plan), encoding="utf-8")
    sealed = tmp_path / "sealed.json"
    result = cli("plan", "--plan", str(current), "--override", "checked with the prescriber",
                 "-f", "json", "-o", str(sealed))  # fmt: skip
    assert result.exit_code == 0, result.output
    plan = json.loads(sealed.read_text(encoding="utf-8"))
    assert not [e.message for e in validator.iter_errors(plan)]
    kinds.add(plan["history"][-1]["kind"])
    # Plan version 2 (issue 26): a check-in, a voided one, a goal and a range.
    v2 = plan_validator(2)
    assert not [e.message for e in v2.iter_errors(plan)]  # version 2 reads version 1 too
    ranged = _made(cli, tmp_path, "ranged", "--preset", "standard", "--interval", "7-14d",
                   "--goal", "pain -30%")  # fmt: skip
    for args in (["--on", "2026-11-20", "--pain", "6", "--side-effect", "other:mild:dry mouth"],
                 ["--void", "1", "--reason", "wrong patient"]):  # fmt: skip
        written = tmp_path / f"c{len(kinds)}.json"
        result = cli("checkin", str(tmp_path / "ranged.json"), *args, "-o", str(written))
        assert result.exit_code == 0, result.output
        ranged = json.loads(written.read_text(encoding="utf-8"))
        assert not [e.message for e in v2.iter_errors(ranged)], args
        assert [e.message for e in plan_validator().iter_errors(ranged)]  # not a version-1 plan
        kinds.add(ranged["history"][-1]["kind"])
        (tmp_path / "ranged.json").write_text(json.dumps(ranged), encoding="utf-8")
    from ldn_titrate.core.vocab import ChangeKind

    assert kinds | {"renew"} == {kind.value for kind in ChangeKind}, kinds
    renewed = tmp_path / "renewed.json"
    _made(cli, tmp_path, "short", "--preset", "standard")
    result = cli("adjust", str(tmp_path / "short.json"), "--renew", "6m", "--on", "2027-02-09",
                 "--reason", "review: doing well", "-o", str(renewed))  # fmt: skip
    assert result.exit_code == 0, result.output
    assert not list(validator.iter_errors(json.loads(renewed.read_text(encoding="utf-8"))))


@pytest.mark.parametrize(
    ("change", "where"),
    [
        (lambda p: p.update(colour="blue"), "colour"),  # an unknown key, as the reader refuses
        (lambda p: p.update(version=2), "version"),
        (lambda p: p["steps"][0].update(nights=-1), "nights"),
        (lambda p: p["steps"][0].update(dose_mg="1.5 mg"), "dose_mg"),
        (lambda p: p["steps"][0].update(phase="rest"), "phase"),
        (lambda p: p.pop("review_date"), "review_date"),
    ],
    ids=[
        "unknown key",
        "version 2",
        "negative nights",
        "dose as text",
        "unknown phase",
        "no review",
    ],
)
def test_the_plan_schema_refuses_a_broken_plan(
    cli: Cli, tmp_path: Path, change: Any, where: str
) -> None:
    plan = _made(cli, tmp_path, "plan", "--preset", "standard")
    change(plan)
    errors = list(plan_validator().iter_errors(plan))
    assert errors
    assert any(where in (e.message + " ".join(map(str, e.absolute_path))) for e in errors), [
        e.message for e in errors
    ]


# --- the policy's schema against real policy files --------------------------------------------


def policy_validator() -> Draft7Validator:
    schema = json.loads(docgen.POLICY_SCHEMA.read_text(encoding="utf-8"))
    Draft7Validator.check_schema(schema)
    return Draft7Validator(schema)


def as_json(value: Any) -> Any:
    """A TOML document as an editor's schema checker sees it: dates as ISO text."""
    if isinstance(value, dict):
        return {key: as_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [as_json(item) for item in value]
    return value.isoformat() if isinstance(value, date) else value


POLICIES = [*sorted((ROOT / "examples").glob("*.toml")), docgen.STARTER_POLICY]


@pytest.mark.parametrize("path", POLICIES, ids=lambda p: p.name)
def test_the_policy_schema_accepts_the_shipped_policies(path: Path) -> None:
    data = as_json(tomllib.loads(path.read_text(encoding="utf-8")))
    errors = [e.message for e in policy_validator().iter_errors(data)]
    assert not errors, errors


def test_the_policy_schema_accepts_what_policy_check_accepts(cli: Cli, tmp_path: Path) -> None:
    """A file may set one key and leave the rest built in."""
    path = tmp_path / "policy.toml"
    path.write_text("#:schema ./policy.schema.json\n[bounds.ceiling]\nmax_mg = 4.5\n", "utf-8")
    assert cli("policy", "check", str(path)).exit_code == 0
    assert not list(policy_validator().iter_errors(as_json(tomllib.loads(path.read_text()))))


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("[bounds.ceiling]\nmax_mgg = 4.5\n", "max_mgg"),
        ("[bounds.ceiling]\nmax_mg = 12\n", "max_mg"),
        ('[presets.mine]\ndescription = "x"\nsource = "y"\nstart_dose_mg = 1\n', "maintain_nights"),
        ('[safety]\ncurrent_opioids = "ignore"\n', "current_opioids"),
        ('[output]\nfile_mode = "rw-------"\n', "file_mode"),
    ],
    ids=[
        "misspelt key",
        "ceiling above 10 mg",
        "preset without maintenance",
        "unknown action",
        "mode",
    ],
)
def test_the_policy_schema_refuses_what_policy_check_refuses(
    cli: Cli, tmp_path: Path, text: str, key: str
) -> None:
    path = tmp_path / "policy.toml"
    path.write_text(text, encoding="utf-8")
    checked = cli("policy", "check", str(path))
    assert checked.exit_code == 2
    errors = list(policy_validator().iter_errors(as_json(tomllib.loads(text))))
    assert errors
    said = " ".join(e.message + " " + " ".join(map(str, e.absolute_path)) for e in errors)
    assert key in said, said


def test_every_policy_key_has_its_row() -> None:
    """The key page lists every key the model has, with the built-in value."""
    page = docgen.POLICY_KEYS_PAGE.read_text(encoding="utf-8")
    schema = json.loads(docgen.POLICY_SCHEMA.read_text(encoding="utf-8"))
    for path, prop in docgen._properties(schema):
        if docgen._ref(schema, prop) is None and path != "presets":
            assert f"| `{path.rsplit('.', 1)[-1]}` |" in page, path
    assert "| `max_hold_nights` | whole number, 1 to 3660 | `28` |" in page
    assert "Bruun-Plesner 2020" in page  # the built-in ceiling's source, quoted


def test_the_policy_page_quotes_the_built_in_bounds() -> None:
    """The clinic policy page's table of built-in bounds is written for people; it must still say
    what the built-in policy holds."""
    from ldn_titrate.core.dosetext import format_mg
    from ldn_titrate.rules.policy import built_in

    bounds = built_in().policy.bounds
    page = (DOCS / "clinic" / "policy.md").read_text(encoding="utf-8")
    rows = {
        cells[0]: cells[1:]
        for line in page.splitlines()
        if line.startswith("| ") and (cells := [c.strip() for c in line.strip("|").split("|")])
    }

    def mg(value: Any) -> str:
        return "–" if value is None else format_mg(value)

    for name, bound in [("start dose", bounds.start_dose), ("step", bounds.step),
                        ("ceiling", bounds.ceiling)]:  # fmt: skip
        assert rows[name] == [mg(bound.min_mg), mg(bound.max_mg), mg(bound.warn_above_mg)], name
    for name, nights in [("interval", bounds.interval), ("maintenance", bounds.maintain)]:
        assert rows[name][:2] == [f"{nights.min_nights} nights", f"{nights.max_nights} nights"]
    months = bounds.interval_months
    assert rows["interval in months"][:2] == [str(months.min_months), str(months.max_months)]
    dates = bounds.start_date
    assert rows["start date"] == [
        dates.earliest.isoformat(), dates.latest.isoformat(),
        f"more than {dates.warn_days_from_today} days from today",
    ]  # fmt: skip
    adjust = built_in().policy.adjust
    assert rows["`max_step_backs`"][0] == str(adjust.max_step_backs)
    assert rows["`max_hold_nights`"][0] == str(adjust.max_hold_nights)


def test_the_presets_table_lists_the_built_in_presets() -> None:
    from ldn_titrate.core.dosetext import format_mg
    from ldn_titrate.rules.policy import built_in

    page = (DOCS / "clinician" / "regimens.md").read_text(encoding="utf-8")
    table = page.split("## Presets", 1)[1]
    rows = {
        cells[0].split("`")[1]: cells[1:]
        for line in table.splitlines()
        if line.startswith("| `") and (cells := [c.strip() for c in line.strip("|").split("|")])
    }
    presets = built_in().policy.presets
    assert set(rows) == set(presets)
    for name, preset in presets.items():
        start, _step, every, ceiling, maintenance, _doses = rows[name]
        first = preset.start_dose_mg if preset.doses_mg is None else preset.doses_mg[0]
        top = preset.ceiling_mg if preset.doses_mg is None else preset.doses_mg[-1]
        assert (start, ceiling) == (format_mg(first), format_mg(top)), name  # type: ignore[arg-type]
        assert every == f"{preset.interval_nights} nights", name
        assert maintenance == f"{preset.maintain_nights} nights", name
