"""The handout in the patient's language (issue 17): every format (HTML, Markdown, PDF, with the
wallet card and the dose chart) says every sentence, label and mark through the catalog, writes
Spanish dates, month and day names, and keeps the dose rules in the locale's decimal form.

A pseudo-translation (each message's words inside « », see :mod:`tests.test_calendar_language`)
shows what was never looked up: after removing the bracketed words, CLDR's dates and names, the
numbers, the units and what the user typed, no letter may be left.
"""

from __future__ import annotations

import re
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel.dates import get_day_names, get_month_names
from markdown_it import MarkdownIt

from ldn_titrate.core import language as languages
from ldn_titrate.core.model import DoseTime, OpioidStatus, Schedule, Screening
from ldn_titrate.core.vocab import CAUTIONS
from ldn_titrate.plans.adjust.apply import adjust
from ldn_titrate.plans.adjust.kinds.dose_time import SetDoseTime
from ldn_titrate.render.calendar import wording
from ldn_titrate.render.handout import html as handout_html
from ldn_titrate.render.handout import markdown as handout_markdown
from ldn_titrate.render.handout.common import HandoutOptions, Paper
from ldn_titrate.rules.policy import built_in
from tests.conftest import Cli
from tests.handout_helpers import (
    NAME,
    adjusted,
    check_printed,
    discontinued,
    options,
    page_texts,
    render_pdf,
    schedule,
    with_liquid,
    with_pause,
)
from tests.test_adjust import MADE
from tests.test_calendar_language import PLANS as CALENDAR_PLANS
from tests.test_calendar_language import SPANISH_DATE, Bracketed, split_capsules
from tests.test_language import po

CONTACT = "Clinic 01234 567890"
NOTES = "Bring this sheet"
# The reasons given for the patient by the adjusted and discontinued plans (handout_helpers).
REASONS = ("vivid dreams <b>", "no benefit")
USER_TEXT = (NAME, "Dr B. Clinician", CONTACT, NOTES, *REASONS)
LOCALE = "es_ES"
# Words CLDR gives (not the catalog): full and short day and month names, any case.
CLDR_WORDS = {
    word.lower()
    for width in ("wide", "abbreviated")
    for names in (
        get_day_names(width, "stand-alone", LOCALE),
        get_month_names(width, "stand-alone", LOCALE),
        get_month_names(width, "format", LOCALE),
    )
    for word in names.values()
}
MONTH_TITLE = re.compile(r"\b[A-Za-zÀ-ÿ]+ de \d{4}\b")


def screened() -> Schedule:
    """Every caution and a planned last opioid dose: every sentence of "Before you start"."""
    plan = with_liquid(schedule())
    screening = Screening(
        opioids=OpioidStatus.STOPPED,
        last_opioid_dose=date(2026, 11, 20),
        last_dose_planned=True,
        cautions=CAUTIONS,
    )
    return plan.model_copy(update={"screening": screening})


def morning() -> Schedule:
    """Every dose in the morning from the first night: the sentences said per morning."""
    plan = schedule()
    return adjust(
        plan,
        SetDoseTime(DoseTime.MORNING, None),
        plan.first_night,
        made_at=MADE,
        loaded=built_in(),
        reason="why",
    )


def varied() -> Schedule:
    """A bedtime plan moved to the morning part way: the sentences said per day."""
    plan = schedule()
    return adjust(
        plan,
        SetDoseTime(DoseTime.MORNING, "08:00"),
        date(2026, 12, 20),
        made_at=MADE,
        loaded=built_in(),
        reason="why",
    )


PLANS = {
    **CALENDAR_PLANS,
    "split": split_capsules,
    "paused-liquid": lambda: with_liquid(with_pause(schedule())),
    "screened": screened,
    "morning": morning,
    "varied": varied,
}


class _Text(HTMLParser):
    """Every text node a browser shows or reads aloud (no style sheet), and the labels."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self._style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._style = tag == "style"
        self.found += [value or "" for name, value in attrs if name == "aria-label"]

    def handle_endtag(self, tag: str) -> None:
        self._style = False

    def handle_data(self, data: str) -> None:
        if not self._style and data.strip():
            self.found.append(data)


def html_texts(page: str) -> list[str]:
    parser = _Text()
    parser.feed(page)
    return parser.found


def markdown_texts(page: str) -> list[str]:
    """The text leaves of the Markdown, as a CommonMark parser (with tables) reads them."""
    tokens = MarkdownIt("commonmark").enable("table").parse(page)
    return [
        child.content
        for token in tokens
        if token.type == "inline"
        for child in token.children or ()
        if child.type == "text" and child.content.strip()
    ]


def rendered(plan: Schedule, opts: HandoutOptions) -> dict[str, list[str]]:
    """What a reader sees of each format: HTML and Markdown parsed, the PDF's extracted text."""
    return {
        "html": html_texts(handout_html.render(plan, opts)),
        "markdown": markdown_texts(handout_markdown.render(plan, opts)),
        "pdf": page_texts(render_pdf(plan, opts)),
    }


def untranslated(text: str) -> str:
    """What is left of ``text`` that neither the catalog, CLDR, the numbers nor the user said."""
    rest = re.sub(r"«[^«»]*»", " ", text)
    for typed in USER_TEXT:
        rest = rest.replace(typed, " ")
    rest = MONTH_TITLE.sub(" ", SPANISH_DATE.sub(" ", rest))
    rest = re.sub(r"(?<![A-Za-z])(LDN|mg|mL)(?![A-Za-z])|\d", " ", rest)
    words = re.findall(r"[^\W\d_]+", rest)
    return " ".join(word for word in words if word.lower().rstrip(".") not in CLDR_WORDS)


@pytest.mark.parametrize("name", sorted(PLANS))
def test_no_english_is_left_in_any_format(name: str) -> None:
    plan = PLANS[name]()
    pseudo = languages.Language("es-ES", Bracketed(), ",", languages.NO_BREAK_SPACE)
    opts = options(language=pseudo, contact=CONTACT, notes=NOTES)
    for fmt, texts in rendered(plan, opts).items():
        assert texts, fmt
        for text in texts:
            assert not untranslated(text), (fmt, text, untranslated(text))


def test_the_pseudo_check_finds_an_untranslated_word() -> None:
    """The check above fails on a sentence the catalog never saw (so it can fail)."""
    assert untranslated("«Tome» 1,5 mg «cada» martes, 1 de diciembre de 2026") == ""
    assert untranslated("«Tome» 1,5 mg at bedtime") == "at bedtime"
    assert untranslated("Review «el» lunes") == "Review"


# The ISMP rules of tests.test_handout.FORBIDDEN, in the locale's decimal form.
ABBREVIATIONS = re.compile(
    r"\b(?:QHS|QD|HS|cc|qhs|teaspoons?|tsp|cucharaditas?)\b|µg|μg"
    r"|\b\d{1,2}/\d{1,2}/\d{2,4}\b|\b\d{4}-\d{2}-\d{2}\b"
)


def dose_rule_breaks(text: str, comma: bool) -> list[str]:
    point = "," if comma else r"\."
    other = r"\." if comma else ","
    rules = {
        "trailing zero": rf"\d{point}\d*0 m[gL]\b|\d{point}0\b",
        "no leading zero": rf"(?<![\d\w]){point}\d",
        "the other separator": rf"\d{other}\d+ m[gL]\b",
        "a zero dose": r"(?<![\d.,])0 m[gL]",
    }
    found = [rule for rule, pattern in rules.items() if re.search(pattern, text)]
    return found + (["abbreviation"] if ABBREVIATIONS.search(text) else [])


# (test_handout.test_safe_dose_and_date_text runs the same rules over more plans in Spanish.)
@pytest.mark.parametrize(
    ("tag", "name"),
    [("es", "adjusted"), ("es-ES", "split"), ("es-ES", "ongoing-liquid"), ("es-US", "adjusted")],
)
def test_spanish_handouts_keep_the_dose_rules(tag: str, name: str) -> None:
    """The ISMP checks the English handouts pass, on Spanish text in every format."""
    spanish = languages.resolve(tag)
    plan = PLANS[name]()
    for fmt, texts in rendered(plan, options(language=spanish, large_print=True)).items():
        body = " ".join(" ".join(texts).split())
        assert dose_rule_breaks(body, spanish.decimal_comma) == [], (fmt, body[:300])
        assert SPANISH_DATE.search(body), fmt
        assert "Your" not in body
        assert "night" not in body


def test_the_dose_check_catches_each_rule() -> None:
    assert dose_rule_breaks("1,50 mg", comma=True) == ["trailing zero"]
    assert dose_rule_breaks(",5 mg", comma=True) == ["no leading zero"]
    assert dose_rule_breaks("1.5 mg", comma=True) == ["the other separator"]
    assert dose_rule_breaks("0 mg 1,5 mg", comma=True) == ["a zero dose"]
    assert dose_rule_breaks("1.5 mg QHS", comma=False) == ["abbreviation"]
    assert dose_rule_breaks("1.5 mg, 3 mg; martes, 1 de diciembre", comma=False) == []


@pytest.mark.parametrize(
    ("tag", "dose", "note"), [("es-ES", "1,5 mg", True), ("es-US", "1.5 mg", False)]
)
def test_spanish_in_every_format(tag: str, dose: str, note: bool) -> None:
    spanish = languages.resolve(tag)
    plan = with_liquid(with_pause(schedule()))
    opts = options(language=spanish, contact=CONTACT)
    page = handout_html.render(plan, opts)
    assert f'<html lang="{tag}">' in page
    assert f"<title>Su plan de dosis de LDN para {NAME}</title>" in page
    decimal = spanish.text(wording.DECIMAL_COMMA)
    assert decimal != wording.DECIMAL_COMMA
    for fmt, texts in rendered(plan, opts).items():
        body = " ".join(" ".join(texts).split()).replace("\xa0", " ")
        assert body.count(decimal) == (1 if note else 0), fmt  # said once, in words
        assert dose in body, fmt
        for said in (
            "Su plan de dosis de LDN",
            "Antes de empezar",
            "Primera dosis: martes, 1 de diciembre de 2026" if fmt == "markdown" else "martes",
            "Diciembre de 2026",
            "Lun Mar Mié Jue Vie Sáb Dom" if fmt != "markdown" else "Lun",
            "Inicio",
            "Pausa",
            "sin LDN (pausa)",
            "Tarjeta para la cartera",
            "Clínica: " + CONTACT,
            "Su dosis con el tiempo" if fmt != "markdown" else "Calendario",
        ):
            assert said in body, (fmt, said)


def test_the_pdf_says_its_language_and_prints_every_spanish_letter() -> None:
    import io

    from pypdf import PdfReader

    spanish = languages.resolve("es-ES")
    name = "Íñigo Güell Ñúñez ¿¡áéíóú!?"
    pdf = render_pdf(screened(), options(language=spanish, patient=name))
    root = PdfReader(io.BytesIO(pdf)).trailer["/Root"]
    assert root["/Lang"] == "es-ES"
    texts = page_texts(pdf)
    assert name in texts[0]
    joined = " ".join(texts)
    for letter in "áéíóúñü¿":
        assert letter in joined, letter
    english = PdfReader(io.BytesIO(render_pdf(schedule(), options()))).trailer["/Root"]
    assert english["/Lang"] == "en"


PDF_CASES = [
    ("twelve-months", "es-ES", Paper.A4),
    ("twelve-months", "es-US", Paper.LETTER),
    ("adjusted", "es-ES", Paper.LETTER),  # the longest key lines and changes
    ("discontinued", "es-US", Paper.A4),  # a short table followed by the changes
    ("one-month", "es-ES", Paper.LETTER),  # a short table followed by the syringe line
]


@pytest.mark.parametrize(("name", "tag", "paper"), PDF_CASES)
def test_spanish_pdf_pages(name: str, tag: str, paper: Paper) -> None:
    """One page per month, every night's dose on its page, no page of a line or a box alone,
    nothing off the page, in normal and large print (WeasyPrint)."""
    spanish = languages.resolve(tag)
    plan = {
        "adjusted": adjusted,
        "discontinued": discontinued,
    }.get(name, lambda: with_liquid(with_pause(schedule(name))))()
    for large in (False, True):
        contact = CONTACT if large else None
        opts = options(language=spanish, paper=paper, large_print=large, contact=contact)
        check_printed(render_pdf(plan, opts), plan, paper, large_print=large, language=spanish)


def test_a_spanish_handout_from_the_command_line(cli: Cli, tmp_path: Path) -> None:
    args = ("--preset", "standard", "--start-date", "2026-12-01", "--opioids", "none")
    result = cli("handout", *args, "--language", "es-ES", "--format", "markdown", "-o", "-")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("# Su plan de dosis de LDN\n")
    assert "| Desde | Hasta | Noches | Dosis al acostarse |" in result.stdout
    english = cli("handout", *args, "--format", "markdown", "-o", "-")
    assert english.stdout.startswith("# Your LDN dose plan\n")
    # The same doses in the same rows: only the words (and the decimal mark) differ.
    rows = [line for line in result.stdout.splitlines() if line.startswith("| martes")]
    assert [re.findall(r"\d,\d mg", row) for row in rows] == [
        [dose.replace(".", ",")] for dose in ("1.5 mg", "2.5 mg", "3.5 mg", "4.5 mg")
    ]
    assert "4.5 mg" in english.stdout


def test_a_bad_language_is_reported_with_every_other_problem(cli: Cli, tmp_path: Path) -> None:
    target = tmp_path / "h.html"
    result = cli("handout", "--preset", "nope", "--language", "zu", "--patient", "x" * 81,
                 "-o", str(target))  # fmt: skip
    assert result.exit_code == 2
    for said in ("--language zu: no catalog for this language", "--preset 'nope'", "--patient"):
        assert said in result.output, said
    assert "Traceback" not in result.output
    assert not target.exists()


def test_a_clinic_catalog_overrides_one_handout_message(cli: Cli, tmp_path: Path) -> None:
    clinic = po(tmp_path / "clinic.po", "es_MX", {"Your LDN dose plan": "Su calendario de LDN"})
    args = ("--preset", "standard", "--start-date", "2026-12-01", "--opioids", "none")
    target = tmp_path / "mx.html"
    result = cli("handout", *args, "--language", str(clinic), "-o", str(target))
    assert result.exit_code == 0, result.output
    page = target.read_text(encoding="utf-8")
    assert '<html lang="es-MX">' in page
    assert "<h1>Su calendario de LDN</h1>" in page  # the clinic's message
    assert "<h2>Antes de empezar</h2>" in page  # the shipped Spanish for the rest
    assert "Su plan de dosis de LDN" not in page
    assert "Your LDN dose plan" not in page
    assert "1.5&nbsp;mg" in page  # es-MX writes a decimal point


def test_english_is_the_default() -> None:
    page = handout_html.render(schedule(), options(language=languages.ENGLISH))
    assert '<html lang="en">' in page
    assert page == handout_html.render(schedule(), options())
    assert '<th scope="col">Mon</th><th scope="col">Tue</th>' in page
