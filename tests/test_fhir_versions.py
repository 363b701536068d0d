"""``--fhir-version``: the contained Medication, route, instructions and status, per release.

Each resource is validated with its own release's models (:mod:`tests.fhir_models`); the
checks below are what a records system reads from them.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Cli
from tests.fhir_models import VERSIONS, validate

START = ("--start-date", "2026-12-01")
UCUM = "http://unitsofmeasure.org"


def made(cli: Cli, version: str, *args: str) -> dict[str, Any]:
    result = cli("plan", *START, *args, "-f", "fhir", "--fhir-version", version)
    assert result.exit_code == 0, result.output
    return validate(json.loads(result.stdout), version)


def ingredient_strength(medication: dict[str, Any], version: str) -> dict[str, Any]:
    ingredient = medication["ingredient"][0]
    return ingredient["strengthRatio" if version == "r5" else "strength"]  # type: ignore[no-any-return]


@pytest.mark.parametrize("version", VERSIONS)
def test_liquid_medication_has_form_and_strength_in_ucum(cli: Cli, version: str) -> None:
    data = made(cli, version, "--form", "liquid", "--concentration", "5mg/mL")
    medication = data["contained"][0]
    form = medication["doseForm" if version == "r5" else "form"]
    assert form["coding"][0]["code"] == "385023001"
    assert medication["code"]["coding"][0]["code"] == "7243"
    assert medication["code"]["text"] == "naltrexone (low dose) 5 mg/mL oral liquid"
    assert ingredient_strength(medication, version) == {
        "numerator": {"value": 5, "unit": "mg", "system": UCUM, "code": "mg"},
        "denominator": {"value": 1, "unit": "mL", "system": UCUM, "code": "mL"},
    }
    if version == "r5":
        assert data["medication"] == {"reference": {"reference": "#naltrexone"}}
        assert "medicationReference" not in data
    else:
        assert data["medicationReference"] == {"reference": "#naltrexone"}


@pytest.mark.parametrize("version", VERSIONS)
def test_one_strength_of_capsules_is_counted_in_ucum(cli: Cli, version: str) -> None:
    data = made(cli, version, "--start-dose", "1.5", "--step", "1.5", "--ceiling", "4.5",
                "--form", "capsules", "--strengths", "1.5", "--supply-days", "28")  # fmt: skip
    medication = data["contained"][0]
    assert medication["doseForm" if version == "r5" else "form"]["coding"][0]["code"] == (
        "385049006"
    )
    per_capsule = {"value": 1, "unit": "capsule", "system": UCUM, "code": "{capsule}"}
    assert ingredient_strength(medication, version)["denominator"] == per_capsule
    assert data["dosageInstruction"][0]["patientInstruction"].startswith(
        "Take 1 capsule of 1.5 mg by mouth at bedtime each night from"
    )
    assert data["dosageInstruction"][1]["patientInstruction"].startswith(
        "Take 2 capsules of 1.5 mg (3 mg) by mouth"
    )
    dispense = data["dispenseRequest"]
    # 14 nights of 1, 2 and 3 capsules, then 28 nights of 3: fill 1 is 28 nights of 1 and 2.
    assert dispense["initialFill"]["quantity"] == {
        "value": 42, "unit": "capsules", "system": UCUM, "code": "{capsule}"
    }  # fmt: skip
    assert dispense["quantity"]["code"] == "{capsule}"


@pytest.mark.parametrize("version", VERSIONS)
def test_every_step_is_taken_by_mouth_with_instructions(cli: Cli, version: str) -> None:
    data = made(cli, version, "--form", "liquid", "--concentration", "1mg/mL")
    for dosage in data["dosageInstruction"]:
        assert dosage["route"]["coding"] == [
            {"system": "http://snomed.info/sct", "code": "26643006", "display": "Oral route"}
        ]
        assert dosage["timing"]["repeat"]["when"] == ["HS"]
        assert dosage["doseAndRate"][0]["doseQuantity"]["code"] == "mg"
    assert data["dosageInstruction"][1]["patientInstruction"] == (
        "Take 2.5 mL of 1 mg/mL (2.5 mg) by mouth at bedtime each night from Tue 15 Dec 2026 "
        "to Mon 28 Dec 2026"
    )
    assert data["identifier"][0]["system"] == "urn:ietf:rfc:3986"


def test_r4_and_r4b_are_the_same_json(cli: Cli) -> None:
    args = ("--form", "liquid", "--concentration", "1mg/mL", "--supply-days", "30",
            "--patient-id", "p1")  # fmt: skip
    assert made(cli, "r4", *args) == made(cli, "r4b", *args)


def test_a_version_needs_the_fhir_format(cli: Cli) -> None:
    result = cli("plan", *START, "--fhir-version", "r5", "-f", "json")
    assert result.exit_code == 2
    assert "--fhir-version goes with --format fhir, not --format json" in result.stderr


def test_the_r4_validator_refuses_r5_json(cli: Cli) -> None:
    """The R4 check can fail: R5's names are unknown elements in R4."""
    data = made(cli, "r5", "--form", "liquid", "--concentration", "1mg/mL")
    with pytest.raises(Exception, match="Superfluous entry"):
        validate(data, "r4")


def adjusted(cli: Cli, tmp_path: Path, *change: str) -> Path:
    saved = tmp_path / "plan.json"
    if not saved.exists():
        made_plan = cli("plan", *START, "--opioids", "none", "--form", "liquid",
                        "--concentration", "1mg/mL", "-f", "json", "-o", str(saved))  # fmt: skip
        assert made_plan.exit_code == 0, made_plan.output
    target = tmp_path / f"changed-{len(list(tmp_path.iterdir()))}.json"
    result = cli("adjust", str(saved), *change, "-o", str(target))
    assert result.exit_code == 0, result.output
    return target


@pytest.mark.parametrize("version", VERSIONS)
def test_a_discontinued_plan_is_stopped_with_its_reason(
    cli: Cli, tmp_path: Path, version: str
) -> None:
    plan = adjusted(cli, tmp_path, "--discontinue", "--on", "2026-12-20", "--reason", "nausea")
    result = cli("plan", "--plan", str(plan), "-f", "fhir", "--fhir-version", version)
    data = validate(json.loads(result.stdout), version)
    assert data["status"] == "stopped"
    assert data["statusReason"] == {
        "text": "Discontinued from Sun 20 Dec 2026 (last night Sat 19 Dec 2026): nausea"
    }
    assert data["dosageInstruction"][-1]["timing"]["repeat"]["boundsPeriod"]["end"] == (
        "2026-12-19"
    )


@pytest.mark.parametrize("version", VERSIONS)
def test_conditions_are_additional_instructions(cli: Cli, tmp_path: Path, version: str) -> None:
    back = adjusted(cli, tmp_path, "--step-back", "--on", "2026-12-20", "--reason", "headache")
    paused = adjusted(cli, tmp_path, "--pause", "2026-12-20..2026-12-25", "--reason", "surgery")
    texts = []
    for plan in (back, paused):
        result = cli("plan", "--plan", str(plan), "-f", "fhir", "--fhir-version", version)
        data = validate(json.loads(result.stdout), version)
        assert data["status"] == "draft"
        texts += [
            extra["text"]
            for dosage in data["dosageInstruction"]
            for extra in dosage.get("additionalInstruction", [])
        ]
    assert texts[0] == (
        "Take this dose only if the side effects have settled; if not, stay on 1.5 mg, do not "
        "follow the later dates or reminders in this plan, and call the clinic"
    )
    assert sum(t.startswith("Restart night: do not restart LDN while taking any opioid")
               for t in texts) == 1  # fmt: skip


@pytest.mark.parametrize("version", VERSIONS)
def test_split_capsules_validate(cli: Cli, tmp_path: Path, version: str) -> None:
    policy = tmp_path / "split.toml"
    policy.write_text("[formulation]\nsplits = [{ strength_mg = 4.5, parts = 4 }]\n", "utf-8")
    data = made(cli, version, "--policy", str(policy), "--start-dose", "1.125", "--step",
                "1.125", "--ceiling", "4.5", "--form", "capsules", "--strengths", "4.5",
                "--supply-days", "30")  # fmt: skip
    first = data["dosageInstruction"][0]
    assert first["doseAndRate"][0]["doseQuantity"]["value"] == 1.125
    assert "quarter" in first["patientInstruction"]
    assert ingredient_strength(data["contained"][0], version)["numerator"]["value"] == 4.5
