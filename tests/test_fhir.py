"""``plan --format fhir``: a FHIR MedicationRequest that validates and reads safely.

Every resource made here is made in R4, R4B and R5 and validated with the models of each
(:mod:`tests.fhir_models`).
"""

from __future__ import annotations

import itertools
import json
import os
import re
import subprocess
import sys
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from ldn_titrate.core import jsonio
from ldn_titrate.core.model import Phase, Schedule
from ldn_titrate.render.fhir import medication_request
from tests.conftest import FIXED_EPOCH, Cli, assert_golden
from tests.fhir_models import VERSIONS, validate

ROOT = Path(__file__).resolve().parent.parent
START = ("--start-date", "2026-12-01")
FORBIDDEN = re.compile(r"\b(HS|QHS|QD)\b|µg|\bcc\b")


def fhir(cli: Cli, *args: str) -> dict[str, Any]:
    """Run ``plan --format fhir`` in every FHIR version, validate each resource with its own
    models, and return the default (R4) one as data.
    """
    made = {}
    for version in VERSIONS:
        result = cli("plan", *START, *args, "--format", "fhir", "--fhir-version", version)
        assert result.exit_code == 0, result.output
        made[version] = validate(json.loads(result.stdout), version)
    default = cli("plan", *START, *args, "--format", "fhir")
    # Each run without a patient identity is a new plan with its own id (issue 12).
    assert _same_plan(json.loads(default.stdout)) == _same_plan(made["r4"])
    return made["r4"]


def _same_plan(resource: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in resource.items() if key != "identifier"}


def validated(text: str) -> dict[str, Any]:
    """Validate R4 JSON (the default) as R4 and R4B: the two are the same JSON here."""
    data: dict[str, Any] = json.loads(text)
    validate(data, "r4")
    return validate(data, "r4b")


def validated_schedule(schedule: Schedule, patient_id: str | None = None) -> dict[str, Any]:
    """Render ``schedule`` in every version, validate each, and return the R4 data."""
    from ldn_titrate.render import FhirVersion

    made = {
        v: validate(json.loads(jsonio.dumps(medication_request(schedule, patient_id, v))), v.value)
        for v in FhirVersion
    }
    return made[FhirVersion.R4]


def readable_texts(resource: dict[str, Any]) -> list[str]:
    """Every string a person reads: texts, displays, notes (not codes, systems or units)."""
    texts: list[str] = []

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                if key in ("text", "display", "patientInstruction") and isinstance(item, str):
                    texts.append(item)
                else:
                    walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(resource)
    return texts


def test_golden_standard_plan(cli: Cli) -> None:
    result = cli("plan", "--preset", "standard", *START, "--format", "fhir")
    assert result.exit_code == 0, result.output
    validated(result.stdout)
    assert_golden("plan-standard.fhir.json", result.stdout)


def test_fields_of_the_standard_plan(cli: Cli) -> None:
    data = fhir(cli)
    assert data["resourceType"] == "MedicationRequest"
    assert (data["status"], data["intent"]) == ("draft", "plan")
    assert data["medicationReference"] == {"reference": "#naltrexone"}
    medication = data["contained"][0]
    assert (medication["resourceType"], medication["id"]) == ("Medication", "naltrexone")
    assert medication["code"]["text"] == "naltrexone (low dose)"
    assert "form" not in medication  # no formulation chosen: no form, no strength claimed
    assert medication["code"]["coding"] == [
        {"system": "http://www.nlm.nih.gov/research/umls/rxnorm", "code": "7243",
         "display": "naltrexone"}
    ]  # fmt: skip
    assert "reference" not in data["subject"]
    assert data["subject"]["display"].startswith("patient not identified")
    dosages = data["dosageInstruction"]
    assert [d["sequence"] for d in dosages] == [1, 2, 3, 4]
    assert dosages[1]["text"] == (
        "2.5 mg at bedtime for 14 nights, Tue 15 Dec 2026 to Mon 28 Dec 2026"
    )
    repeat = dosages[1]["timing"]["repeat"]
    assert repeat == {
        "boundsPeriod": {"start": "2026-12-15", "end": "2026-12-28"},
        "frequency": 1,
        "period": 1,
        "periodUnit": "d",
        "when": ["HS"],
    }
    assert dosages[3]["doseAndRate"] == [
        {"doseQuantity": {"value": 4.5, "unit": "mg", "system": "http://unitsofmeasure.org",
                          "code": "mg"}}
    ]  # fmt: skip
    assert "dispenseRequest" not in data
    # The safety screen travels as free text (issue 8): here, that opioid use was not recorded.
    assert [n["text"][:40] for n in data["note"]] == ["Safety screen: Opioids: not recorded; Wa"]
    assert data["identifier"][0]["value"].startswith("urn:uuid:")


def test_patient_id_makes_a_patient_reference(cli: Cli) -> None:
    data = fhir(cli, "--patient-id", "pat-0042.a")
    assert data["subject"] == {"reference": "Patient/pat-0042.a"}


@pytest.mark.parametrize("bad", ["a/b", "", "x" * 65, "pat_1", "é", "a b"])
def test_bad_patient_id_exits_2_naming_the_option(cli: Cli, tmp_path: Path, bad: str) -> None:
    target = tmp_path / "plan.fhir.json"
    result = cli("plan", *START, "-f", "fhir", "--patient-id", bad, "-o", str(target))
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(f"error: --patient-id {bad!r} is not a FHIR id")
    assert not target.exists()


def test_patient_id_names_the_plan_in_every_format(cli: Cli) -> None:
    """The plan id made for a patient is the one the FHIR identifier carries."""
    saved = json.loads(cli("plan", *START, "--patient-id", "p1", "-f", "json").stdout)
    data = fhir(cli, "--patient-id", "p1")
    assert data["identifier"][0]["value"] == f"urn:uuid:{saved['id']}"
    assert fhir(cli)["identifier"] != data["identifier"]  # no identity: a random id


def test_patient_id_with_a_saved_plan_is_the_fhir_subject_only(cli: Cli, tmp_path: Path) -> None:
    saved = tmp_path / "plan.json"
    assert cli("plan", *START, "-f", "json", "-o", str(saved)).exit_code == 0
    refused = cli("plan", "--plan", str(saved), "--patient-id", "p1", "-f", "json")
    assert refused.exit_code == 2
    assert "--patient-id cannot be combined with --plan" in refused.stderr
    result = cli("plan", "--plan", str(saved), "--patient-id", "p1", "-f", "fhir")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["subject"] == {"reference": "Patient/p1"}
    assert data["identifier"][0]["value"] == f"urn:uuid:{json.loads(saved.read_text())['id']}"


def test_exact_decimals_and_no_float_noise(cli: Cli) -> None:
    result = cli("plan", *START, "--start-dose", "0.1", "--step", "0.1", "--ceiling", "0.7",
                 "--interval", "7", "-f", "fhir")  # fmt: skip
    assert result.exit_code == 0, result.output
    validated(result.stdout)
    assert '"value": 0.1,' in result.stdout
    assert '"value": 0.3,' in result.stdout
    assert "0.30000000000000004" not in result.stdout
    parsed = jsonio.loads(result.stdout)
    doses = [d["doseAndRate"][0]["doseQuantity"]["value"] for d in parsed["dosageInstruction"]]
    assert doses == [Decimal(n) / 10 for n in range(1, 8)]


def test_liquid_plan_has_volumes_and_a_dispense_request(cli: Cli) -> None:
    data = fhir(cli, "--form", "liquid", "--concentration", "1mg/mL", "--supply-days", "30")
    first = data["dosageInstruction"][0]
    assert first["text"] == (
        "1.5 mg (1.5 mL of 1 mg/mL) at bedtime for 14 nights, Tue 1 Dec 2026 to Mon 14 Dec 2026"
    )
    assert first["doseAndRate"][0]["doseQuantity"]["code"] == "mg"  # the dose stays in mg
    dispense = data["dispenseRequest"]
    ucum = "http://unitsofmeasure.org"
    # Per fill (FHIR: quantity is "the amount that is to be dispensed for one fill"): the first
    # fill, then two repeats of at most the largest repeat, never the plan's total.
    assert dispense["initialFill"] == {
        "quantity": {"value": 69.3, "unit": "mL", "system": ucum, "code": "mL"},
        "duration": {"value": 30, "unit": "days", "system": ucum, "code": "d"},
    }
    assert dispense["numberOfRepeatsAllowed"] == 2
    assert dispense["quantity"] == {"value": 135.3, "unit": "mL", "system": ucum, "code": "mL"}
    assert dispense["expectedSupplyDuration"]["value"] == 30
    notes = [n["text"] for n in data["note"]]
    assert any(
        n.startswith("Dispense for fill 1 of 3, Tue 1 Dec 2026 to Wed 30 Dec 2026: 69.3 mL")
        for n in notes
    )


def test_liquid_without_fills_carries_the_beyond_use_warning(cli: Cli) -> None:
    data = fhir(cli, "--form", "liquid", "--concentration", "1mg/mL")
    notes = [n["text"] for n in data["note"]]
    assert any("compounded liquid is used within" in n for n in notes)


def test_capsule_plan_counts_capsules(cli: Cli) -> None:
    data = fhir(cli, "--start-dose", "1.5", "--step", "1.5", "--ceiling", "4.5",
                "--form", "capsules", "--strengths", "1.5,3,4.5")  # fmt: skip
    texts = [d["text"] for d in data["dosageInstruction"]]
    assert texts[1] == (
        "3 mg (1 capsule of 3 mg) at bedtime for 14 nights, Tue 15 Dec 2026 to Mon 28 Dec 2026"
    )
    # Three strengths are three products: no count adds them up, and no strength is claimed.
    assert "quantity" not in data["dispenseRequest"]
    assert "strength" not in data["contained"][0]["ingredient"][0]
    assert any("14 capsules of 1.5 mg" in n["text"] for n in data["note"])


def test_screen_becomes_a_note_without_codes(cli: Cli) -> None:
    data = fhir(cli, "--opioids", "stopped:2026-11-10", "--caution", "thyroid-replacement")
    screen = data["note"][0]["text"]
    assert screen.startswith("Safety screen: Opioids: stopped; last dose on Tue 10 Nov 2026")
    assert "Cautions: thyroid-replacement" in screen
    assert "Warning: thyroid replacement" in screen
    assert "extension" not in data  # no invented codes: words only


def test_warnings_become_notes(cli: Cli) -> None:
    data = fhir(cli, "--start-dose", "2", "--ceiling", "5")
    notes = [n["text"] for n in data["note"]]
    assert any("--start-dose 2 mg is above the usual start" in n for n in notes)


def _standard(cli: Cli) -> Schedule:
    result = cli("plan", *START, "-f", "json")
    return Schedule.model_validate(jsonio.loads(result.stdout))


def test_paused_steps_have_no_dosage_and_sequences_stay_increasing(cli: Cli) -> None:
    schedule = _standard(cli)
    steps = list(schedule.steps)
    steps[1] = steps[1].model_copy(update={"phase": Phase.PAUSED, "dose_mg": Decimal(0)})
    paused = schedule.model_copy(update={"steps": tuple(steps)})
    data = validated_schedule(paused, "p1")
    dosages = data["dosageInstruction"]
    assert [d["sequence"] for d in dosages] == [1, 2, 3]
    assert [d["doseAndRate"][0]["doseQuantity"]["value"] for d in dosages] == [1.5, 3.5, 4.5]
    assert {"text": "No dose from Tue 15 Dec 2026 to Mon 28 Dec 2026 (14 nights, paused)"} in data[
        "note"
    ]


def test_dose_time_and_clock_time_from_living_plans(cli: Cli) -> None:
    """Steps from the adjust branch carry ``dose_time`` and ``at``; read them when present."""
    schedule = _standard(cli)
    steps = list(schedule.steps)
    steps[0] = steps[0].model_copy(update={"dose_time": "morning"})
    steps[1] = steps[1].model_copy(update={"dose_time": "bedtime", "at": "22:30"})
    steps[2] = steps[2].model_copy(update={"dose_time": "morning", "at": "07:15"})
    changed = schedule.model_copy(update={"steps": tuple(steps)})
    dosages = validated_schedule(changed)["dosageInstruction"]
    repeats = [d["timing"]["repeat"] for d in dosages]
    assert repeats[0]["when"] == ["MORN"]
    assert repeats[1]["timeOfDay"] == ["22:30:00"]
    assert "when" not in repeats[1]  # FHIR: a clock time or an event code, not both
    assert repeats[2]["timeOfDay"] == ["07:15:00"]
    assert repeats[3]["when"] == ["HS"]
    assert dosages[0]["text"].startswith("1.5 mg in the morning for 14 days,")
    assert dosages[1]["text"].startswith("2.5 mg at bedtime (22:30) for 14 nights,")
    assert dosages[2]["text"].startswith("3.5 mg in the morning (07:15) for 14 days,")


@pytest.mark.parametrize(
    "args",
    [
        (),
        ("--preset", "gentle", "--form", "liquid", "--concentration", "5mg/mL"),
        ("--preset", "autoimmune", "--form", "capsules"),
        ("--start-dose", "0.25", "--step", "0.25", "--ceiling", "1", "--interval", "7"),
    ],
)
def test_no_unsafe_abbreviation_in_readable_text(cli: Cli, args: tuple[str, ...]) -> None:
    data = fhir(cli, *args)
    texts = readable_texts(data)
    assert len(texts) >= len(data["dosageInstruction"]) + 1
    for text in texts:
        assert not FORBIDDEN.search(text), text
        assert not re.search(r"\d\.\d*0 mg|(?<!\d)\.\d", text), text
    assert all(d["timing"]["repeat"].get("when") == ["HS"] for d in data["dosageInstruction"])


def test_timing_starts_where_the_steps_do(cli: Cli) -> None:
    data = fhir(cli, "--preset", "weekly")
    periods = [d["timing"]["repeat"]["boundsPeriod"] for d in data["dosageInstruction"]]
    for before, after in itertools.pairwise(periods):
        gap = date.fromisoformat(after["start"]) - date.fromisoformat(before["end"])
        assert gap == timedelta(days=1)


PROBE = """
import runpy, sys
sys.argv = ["ldn-titrate", *sys.argv[1:]]
try:
    runpy.run_module("ldn_titrate", run_name="__main__")
except SystemExit as stop:
    assert not stop.code, stop.code
heavy = sorted(m for m in ("fhir", "fhir_core", "icalendar") if m in sys.modules)
sys.stderr.write(f"heavy: {heavy}\\n")
"""


def heavy_imports(*args: str) -> str:
    env = {**os.environ, "SOURCE_DATE_EPOCH": FIXED_EPOCH, "NO_COLOR": "1"}
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args],
        cwd=ROOT, env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    return done.stderr.strip().splitlines()[-1]


def test_plan_never_imports_fhir_resources() -> None:
    assert heavy_imports("plan", *START) == "heavy: []"
    assert heavy_imports("plan", *START, "-f", "fhir", "--patient-id", "p1") == "heavy: []"


def test_provisional_and_restart_steps_say_so(cli: Cli, tmp_path: Path) -> None:
    """Issue 6: a retried dose and the restart warning appear on every output, FHIR too."""
    saved = tmp_path / "plan.json"
    cli("plan", *START, "--opioids", "none", "-f", "json", "-o", str(saved))
    back = tmp_path / "back.json"
    assert (
        cli(
            "adjust",
            str(saved),
            "--step-back",
            "--on",
            "2026-12-20",
            "--reason",
            "headache",
            "-o",
            str(back),
        ).exit_code
        == 0
    )
    data = json.loads(cli("plan", "--plan", str(back), "-f", "fhir").stdout)
    texts = [d["text"] for d in data["dosageInstruction"]]
    assert sum("only if the side effects have settled" in t for t in texts) == 1
    paused = tmp_path / "paused.json"
    assert (
        cli(
            "adjust",
            str(saved),
            "--pause",
            "2026-12-20..2026-12-25",
            "--reason",
            "surgery",
            "-o",
            str(paused),
        ).exit_code
        == 0
    )
    data = json.loads(cli("plan", "--plan", str(paused), "-f", "fhir").stdout)
    restart = [d["text"] for d in data["dosageInstruction"] if "opioid" in d["text"].lower()]
    assert len(restart) == 1
    validated(json.dumps(data))
