"""What the patient reads (issue 13): the wording rules, the new lines, Markdown lists, time zones.

Each wording rule is checked on a morning plan, an adjusted plan and a plan past its review date,
in every handout format; the calendar's VTIMEZONE against ``zoneinfo`` for London, New York and
Sydney; the Markdown with a real CommonMark parser (markdown-it-py).
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar
from markdown_it import MarkdownIt

from ldn_titrate.core.dosetext import format_date, format_mg
from ldn_titrate.core.model import DoseTime, Schedule
from ldn_titrate.plans.adjust.kinds.dose_time import SetDoseTime
from ldn_titrate.plans.adjust.kinds.hold import Hold
from ldn_titrate.plans.adjust.kinds.undo import Undo
from ldn_titrate.plans.status import status
from ldn_titrate.render.calendar.ics import CalendarOptions, render, stamp_for
from ldn_titrate.render.calendar.zones import clock_warning, night_warnings, transitions
from ldn_titrate.render.handout import content as handout_content
from ldn_titrate.render.handout import markdown as handout_markdown
from ldn_titrate.render.handout import safety
from ldn_titrate.render.warning_words import PROVISIONAL
from tests.conftest import Cli
from tests.handout_helpers import adjusted, options, render_pdf, schedule, with_liquid
from tests.test_adjust import LOADED, MADE, standard
from tests.test_handout import all_text
from tests.test_handout_changes import flat

STANDARD = ("--preset", "standard", "--start-date", "2026-12-01", "--opioids", "none")


def morning() -> Schedule:
    """The standard plan taken in the morning from its first night."""
    plan = standard()
    return adjust_plan(plan, SetDoseTime(DoseTime.MORNING, None), plan.first_night)


def adjust_plan(plan: Schedule, change: object, on: date | None, **extra: object) -> Schedule:
    from ldn_titrate.plans.adjust.apply import adjust

    made = extra.pop("made_at", MADE)
    return adjust(plan, change, on, made_at=made, loaded=LOADED, reason="why", **extra)  # type: ignore[arg-type]


# --- wording follows the plan -----------------------------------------------------------------


def test_a_morning_plan_never_says_night() -> None:
    plan = morning()
    for fmt, body in all_text(plan).items():
        text = flat(body)
        for wrong in ("each night", "every night", "Nightly", "in the morning each morning"):
            assert wrong not in text, (fmt, wrong)
        assert "Tick the box each morning after you take your dose." in text, fmt
        assert "Dose in the morning" in text, fmt
    assert status(plan, date(2026, 12, 3)).text.startswith("Step 1 of 4, day 3 of 14:")


def test_a_morning_calendar_says_each_morning_once() -> None:
    plan = morning()
    data = render(plan, CalendarOptions(time(22), "Europe/London", stamp_for(plan, saved=True)))
    text = data.decode().replace("\r\n ", "")
    assert "in the morning each morning" not in text
    assert "each morning until" in text


def test_the_end_of_a_plan_reads_as_a_review() -> None:
    plan = with_liquid(schedule(), "5")
    keep = "Keep taking 0.9 mL of 5 mg/mL (4.5 mg) until your review on Tue 9 Feb 2027"
    for fmt, body in all_text(plan).items():
        text = flat(body)
        assert keep in text, fmt
        assert "unless told otherwise" in text, fmt
        assert "Last dose" not in text, fmt
    late = status(plan, date(2027, 2, 12))
    assert late.text.startswith("Review overdue by 3 days (due on Tue 9 Feb 2027)")
    assert "keep taking 0.9 mL of 5 mg/mL (4.5 mg)" in late.text


def test_every_step_after_a_retry_carries_the_condition_until_a_pause() -> None:
    plan = adjusted()  # hold, step back (retry on Thu 7 Jan 2027), morning, pause from 20 Jan
    rows = handout_content.build(plan, options()).rows
    conditioned = [row.first for row in rows if any(PROVISIONAL in n for n in row.notes)]
    # The retry runs up to the pause; after the restart the plan starts again, unconditioned.
    assert conditioned == ["Thu 7 Jan 2027"]
    assert [row.first for row in rows][-4:] == [
        "Wed 27 Jan 2027",
        "Wed 10 Feb 2027",
        "Wed 24 Feb 2027",
        "Wed 10 Mar 2027",
    ]


def test_only_the_retried_dose_is_conditional_and_later_nights_follow_it() -> None:
    """Issue 24: after a step back only the retried dose is conditional; every later night
    applies only if it was taken, and its fallback is the dose the patient stayed on."""
    plan = standard()
    from ldn_titrate.plans.adjust.kinds.step_back import StepBack

    backed = adjust_plan(plan, StepBack(), date(2026, 12, 22))
    retry = next(i for i, s in enumerate(backed.steps) if s.provisional)
    assert retry + 1 < len(backed.steps)
    stayed = format_mg(backed.steps[retry - 1].dose_mg)
    went_up = (
        f"only if you went up to {format_mg(backed.steps[retry].dose_mg)} on "
        f"{format_date(backed.steps[retry].start)}; if you did not, stay on {stayed} and call "
        "the clinic"
    )
    rows = handout_content.build(backed, options()).rows
    assert any(PROVISIONAL in note and f"stay on {stayed}" in note for note in rows[retry].notes)
    for row in rows[retry + 1 :]:
        assert not any(PROVISIONAL in note for note in row.notes), row.first
        assert any(went_up in note for note in row.notes), row.first
    for row in rows[:retry]:
        assert not row.notes, row.first
    later = backed.steps[retry + 1]
    assert went_up in status(backed, later.start).text
    assert PROVISIONAL not in status(backed, later.start).text


def test_the_undo_line_carries_the_undos_date() -> None:
    held = adjust_plan(standard(), Hold(7), date(2026, 12, 10))
    undone = adjust_plan(held, Undo(), None, made_at=datetime(2027, 1, 3, 9, tzinfo=UTC))
    for fmt, body in all_text(undone).items():
        assert "Changed on Thu 10 Dec 2026, recorded Sun 3 Jan 2027: undid revision 2" in flat(
            body
        ), fmt


def test_the_reason_is_the_clinicians_unless_one_is_given_for_the_patient(
    cli: Cli, tmp_path: Path
) -> None:
    plan = tmp_path / "plan.json"
    assert cli("plan", *STANDARD, "--format", "json", "-o", str(plan)).exit_code == 0
    long = cli("adjust", str(plan), "--hold", "7", "--on", "2026-12-10", "--reason", "x",
               "--reason-for-patient", "y" * 201, "-o", "-")  # fmt: skip
    assert long.exit_code == 2
    assert "--reason-for-patient is 201 characters; keep it to at most 200" in long.stderr
    kept = cli("adjust", str(plan), "--hold", "7", "--on", "2026-12-10",
               "--reason", "low mood, dose too fast", "-o", str(plan), "--force")  # fmt: skip
    assert kept.exit_code == 0, kept.output
    sheet = cli("handout", "--plan", str(plan), "--format", "markdown", "-o", "-")
    assert "Changed on Thu 10 Dec 2026, recorded Tue 24 Nov 2026: held 7 nights" in sheet.stdout
    assert "low mood" not in sheet.stdout


# --- the new lines ------------------------------------------------------------------------------


def test_missed_dose_storage_syringe_and_wallet_card(cli: Cli) -> None:
    liquid = ("--form", "liquid", "--concentration", "5mg/mL", "--supply-days", "30")
    for fmt in ("html", "markdown"):
        result = cli("handout", *STANDARD, *liquid, "--contact", "Clinic 01234 567890",
                     "--format", fmt, "-o", "-")  # fmt: skip
        assert result.exit_code == 0, result.output
        text = flat(result.stdout.replace("&nbsp;", " "))
        assert "Never take two doses to catch up." in text, fmt
        assert "Keep the liquid in the fridge." in text, fmt
        assert "at most 30 days after the pharmacy made it" in text, fmt  # policy beyond-use
        assert "Measure every dose with the 1 mL oral syringe." in text, fmt
        assert "Wallet card: cut out and carry" in text, fmt
        assert "For clinicians: naltrexone is an opioid antagonist." in text, fmt
        assert "Clinic: Clinic 01234 567890" in text, fmt
    assert any("wallet card" in point for point in safety.ALWAYS)


def test_a_capsule_plan_has_no_storage_line() -> None:
    from tests.handout_helpers import with_capsules

    for fmt, body in all_text(with_capsules(schedule())).items():
        assert "fridge" not in body, fmt


# --- Markdown in CommonMark ---------------------------------------------------------------------


def test_markdown_lists_stay_apart_in_commonmark() -> None:
    plan = with_liquid(schedule())
    tokens = MarkdownIt("commonmark").parse(handout_markdown.render(plan, options()))
    lists: list[int] = []
    depth = 0
    for token in tokens:
        if token.type == "bullet_list_open":
            lists.append(0)
            depth += 1
        elif token.type == "bullet_list_close":
            depth -= 1
        elif token.type == "list_item_open" and depth == 1:
            lists[-1] += 1
    before = safety.before_you_start(plan).points
    assert lists[0] == len(before)  # the box alone, not run into the facts below it
    assert lists[1] == len(handout_content.facts(plan, options()))
    headings = [t.content for t in tokens if t.type == "inline" and t.map and t.level == 1]
    assert "Before you start" in headings


# --- calendars and time zones -------------------------------------------------------------------


ZONES = ("Europe/London", "America/New_York", "Australia/Sydney")


def vtimezone_parts(data: bytes) -> list[tuple[str, datetime, timedelta, timedelta]]:
    calendar = Calendar.from_ical(data)
    out = []
    for zone in calendar.walk("VTIMEZONE"):
        for part in zone.subcomponents:
            start = part.get("DTSTART").dt
            out.append(
                (
                    part.name,
                    start.replace(tzinfo=None),
                    part.get("TZOFFSETFROM").td,
                    part.get("TZOFFSETTO").td,
                )
            )
    return out


@pytest.mark.parametrize("name", ZONES)
def test_vtimezone_matches_zoneinfo(name: str) -> None:
    plan = standard()
    data = render(plan, CalendarOptions(time(22), name, stamp_for(plan, saved=True)))
    zone = ZoneInfo(name)
    parts = vtimezone_parts(data)
    changes = [p for p in parts if p[2] != p[3]]
    assert len(changes) >= 4  # at least two years of summer time either side of the plan
    for kind, onset, before, after in changes:
        # DTSTART is local time before the change, in the TZOFFSETFROM offset (RFC 5545).
        instant = (onset - before).replace(tzinfo=UTC)
        assert instant.astimezone(zone).utcoffset() == after, (kind, onset)
        assert (instant - timedelta(seconds=1)).astimezone(zone).utcoffset() == before
        assert (kind == "DAYLIGHT") == (after > before), (kind, onset)
    first = min(p[1] for p in changes)
    last = max(p[1] for p in changes)
    expected = transitions(zone, first.date() - timedelta(days=1), last.date() + timedelta(days=1))
    assert [t.onset for t in expected] == sorted(p[1] for p in changes)


def test_summer_time_starts_at_the_local_time_before_the_change() -> None:
    onsets = {
        "Europe/London": datetime(2027, 3, 28, 1, 0),
        "America/New_York": datetime(2027, 3, 14, 2, 0),
        "Australia/Sydney": datetime(2027, 10, 3, 2, 0),
    }
    for name, onset in onsets.items():
        found = transitions(ZoneInfo(name), date(2027, 1, 1), date(2027, 12, 31))
        assert onset in [t.onset for t in found if t.daylight], name


def test_gap_and_overlap_nights_are_named() -> None:
    new_york = ZoneInfo("America/New_York")
    gap = clock_warning(datetime(2027, 3, 14, 2, 30), new_york)
    assert gap is not None
    assert gap.startswith("Sun 14 Mar 2027: the dose time 02:30 does not exist")
    overlap = clock_warning(datetime(2027, 11, 7, 1, 30), new_york)
    assert overlap is not None
    assert "happens twice" in overlap
    assert clock_warning(datetime(2027, 3, 15, 2, 30), new_york) is None
    london = ZoneInfo("Europe/London")
    plan = standard()  # 1 Dec 2026 to 8 Feb 2027: no change of the clocks
    assert night_warnings(plan, time(1, 30), london) == []


def test_calendar_warns_of_each_night_in_a_gap(cli: Cli, tmp_path: Path) -> None:
    result = cli("calendar", "--preset", "standard", "--start-date", "2027-03-01",
                 "--opioids", "none", "--tz", "America/New_York", "--bedtime", "02:30",
                 "-o", str(tmp_path / "c.ics"))  # fmt: skip
    assert result.exit_code == 0, result.output
    warned = [line for line in result.stderr.splitlines() if "does not exist" in line]
    assert warned == [
        "warning: Sun 14 Mar 2027: the dose time 02:30 does not exist in America/New_York "
        "(the clocks go forward); calendars will show it at 03:30 or at another time: choose "
        "another --bedtime, or tell the patient"
    ]


def test_dose_events_are_transparent_and_fresh_leaves_cancelled_out() -> None:
    plan = adjusted()
    stamp = stamp_for(plan, saved=True)
    full = Calendar.from_ical(render(plan, CalendarOptions(time(22), "Europe/London", stamp)))
    fresh = Calendar.from_ical(
        render(plan, CalendarOptions(time(22), "Europe/London", stamp, fresh=True))
    )
    events = list(full.walk("VEVENT"))
    assert all(str(e.get("TRANSP")) == "TRANSPARENT" for e in events)
    cancelled = [e for e in events if str(e.get("STATUS", "")) == "CANCELLED"]
    assert cancelled
    kept = list(fresh.walk("VEVENT"))
    assert len(kept) == len(events) - len(cancelled)
    assert not [e for e in kept if str(e.get("STATUS", "")) == "CANCELLED"]
    summaries = [str(e.get("SUMMARY")) for e in kept]
    doses = [
        s for s in summaries if s.startswith("LDN ") and "paused" not in s and "review" not in s
    ]
    assert doses
    assert all(re.search(r"^LDN \d+(\.\d+)? mL of 1 mg/mL \(\d", s) for s in doses), doses


# --- the dose chart -----------------------------------------------------------------------------


def test_the_dose_chart_is_a_step_line_with_each_change_marked() -> None:
    from ldn_titrate.render.handout import chart as dose_chart
    from ldn_titrate.render.handout import html as handout_html
    from tests.handout_helpers import page_texts

    plan = adjusted()
    drawn = dose_chart.build(plan)
    assert [run.dose for run in drawn.runs] == [
        0 if step.phase.value == "paused" else step.dose_mg for step in plan.steps
    ]
    assert drawn.changes == tuple(sorted({c.on for c in plan.history}))
    page = handout_html.render(plan, options())
    summary = page[page.index('<section class="summary">') : page.index("</section>")]
    svg = summary[summary.index("<svg") : summary.index("</svg>")]
    points = re.search(r'<polyline points="([^"]+)"', svg)
    assert points
    assert len(points[1].split()) == 2 * len(plan.steps)  # a flat line per step, joined up
    assert svg.count('stroke-dasharray="4 3"') == len(drawn.changes)
    assert f">{dose_chart.short(drawn.changes[0])}</text>" in svg
    assert svg.count("</text>") >= len(drawn.doses) + 1  # dose labels, months, change dates
    first = page_texts(render_pdf(plan, options()))[0]
    assert "Your dose over time Each flat line" in first
    assert "10 Dec" in first  # the first change's mark, on page 1


def test_transitions_to_the_minute_and_a_zone_without_summer_time() -> None:
    kathmandu = transitions(ZoneInfo("Asia/Kathmandu"), date(1985, 12, 1), date(1986, 2, 1))
    assert [(t.at, t.onset) for t in kathmandu] == [
        (datetime(1985, 12, 31, 18, 30, tzinfo=UTC), datetime(1986, 1, 1, 0, 0))
    ]
    howe = transitions(ZoneInfo("Australia/Lord_Howe"), date(2027, 1, 1), date(2027, 12, 31))
    assert [t.after - t.before for t in howe] == [timedelta(minutes=-30), timedelta(minutes=30)]
    plan = standard()
    data = render(plan, CalendarOptions(time(22), "Asia/Tokyo", stamp_for(plan, saved=True)))
    assert [p[0] for p in vtimezone_parts(data)] == ["STANDARD"]  # one offset all year


def test_capsule_amounts_count_what_to_take() -> None:
    from decimal import Decimal

    from ldn_titrate.core.model import Form, Formulation, Phase, Step
    from ldn_titrate.render import measure

    def step(capsules: dict[str, int], dose: str) -> Step:
        day = date(2027, 1, 1)
        return Step(number=1, phase=Phase.TITRATION, start=day, end=day, nights=1,
                    dose_mg=Decimal(dose), capsules=capsules)  # fmt: skip

    whole = Formulation(form=Form.CAPSULES, strengths_mg=(Decimal("1.5"), Decimal(3)))
    split = Formulation(form=Form.CAPSULES, strengths_mg=(Decimal("4.5"),), split_parts={"4.5": 4})
    assert measure.measure_text(step({"1.5": 1}, "1.5"), whole) == "1 × 1.5 mg capsule"
    two = step({"3": 1, "1.5": 1}, "4.5")
    assert measure.measure_text(two, whole) == "1 × 3 mg + 1 × 1.5 mg capsules"
    assert measure.measure_with_dose(two, whole) == "1 × 3 mg + 1 × 1.5 mg capsules (4.5 mg)"
    assert measure.square_measure(two, whole) == ("1 × 3 mg + 1 × 1.5 mg", "capsules: 4.5 mg")
    quarter = step({"1.125": 2}, "2.25")
    assert measure.measure_text(quarter, split) == "2 quarters of a 4.5 mg capsule"
    assert measure.square_measure(quarter, split) == ("2 × 1.125 mg", "quarters of 4.5 mg: 2.25 mg")
    assert measure.measure_text(step({}, "1"), whole) is None
    assert measure.square_measure(step({}, "1"), whole) is None
    assert measure.square_measure(step({"1.5": 1}, "1.5"), None) is None
    assert measure.measure_with_dose(step({}, "1"), None) == "1 mg"


def test_a_chart_without_changes_and_in_large_print() -> None:
    from ldn_titrate.render.handout import chart as dose_chart

    drawn = dose_chart.build(standard())
    assert drawn.changes == ()
    assert "dashed" not in drawn.caption
    normal, large = dose_chart.svg(drawn, False), dose_chart.svg(drawn, True)
    assert 'font-size="11"' in normal
    assert 'font-size="15"' in large
    assert "stroke-dasharray" not in normal
    assert [day.month for day in dose_chart.month_starts(drawn)] == [12, 1, 2]


def test_a_condition_shares_its_page_with_its_row_in_the_pdf() -> None:
    from ldn_titrate.render.handout.common import Paper
    from tests.handout_helpers import page_texts

    plan = adjusted()
    for paper in Paper:
        for large in (False, True):
            pages = page_texts(render_pdf(plan, options(paper=paper, large_print=large)))
            front = [p for p in pages if "Your doses" in p or "From To" in p]
            rows = [p for p in pages[:4] if "Take this dose only if" in p or "Restart night" in p]
            assert front
            for page in rows:
                if "Take this dose only if" in page and "Thu 7 Jan 2027 Tue 19 Jan" in page:
                    continue
                if "Restart night" in page and "Wed 27 Jan 2027 Tue 9 Feb" in page:
                    continue
                raise AssertionError((paper, large, page[:200]))


def test_the_wallet_card_names_the_first_dose_before_the_start() -> None:
    card = handout_content.build(standard(), options()).card
    assert card is not None
    assert card.points[1].startswith("Starts on Tue 1 Dec 2026: 1.5 mg at bedtime.")


def test_a_morning_dose_is_counted_in_days_in_the_calendar_and_status(
    cli: Cli, tmp_path: Path
) -> None:
    """A dose taken in the morning is not a night's: its banner counts days, and the review
    and an overdue status say the planned days ended (the handout already said so)."""
    from icalendar import Calendar

    saved, morning = tmp_path / "plan.json", tmp_path / "morning.json"
    made = cli("plan", "--preset", "standard", "--start-date", "2026-12-01", "--opioids", "none",
               "-f", "json", "-o", str(saved))  # fmt: skip
    assert made.exit_code == 0, made.output
    moved = cli("adjust", str(saved), "--dose-time", "morning", "--on", "2026-12-01",
                "--reason", "insomnia", "-o", str(morning))  # fmt: skip
    assert moved.exit_code == 0, moved.output
    ics = tmp_path / "m.ics"
    result = cli("calendar", "--plan", str(morning), "--tz", "Europe/London", "-o", str(ics))
    assert result.exit_code == 0, result.output
    descriptions = [
        str(e["DESCRIPTION"]) for e in Calendar.from_ical(ics.read_bytes()).walk("VEVENT")
    ]
    text = "\n".join(descriptions)
    assert "(14 days)" in text
    assert "nights)" not in text
    assert "The planned days ended on Mon 8 Feb 2027." in text
    late = cli("status", str(morning), "--on", "2027-02-12")
    assert "the planned days ended on Mon 8 Feb 2027" in late.stdout
    spanish = cli("status", str(morning), "--on", "2027-02-12", "--language", "es")
    assert "los días del plan terminaron" in spanish.stdout
