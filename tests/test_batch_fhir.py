"""``batch --formats fhir,fhir-bundle,fhir-ndjson``: every file validated in R4, R4B and R5."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Cli
from tests.fhir_models import VERSIONS, validate

ROOT = Path(__file__).resolve().parent.parent
PATIENTS = ROOT / "examples" / "patients.csv"  # standard, liquid, capsules, several screens


def run(cli: Cli, csv_path: Path, out: Path, *args: str):  # type: ignore[no-untyped-def]
    return cli("batch", str(csv_path), "--out-dir", str(out), *args)


def bundle(out: Path) -> dict[str, Any]:
    return json.loads((out / "bundle.fhir.json").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


@pytest.mark.parametrize("version", VERSIONS)
def test_every_fhir_output_of_a_batch_validates(cli: Cli, tmp_path: Path, version: str) -> None:
    out = tmp_path / "plans"
    result = run(cli, PATIENTS, out, "--formats", "fhir,fhir-bundle,fhir-ndjson",
                 "--fhir-version", version)  # fmt: skip
    assert result.exit_code == 0, result.output
    singles = sorted(out.glob("*.fhir.json"))
    singles.remove(out / "bundle.fhir.json")
    assert len(singles) == 6
    for path in singles:
        validate(json.loads(path.read_text(encoding="utf-8")), version)
    made = validate(bundle(out), version)
    assert (made["type"], len(made["entry"])) == ("transaction", 6)
    lines = (out / "MedicationRequest.ndjson").read_text(encoding="utf-8").split("\n")
    assert lines[-1] == ""  # every line ends with a newline, and there are no blank lines
    resources = [validate(json.loads(line), version) for line in lines[:-1]]
    # The same resources everywhere, in the CSV's order.
    assert resources == [e["resource"] for e in made["entry"]]
    assert resources[1] == json.loads((out / "clinic-0002.fhir.json").read_text("utf-8"))
    # standard, liquid and capsules rows are all there
    forms = {r["contained"][0].get("doseForm" if version == "r5" else "form", {}).get("text")
             for r in resources}  # fmt: skip
    assert forms == {None, "oral liquid", "capsule"}


def test_bundle_entries_are_conditional_creates_on_the_identifier(cli: Cli, tmp_path: Path) -> None:
    text = (
        "id,preset,start_date,patient_id\n"
        "a,standard,2026-12-01,pat-1\nb,standard,2026-12-01,pat-2\nc,standard,2026-12-01,\n"
    )
    (tmp_path / "p.csv").write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    assert run(cli, tmp_path / "p.csv", out, "--formats", "fhir-bundle").exit_code == 0
    entries = validate(bundle(out), "r4")["entry"]
    identifiers = {e["resource"]["identifier"][0]["value"] for e in entries}
    assert len(identifiers) == 3  # one plan id per patient's plan (issue 12), row id or patient_id
    conditions = [
        "identifier={system}|{value}".format(**e["resource"]["identifier"][0]) for e in entries
    ]
    # The condition also names the patient where there is one.
    assert [e["request"].get("ifNoneExist") for e in entries] == [
        f"{conditions[0]}&subject=Patient/pat-1",
        f"{conditions[1]}&subject=Patient/pat-2",
        None,  # no patient: a plain create
    ]
    assert all(e["request"]["method"] == "POST" for e in entries)
    assert all(e["request"]["url"] == "MedicationRequest" for e in entries)
    assert len({e["fullUrl"] for e in entries}) == 3


def test_run_files_are_never_replaced_without_force(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "MedicationRequest.ndjson").write_text("earlier\n", encoding="utf-8")
    result = run(cli, PATIENTS, out, "--formats", "json,fhir-ndjson")
    assert result.exit_code == 2
    assert result.stderr == (
        f"error: --formats: {out / 'MedicationRequest.ndjson'}: the file exists; "
        "add --force to replace it\n"
    )
    assert sorted(p.name for p in out.iterdir()) == ["MedicationRequest.ndjson"]
    assert run(cli, PATIENTS, out, "--formats", "fhir-ndjson", "--force").exit_code == 0
    assert len((out / "MedicationRequest.ndjson").read_text("utf-8").splitlines()) == 6


def test_a_row_whose_file_would_be_the_bundle_is_refused(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "p.csv").write_text("id,preset\nbundle,standard\nok,standard\n", "utf-8")
    out = tmp_path / "out"
    result = run(cli, tmp_path / "p.csv", out, "--formats", "fhir,fhir-bundle")
    assert result.exit_code == 2
    assert f"{out / 'bundle.fhir.json'} is the fhir-bundle file in this run" in result.stderr
    entries = validate(bundle(out), "r4")["entry"]
    assert len(entries) == 1  # only the row that was written


def test_a_batch_with_every_row_refused_writes_an_empty_bundle(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "p.csv").write_text("id,ceiling\nx,9\n", "utf-8")
    out = tmp_path / "out"
    assert run(cli, tmp_path / "p.csv", out, "--formats", "fhir-bundle,fhir-ndjson").exit_code == 2
    assert "entry" not in validate(bundle(out), "r4")
    assert (out / "MedicationRequest.ndjson").read_text("utf-8") == ""


def test_a_version_needs_a_fhir_format(cli: Cli, tmp_path: Path) -> None:
    result = run(cli, PATIENTS, tmp_path / "out", "--formats", "json", "--fhir-version", "r5")
    assert result.exit_code == 2
    assert result.stderr == "error: --fhir-version goes with a fhir format in --formats\n"
    assert not (tmp_path / "out").exists()
