"""The handout after issues 6 and 8: the "Before you start" box and the safety screen, the
formulation options on the command line, and an adjusted plan (history, provisional dose, morning
dose time, pause and restart note, discontinued), in all three formats."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ldn_titrate.core.model import DoseTime, Screening
from ldn_titrate.core.vocab import CAUTIONS
from ldn_titrate.render.describe import restart_note
from ldn_titrate.render.handout import changes as handout_changes
from ldn_titrate.render.handout import content as handout_content
from ldn_titrate.render.handout import html as handout_html
from ldn_titrate.render.handout import markdown as handout_markdown
from ldn_titrate.render.handout import safety as safety
from ldn_titrate.render.handout import words as words
from ldn_titrate.render.handout.common import Paper
from ldn_titrate.rules.policy import built_in
from ldn_titrate.rules.screening import CAUTION_TEXT, NOT_RECORDED
from tests.conftest import Cli
from tests.handout_helpers import (
    adjusted,
    check_printed,
    discontinued,
    options,
    page_texts,
    render_pdf,
    schedule,
)
from tests.test_handout import FORBIDDEN, STANDARD, _syllables, all_text, visible

FORMATS = {"html": "html", "markdown": "md", "pdf": "pdf"}
PROVISIONAL = (
    "Take this dose only if the side effects have settled; if not, stay on 1.5 mg, do not follow "
    "the later dates or reminders in this plan, and call the clinic"
)
# A month's key says it shorter, beside the grid and after the table that says it in full.
KEY_PROVISIONAL = (
    "Take this dose only if the side effects have settled; if not, stay on 1.5 mg and call the "
    "clinic"
)
RESTART = restart_note(built_in().policy.safety.opioid_free_days)


def flat(text: str) -> str:
    """One space between words, and none of the escapes Markdown needs, for comparing words."""
    return " ".join(re.sub(r"\\(.)", r"\1", text).split())


def cli_texts(cli: Cli, tmp_path: Path, *args: str) -> dict[str, str]:
    """The handout written by the CLI in every format, as the words a reader sees."""
    out: dict[str, str] = {}
    for fmt, suffix in FORMATS.items():
        target = tmp_path / f"handout.{suffix}"
        result = cli("handout", *args, "--format", fmt, "-o", str(target), "--force")
        assert result.exit_code == 0, result.output
        if fmt == "pdf":
            out[fmt] = flat(" ".join(page_texts(target.read_bytes())))
        else:
            body = target.read_text(encoding="utf-8")
            out[fmt] = flat(visible(body) if fmt == "html" else body)
    return out


# --- the safety screen and the "Before you start" box -----------------------------------------


def test_screen_round_trips_into_every_format(cli: Cli, tmp_path: Path) -> None:
    plan = tmp_path / "plan.json"
    screen = ["--opioids", "none"] + [arg for c in CAUTIONS for arg in ("--caution", c)]
    made = cli("plan", *STANDARD, *screen, "--format", "json", "-o", str(plan))
    assert made.exit_code == 0, made.output
    for fmt, text in cli_texts(cli, tmp_path, "--plan", str(plan)).items():
        first = text.index(safety.HEADING)
        assert first < text.index("Your doses"), fmt  # the box comes first
        for sentence in (*safety.ALWAYS, *safety.CAUTIONS.values()):
            assert flat(sentence) in text, (fmt, sentence)
        for clinician in (*CAUTION_TEXT.values(), NOT_RECORDED, "this policy", "Warning"):
            assert flat(clinician) not in text, (fmt, clinician)


def test_box_without_cautions_and_unanswered_opioids(cli: Cli, tmp_path: Path) -> None:
    """Not answering the opioid question is said to the clinician (stderr), never to the patient."""
    target = tmp_path / "handout.html"
    result = cli("handout", *STANDARD, "-o", str(target))
    assert result.exit_code == 0, result.output
    assert "opioid use not recorded" in result.stderr
    text = flat(visible(target.read_text(encoding="utf-8")))
    assert all(flat(s) in text for s in safety.ALWAYS)
    assert not any(flat(s) in text for s in safety.CAUTIONS.values())
    assert "not recorded" not in text


def test_one_caution_adds_its_sentence_only() -> None:
    screening = Screening(cautions=("surgery-planned",))
    plan = schedule().model_copy(update={"screening": screening})
    points = safety.before_you_start(plan).points
    assert points == (*safety.ALWAYS, safety.CAUTIONS["surgery-planned"])
    assert "surgical team" in points[-1]
    assert set(safety.CAUTIONS) == set(CAUTIONS)


# --- formulation options on the command line --------------------------------------------------


def test_cli_liquid_options(cli: Cli, tmp_path: Path) -> None:
    args = (*STANDARD, "--opioids", "none", "--form", "liquid", "--concentration", "1mg/mL")
    for fmt, text in cli_texts(cli, tmp_path, *args).items():
        assert "1.5 mL of 1 mg/mL" in text, fmt
        assert "oral liquid, 1 mg/mL" in text, fmt


def test_cli_capsule_options(cli: Cli) -> None:
    result = cli("handout", *STANDARD, "--form", "capsules", "--strengths", "0.5,1,1.5",
                 "-f", "markdown", "-o", "-")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "capsules of 1.5 mg, 1 mg, 0.5 mg" in result.stdout
    assert "1 × 1.5 mg + 1 × 1 mg capsules" in result.stdout


# --- every problem at once ----------------------------------------------------------------


def test_cli_reports_every_problem_at_once(cli: Cli, tmp_path: Path) -> None:
    target = tmp_path / "handout.html"
    target.write_text("keep", encoding="utf-8")
    result = cli("handout", "--start-dose", "9mg", "--opioids", "current", "--patient", "x" * 81,
                 "--notes", "y" * 601, "-o", str(target))  # fmt: skip
    assert result.exit_code == 2
    for message in ("the file exists", "--patient is 81", "at most 600", "--start-dose",
                    "this policy refuses"):  # fmt: skip
        assert message in result.stderr, message
    assert target.read_text(encoding="utf-8") == "keep"


def test_cli_reports_formulation_and_target_problems_together(cli: Cli, tmp_path: Path) -> None:
    target = tmp_path / "missing" / "handout.pdf"
    result = cli("handout", *STANDARD, "--form", "liquid", "--strengths", "1", "--patient",
                 "z" * 90, "-f", "pdf", "-o", str(target))  # fmt: skip
    assert result.exit_code == 2
    for message in ("does not exist", "--patient is 90", "needs --concentration",
                    "--strengths goes with --form capsules"):  # fmt: skip
        assert message in result.stderr, message
    assert list(tmp_path.iterdir()) == []


# --- an adjusted plan -----------------------------------------------------------------------


def test_adjusted_plan_in_every_format() -> None:
    plan = adjusted()
    history = [
        "Changed on Thu 10 Dec 2026, recorded Tue 24 Nov 2026: held 7 nights — vivid dreams <b>",
        "Changed on Thu 24 Dec 2026, recorded Tue 24 Nov 2026: stepped back from 2.5 mg to 1.5 mg, then up again",
        "Changed on Mon 28 Dec 2026, recorded Tue 24 Nov 2026: dose moved to the morning (08:00)",
        "Changed on Wed 20 Jan 2027, recorded Tue 24 Nov 2026: paused to Tue 26 Jan 2027, restarting at 1.5 mg",
    ]
    for fmt, body in all_text(plan).items():
        text = flat(body)
        for line in history:
            assert line in text, (fmt, line)
        for clinician_only in ("headache after increase", "— insomnia", "— surgery"):
            assert clinician_only not in text, (fmt, clinician_only)
        assert words.HISTORY_HEADING in text, fmt
        assert PROVISIONAL in text, fmt
        assert RESTART in text, fmt
        assert "1.5 mg in the morning (08:00)" in text, fmt
        assert "From Mon 28 Dec 2026, take it in the morning (08:00)" in text, fmt
        assert "no LDN (paused)" in text, fmt
        assert words.PROVISIONAL_MARK in text, fmt
        assert words.TIME_MARK in text, fmt
        assert not FORBIDDEN.search(body), (fmt, FORBIDDEN.search(body))


def test_adjusted_reason_is_escaped() -> None:
    plan = adjusted()
    html = handout_html.render(plan, options())
    assert "vivid dreams &lt;b&gt;" in html
    assert "<b>" not in html
    markdown = handout_markdown.render(plan, options())
    assert r"vivid dreams \<b\>" in markdown
    assert not re.search(r"(?<!\\)[<>]", markdown)


def test_adjusted_rows_calendar_and_keys() -> None:
    plan = adjusted()
    handout = handout_content.build(plan, options())
    assert handout.dose_heading == words.DOSE_EACH_DAY
    rows = {row.first: row for row in handout.rows}
    assert rows["Tue 1 Dec 2026"].when == "at bedtime"
    assert rows["Mon 28 Dec 2026"].when == "in the morning (08:00)"
    assert rows["Thu 7 Jan 2027"].notes == (PROVISIONAL,)
    assert rows["Wed 20 Jan 2027"].when == ""
    assert rows["Wed 27 Jan 2027"].notes == (RESTART,)
    nights = {n.day.isoformat(): n for n in handout_content.nights(plan)}
    assert (nights["2026-12-28"].marker, nights["2026-12-28"].when) == ("New time", "morning")
    assert nights["2026-12-27"].when is None
    assert nights["2027-01-07"].marker == "If settled"
    assert nights["2027-01-27"].marker == "Restart"
    assert nights["2027-01-21"].when is None
    january = handout_content.months(plan)[1]
    assert any(line.startswith("Wed 27 Jan 2027") and RESTART in line for line in january.key)
    assert any(
        line.startswith("Thu 7 Jan 2027") and KEY_PROVISIONAL in line for line in january.key
    )


def test_plain_plan_keeps_its_bedtime_heading() -> None:
    handout = handout_content.build(schedule(), options())
    assert handout.dose_heading == words.DOSE_AT_BEDTIME
    assert {row.when for row in handout.rows} == {""}
    assert {row.notes for row in handout.rows} == {()}
    assert handout.history == ()


def test_timing_points() -> None:
    assert handout_changes.timing_points(schedule())[0].startswith(
        "Take your dose once a day, at bedtime."
    )
    plan = schedule()
    morning = tuple(s.model_copy(update={"dose_time": DoseTime.MORNING}) for s in plan.steps)
    points = handout_changes.timing_points(plan.model_copy(update={"steps": morning}))
    assert points == (
        "Take your dose once a day, in the morning. Try to take it at the same time every morning.",
    )


def test_discontinued_plan_says_when_ldn_stops() -> None:
    plan = discontinued()
    for fmt, body in all_text(plan).items():
        text = flat(body)
        assert "Sun 3 Jan 2027. LDN stops after this night." in text, fmt
        assert "Your prescriber has stopped LDN. Your last dose is on Sun 3 Jan 2027." in text, fmt
        assert "discontinued; last night Sun 3 Jan 2027 — no benefit" in text, fmt


@pytest.mark.parametrize("paper", list(Paper))
def test_adjusted_pdf_pages(paper: Paper) -> None:
    plan = adjusted()
    pdf = render_pdf(plan, options(paper=paper))
    pages = check_printed(pdf, plan, paper)
    assert pages == 9  # 5 months; the 10-step plan runs its first page onto a second, + card page
    texts = page_texts(pdf)
    january = next(t for t in texts if t.startswith("January 2027"))
    assert flat(RESTART) in january
    assert flat(KEY_PROVISIONAL) in january


@pytest.mark.parametrize("paper", list(Paper))
def test_adjusted_pdf_large_print_keeps_one_page_per_month(paper: Paper) -> None:
    plan = adjusted()
    pdf = render_pdf(plan, options(paper=paper, large_print=True, contact="01234 567890"))
    assert check_printed(pdf, plan, paper, large_print=True) == 6 + 5


def test_adjusted_cli_from_saved_plan(cli: Cli, tmp_path: Path) -> None:
    """The CLI's own `adjust` on a saved plan, then the handout with --plan and --form."""
    plan = tmp_path / "plan.json"
    made = cli("plan", *STANDARD, "--opioids", "none", "--format", "json", "-o", str(plan))
    assert made.exit_code == 0, made.output
    for args in (
        (
            "--hold",
            "7",
            "--on",
            "2026-12-10",
            "--reason",
            "vivid dreams",
            "--reason-for-patient",
            "your sleep",
        ),
        ("--step-back", "--on", "2026-12-24", "--reason", "headache"),
        ("--dose-time", "morning", "--on", "2026-12-28", "--reason", "insomnia"),
        ("--pause", "2027-01-20..2027-01-26", "--reason", "surgery"),
    ):
        changed = cli("adjust", str(plan), *args, "-o", str(plan), "--force")
        assert changed.exit_code == 0, changed.output
    liquid = ("--form", "liquid", "--concentration", "1mg/mL")
    for fmt, text in cli_texts(cli, tmp_path, "--plan", str(plan), *liquid).items():
        assert (
            "Changed on Thu 10 Dec 2026, recorded Tue 24 Nov 2026: held 7 nights — your sleep"
            in text
        ), fmt
        assert "vivid dreams" not in text.split("What you may notice")[0], fmt
        assert PROVISIONAL in text, fmt
        assert RESTART in text, fmt
        assert "1.5 mg in the morning" in text, fmt
        assert "1.5 mL of 1 mg/mL" in text, fmt


def test_reading_level_of_new_words() -> None:
    """The box, the caution sentences and the adjusted plan's instructions read at grade 8 or less."""
    plan = adjusted()
    points = [*safety.ALWAYS, *safety.CAUTIONS.values()]
    points += [p for s in words.sections(plan) for p in s.points]
    text = " ".join(points)
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", text) if s]
    found = re.findall(r"[A-Za-z]+", text)
    grade = 0.39 * len(found) / len(sentences) + 11.8 * sum(map(_syllables, found)) / len(found)
    assert grade - 15.59 <= 8
    assert max(len(s.split()) for s in sentences) <= 20
