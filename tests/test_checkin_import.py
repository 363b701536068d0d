"""``checkin PLAN --from calls.csv``: every kind of bad row, wrong-patient rows, duplicates, and
two writers at once (issue 26, slice 2). The test clock's today is Tue 24 Nov 2026."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Cli


@pytest.fixture
def plan(cli: Cli, tmp_path: Path) -> Path:
    path = tmp_path / "plan.json"
    result = cli("plan", "--start-date", "2026-11-01", "--patient-id", "MRN-1", "-f", "json",
                 "-o", str(path))  # fmt: skip
    assert result.exit_code == 0, result.output
    return path


def plan_id(path: Path) -> str:
    value: str = json.loads(path.read_text(encoding="utf-8"))["id"]
    return value


def write_csv(tmp_path: Path, text: str, name: str = "calls.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def load(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def test_rows_by_plan_id_and_patient_id_and_reimport_adds_nothing(
    cli: Cli, plan: Path, tmp_path: Path
) -> None:
    pid = plan_id(plan)
    calls = write_csv(
        tmp_path,
        "Plan ID,Patient ID,Date,Pain,Sleep,Side effects,Taken,Missed,Opioids,Note\n"
        f"{pid},,2026-10-30,7,5,,,,no,baseline\n"
        f",MRN-1,2026-11-10,6,6,vivid-dreams:moderate; other:mild:dry mouth,1.5mg,1,no,\n"
        f"{pid},MRN-1,2026-11-10,5,,,,,,second call that day\n",
    )
    out = tmp_path / "p2.json"
    result = cli("checkin", str(plan), "--from", str(calls), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "3 check-ins recorded from" in result.stdout
    data = load(out)
    assert [c["on"] for c in data["checkins"]] == ["2026-10-30", "2026-11-10", "2026-11-10"]
    assert [c["source"] for c in data["checkins"]] == [
        "calls.csv row 2", "calls.csv row 3", "calls.csv row 4",
    ]  # fmt: skip
    assert data["checkins"][1]["side_effects"][1] == {
        "effect": "other", "severity": "mild", "text": "dry mouth",
    }  # fmt: skip
    assert data["revision"] == load(plan)["revision"] + 3
    again = cli("checkin", str(out), "--from", str(calls), "-o", str(tmp_path / "p3.json"))
    assert again.exit_code == 0, again.output
    assert "0 check-ins recorded" in again.stdout
    assert "3 duplicates not added (rows 2, 3, 4" in again.stdout
    assert not (tmp_path / "p3.json").exists()


BAD_ROWS = [
    ("other-plan,,2026-11-10,5", "row 2, column plan_id: 'other-plan' is another plan"),
    (",MRN-2,2026-11-10,5", "row 2, column patient_id: 'MRN-2' is not the patient"),
    (",,2026-11-10,5", "row 2, column plan_id: '' is empty"),
    ("{pid},,2026-11-25,5", "row 2, column date: '2026-11-25' is after today"),
    ("{pid},,2026-09-01,5", "row 2, column date: '2026-09-01' is outside the plan"),
    ("{pid},,someday,5", "row 2, column date: 'someday' is not a date"),
    ("{pid},,,5", "row 2, column date: '' is empty"),
    ("{pid},,2026-11-10,11", "row 2, column pain: '11' is not a rating (allowed: a whole number"),
    ("{pid},,2026-11-10,,bogus:mild", "column side_effects: 'bogus:mild' names no side effect"),
    ("{pid},,2026-11-10,,rash:awful", "column side_effects: 'rash:awful' has no severity"),
    ("{pid},,2026-11-10,,rash:mild;rash:severe", "repeats a side effect of the row"),
    ("{pid},,2026-11-10,,,x", "column missed: 'x' is not a number of missed doses"),
    ("{pid},,2026-11-10,,,,maybe", "column opioids: 'maybe' is not yes or no"),
    ("{pid},,2026-11-10", "row 2: reports nothing"),
    ("{pid},,2026-11-10,5,,,,extra", "row 2: has 8 cells; the header names 7"),
]


@pytest.mark.parametrize(("row", "message"), BAD_ROWS)
def test_every_kind_of_bad_row_writes_nothing_and_is_named(
    cli: Cli, plan: Path, tmp_path: Path, row: str, message: str
) -> None:
    pid = plan_id(plan)
    header = "plan_id,patient_id,date,pain,side_effects,missed,opioids\n"
    good = f"{pid},,2026-11-11,4\n"
    calls = write_csv(tmp_path, header + row.format(pid=pid) + "\n" + good)
    out = tmp_path / "p2.json"
    result = cli("checkin", str(plan), "--from", str(calls), "-o", str(out))
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert "nothing recorded" in result.output
    assert "Traceback" not in result.output
    assert not out.exists()
    # --skip-bad-rows records the good row and reports the bad one.
    skipped = cli("checkin", str(plan), "--from", str(calls), "--skip-bad-rows", "-o", str(out))
    assert skipped.exit_code == 0, skipped.output
    assert message in skipped.stderr
    assert [c["on"] for c in load(out)["checkins"]] == ["2026-11-11"]


def test_all_bad_rows_are_listed_at_once(cli: Cli, plan: Path, tmp_path: Path) -> None:
    pid = plan_id(plan)
    calls = write_csv(
        tmp_path,
        f"plan_id,date,pain\nother,2026-11-10,3\n{pid},2026-11-10,12\n{pid},2026-11-12,3\n",
    )
    result = cli("checkin", str(plan), "--from", str(calls), "-o", str(tmp_path / "o.json"))
    assert result.exit_code == 2
    assert "row 2, column plan_id" in result.output
    assert "row 3, column pain: '12'" in result.output


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("plan_id,date,pain,colour\n", "unknown column(s) 'colour'"),
        ("plan_id,pain\n", "no date column"),
        ("date,pain\n", "no plan_id or patient_id column"),
        ("plan_id,date,pain,pain\n", "pain appear more than once"),
        ("", "empty"),
        ('plan_id,date,note\nx,2026-11-10,"unclosed\n', "not a readable CSV"),
    ],
)
def test_a_bad_file_is_refused_as_a_whole(
    cli: Cli, plan: Path, tmp_path: Path, text: str, message: str
) -> None:
    calls = write_csv(tmp_path, text)
    result = cli("checkin", str(plan), "--from", str(calls), "-o", str(tmp_path / "o.json"))
    assert result.exit_code == 2
    assert message in result.output


def test_a_policy_rating_is_a_column(cli: Cli, plan: Path, tmp_path: Path) -> None:
    policy = tmp_path / "policy.toml"
    policy.write_text('[[gates.ratings]]\nname = "mood"\nbetter = "higher"\n', encoding="utf-8")
    calls = write_csv(tmp_path, f"plan_id,date,mood\n{plan_id(plan)},2026-11-10,8\n")
    out = tmp_path / "o.json"
    result = cli(
        "checkin", str(plan), "--from", str(calls), "--policy", str(policy), "-o", str(out)
    )
    assert result.exit_code == 0, result.output
    assert load(out)["checkins"][0]["ratings"] == {"mood": 8}
    one = cli("checkin", str(plan), "--rating", "mood=6", "--policy", str(policy),
              "-o", str(tmp_path / "o2.json"))  # fmt: skip
    assert one.exit_code == 0, one.output


def test_skip_bad_rows_goes_with_from_only(cli: Cli, plan: Path, tmp_path: Path) -> None:
    result = cli("checkin", str(plan), "--pain", "3", "--skip-bad-rows", "-o", str(tmp_path / "o"))
    assert result.exit_code == 2
    assert "--skip-bad-rows only goes with --from" in result.output


def test_two_writers_at_once_never_lose_a_checkin(
    cli: Cli, plan: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While one run holds the plan, a second is refused naming the race and writes nothing;
    and a run that opened the file just before another replaced it never adds to the stale copy.
    """
    import fcntl
    import os

    from ldn_titrate.core.errors import InputError
    from ldn_titrate.core.planlock import locked

    handle = os.open(plan, os.O_RDONLY)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)  # another ldn-titrate, mid-write
        before = plan.read_bytes()
        result = cli("checkin", str(plan), "--pain", "3", "-o", str(plan), "--force")
        assert result.exit_code == 2
        assert "another ldn-titrate is recording into this plan right now" in result.output
        assert plan.read_bytes() == before
    finally:
        os.close(handle)
    # Another run replaced the file between this run's open and its lock: refused, never added
    # to the stale copy it opened.
    newer = tmp_path / "newer.json"
    newer.write_bytes(plan.read_bytes())

    class Racing:
        LOCK_EX, LOCK_NB = fcntl.LOCK_EX, fcntl.LOCK_NB

        @staticmethod
        def flock(fd: int, how: int) -> None:
            newer.replace(plan)

    monkeypatch.setattr("ldn_titrate.core.planlock.fcntl", Racing)
    with pytest.raises(InputError, match="right now"), locked(plan, "PLAN plan.json"):
        raise AssertionError("not reached")  # pragma: no cover
    monkeypatch.undo()
    stale = plan
    # The same output file, without --force: the second writer is refused by the atomic link.
    out = tmp_path / "same.json"
    first = cli("checkin", str(stale), "--pain", "3", "-o", str(out))
    second = cli("checkin", str(stale), "--pain", "4", "-o", str(out))
    assert first.exit_code == 0
    assert second.exit_code == 2
    assert "the file exists" in second.output
