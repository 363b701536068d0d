"""Opioids by drug name, brand and combination: mapped to the policy's washout classes; a
misspelling, a non-opioid and an unknown name are each refused with what to type instead."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import pytest

from ldn_titrate.rules.policy import built_in
from ldn_titrate.rules.screening import ScreeningAnswers, screen
from ldn_titrate.rules.washout import judging_class, required_days
from ldn_titrate.rules.washout.names import ALIASES, DRUGS, UnknownOpioid, resolve
from tests.conftest import Cli

SAFETY = built_in().policy.safety
CLASSES = tuple(SAFETY.opioid_class_days)
FIRST, TODAY = date(2026, 12, 1), date(2026, 11, 25)

LONG = [
    "methadone", "Methadose", "Dolophine", "buprenorphine", "Suboxone", "Subutex", "Sublocade",
    "Butrans", "Belbuca", "buprenorphine patch", "buprenorphine/naloxone",
    "buprenorphine-naloxone", "naloxone+buprenorphine", "naloxone-buprenorphine",
    "OxyContin ER", "oxycodone/methadone", "fentanyl patch", "transdermal fentanyl",
    "fentanyl-td", "Duragesic", "OxyContin", "oxycodone ER", "oxycodone-xr", "oxycodone/naloxone ER",
    "Targin", "morphine SR", "MS Contin", "Kadian", "morphine extended-release", "hydromorphone ER",
    "Exalgo", "tapentadol ER", "Nucynta ER", "hydrocodone er", "Hysingla ER", "long-acting",
]  # fmt: skip
TRAMADOL = ["tramadol", "Ultram", "Ultracet", "tramadol/acetaminophen", "tramadol ER", "ConZip"]
GENERAL = [
    "oxycodone", "Percocet", "oxycodone/acetaminophen", "Roxicodone", "morphine", "codeine",
    "Tylenol-3", "co-codamol", "hydrocodone", "Vicodin", "Norco", "hydromorphone", "Dilaudid",
    "tapentadol", "Nucynta", "pethidine", "meperidine", "Demerol", "oxymorphone",
]  # fmt: skip


@pytest.mark.parametrize("name", LONG)
def test_long_acting_names_wait_the_labels_14_days(name: str) -> None:
    opioid = resolve(name, CLASSES).name
    assert judging_class(SAFETY, opioid) == "long-acting"
    assert required_days(SAFETY, opioid) == 14


@pytest.mark.parametrize("name", TRAMADOL)
def test_tramadol_keeps_its_own_class(name: str) -> None:
    opioid = resolve(name, CLASSES).name
    assert judging_class(SAFETY, opioid) == "tramadol"
    assert required_days(SAFETY, opioid) == 10


@pytest.mark.parametrize("name", GENERAL)
def test_other_opioids_take_the_general_days(name: str) -> None:
    opioid = resolve(name, CLASSES).name
    assert judging_class(SAFETY, opioid) is None
    assert required_days(SAFETY, opioid) == SAFETY.opioid_free_days


def test_every_drug_and_brand_in_the_table_resolves() -> None:
    for name in [*DRUGS, *ALIASES]:
        assert resolve(name, CLASSES).name in DRUGS, name


def test_a_clinics_own_class_for_a_drug_wins_and_tramadol_falls_back_without_its_class() -> None:
    own = SAFETY.model_copy(update={"opioid_class_days": {"methadone": 21, "long-acting": 14}})
    assert required_days(own, resolve("Methadose", tuple(own.opioid_class_days)).name) == 21
    assert required_days(own, "buprenorphine") == 14
    bare = SAFETY.model_copy(update={"opioid_class_days": {}})
    assert required_days(bare, "tramadol") == SAFETY.opioid_free_days
    assert required_days(bare, "methadone") == SAFETY.opioid_free_days
    # A class recorded on a plan made before drug names (the old built-in listed methadone).
    assert required_days(SAFETY, "methadone") == 14


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("methadon", "did you mean methadone?"),
        ("oxycontn", "did you mean oxycontin?"),
        ("bupernorphine", "did you mean buprenorphine?"),
        ("tramadl", "did you mean tramadol?"),
        ("loperamide", "is not an opioid this policy screens for"),
        ("Imodium", "is not an opioid this policy screens for"),
        ("naloxone", "is not an opioid this policy screens for"),
        ("Narcan", "is not an opioid this policy screens for"),
        ("naltrexone", "is not an opioid this policy screens for"),
        ("dextromethorphan", "is not an opioid this policy screens for"),
        ("acetaminophen", "is not an opioid this policy screens for"),
        ("acetaminophen/ibuprofen", "is not an opioid this policy screens for"),
        ("codeine/xyzzy", "is not a name this policy knows; give a class"),
        ("xyzzy", "give a class (long-acting, tramadol), a drug (alfentanil, buprenorphine"),
    ],
)
def test_names_that_are_refused_say_what_to_type(typed: str, said: str) -> None:
    with pytest.raises(UnknownOpioid, match=re.escape(said)):
        resolve(typed, CLASSES)


def test_the_screen_records_the_drug_and_names_its_class_in_a_short_washout() -> None:
    last = FIRST - timedelta(days=11)  # 10 free days: enough for oxycodone, not for OxyContin
    record, ok = screen(ScreeningAnswers(f"stopped:{last}:Percocet"), FIRST, SAFETY, "x", TODAY)
    assert ok == []
    assert record is not None
    assert (record.opioid_class, record.opioid_free_days) == ("oxycodone", 10)
    _, refused = screen(ScreeningAnswers(f"stopped:{last}:OxyContin"), FIRST, SAFETY, "x", TODAY)
    assert "last opioid dose (oxycodone-er, long-acting) on 2026-11-20 leaves 10" in refused[0]
    assert "this policy requires 14; earliest start 2026-12-05" in refused[0]


def test_every_problem_at_once_exit_2_nothing_written(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "h.html"
    result = cli("handout", "--preset", "standard", "--start-date", "2026-12-01",
                 "--opioids", "stopped:2026-13-01:loperamide", "--caution", "pregnancy",
                 "--ceiling", "9", "-o", str(out))  # fmt: skip
    assert result.exit_code == 2
    assert "the date" in result.stderr
    assert "'loperamide' is not an opioid this policy screens for" in result.stderr
    assert "ceiling" in result.stderr
    assert "Traceback" not in result.output
    assert not out.exists()


def test_a_drug_name_through_plan_json_status_and_batch(cli: Cli, tmp_path: Path) -> None:
    plan = cli("plan", "--preset", "standard", "--start-date", "2026-12-01", "--opioids",
               "stopped:2026-11-10:Suboxone", "-f", "json", "-o", str(tmp_path / "p.json"))  # fmt: skip
    assert plan.exit_code == 0, plan.output
    text = (tmp_path / "p.json").read_text(encoding="utf-8")
    assert '"opioid_class": "buprenorphine"' in text
    assert '"opioid_free_days": 14' in text
    csv = tmp_path / "t.csv"
    csv.write_text("id,preset,start_date,opioids\n"
                   "a,standard,2026-12-01,stopped:2026-11-10:fentanyl patch\n"
                   "b,standard,2026-12-01,stopped:2026-11-25:Duragesic\n"
                   "c,standard,2026-12-01,stopped:2026-11-10:Imodium\n", encoding="utf-8")  # fmt: skip
    result = cli("batch", str(csv), "--out-dir", str(tmp_path / "o"))
    assert result.exit_code == 2, result.output
    assert "row 3 (b)" in result.stderr
    assert "this policy requires 14" in result.stderr
    assert "row 4 (c)" in result.stderr
    assert "not an opioid this policy screens for" in result.stderr
    assert (tmp_path / "o" / "a.json").exists()


def test_the_safety_table_is_checked() -> None:
    from pydantic import ValidationError

    from ldn_titrate.rules.safety_policy import SafetyPolicy

    data = SAFETY.model_dump()
    for change, said in (
        ({"cautions": {**data["cautions"], "smoking": "warn"}}, "cautions: unknown smoking"),
        ({"cautions": {"pregnancy": "warn"}}, "cautions: no action for breastfeeding"),
        ({"opioid_class_days": {"long-acting": -1}}, "days cannot be negative"),
    ):
        with pytest.raises(ValidationError, match=said):
            SafetyPolicy.model_validate({**data, **change})
