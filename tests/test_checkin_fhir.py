"""Check-ins as FHIR Observations in every FHIR version the project writes (issue 26), each
resource validated with its release's models."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Cli
from tests.fhir_models import VERSIONS, validate


@pytest.fixture
def reported(cli: Cli, tmp_path: Path) -> Path:
    plan, p2, p3, p4 = (tmp_path / f"p{n}.json" for n in range(1, 5))
    steps = [
        ("plan", "--start-date", "2026-11-01", "--opioids", "none", "-f", "json", "-o", str(plan)),
        ("checkin", str(plan), "--on", "2026-10-30", "--pain", "8", "--sleep", "4",
         "--fatigue", "6", "--note", "baseline call", "-o", str(p2)),
        ("checkin", str(p2), "--on", "2026-11-10", "--pain", "5", "--side-effect",
         "vivid-dreams:moderate", "--side-effect", "other:mild:dry mouth", "--taken", "1mg",
         "--missed", "2", "--opioids", "no", "-o", str(p3)),
        ("checkin", str(p3), "--void", "1", "--reason", "wrong patient", "-o", str(p4)),
    ]  # fmt: skip
    for args in steps:
        result = cli(*args)
        assert result.exit_code == 0, result.output
    return p4


@pytest.mark.parametrize("version", VERSIONS)
def test_checkins_are_observations_based_on_the_request(
    cli: Cli, reported: Path, version: str
) -> None:
    result = cli("plan", "--plan", str(reported), "-f", "fhir", "--fhir-version", version,
                 "--patient-id", "p-1")  # fmt: skip
    assert result.exit_code == 0, result.output
    bundle = validate(json.loads(result.stdout), version)
    assert bundle["type"] == "collection"
    first, *rest = bundle["entry"]
    assert first["resource"]["resourceType"] == "MedicationRequest"
    validate(first["resource"], version)
    observations: list[dict[str, Any]] = [validate(e["resource"], version) for e in rest]
    for obs in observations:
        assert obs["basedOn"] == [{"reference": first["fullUrl"]}]
        assert obs["category"][0]["coding"][0]["code"] == "survey"
        assert obs["subject"] == {"reference": "Patient/p-1"}
        for coding in obs["code"].get("coding", []):  # no invented code: LOINC pain only
            assert (coding["system"], coding["code"]) == ("http://loinc.org", "72514-3")
    by_text = {(o["effectiveDateTime"], o["code"]["text"]): o for o in observations}
    pain = by_text[("2026-10-30", "pain (0 to 10)")]
    assert pain["valueInteger"] == 8
    assert pain["status"] == "entered-in-error"  # voided: kept, marked
    assert {"text": "entered in error: wrong patient"} in pain["note"]
    sleep = by_text[("2026-10-30", "sleep quality (0 worst to 10 best)")]
    assert "coding" not in sleep["code"]
    later = by_text[("2026-11-10", "pain (0 to 10)")]
    assert later["status"] == "final"
    assert later["valueInteger"] == 5
    dreams = by_text[("2026-11-10", "side effect: vivid dreams")]
    assert dreams["valueCodeableConcept"]["coding"][0]["code"] == "6736007"  # SNOMED moderate
    assert by_text[("2026-11-10", "side effect: dry mouth")]["valueCodeableConcept"]["text"] == (
        "mild"
    )
    taken = by_text[("2026-11-10", "dose taken (where it differed from the plan)")]
    assert taken["valueQuantity"] == {
        "value": 1, "unit": "mg", "system": "http://unitsofmeasure.org", "code": "mg",
    }  # fmt: skip
    assert by_text[("2026-11-10", "doses missed since the last check-in")]["valueInteger"] == 2
    assert by_text[("2026-11-10", "opioid use since the last check-in")]["valueBoolean"] is False


def test_a_plan_without_checkins_is_still_one_medication_request(cli: Cli) -> None:
    result = cli("plan", "--start-date", "2026-12-01", "-f", "fhir")
    assert json.loads(result.stdout)["resourceType"] == "MedicationRequest"
