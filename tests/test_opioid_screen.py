"""The opioid screen follows the patient (issue 27): ``adjust --opioids current|stopped|planned``
is an adjustment (history, same id, undo) whose new screen and nights reach status, the handout
(English and Spanish), the calendar (cancelled nights: same UID, higher SEQUENCE) and FHIR."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ldn_titrate.core.model import Schedule
from tests.conftest import Cli
from tests.test_calendar_adjusted import LONDON, check_doses, events_by_uid

PLAN = ("--preset", "standard", "--start-date", "2026-12-01", "--opioids", "none")
NEW_SCREEN = "Restart LDN only after your prescriber has checked again"
NEW_SCREEN_ES = "Vuelva a empezar la LDN solo cuando su médico haya comprobado de nuevo"


def make(cli: Cli, tmp_path: Path) -> Path:
    path = tmp_path / "p.json"
    result = cli("plan", *PLAN, "-f", "json", "-o", str(path))
    assert result.exit_code == 0, result.output
    return path


def adjust(cli: Cli, plan: Path, name: str, *args: str) -> Path:
    out = plan.with_name(name)
    result = cli("adjust", str(plan), *args, "-o", str(out))
    assert result.exit_code == 0, result.output
    return out


def read(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"), parse_float=str)
    return data


def schedule(path: Path) -> Schedule:
    return Schedule.model_validate(read(path))


def handout(cli: Cli, plan: Path, language: str = "en") -> str:
    result = cli("handout", "--plan", str(plan), "-f", "markdown", "--language", language,
                 "-o", "-")  # fmt: skip
    assert result.exit_code == 0, result.output
    return str(result.stdout)


def status(cli: Cli, plan: Path, night: str) -> dict[str, Any]:
    result = cli("status", str(plan), "--on", night, "-f", "json")
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout, parse_float=str)
    return data


def fhir_notes(cli: Cli, plan: Path) -> str:
    from tests.fhir_models import validate

    result = cli("plan", "--plan", str(plan), "-f", "fhir", "--fhir-version", "r5", "-o", "-")
    assert result.exit_code == 0, result.output
    data = validate(json.loads(result.stdout), "r5")  # a real FHIR parser
    return " ".join(note["text"] for note in data.get("note", []))


def calendar(cli: Cli, plan: Path) -> dict[str, dict[str, str]]:
    """The plan's calendar, checked night by night, as its events by UID."""
    out = plan.with_suffix(".ics")
    result = cli("calendar", "--plan", str(plan), "--tz", LONDON, "-o", str(out))
    assert result.exit_code == 0, result.output
    check_doses(schedule(plan), out.read_bytes())  # one dose a night, none on a paused night
    return events_by_uid(out.read_bytes())


def cancelled(before: dict[str, dict[str, str]], after: dict[str, dict[str, str]]) -> set[str]:
    gone = {uid for uid, event in after.items() if event.get("STATUS") == "CANCELLED"}
    assert gone <= set(before)  # the same UIDs as the events the patient already has
    for uid in gone:
        assert int(after[uid]["SEQUENCE"]) > int(before[uid].get("SEQUENCE", "0"))
    return gone


def test_current_with_an_end_pauses_to_the_washout_and_undo_restores(
    cli: Cli, tmp_path: Path
) -> None:
    plan = make(cli, tmp_path)
    one = calendar(cli, plan)
    taking = adjust(cli, plan, "v2.json", "--opioids", "current:Ultram", "--until", "2026-12-20",
                    "--on", "2026-12-15", "--reason", "tooth extraction")  # fmt: skip
    data = read(taking)
    assert (data["id"], data["revision"]) == (read(plan)["id"], 2)
    paused = [s for s in data["steps"] if s["phase"] == "paused"]
    # tramadol: 10 opioid-free days after the last dose on 20 Dec, restart on 31 Dec.
    assert [(p["start"], p["end"]) for p in paused] == [("2026-12-15", "2026-12-30")]
    restart = next(s for s in data["steps"] if s["start"] == "2026-12-31")
    assert (restart["dose_mg"], restart["restart_opioid_free_days"]) == ("1.5", 10)
    screen = data["screening"]
    assert (screen["opioids"], screen["opioid_class"]) == ("current", "tramadol")
    assert (screen["last_opioid_dose"], screen["last_dose_planned"]) == ("2026-12-20", True)
    assert data["history"][-1]["kind"] == "opioids"
    assert data["history"][-1]["previous"]["screening"]["opioids"] == "none"
    page = handout(cli, taking)
    assert "Take no LDN from Tue 15 Dec 2026 while you take opioid pain medicine." in page
    assert "Restart LDN on Thu 31 Dec 2026, not before" in page
    assert "take your first LDN dose on" not in page  # the planning sentence is not reused
    assert "taking an opioid (tramadol) from Tue 15 Dec 2026: LDN restarts at 1.5 mg" in page
    assert "Vuelva a empezar la LDN el jueves, 31 de diciembre de 2026" in handout(
        cli, taking, "es"
    )
    now = status(cli, taking, "2026-12-16")
    assert (now["state"], now["next"]["date"], now["next"]["dose_mg"]) == (
        "paused",
        "2026-12-31",
        "1.5",
    )
    assert now["screen"][0] == "Opioids: current (tramadol); planned last dose on Sun 20 Dec 2026"
    assert "Opioids: current (tramadol); planned last dose on Sun 20 Dec 2026" in fhir_notes(
        cli, taking
    )
    assert cancelled(one, calendar(cli, taking))  # nights 15 Dec on as first planned
    undone = adjust(cli, taking, "v3.json", "--undo")
    assert read(undone)["steps"] == read(plan)["steps"]
    assert read(undone)["screening"] == read(plan)["screening"]
    assert "Take no LDN from" not in handout(cli, undone)


def test_current_without_an_end_stops_then_stopped_restarts_low(cli: Cli, tmp_path: Path) -> None:
    plan = make(cli, tmp_path)
    one = calendar(cli, plan)
    stopped = adjust(cli, plan, "v2.json", "--opioids", "current:OxyContin", "--on",
                     "2026-12-20", "--reason", "fracture")  # fmt: skip
    data = read(stopped)
    assert data["discontinued_on"] == "2026-12-20"
    assert data["screening"]["opioid_class"] == "oxycodone-er"
    assert "last_opioid_dose" not in data["screening"]
    page = handout(cli, stopped)
    assert NEW_SCREEN in page
    assert "LDN stopped; restart only after a new screen" in page
    assert NEW_SCREEN_ES in handout(cli, stopped, "es")
    now = status(cli, stopped, "2026-12-22")
    assert now["state"] == "discontinued"
    assert now["text"].endswith("; opioids: restart LDN only after a new screen")
    assert now["screen"][0].startswith("Opioids: current (oxycodone-er); end not known")
    assert "end not known: restart LDN only after a new screen" in fhir_notes(cli, stopped)
    two = calendar(cli, stopped)
    assert cancelled(one, two)

    # The opioid (extended-release: long-acting, 14 days) stops on 2 Jan: restart on 17 Jan.
    again = adjust(cli, stopped, "v3.json", "--opioids", "stopped:2027-01-02", "--reason", "off")
    back = read(again)
    assert "discontinued_on" not in back
    assert back["history"][-1]["on"] == "2027-01-17"
    gap = next(s for s in back["steps"] if s["phase"] == "paused")
    assert (gap["start"], gap["end"]) == ("2026-12-20", "2027-01-16")
    restart = next(s for s in back["steps"] if s["start"] == "2027-01-17")
    assert (restart["dose_mg"], restart["restart_opioid_free_days"]) == ("1.5", 14)
    assert back["steps"][-1]["dose_mg"] == "4.5"  # titrating again to the ceiling
    assert back["screening"]["opioids"] == "stopped"
    assert back["screening"]["opioid_class"] == "oxycodone-er"  # the recorded opioid
    notes = fhir_notes(cli, again)
    assert "last dose (oxycodone-er) on Sat 2 Jan 2027, 14 opioid-free days before LDN" in notes
    page = handout(cli, again)
    assert "stopped, last dose Sat 2 Jan 2027: LDN restarts at 1.5 mg on Sun 17 Jan 2027" in page
    assert NEW_SCREEN not in page
    now = status(cli, again, "2027-01-17")
    assert (now["state"], now["dose_mg"], now["night"]) == ("taking", "1.5", 1)
    assert now["screen"][0].startswith("Opioids: stopped; last dose (oxycodone-er)")
    three = calendar(cli, again)
    assert {uid for uid in three if three[uid].get("STATUS") == "CONFIRMED"} <= set(two)
    undone = adjust(cli, again, "v4.json", "--undo")
    assert read(undone)["discontinued_on"] == "2026-12-20"
    assert read(undone)["screening"]["opioids"] == "current"
    first = adjust(cli, undone, "v5.json", "--undo")
    assert read(first)["steps"] == read(plan)["steps"]


def test_stopped_early_moves_a_pause_restart_sooner(cli: Cli, tmp_path: Path) -> None:
    plan = make(cli, tmp_path)
    taking = adjust(cli, plan, "v2.json", "--opioids", "current:tramadol", "--until",
                    "2026-12-30", "--on", "2026-12-15", "--reason", "pain")  # fmt: skip
    early = adjust(cli, taking, "v3.json", "--opioids", "stopped:2026-12-18", "--on",
                   "2026-12-31", "--reason", "pain gone")  # fmt: skip
    steps = read(early)["steps"]
    assert [(s["start"], s["end"]) for s in steps if s["phase"] == "paused"] == [
        ("2026-12-15", "2026-12-30")  # --on chose a night after the earliest (29 Dec)
    ]
    calendar(cli, early)
    text = cli("adjust", str(early), "--opioids", "stopped:2027-01-05", "--reason", "r", "-o",
               str(tmp_path / "x.json")).stderr  # fmt: skip
    assert "the plan's pause ended on Wed 30 Dec 2026, before the last opioid dose" in text
    # A pause made with --pause, whose washout from the stop ends the night it begins: no pause.
    paused = adjust(cli, plan, "w2.json", "--pause", "2026-12-10..2026-12-20", "--reason", "trip")
    gone = adjust(cli, paused, "w3.json", "--opioids", "stopped:2026-11-29", "--reason", "r")
    assert [s["phase"] for s in read(gone)["steps"]].count("paused") == 0
    assert read(gone)["history"][-1]["on"] == "2026-12-10"
    calendar(cli, gone)


def test_planned_procedure_stops_three_nights_before(cli: Cli, tmp_path: Path) -> None:
    plan = make(cli, tmp_path)
    one = calendar(cli, plan)
    planned = adjust(cli, plan, "v2.json", "--opioids", "planned:2026-12-20:codeine",
                     "--reason", "dental implant")  # fmt: skip
    data = read(planned)
    assert data["discontinued_on"] == "2026-12-17"  # no LDN on 17, 18 and 19 Dec
    assert data["history"][-1]["on"] == "2026-12-17"
    assert (data["screening"]["opioids"], data["screening"]["procedure_date"]) == (
        "planned",
        "2026-12-20",
    )
    page = handout(cli, planned)
    assert (
        "Before your surgery or dental procedure on Sun 20 Dec 2026, take no LDN from "
        "Thu 17 Dec 2026. Tell the surgeon or dentist that you take LDN."
    ) in page
    assert NEW_SCREEN in page
    assert "Dígale al cirujano o al dentista que toma LDN." in handout(cli, planned, "es")
    assert "tell the surgeon or dentist" in fhir_notes(cli, planned)
    assert status(cli, planned, "2026-12-18")["state"] == "discontinued"
    assert cancelled(one, calendar(cli, planned))
    undone = adjust(cli, planned, "v3.json", "--undo")
    assert read(undone)["steps"] == read(plan)["steps"]
    assert "surgeon or dentist that you take LDN. " not in handout(cli, undone)


def test_planned_with_a_last_dose_and_a_clinic_number(cli: Cli, tmp_path: Path) -> None:
    plan = make(cli, tmp_path)
    policy = tmp_path / "clinic.toml"
    policy.write_text("[safety]\nnights_before_procedure = 5\n", encoding="utf-8")
    planned = adjust(cli, plan, "v2.json", "--opioids", "planned:2026-12-20", "--until",
                     "2026-12-23", "--reason", "knee", "--policy", str(policy))  # fmt: skip
    data = read(planned)
    paused = next(s for s in data["steps"] if s["phase"] == "paused")
    # 5 nights before the 20th; 10 opioid-free days after the 23rd: restart on 3 Jan.
    assert (paused["start"], paused["end"]) == ("2026-12-15", "2027-01-02")
    page = handout(cli, planned)
    assert "Restart LDN on Sun 3 Jan 2027, not before" in page
    assert "take no LDN from Tue 15 Dec 2026" in page
    calendar(cli, planned)


def test_screen_changes_that_are_refused(cli: Cli, tmp_path: Path) -> None:
    plan = make(cli, tmp_path)
    later = adjust(cli, plan, "v2.json", "--hold", "7", "--on", "2026-12-20", "--reason", "r")
    taking = adjust(cli, later, "v3.json", "--opioids", "current", "--on", "2026-12-22",
                    "--reason", "r")  # fmt: skip
    out = tmp_path / "x.json"

    def refused(plan: Path, *args: str) -> str:
        result = cli("adjust", str(plan), *args, "--reason", "r", "-o", str(out))
        assert result.exit_code == 2, result.output
        assert not out.exists()
        assert "Traceback" not in result.output
        return str(result.stderr)

    # Every problem at once: before the latest change, before the opioid started, misspelt.
    text = refused(taking, "--opioids", "stopped:2026-12-10:oxycodne", "--on", "2026-12-21")
    assert "'oxycodne' is not a name this policy knows; did you mean oxycodone?" in text
    assert "before the latest change recorded on this plan (2026-12-22)" in text
    assert "the opioid is stopped before it started (2026-12-22)" in text
    text = refused(later, "--opioids", "current:tramadol", "--until", "2026-12-21", "--on",
                   "2026-12-25")  # fmt: skip
    assert "--until 2026-12-21: the last opioid dose is before the opioid starts" in text
    assert "is not an opioid this policy screens for" in refused(
        later, "--opioids", "current:loperamide", "--on", "2026-12-25"
    )
    assert "no restart to schedule" in refused(later, "--opioids", "stopped:2026-12-21")
    assert "--on 2026-12-25: the washout" in refused(
        taking, "--opioids", "stopped:2026-12-23", "--on", "2026-12-25"
    )
    text = refused(plan, "--opioids", "planned:2026-12-20", "--on", "2026-12-16")
    assert "--on 2026-12-16 does not go with --opioids planned" in text
    text = refused(plan, "--opioids", "stopped:2026-12-20", "--until", "2026-12-21")
    assert "--until '2026-12-21' does not go with --opioids stopped" in text
    assert "is not a screen change" in refused(plan, "--opioids", "none", "--on", "2026-12-05")
    assert "the date" in refused(plan, "--opioids", "planned:soon")
    assert "record --opioids stopped:DATE" in refused(
        taking, "--opioids", "current", "--on", "2026-12-28"
    )
    assert "outside the plan" in refused(plan, "--opioids", "current", "--on", "2027-06-01")
    text = refused(plan, "--opioids", "current", "--until", "someday", "--on", "2026-12-05")
    assert "--until 'someday'" in text
    assert "--until '2026-12-30' only goes with --opioids" in refused(
        plan, "--hold", "7", "--until", "2026-12-30", "--on", "2026-12-05"
    )
