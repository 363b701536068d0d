"""Every output knows a plan titrated to response (issue 26, slice 6): the handout explains a
gated night and has a diary page, the calendar puts a check-in reminder before each gated
increase, in English and Spanish; a fixed plan's outputs are as they were."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from ldn_titrate.core.nightly import terms as terms_of
from tests.conftest import Cli

BASE = ("--start-date", "2026-12-14", "--opioids", "none")


@pytest.fixture
def patient_policy(tmp_path: Path) -> Path:
    path = tmp_path / "policy.toml"
    path.write_text('[gates]\ninterval_mode = "patient"\n', encoding="utf-8")
    return path


def handout(cli: Cli, *args: str) -> str:
    result = cli("handout", *BASE, "-f", "markdown", "-o", "-", *args)
    assert result.exit_code == 0, result.output
    return result.stdout.replace("\\_", "_")


def test_a_patient_gated_handout_explains_the_gated_night_and_has_a_diary(
    cli: Cli, patient_policy: Path
) -> None:
    text = handout(cli, "--interval", "7-14d", "--policy", str(patient_policy))
    assert "## When your dose goes up" in text
    assert (
        "The first such night is Mon 21 Dec 2026: go up to 2.5 mg only if the side effects have "
        "settled; if not, stay on 1.5 mg." in text
    )
    assert "do not follow the later dates or reminders, and call the clinic" in text
    assert "second try" not in text  # a gated increase is not a retried dose
    assert "## Your check-in diary" in text
    assert "Pain, from 0 (none) to 10 (worst): ____" in text
    spanish = handout(cli, "--interval", "7-14d", "--policy", str(patient_policy),
                      "--language", "es")  # fmt: skip
    assert "## Cuándo sube su dosis" in spanish
    assert "## Su diario para los controles" in spanish
    assert "no siga las fechas ni los recordatorios que vienen después" in spanish
    assert "diary" not in spanish


def test_a_clinician_gated_handout_says_the_dates_are_the_latest(cli: Cli) -> None:
    text = handout(cli, "--interval", "7-14d")
    assert "The dates here are the latest each new dose starts." in text
    assert "Never go up earlier on your own." in text


def test_a_fixed_plan_has_no_diary(cli: Cli) -> None:
    text = handout(cli)
    assert "diary" not in text
    assert "When your dose goes up" not in text


def events(cli: Cli, *args: str) -> list[tuple[str, date, str]]:
    result = cli("calendar", *BASE, "--tz", "Europe/London", "-o", "-", *args)
    assert result.exit_code == 0, result.output
    calendar = Calendar.from_ical(result.stdout)
    return [
        (str(e["SUMMARY"]), e.decoded("DTSTART"), str(e.get("DESCRIPTION", "")))
        for e in calendar.walk("VEVENT")
    ]


def test_the_calendar_reminds_of_a_checkin_the_day_before_each_gated_increase(
    cli: Cli, patient_policy: Path
) -> None:
    found = events(cli, "--interval", "7-14d", "--policy", str(patient_policy))
    reminders = [(day, text) for summary, day, text in found if "check-in" in summary]
    assert [day for day, _ in reminders] == [date(2026, 12, 20), date(2026, 12, 27),
                                              date(2027, 1, 3)]  # fmt: skip
    assert reminders[0][1].startswith(
        "Tomorrow, Mon 21 Dec 2026, your dose may go up to 2.5 mg. Go up only if the side effects "
        "have settled; if not, stay on 1.5 mg, do not follow the later dates or reminders"
    )
    spanish = events(cli, "--interval", "7-14d", "--policy", str(patient_policy),
                     "--language", "es")  # fmt: skip
    assert sum("Control de la LDN" in summary for summary, _, _ in spanish) == 3
    fixed = events(cli)
    assert not any("check-in" in summary for summary, _, _ in fixed)


@settings(max_examples=12, deadline=None)
@given(st.sampled_from(["1", "1.5", "0.5"]), st.sampled_from(["0.5", "1"]),
       st.sampled_from(["3-7d", "7-14d", "1-2w", "5-21d"]))  # fmt: skip
def test_no_output_implies_more_than_one_step_above_a_dose_the_patient_may_be_on(
    start: str, step: str, interval: str
) -> None:
    """Patient-gated: each increase is one step, and every step from the first gated one on
    holds only if it was taken (so no date ever tells a patient still on an earlier dose to take
    more than one step above it)."""
    from datetime import UTC, datetime

    from ldn_titrate.core.checkin import GateMode
    from ldn_titrate.core.options import ScheduleOptions
    from ldn_titrate.plans.planning import obtain_schedule
    from ldn_titrate.rules.policy import LoadedPolicy, built_in

    base = built_in()
    gates = base.policy.gates.model_copy(update={"interval_mode": GateMode.PATIENT})
    loaded = LoadedPolicy(base.policy.model_copy(update={"gates": gates}), "test")
    options = ScheduleOptions(start_date="2026-12-14", start_dose=start, step=step,
                              interval=interval, ceiling="4.5")  # fmt: skip
    schedule = obtain_schedule(options, None, loaded, today=date(2026, 11, 24),
                               now=datetime(2026, 11, 24, tzinfo=UTC), fresh_id="x")  # fmt: skip
    steps = schedule.steps
    terms = terms_of(steps)
    for index in range(1, len(steps)):
        rise = steps[index].dose_mg - steps[index - 1].dose_mg
        assert rise <= Decimal(step)
        if rise > 0:
            assert terms[index].condition is not None
            assert all(
                terms[later].condition is not None or terms[later].after is not None
                for later in range(index, len(steps))
            )


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_diary_page_prints_on_the_handouts_layout(language: str) -> None:
    """The gated night's words and the diary go through the same PDF layout as every handout
    (pages, no text off the page, no page of a box alone, every night on its month)."""
    from datetime import UTC, datetime

    from ldn_titrate.core.checkin import GateMode
    from ldn_titrate.core.language import resolve
    from ldn_titrate.core.options import ScheduleOptions
    from ldn_titrate.core.vocab import Paper
    from ldn_titrate.plans.planning import obtain_schedule
    from ldn_titrate.render.handout import pdf
    from ldn_titrate.rules.policy import LoadedPolicy, built_in
    from tests.handout_helpers import check_printed, options, page_texts

    base = built_in()
    gates = base.policy.gates.model_copy(update={"interval_mode": GateMode.PATIENT})
    loaded = LoadedPolicy(base.policy.model_copy(update={"gates": gates}), "test")
    plan = obtain_schedule(ScheduleOptions(start_date="2026-12-14", interval="7-14d"), None,
                           loaded, today=date(2026, 11, 24),
                           now=datetime(2026, 11, 24, tzinfo=UTC), fresh_id="x")  # fmt: skip
    speaking = resolve(language)
    printed = pdf.render(plan, options(language=speaking))
    check_printed(printed, plan, Paper.A4, language=speaking)
    text = " ".join(page_texts(printed))
    assert speaking.text("Your check-in diary") in text
