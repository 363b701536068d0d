"""The digest's canonical text (core/canonical.py), and the promise it keeps: every plan file
ldn-titrate wrote, read back by the next command, verifies, under the rule its digest records.
"""

from __future__ import annotations

import json
import shutil
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ldn_titrate.core.canonical import canonical_json, number_text, sha256_of

LEGACY = Path(__file__).parent / "data" / "plans-v0.x"


def test_a_moment_is_written_as_given_whatever_came_before() -> None:
    """12:00 UTC and 07:00 at -05:00 are the same moment but not the same record."""
    utc = datetime(2026, 12, 1, 12, tzinfo=UTC)
    east_coast = datetime(2026, 12, 1, 7, tzinfo=timezone(timedelta(hours=-5)))
    for rule in (1, 2):
        assert canonical_json({"t": east_coast}, rule) == '{"t":"2026-12-01T07:00:00-05:00"}'
        assert canonical_json({"t": utc}, rule) == '{"t":"2026-12-01T12:00:00+00:00"}'


def test_rule_2_writes_every_number_as_a_number() -> None:
    value = [Decimal("1.50"), Decimal(2), 2, Decimal("2.0"), date(2026, 12, 1), True, None]
    assert canonical_json(value) == '[1.5,2,2,2,"2026-12-01",true,null]'
    # Rule 1, kept to check older files: a Decimal was a string, an int a number.
    assert canonical_json(value, 1) == '["1.5","2",2,"2","2026-12-01",true,null]'


def test_keys_are_sorted_and_text_is_escaped() -> None:
    assert canonical_json({"b": "é\n", "a": {"d": 1, "c": []}}) == (
        '{"a":{"c":[],"d":1},"b":"\\u00e9\\n"}'
    )


def test_what_cannot_be_fingerprinted_is_refused() -> None:
    with pytest.raises(TypeError):
        canonical_json({"x": object()})
    with pytest.raises(ValueError, match="finite"):
        canonical_json(Decimal("NaN"))


doses = st.decimals(min_value=-1000, max_value=1000, allow_nan=False, places=3)


@given(doses)
def test_a_number_has_one_text_however_it_is_held(value: Decimal) -> None:
    """int, Decimal, 2 or 2.000: equal numbers give equal text, which JSON reads as that number."""
    forms = {value, value.normalize(), value.quantize(Decimal("0.00001"))}
    if value == value.to_integral():
        forms.add(int(value))  # type: ignore[arg-type]
    texts = {canonical_json({"dose_mg": form}) for form in forms}
    assert len(texts) == 1
    assert json.loads(texts.pop(), parse_float=Decimal)["dose_mg"] == value
    assert sha256_of([value]) == sha256_of([int(value)] if value == int(value) else [value])
    assert "E" not in number_text(value)


@pytest.mark.parametrize("name", sorted(p.name for p in LEGACY.glob("*.json")))
def test_files_written_by_earlier_versions_still_verify(cli, tmp_path: Path, name: str) -> None:
    """Kept as test data: plan files 0.x wrote (rule 1), including the whole-mg histories that
    0.x itself read back as edited. Each verifies, adjusts, and re-saves under rule 2."""
    plan = tmp_path / name
    shutil.copy(LEGACY / name, plan)
    shown = cli("plan", "--plan", str(plan))
    assert shown.exit_code == 0, shown.output
    assert "NOT AS WRITTEN" not in shown.output
    saved = cli("plan", "--plan", str(plan), "--format", "json", "-o", "-")
    assert saved.exit_code == 0, saved.output
    resaved = json.loads(saved.stdout)
    assert resaved["digest"]["canonical"] == 2
    first = date.fromisoformat(resaved["steps"][0]["start"])
    held = cli(
        "adjust", str(plan), "--hold", "2", "--on", str(first + timedelta(days=3)),
        "--reason", "check", "-o", str(tmp_path / "held.json"),
    )  # fmt: skip
    assert held.exit_code == 0, held.output
    status = cli("status", str(tmp_path / "held.json"), "--on", str(first))
    assert "NOT AS WRITTEN" not in status.output


def test_a_changed_rule_1_file_is_still_caught(cli, tmp_path: Path) -> None:
    text = (LEGACY / "gentle-step-back.json").read_text(encoding="utf-8")
    changed = text.replace('"to_mg": 1', '"to_mg": 0.5', 1)
    assert changed != text
    plan = tmp_path / "p.json"
    plan.write_text(changed, encoding="utf-8")
    result = cli("status", str(plan), "--on", "2027-03-20")
    assert "NOT AS WRITTEN" in result.output
    assert "the history no longer" in result.output
