"""The calendar in the patient's language (issue 17): every sentence from the catalog, parsed by
the strict ``ical`` parser, doses in the locale's form, and no English sentence left over."""

from __future__ import annotations

import gettext
import re
from datetime import UTC, datetime, time
from decimal import Decimal
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir

from ldn_titrate.core import catalog_check
from ldn_titrate.core import language as languages
from ldn_titrate.core.engine import build_schedule
from ldn_titrate.core.model import Form, Formulation, Schedule
from ldn_titrate.render.calendar import wording
from ldn_titrate.render.calendar.ics import CalendarOptions, render
from ldn_titrate.rules.checks import ScheduleOptions, resolve_request
from ldn_titrate.rules.policy_file import resolve
from tests.conftest import TEST_PLAN_ID, Cli
from tests.handout_helpers import (
    TODAY,
    adjusted,
    discontinued,
    schedule,
    with_capsules,
    with_liquid,
)
from tests.test_calendar import (
    DOSE_TEXT_ERRORS,
    LONDON,
    _saved_plan_with_pause_and_liquid,
    check_nights,
    check_raw,
    make,
    parse,
)
from tests.test_language import po

PACKAGE = Path(languages.__file__).resolve().parent.parent
KEYWORDS = {"text": None, "t": None, "ntext": (1, 2), "N_": None}
SPANISH_DATE = re.compile(
    r"(lunes|martes|miércoles|jueves|viernes|sábado|domingo), \d{1,2} de "
    r"(enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|"
    r"diciembre) de \d{4}"
)


def split_capsules(plan: Schedule | None = None) -> Schedule:
    """Quarters of a 1.5 mg capsule and whole 3 mg ones: the capsule words that vary."""
    plan = with_capsules(plan or schedule())
    steps = tuple(
        step.model_copy(update={"capsules": {"3": 1, "0.375": 1} if i else {"0.375": 2}})
        for i, step in enumerate(plan.steps)
    )
    formulation = Formulation(
        form=Form.CAPSULES,
        strengths_mg=(Decimal("1.5"), Decimal(3)),
        split_parts={"1.5": 4},
    )
    return plan.model_copy(update={"formulation": formulation, "steps": steps})


def ongoing_with_added(form: str = "") -> Schedule:
    """``--maintain ongoing --also 0.5mg@08:00``, as it is, as a liquid or as capsules."""
    loaded = resolve(None, Path("/nonexistent-config-dir"))
    options = ScheduleOptions(
        preset="standard", start_date="2026-12-01", maintain="ongoing", also=("0.5mg@08:00",)
    )
    request, warnings = resolve_request(options, loaded, TODAY)
    plan = build_schedule(request, plan_id=TEST_PLAN_ID, policy=loaded.ref, warnings=warnings)
    added = plan.also[0]
    if form == "liquid":  # 1 mg/mL; a step with two, three and four fills of a 1 mL syringe
        plan = with_liquid(plan)
        steps = list(plan.steps)
        for index, draws in ((1, 2), (2, 3), (3, 4)):
            steps[index] = steps[index].model_copy(
                update={"syringe_ml": Decimal(1), "draws": draws}
            )
        extra = added.model_copy(update={"volume_ml": Decimal("0.5"), "syringe_ml": Decimal(1)})
        plan = plan.model_copy(update={"steps": tuple(steps), "also": (extra,)})
    elif form == "capsules":
        plan = split_capsules(plan)
        extra = added.model_copy(update={"capsules": {"0.375": 1, "3": 2}})
        plan = plan.model_copy(update={"also": (extra,)})
    return plan


PLANS = {
    "ongoing-added": ongoing_with_added,
    "ongoing-liquid": lambda: ongoing_with_added("liquid"),
    "ongoing-capsules": lambda: ongoing_with_added("capsules"),
    "standard": lambda: schedule(),
    "adjusted": adjusted,
    "discontinued": discontinued,
    "liquid": lambda: with_liquid(schedule(), "5"),
    "capsules": lambda: with_capsules(schedule()),
}


def texts(data: bytes) -> list[str]:
    """Every line a patient reads: summaries, descriptions, reminders and the calendar's name."""
    calendar = parse(data)
    out = [calendar.prodid]
    for event in calendar.events:
        out += [event.summary or "", event.description or ""]
        out += [alarm.description or "" for alarm in event.alarm]
    return [line for text in out for line in text.split("\n") if line]


def ics(plan: Schedule, language: languages.Language) -> bytes:
    options = CalendarOptions(
        bedtime=time(22), tz=LONDON, stamp=datetime(2026, 11, 1, tzinfo=UTC), language=language
    )
    return render(plan, options)


def bracket(message: str) -> str:
    """Each literal part of a message inside « », its {placeholders} outside them."""
    parts = re.split(r"(\{[^{}]*\})", message)
    return "".join(part if part.startswith("{") else f"«{part}»" for part in parts if part)


class Bracketed(gettext.NullTranslations):
    """A pseudo-translation: the words of every message come back inside « », so any word
    outside them was never looked up in the catalog (a value put into a message stays
    outside, so an untranslated one is seen too)."""

    def gettext(self, message: str) -> str:
        return bracket(message)

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        return bracket(msgid1 if n == 1 else msgid2)


def test_the_template_holds_every_message_the_renderers_say() -> None:
    """A message added to a renderer without updating the template (and so every catalog)
    fails here: see docs/development/extending.md, "A language", for the one command that updates it."""
    found = {
        message if isinstance(message, str) else message[0]
        for _, _, message, _, _ in extract_from_dir(
            PACKAGE, keywords=KEYWORDS, comment_tags=(), strip_comment_tags=True
        )
    }
    assert found == set(catalog_check.template_ids())


@pytest.mark.parametrize("name", [*sorted(PLANS), "split"])
def test_no_english_sentence_is_left(name: str) -> None:
    plan = split_capsules() if name == "split" else PLANS[name]()
    pseudo = languages.Language("es-ES", Bracketed(), ",", languages.NO_BREAK_SPACE)
    for line in texts(ics(plan, pseudo))[1:]:
        rest = re.sub(r"«[^«»]*»", "", SPANISH_DATE.sub("", line))
        rest = re.sub(r"(?<![A-Za-z])(LDN|mg|mL)(?![A-Za-z])|\d", "", rest)
        assert not re.search(r"[A-Za-z]", rest), (line, rest)


@pytest.mark.parametrize("name", [*sorted(PLANS), "split"])
# Every shipped language, and Spanish in both decimal forms.
@pytest.mark.parametrize("tag", sorted({*languages.shipped()[1:], "es-ES", "es-US"}))
def test_spanish_calendars_keep_the_dose_rules(name: str, tag: str) -> None:
    """The ISMP checks of the English calendar, in the locale's decimal form."""
    plan = split_capsules() if name == "split" else PLANS[name]()
    data = ics(plan, languages.resolve(tag))
    check_raw(data)
    prose = "\n".join(texts(data))
    comma = languages.resolve(tag).decimal_comma
    point = "," if comma else r"\."
    rules = [
        (rf"\d{point}\d*0 m[gL]\b", "trailing zero"),
        (rf"(?<![\d]){point}\d", "no leading zero"),
        *DOSE_TEXT_ERRORS[2:],
    ]
    for pattern, rule in rules:
        assert not re.search(pattern, prose), (rule, re.search(pattern, prose))
    other = "." if comma else ","
    assert not re.search(rf"\d{re.escape(other)}\d+ m[gL]\b", prose), "the other separator"
    assert "Vivid dreams" not in prose
    assert "tonight" not in prose
    assert SPANISH_DATE.search(prose)
    said = languages.resolve(tag).text(wording.DECIMAL_COMMA)
    assert (said in prose) is comma
    assert said != wording.DECIMAL_COMMA


def test_a_spanish_calendar_from_the_command_line(cli: Cli, tmp_path: Path) -> None:
    plan_path = tmp_path / "plan.json"
    plan = _saved_plan_with_pause_and_liquid(cli, plan_path)
    args = ("--plan", str(plan_path), "--tz", LONDON, "--language", "es-US")
    data = make(cli, tmp_path / "es.ics", *args)
    check_raw(data)
    english = make(cli, tmp_path / "en.ics", "--plan", str(plan_path), "--tz", LONDON)
    check_nights(english, plan, time(22), LONDON)

    # The same events at the same times with the same doses: only the words differ.
    def shape(ics_data: bytes) -> list[tuple[object, ...]]:
        return [
            (e.uid, e.dtstart, e.dtend, e.rrule, e.sequence, re.findall(r"[\d.]+ m[gL]", e.summary))
            for e in parse(ics_data).events
        ]

    assert shape(data) == shape(english)
    summaries = [e.summary for e in parse(data).events]
    assert "LDN en pausa: sin dosis (paso 2 de 5)" in summaries
    assert "Vuelva a empezar esta noche: 1.5 mL de 1 mg/mL (1.5 mg) (después de una pausa)" in (
        summaries
    )
    assert "Aumento esta noche: 2.5 mL de 1 mg/mL (2.5 mg) (antes 1.5 mg)" in summaries
    raw = data.decode()
    assert "SUMMARY;LANGUAGE=es-US:" in raw
    assert "DESCRIPTION;LANGUAGE=es-US:" in raw
    assert "X-WR-CALNAME:Plan de dosis de LDN" in raw
    assert b"LANGUAGE=" not in english


def test_a_clinic_catalog_overrides_one_message(cli: Cli, tmp_path: Path) -> None:
    clinic = po(
        tmp_path / "clinic.po",
        "es_MX",
        {"LDN review with your prescriber": "Cita de revisión de LDN en la clínica"},
    )
    data = make(
        cli,
        tmp_path / "mx.ics",
        "--preset", "standard", "--start-date", "2026-12-01", "--tz", LONDON,
        "--language", str(clinic),
    )  # fmt: skip
    summaries = [e.summary for e in parse(data).events]
    assert "Cita de revisión de LDN en la clínica" in summaries  # the clinic's message
    assert "Aumento esta noche: 2.5 mg (antes 1.5 mg)" in summaries  # the shipped Spanish
    assert b"LANGUAGE=es-MX" in data


def test_a_bad_language_exits_2_and_writes_nothing(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "x.ics"
    result = cli("calendar", "--preset", "standard", "--language", "zu", "-o", str(out))
    assert result.exit_code == 2
    assert "--language zu: no catalog for this language" in result.output
    assert not out.exists()


def test_languages_lists_and_checks(cli: Cli, tmp_path: Path) -> None:
    listed = cli("languages")
    assert listed.exit_code == 0
    assert "en  English (built in)" in listed.output
    assert "es  Spanish (complete" in listed.output
    assert cli("languages", "--check", "es").exit_code == 0
    partial = po(tmp_path / "fr.po", "fr", {"tonight": "ce soir", "nightly": "chaque soir"},
                 fuzzy=("nightly",))  # fmt: skip
    checked = cli("languages", "--check", str(partial))
    assert checked.exit_code == 2
    assert "missing: LDN titration plan" in checked.output
    assert "fuzzy: nightly" in checked.output
    assert "missing: tonight" not in checked.output
