"""An added daily dose (``--also 0.5mg@08:00``, issue 15) through every output, each read by the
same parsers as today: the plan JSON read back, the calendar by ``ical``, FHIR by
``fhir.resources``, the handout's HTML by the standard parser; and the policy's limits."""

from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path
from zoneinfo import ZoneInfo

from tests.conftest import Cli
from tests.test_calendar import check_raw, first_mg, parse
from tests.test_fhir import validated

LONDON = ZoneInfo("Europe/London")
# Across 29 February 2028 and the London clock change (26 March 2028).
PLAN = ["--preset", "standard", "--start-date", "2028-02-20", "--opioids", "none",
        "--also", "0.5mg@08:00"]  # fmt: skip
LIQUID = ["--form", "liquid", "--concentration", "1mg/mL"]
D = Decimal


def run(cli: Cli, *args: str) -> str:
    result = cli(*args)
    assert result.exit_code == 0, result.output
    return str(result.stdout)


def test_plan_json_records_the_added_dose_and_reads_back(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "plan.json"
    run(cli, "plan", *PLAN, *LIQUID, "-f", "json", "-o", str(path))
    data = json.loads(path.read_text())
    assert data["inputs"]["also"] == [{"dose_mg": 0.5, "at": "08:00"}]
    assert data["also"] == [{"dose_mg": 0.5, "at": "08:00", "volume_ml": 0.5, "syringe_ml": 1}]
    again = json.loads(run(cli, "plan", "--plan", str(path), "-f", "json"))
    assert again["also"] == data["also"]
    plain = json.loads(run(cli, "plan", *PLAN[:-2], "-f", "json"))
    assert "also" not in plain  # older files unchanged
    assert "also" not in plain["inputs"]
    patient = ["--patient-id", "pat-1"]
    with_also = json.loads(run(cli, "plan", *PLAN, *patient, "-f", "json"))["id"]
    without = json.loads(run(cli, "plan", *PLAN[:-2], *patient, "-f", "json"))["id"]
    assert with_also != without  # the added dose is part of the patient's plan identity


def test_dispensing_counts_the_added_dose_every_night(cli: Cli) -> None:
    liquid = json.loads(run(cli, "plan", *PLAN, *LIQUID, "-f", "json"))
    # 1.5 × 14 + 2.5 × 14 + 3.5 × 14 + 4.5 × 28 = 231 mL, and 0.5 mL on each of 70 days.
    assert liquid["dispensing"]["total"]["consumed_ml"] == 231 + 35
    capsules = json.loads(run(cli, "plan", *PLAN, "--form", "capsules", "-f", "json"))
    assert capsules["also"][0]["capsules"] == {"0.5": 1}
    assert capsules["dispensing"]["total"]["capsules"]["0.5"] == 14 + 70  # step 3, and daily


def test_table_markdown_and_status_show_both_doses(cli: Cli, tmp_path: Path) -> None:
    table = run(cli, "plan", *PLAN, *LIQUID)
    assert table.count("0.5 mg at") >= 4  # the Also each day column, a cell per step
    assert "Also every day, besides the nightly dose: 0.5 mg (0.5 mL of 1 mg/mL, 1 mL oral " \
        "syringe) at 08:00." in " ".join(table.split())  # fmt: skip
    markdown = run(cli, "plan", *PLAN, "-f", "markdown")
    assert "then 28 nights at 4.5 mg; also 0.5 mg at 08:00 every day" in markdown
    assert "| Nightly dose | Also each day |" in markdown
    assert "| 1.5 mg | 0.5 mg at 08:00 |" in markdown
    path = tmp_path / "plan.json"
    run(cli, "plan", *PLAN, "-f", "json", "-o", str(path))
    status = run(cli, "status", str(path), "--on", "2028-02-29")
    assert "night 10 of 14: 1.5 mg. Also today: 0.5 mg at 08:00." in status


def test_calendar_has_an_event_per_dose_time_with_stable_uids(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "plan.json"
    run(cli, "plan", *PLAN, "-f", "json", "-o", str(path))
    ics = tmp_path / "plan.ics"
    run(cli, "calendar", "--plan", str(path), "--tz", "Europe/London", "-o", str(ics))
    data = ics.read_bytes()
    check_raw(data)  # CRLF, folding, unique UIDs, zoned times
    by_day: dict[date, list[tuple[time, Decimal]]] = {}
    for event in parse(data).timeline_tz(LONDON):
        if isinstance(event.dtstart, datetime):
            local = event.dtstart.astimezone(LONDON)
            dose = first_mg(event.summary)
            by_day.setdefault(local.date(), []).append((local.time(), dose))
    first, last = date(2028, 2, 20), date(2028, 4, 29)
    assert sorted(by_day) == [first + timedelta(days=n) for n in range((last - first).days + 1)]
    for day, doses in by_day.items():
        assert (time(8), D("0.5")) in doses, day  # 08:00 local on both sides of 26 March
        assert [t for t, _ in doses].count(time(22)) == 1, day
    assert by_day[date(2028, 3, 26)] == [(time(8), D("0.5")), (time(22), D("3.5"))]
    # A hold changes later nights; the added dose's events before it keep their UIDs.
    held = tmp_path / "held.json"
    run(cli, "adjust", str(path), "--hold", "7", "--on", "2028-03-20", "--reason", "x",
        "-o", str(held))  # fmt: skip
    again = tmp_path / "held.ics"
    run(cli, "calendar", "--plan", str(held), "--tz", "Europe/London", "-o", str(again))

    def added_uids(raw: bytes) -> dict[str, str]:
        events = parse(raw).events
        return {e.uid: e.dtstart.isoformat() for e in events if "(added dose)" in e.summary}

    before, after = added_uids(data), added_uids(again.read_bytes())
    kept = {uid: start for uid, start in before.items() if start < "2028-03-05"}
    assert kept
    assert all(after[uid] == start for uid, start in kept.items())


def test_fhir_dosages_of_one_day_share_a_sequence(cli: Cli) -> None:
    resource = validated(run(cli, "plan", *PLAN, *LIQUID, "-f", "fhir"))
    dosages = resource["dosageInstruction"]
    assert [d["sequence"] for d in dosages] == [1, 1, 2, 2, 3, 3, 4, 4]
    night, added = dosages[0], dosages[1]
    assert night["timing"]["repeat"]["when"] == ["HS"]
    assert added["timing"]["repeat"]["timeOfDay"] == ["08:00:00"]
    assert added["timing"]["repeat"]["boundsPeriod"] == night["timing"]["repeat"]["boundsPeriod"]
    assert added["doseAndRate"][0]["doseQuantity"]["value"] == 0.5
    assert added["text"].startswith("0.5 mg (0.5 mL of 1 mg/mL, 1 mL oral syringe) at 08:00")


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def test_the_handout_shows_both_doses_in_rows_and_squares(cli: Cli, tmp_path: Path) -> None:
    markdown = run(cli, "handout", *PLAN, "-f", "markdown", "-o", "-")
    assert "| **1.5 mg** | Also 0.5 mg at 08:00 each day. |" in markdown
    assert "+ 0.5 mg at 08:00" in markdown  # in each calendar square
    assert "once a day" not in markdown
    html = tmp_path / "handout.html"
    run(cli, "handout", *PLAN, "-o", str(html))
    parser = _Text()
    parser.feed(html.read_text())
    text = " ".join(" ".join(parser.parts).split())
    assert text.count("+ 0.5 mg at 08:00") == 70  # one square per day of the plan
    assert "also 0.5 mg at 08:00 every day" in text


def test_the_batch_column_and_the_policy_limits(cli: Cli, tmp_path: Path) -> None:
    table = tmp_path / "patients.csv"
    table.write_text(
        "id,start_date,also\na,2028-02-20,0.5mg@08:00\nb,2028-02-20,2mg@08:00\n"
        "c,2028-02-20,0.5mg@08:00+0.5mg@13:00\n"
    )
    out = tmp_path / "out"
    result = cli("batch", str(table), "--out-dir", str(out))
    assert json.loads((out / "a.json").read_text())["also"][0]["at"] == "08:00"
    assert not (out / "b.json").exists()
    assert not (out / "c.json").exists()
    text = " ".join(result.output.split())
    assert "row 3 (b): also: at the top dose a day adds up to 6.5 mg (4.5 mg + 2 mg)" in text
    assert "row 4 (c): also given 2 times: 3 doses a day" in text
    refused = cli("plan", "--also", "0.01mg@8:00", "--also", "0.5mg@25:00", "--ceiling", "6",
                  "--also", "0.03mg@09:00")  # fmt: skip
    assert refused.exit_code == 2
    assert refused.stderr.splitlines() == [
        "error: --also '0.01mg@8:00' is not an added dose; write DOSE@HH:MM, such as "
        "0.5mg@08:00 (24-hour)",
        "error: --also '0.5mg@25:00' is not an added dose; write DOSE@HH:MM, such as "
        "0.5mg@08:00 (24-hour)",
        "error: --also given 3 times: 4 doses a day; this policy allows at most 2 a day, the "
        "nightly dose included (policy: built-in)",
        "error: --also 0.03mg@09:00: 0.03 mg is outside this policy's doses of 0.1 mg to 6 mg "
        "(policy: built-in)",
        "error: --also 0.03mg@09:00: 0.03 mg is not a multiple of this policy's dose "
        "resolution of 0.025 mg (policy: built-in)",
        "error: --also: at the top dose a day adds up to 6.03 mg (6 mg + 0.03 mg), above this "
        "policy's daily maximum of 6 mg (policy: built-in; never above 10 mg a day)",
    ]


def test_ongoing_reminders_carry_the_added_dose_too(cli: Cli, tmp_path: Path) -> None:
    ics = tmp_path / "plan.ics"
    run(cli, "calendar", *PLAN, "--maintain", "ongoing", "--tz", "Europe/London", "-o", str(ics))
    events = parse(ics.read_bytes()).events
    [added] = [e for e in events if "(added dose, ongoing)" in (e.summary or "")]
    [nightly] = [e for e in events if e.summary == "LDN 4.5 mg (ongoing)"]
    assert added.dtstart.date() == nightly.dtstart.date()  # from the review, for the grace days
    assert added.dtstart.astimezone(LONDON).time() == time(8)
    assert added.uid != nightly.uid


def test_an_added_dose_the_capsules_cannot_make_is_refused(cli: Cli) -> None:
    result = cli("plan", *PLAN[:-1], "0.3mg@08:00", "--form", "capsules")
    assert result.exit_code == 2
    assert (
        "the added dose of 0.3 mg at 08:00 cannot be made exactly from at most 3 capsules"
        in result.stderr
    )
    made = run(cli, "plan", *PLAN, "--form", "capsules", "-f", "markdown")
    assert "then 28 nights at 4.5 mg; also 0.5 mg at 08:00 every day" in made
    status_free = run(cli, "plan", *PLAN, "--form", "capsules")
    assert "0.5 mg (1 capsule of 0.5 mg) at 08:00" in " ".join(status_free.split())


def test_the_nightly_dose_cannot_move_onto_an_added_dose(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "plan.json"
    run(cli, "plan", *PLAN, "-f", "json", "-o", str(path))
    out = str(tmp_path / "moved.json")
    result = cli("adjust", str(path), "--dose-time", "morning", "--on", "2028-03-01",
                 "--reason", "insomnia", "-o", out)  # fmt: skip
    assert result.exit_code == 2
    assert "the plan's added daily dose is taken at 08:00; give another time with --at" in (
        result.stderr
    )
    moved = cli("adjust", str(path), "--dose-time", "morning", "--at", "07:00", "--on",
                "2028-03-01", "--reason", "insomnia", "-o", out)  # fmt: skip
    assert moved.exit_code == 0, moved.output


def test_a_saved_plan_whose_added_dose_changed_is_caught(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "plan.json"
    run(cli, "plan", *PLAN, "-f", "json", "-o", str(path))
    data = json.loads(path.read_text())
    assert "also" in data["digest"]["sections"]  # the added dose is part of the digest
    data["also"][0]["dose_mg"] = 1
    path.write_text(json.dumps(data))
    changed = cli("plan", "--plan", str(path))
    assert "also no longer matches the plan's digest" in changed.stderr
    data["also"][0]["dose_mg"] = 8  # 4.5 + 8 mg a day: no low-dose plan reaches that
    path.write_text(json.dumps(data))
    refused = cli("plan", "--plan", str(path))
    assert refused.exit_code == 2
    assert "also: a day's doses add up to 12.5 mg, above 10 mg" in refused.stderr
