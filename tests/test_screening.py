"""The safety screen: every answer under every policy action, washout arithmetic at the edges,
and the screen travelling with the plan into every output.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from ldn_titrate.core.model import Action, OpioidStatus
from ldn_titrate.core.vocab import CAUTIONS
from ldn_titrate.rules.policy import built_in
from ldn_titrate.rules.screening import ScreeningAnswers, screen
from tests.conftest import Cli

SAFETY = built_in().policy.safety
FIRST = date(2026, 12, 1)
# The plan is made on its first night, so every last dose before it is already past (a last dose
# still to come is issue 12's, tested in test_records.py).
TODAY = FIRST
# 2026-12-01T00:00:00Z, for the command-line tests of a last dose just before the first night.
ON_THE_FIRST_NIGHT = "1796083200"


def run(opioids: str | None, *cautions: str, action: Action | None = None, first: date = FIRST):  # type: ignore[no-untyped-def]
    safety = SAFETY
    if action is not None:
        safety = SAFETY.model_copy(
            update={
                "current_opioids": action,
                "washout_too_short": action,
                "opioids_not_recorded": action,
                "cautions": dict.fromkeys(CAUTIONS, action),
            }
        )
    return screen(ScreeningAnswers(opioids, cautions), first, safety, "built-in", TODAY)


@pytest.mark.parametrize("action", list(Action))
@pytest.mark.parametrize(
    ("opioids", "cautions", "code", "text"),
    [
        (None, (), "opioids-not-recorded", "opioid use not recorded"),
        ("current", (), "opioids-current", "the patient takes opioids now"),
        ("stopped:2026-11-28", (), "opioid-washout", "leaves 2 opioid-free days"),
        (
            "none",
            ("pregnancy",),
            "pregnancy",
            "safety of LDN in pregnancy has not been established",
        ),
        ("none", ("breastfeeding",), "breastfeeding", "while breastfeeding"),
        ("none", ("thyroid-replacement",), "thyroid-replacement", "thyroid hormone needs can fall"),
        ("none", ("immunosuppressed",), "immunosuppressed", "immunosuppression"),
        ("none", ("surgery-planned",), "surgery-planned", "plan a pause"),
    ],
)
def test_each_answer_under_each_action(
    action: Action, opioids: str | None, cautions: tuple[str, ...], code: str, text: str
) -> None:
    record, refusals = run(opioids, *cautions, action=action)
    if action is Action.REFUSE:
        assert len(refusals) == 1
        assert ": this policy refuses to plan LDN here: " in refusals[0]
        assert refusals[0].startswith(("--opioids", "--caution"))
        assert text in refusals[0]
        assert refusals[0].endswith("(policy: built-in)")
    else:
        assert refusals == []
        assert record is not None
        assert [(f.code, f.action) for f in record.findings] == [(code, action)]
        assert text in record.findings[0].message


def test_none_with_no_cautions_is_clean() -> None:
    record, refusals = run("none")
    assert refusals == []
    assert record is not None
    assert record.opioids is OpioidStatus.NONE
    assert record.findings == ()


@pytest.mark.parametrize(
    ("days_before", "refused"),
    [(10, True), (11, False), (12, False), (1, True)],  # W, W + 1, W + 2 with W = 10
)
def test_washout_edges(days_before: int, refused: bool) -> None:
    last = FIRST - timedelta(days=days_before)
    record, refusals = run(f"stopped:{last}")
    assert bool(refusals) is refused
    if refused:
        free = days_before - 1
        assert f"leaves {free} opioid-free day" in refusals[0]
        assert f"earliest start {last + timedelta(days=11)}" in refusals[0]
    else:
        assert record is not None
        assert record.last_opioid_dose == last


def test_last_dose_after_the_start_is_inconsistent() -> None:
    _, refusals = run("stopped:2026-12-05")
    assert refusals == [
        "--opioids stopped:2026-12-05: the last opioid dose is on or after the first LDN night "
        "(2026-12-01); check both dates"
    ]


def test_longer_washout_per_class() -> None:
    safety = SAFETY.model_copy(update={"opioid_class_days": {"methadone": 21}})
    last = FIRST - timedelta(days=15)
    _, refusals = screen(ScreeningAnswers(f"stopped:{last}:methadone"), FIRST, safety, "x", TODAY)
    assert "last opioid dose (methadone) on 2026-11-16 leaves 14 opioid-free days" in refusals[0]
    assert "this policy requires 21; earliest start 2026-12-08" in refusals[0]
    _, ok = screen(ScreeningAnswers(f"stopped:{last}"), FIRST, safety, "x", TODAY)
    assert ok == []
    _, unknown = screen(ScreeningAnswers(f"stopped:{last}:methadon"), FIRST, safety, "x", TODAY)
    assert "'methadon' is not a name this policy knows; did you mean methadone?" in unknown[0]


@pytest.mark.parametrize(
    "answer", ["sometimes", "stopped", "stopped:28/11/2026", "stopped:2026-02-30"]
)
def test_bad_answers(answer: str) -> None:
    _, refusals = run(answer)
    assert refusals[0].startswith(f"--opioids {answer!r}")


# The command line and the outputs.

START = ("--start-date", "2026-12-01")


def test_cli_refusal_names_the_earliest_start(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", ON_THE_FIRST_NIGHT)
    target = tmp_path / "plan.json"
    result = cli(
        "plan", "--preset", "standard", "--opioids", "stopped:2026-11-28", *START, "-o", str(target)
    )
    assert result.exit_code == 2
    assert (
        "leaves 2 opioid-free days before the first LDN night (2026-12-01); this policy requires 10; earliest start 2026-12-09"
        in result.stderr
    )
    assert not target.exists()


def test_cli_current_is_refused_with_other_problems_at_once(cli: Cli) -> None:
    result = cli("plan", "--opioids", "current", "--ceiling", "9", *START)
    assert result.exit_code == 2
    assert (
        "--opioids current: this policy refuses to plan LDN here: the patient takes opioids now"
        in result.stderr
    )
    assert "--ceiling 9 mg is above" in result.stderr


def test_cli_policy_can_loosen(cli: Cli, tmp_path: Path) -> None:
    policy = tmp_path / "policy.toml"
    policy.write_text(
        '[safety]\ncurrent_opioids = "warn"\n[safety.cautions]\npregnancy = "refuse"\n',
        encoding="utf-8",
    )
    loose = cli("plan", "--policy", str(policy), "--opioids", "current", *START)
    assert loose.exit_code == 0, loose.output
    assert "Warning: the patient takes opioids now" in loose.output
    strict = cli(
        "plan", "--policy", str(policy), "--opioids", "none", "--caution", "pregnancy", *START
    )
    assert strict.exit_code == 2
    assert "--caution pregnancy: this policy refuses to plan LDN here: pregnancy:" in strict.stderr


def test_unanswered_is_never_silent(cli: Cli) -> None:
    for fmt in ("table", "markdown"):
        result = cli("plan", *START, "-f", fmt)
        assert "opioid use not recorded" in result.output


def test_screen_round_trips_and_shows_everywhere(cli: Cli, tmp_path: Path) -> None:
    saved = tmp_path / "plan.json"
    made = cli("plan", *START, "--opioids", "stopped:2026-11-15", "--caution", "thyroid-replacement",
               "--caution", "pregnancy", "-f", "json", "-o", str(saved))  # fmt: skip
    assert made.exit_code == 0, made.output
    plan = json.loads(saved.read_text(encoding="utf-8"))
    assert plan["screening"]["opioids"] == "stopped"
    assert plan["screening"]["last_opioid_dose"] == "2026-11-15"
    assert plan["screening"]["cautions"] == ["thyroid-replacement", "pregnancy"]
    assert [f["code"] for f in plan["screening"]["findings"]] == [
        "thyroid-replacement",
        "pregnancy",
    ]
    again = cli("plan", "--plan", str(saved), "-f", "json")
    assert json.loads(again.stdout)["screening"] == plan["screening"]
    table = cli("plan", "--plan", str(saved))
    assert "Opioids: stopped; last dose on Sun 15 Nov 2026, 15 opioid-free days" in table.output
    markdown = cli("plan", "--plan", str(saved), "-f", "markdown")
    assert "- Cautions: thyroid-replacement, pregnancy" in markdown.output
    refused = cli("plan", "--plan", str(saved), "--opioids", "none")
    assert refused.exit_code == 2
    assert "--plan cannot be combined with schedule options (--opioids)" in refused.stderr


def test_calendar_carries_the_general_warning_only(cli: Cli) -> None:
    result = cli(
        "calendar",
        *START,
        "--opioids",
        "none",
        "--caution",
        "pregnancy",
        "--tz",
        "Europe/London",
        "-o",
        "-",
    )
    assert result.exit_code == 0, result.output
    unfolded = result.stdout.replace("\r\n ", "")
    assert "LDN blocks opioid pain medicines" in unfolded
    assert unfolded.count("LDN blocks opioid pain medicines") == 1
    assert "pregnancy" not in unfolded.lower()


def test_handout_tells_the_patient_the_policys_washout(cli: Cli, tmp_path: Path) -> None:
    policy = tmp_path / "policy.toml"
    policy.write_text("[safety.opioid_class_days]\nmethadone = 14\n", encoding="utf-8")
    result = cli("handout", "--policy", str(policy), *START, "--opioids", "stopped:2026-11-01:methadone",
                 "--format", "markdown", "-o", "-")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "any opioid in the last 14 days" in result.stdout
    plain = cli("handout", *START, "--opioids", "none", "--format", "markdown", "-o", "-")
    assert "any opioid in the last 10 days" in plain.stdout


def test_an_unknown_caution_hides_no_other_problem(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", ON_THE_FIRST_NIGHT)
    result = cli(
        "plan", "--caution", "bogus", "--start-dose", "x", "--opioids", "stopped:2026-11-28", *START
    )
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 3
    assert any("--caution 'bogus' is not one of: pregnancy" in line for line in lines)
    assert any("earliest start 2026-12-09" in line for line in lines)
    assert any("--start-dose 'x' is not a dose" in line for line in lines)


def test_an_unreadable_opioid_answer_hides_no_caution_refusal(cli: Cli, tmp_path: Path) -> None:
    policy = tmp_path / "policy.toml"
    policy.write_text('[safety.cautions]\npregnancy = "refuse"\n', encoding="utf-8")
    result = cli(
        "plan", "--policy", str(policy), "--opioids", "garbage", "--caution", "pregnancy", *START
    )
    assert result.exit_code == 2
    assert "--opioids 'garbage' is not an answer" in result.stderr
    assert "--caution pregnancy: this policy refuses" in result.stderr
