"""The clinic profile ([clinic] in the policy): identity and print defaults used by every
command and batch row, overridden per option and per row, printed only when set."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import Cli

PLAN = ("--preset", "standard", "--start-date", "2026-12-01", "--opioids", "none")
PROFILE = """[clinic]
name = "Riverside Pain Clinic"
address = "1 River Street, Springfield"
phone = "555-0100 <weekdays>"
prescriber = "Dr A. Rivera"
timezone = "America/New_York"
paper = "letter"
bedtime = "21:30"
reminder_minutes = 15
"""


def policy(tmp_path: Path, text: str = PROFILE) -> Path:
    path = tmp_path / "clinic.toml"
    path.write_text(text, encoding="utf-8")
    return path


def unfolded(data: bytes) -> str:
    return data.decode("utf-8").replace("\r\n ", "")


def test_policy_show_prints_the_keys_that_are_set_and_only_those(cli: Cli, tmp_path: Path) -> None:
    shown = cli("policy", "--policy", str(policy(tmp_path)))
    assert shown.exit_code == 0, shown.output
    for line in ("Clinic: Riverside Pain Clinic", "Address: 1 River Street, Springfield",
                 "Phone: 555-0100 <weekdays>", "Prescriber: Dr A. Rivera",
                 "Time zone: America/New_York", "Paper: letter", "Bedtime: 21:30",
                 "Reminder (minutes before): 15"):  # fmt: skip
        assert f"  {line}\n" in shown.output
    partial = cli("policy", "--policy", str(policy(tmp_path, '[clinic]\nphone = "555-0100"\n')))
    assert "  Phone: 555-0100\n" in partial.output
    assert "Clinic:" not in partial.output
    assert "Prescriber:" not in partial.output
    assert "Clinic profile" not in cli("policy").output  # the built-in sets none


def test_a_bad_profile_key_or_value_is_named(cli: Cli, tmp_path: Path) -> None:
    bad = policy(tmp_path, '[clinic]\nfax = "1"\npaper = "a3"\nreminder_minutes = 900\n')
    result = cli("policy", "check", str(bad))
    assert result.exit_code == 2
    assert "clinic.fax: unknown key" in result.stderr
    assert "clinic.paper:" in result.stderr
    assert "clinic.reminder_minutes:" in result.stderr


@pytest.mark.parametrize("fmt", ["html", "markdown"])
def test_the_handout_takes_the_profile(cli: Cli, tmp_path: Path, fmt: str) -> None:
    result = cli("handout", *PLAN, "--policy", str(policy(tmp_path)), "-f", fmt, "-o", "-")
    assert result.exit_code == 0, result.output
    page = result.stdout.replace("\\_", "_")  # Markdown escapes the zone's underscore
    assert "Riverside Pain Clinic" in page
    assert "555-0100 &lt;weekdays&gt;" in page or "555-0100 \\<weekdays\\>" in page  # escaped
    assert "Dr A. Rivera" in page
    assert "Dates and times on this sheet are in the America/New_York time zone." in page
    if fmt == "html":
        assert "size: letter" in page


def test_an_option_overrides_the_profile_for_one_handout(cli: Cli, tmp_path: Path) -> None:
    result = cli("handout", *PLAN, "--policy", str(policy(tmp_path)), "--contact", "Call 555-0199",
                 "--prescriber", "Dr B. Other", "--paper", "a4", "-o", "-")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "Call 555-0199" in result.stdout
    assert "Riverside" not in result.stdout
    assert "Dr B. Other" in result.stdout
    assert "Rivera" not in result.stdout
    assert "size: A4" in result.stdout


def test_no_profile_and_no_option_leaves_every_label_out(cli: Cli) -> None:
    for fmt in ("html", "markdown"):
        page = cli("handout", *PLAN, "-f", fmt, "-o", "-").stdout
        assert "Phone:" not in page
        assert "Prescriber" not in page
        assert "time zone" not in page


def test_the_handout_in_spanish_names_the_time_zone(cli: Cli, tmp_path: Path) -> None:
    result = cli("handout", *PLAN, "--policy", str(policy(tmp_path)), "--language", "es",
                 "-f", "markdown", "-o", "-")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "Las fechas y horas de esta hoja son de la zona horaria America/New\\_York." in (
        result.stdout
    )


def test_the_pdf_handout_takes_the_profile(cli: Cli, tmp_path: Path) -> None:
    pypdf = pytest.importorskip("pypdf")
    out = tmp_path / "h.pdf"
    result = cli("handout", *PLAN, "--policy", str(policy(tmp_path)), "-o", str(out))
    assert result.exit_code == 0, result.output
    reader = pypdf.PdfReader(str(out))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert "Riverside Pain Clinic" in text
    assert "America/New_York" in text
    width = float(reader.pages[0].mediabox.width)
    assert round(width) == 612  # letter, 8.5 in


def test_the_calendar_takes_zone_bedtime_and_reminder_and_says_the_zone(
    cli: Cli, tmp_path: Path
) -> None:
    out = tmp_path / "c.ics"
    result = cli("calendar", *PLAN, "--policy", str(policy(tmp_path)), "-o", str(out))
    assert result.exit_code == 0, result.output
    data = unfolded(out.read_bytes())
    assert "DTSTART;TZID=America/New_York:20261201T213000" in data
    assert "TRIGGER:-PT15M" in data
    assert (
        "note: dose times are in the America/New_York time zone (the policy's [clinic] timezone)"
        in result.stderr
    )
    over = tmp_path / "o.ics"
    result = cli("calendar", *PLAN, "--policy", str(policy(tmp_path)), "--tz", "Europe/London",
                 "--bedtime", "22:15", "--remind", "0", "-o", str(over))  # fmt: skip
    assert result.exit_code == 0, result.output
    data = unfolded(over.read_bytes())
    assert "DTSTART;TZID=Europe/London:20261201T221500" in data
    assert "TRIGGER:-PT15M" not in data
    assert "TRIGGER:P0D" in data
    assert "time zone" not in result.stderr  # typed with --tz: not repeated back


def test_a_bad_zone_in_the_profile_names_the_policy_key(cli: Cli, tmp_path: Path) -> None:
    bad = policy(tmp_path, '[clinic]\ntimezone = "Mars/Olympus"\nbedtime = "25:00"\n')
    out = tmp_path / "c.ics"
    result = cli("calendar", *PLAN, "--policy", str(bad), "-o", str(out))
    assert result.exit_code == 2
    assert "policy [clinic] timezone 'Mars/Olympus' is not an IANA time zone" in result.stderr
    assert "[clinic] bedtime '25:00'" in result.stderr
    assert not out.exists()


def test_batch_rows_take_the_profile_and_their_own_columns(cli: Cli, tmp_path: Path) -> None:
    csv = tmp_path / "t.csv"
    csv.write_text(
        "id,preset,start_date,opioids,prescriber,contact\n"
        "a,standard,2026-12-01,none,,\n"
        "b,standard,2026-12-01,none,Dr C. Own,Call 555-0111\n"
        f"c,standard,2026-12-01,none,,{'x' * 201}\n",
        encoding="utf-8",
    )
    out = tmp_path / "o"
    result = cli("batch", str(csv), "--out-dir", str(out), "--formats", "html,ics",
                 "--policy", str(policy(tmp_path)))  # fmt: skip
    assert result.exit_code == 2, result.output
    a = (out / "a.html").read_text(encoding="utf-8")
    assert "Riverside Pain Clinic" in a
    assert "Dr A. Rivera" in a
    assert "America/New_York time zone" in a
    b = (out / "b.html").read_text(encoding="utf-8")
    assert "Call 555-0111" in b
    assert "Dr C. Own" in b
    assert "Riverside" not in b
    assert "DTSTART;TZID=America/New_York:20261201T213000" in unfolded((out / "a.ics").read_bytes())
    assert re.search(r"row 4 \(c\): contact is 201 characters long", result.stderr)
    assert not (out / "c.html").exists()


def test_a_batch_without_a_profile_prints_no_empty_label(cli: Cli, tmp_path: Path) -> None:
    csv = tmp_path / "t.csv"
    csv.write_text("id,preset,start_date,opioids\na,standard,2026-12-01,none\n", encoding="utf-8")
    out = tmp_path / "o"
    assert cli("batch", str(csv), "--out-dir", str(out), "--formats", "html").exit_code == 0
    page = (out / "a.html").read_text(encoding="utf-8")
    assert "Phone:" not in page
    assert "time zone" not in page


@pytest.mark.parametrize("version", ["r4", "r4b", "r5"])
def test_fhir_names_the_profiles_prescriber_as_requester(
    cli: Cli, tmp_path: Path, version: str
) -> None:
    import json

    from tests.fhir_models import validate

    result = cli("plan", *PLAN, "--policy", str(policy(tmp_path)), "-f", "fhir",
                 "--fhir-version", version)  # fmt: skip
    assert result.exit_code == 0, result.output
    data = validate(json.loads(result.stdout), version)
    assert data["requester"] == {"display": "Dr A. Rivera"}
    bare = json.loads(cli("plan", *PLAN, "-f", "fhir").stdout)
    assert "requester" not in bare  # unset: left out


def test_batch_fhir_takes_the_rows_prescriber_else_the_profiles(cli: Cli, tmp_path: Path) -> None:
    import json

    from tests.fhir_models import validate

    csv = tmp_path / "t.csv"
    csv.write_text("id,preset,start_date,opioids,prescriber\n"
                   "a,standard,2026-12-01,none,\nb,standard,2026-12-01,none,Dr C\n",
                   encoding="utf-8")  # fmt: skip
    out = tmp_path / "o"
    result = cli("batch", str(csv), "--out-dir", str(out), "--formats", "fhir,fhir-bundle,fhir-ndjson",
                 "--policy", str(policy(tmp_path)))  # fmt: skip
    assert result.exit_code == 0, result.output
    a = json.loads((out / "a.fhir.json").read_text(encoding="utf-8"))
    b = json.loads((out / "b.fhir.json").read_text(encoding="utf-8"))
    assert a["requester"]["display"] == "Dr A. Rivera"
    assert b["requester"]["display"] == "Dr C"
    bundle = validate(json.loads((out / "bundle.fhir.json").read_text(encoding="utf-8")), "r4")
    names = [e["resource"]["requester"]["display"] for e in bundle["entry"]]
    assert names == ["Dr A. Rivera", "Dr C"]
    lines = (out / "MedicationRequest.ndjson").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["requester"]["display"] for line in lines] == names


def test_the_calendar_names_the_machines_zone_when_nothing_else_gives_one(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TZ", "Europe/Paris")
    out = tmp_path / "c.ics"
    result = cli("calendar", *PLAN, "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "note: dose times are in the Europe/Paris time zone (this machine's time zone)" in (
        result.stderr
    )
    quiet = cli("calendar", *PLAN, "-o", str(tmp_path / "q.ics"), "--quiet")
    assert "time zone" not in quiet.stderr
