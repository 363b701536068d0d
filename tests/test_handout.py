"""``ldn-titrate handout``: content, safety of the text, the three formats and the command line."""

from __future__ import annotations

import importlib.abc
import io
import re
import sys
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest
from pypdf import PdfReader

from ldn_titrate.core.model import Schedule
from ldn_titrate.render.handout import content as handout_content
from ldn_titrate.render.handout import html as handout_html
from ldn_titrate.render.handout import markdown as handout_markdown
from ldn_titrate.render.handout import words as words
from ldn_titrate.render.handout.common import Paper, clean_block, clean_line, make_options
from ldn_titrate.render.handout.safety import before_you_start
from tests.conftest import Cli, assert_golden
from tests.handout_helpers import (
    NAME,
    PLANS,
    TODAY,
    check_printed,
    options,
    page_texts,
    render_pdf,
    schedule,
    with_capsules,
    with_liquid,
    with_pause,
)

STANDARD = ("--preset", "standard", "--start-date", "2026-12-01")
PEOPLE = ("--patient", "A. Patient", "--prescriber", "Dr B. Clinician")
INJECTIONS = {
    "patient": "<script>alert(1)</script>",
    "prescriber": "</td><img src=x onerror=alert(2)>",
    "contact": "[call](javascript:alert(3)) | **01234** `x` <b>",
    "notes": "First line\n# not a heading\n</p><iframe src=//evil>\n![x](http://evil/x.png)",
}


def visible(html: str) -> str:
    """What a browser shows of ``html``: no style sheet, no tags, entities decoded."""
    text = re.sub(r"<style>.*?</style>", "", html, flags=re.S)
    return unescape(re.sub(r"<[^>]+>", " ", text)).replace("\xa0", " ")


def all_text(plan: Schedule, **changes: object) -> dict[str, str]:
    """The handout in every format as the text a reader sees (the PDF as its extracted text)."""
    opts = options(**changes)
    return {
        "html": visible(handout_html.render(plan, opts)),
        "markdown": handout_markdown.render(plan, opts),
        "pdf": "\n".join(page_texts(render_pdf(plan, opts))),
    }


# --- goldens ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("fmt", "suffix"), [("html", "html"), ("markdown", "md")])
def test_golden(cli: Cli, fmt: str, suffix: str) -> None:
    notes = "Bring this sheet.\nCall before 5 pm."
    contact = ("--contact", "Clinic 01234 567890", "--notes", notes)
    screen = ("--opioids", "none", "--caution", "surgery-planned")
    result = cli("handout", *STANDARD, *PEOPLE, *contact, *screen, "--format", fmt, "-o", "-")
    assert result.exit_code == 0, result.output
    assert_golden(f"handout-standard.{suffix}", result.stdout)


# --- layout: page counts and every night on its month's page (WeasyPrint) ------------------


@pytest.mark.parametrize("paper", list(Paper))
@pytest.mark.parametrize("plan_name", list(PLANS))
def test_pdf_pages(plan_name: str, paper: Paper) -> None:
    plan = with_liquid(schedule(plan_name))
    pages = check_printed(render_pdf(plan, options(paper=paper)), plan, paper)
    assert pages - PLANS[plan_name][1] in (3, 4)  # checked exactly by check_printed


@pytest.mark.parametrize("paper", list(Paper))
def test_pdf_large_print_keeps_one_page_per_month(paper: Paper) -> None:
    plan = with_liquid(with_pause(schedule("twelve-months")))
    pdf = render_pdf(plan, options(paper=paper, large_print=True, contact="01234 567890"))
    check_printed(pdf, plan, paper, large_print=True)


def test_pdf_is_reproducible_and_embeds_unicode() -> None:
    plan = schedule()
    first = render_pdf(plan, options())
    assert first == render_pdf(plan, options())
    assert first.startswith(b"%PDF-")
    # The bundled font is embedded (loaded from the package, not whatever the system has).
    fonts = {
        str(font["/BaseFont"])
        for page in PdfReader(io.BytesIO(first)).pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert fonts, fonts
    assert all("DejaVu-Sans" in font for font in fonts), fonts
    text = page_texts(first)
    assert NAME in text[0]
    assert all(NAME in page for page in text[2:])


# --- content --------------------------------------------------------------------------------


def test_months_cover_every_night_once() -> None:
    for name, (_, count) in PLANS.items():
        plan = schedule(name)
        months = handout_content.months(plan)
        assert len(months) == count
        nights = [night.day for month in months for night in month.nights]
        assert len(nights) == plan.total_nights == len(set(nights))
        assert nights == sorted(nights)


def test_start_on_31st() -> None:
    plan = schedule("start-31st")
    months = handout_content.months(plan)
    assert [m.title for m in months] == [
        "January 2027",
        "February 2027",
        "March 2027",
        "April 2027",
    ]
    january = months[0]
    assert [(n.day.day, n.dose, n.marker) for n in january.nights] == [(31, "1.5 mg", "Start")]
    assert months[1].nights[0].day.day == 1
    assert sum(len(m.nights) for m in months) == 70


def test_markers_name_every_change() -> None:
    plan = with_pause(schedule())
    marked = {n.day.isoformat(): n.marker for n in handout_content.nights(plan) if n.marker}
    assert marked == {
        "2026-12-01": "Start",
        "2026-12-15": "Pause",
        "2026-12-29": "Restart",
        "2027-01-12": "New dose",
    }  # the last night is not a "Last dose": the plan goes on until the review (FACTS.md)
    review = [c for m in handout_content.months(plan) for w in m.weeks for c in w if c.review]
    assert [c.day for c in review] == [plan.review_date]


def test_no_marker_when_the_dose_stays_the_same() -> None:
    plan = schedule()
    steps = list(plan.steps)
    steps[1] = steps[1].model_copy(update={"dose_mg": steps[0].dose_mg})
    plan = plan.model_copy(update={"steps": tuple(steps)})
    markers = [n.marker for n in handout_content.nights(plan) if n.marker]
    assert markers == ["Start", "New dose", "New dose"]


def test_paused_nights_say_no_ldn() -> None:
    plan = with_liquid(with_pause(schedule()))
    text = all_text(plan)
    december = handout_content.months(plan)[0]
    assert {n.dose for n in december.nights if 15 <= n.day.day <= 28} == {"no LDN (paused)"}
    taken = sum(1 for night in handout_content.nights(plan) if not night.paused)
    html = handout_html.render(plan, options())
    assert html.count('<span class="tick">') == taken  # no tick box on a night without a dose
    markdown = handout_markdown.render(plan, options())
    assert markdown.count("☐") == taken
    for fmt, body in text.items():
        assert "no LDN (paused)" in " ".join(body.split()), fmt
        assert not re.search(r"(?<![\d.])0 m[gL]", body), fmt


def test_header_facts_and_optional_names() -> None:
    plan = with_liquid(schedule())
    facts = {f.label: f.value for f in handout_content.facts(plan, options())}
    assert facts == {
        "Patient": NAME,
        "Prescriber": "Dr B. Clinician",
        "Medicine": "Low-dose naltrexone (LDN), oral liquid, 1 mg/mL",
        "First dose": "Tue 1 Dec 2026",
        "Last planned dose": "Mon 8 Feb 2027. Then keep taking your dose until your review.",
        "Review": "Tue 9 Feb 2027",
        "Made on": "Tue 24 Nov 2026",
    }
    bare = make_options(made_on=TODAY)
    labels = [f.label for f in handout_content.facts(plan, bare)]
    assert "Patient" not in labels
    assert "Prescriber" not in labels
    html = handout_html.render(plan, bare)
    assert "Phone:" not in html  # an unset contact is left out, never an empty label
    assert "write-in" not in html
    assert "None" not in html
    assert "None" not in handout_markdown.render(plan, bare)


def test_liquid_shows_ml_with_concentration_everywhere() -> None:
    plan = with_liquid(schedule(), "5")
    for fmt, body in all_text(plan).items():
        flat = " ".join(body.split()).replace("**", "")
        assert "0.3 mL of 5 mg/mL" in flat, fmt
        assert "oral liquid, 5 mg/mL" in flat, fmt
        assert "oral syringe" in flat, fmt
        assert "kitchen spoon" in flat, fmt
        # Before the calendars, every volume is beside its concentration (or is the syringe's
        # size); each month page says the concentration above its squares, which show the mL.
        calendar = flat.index("December 2026 ") if fmt != "markdown" else flat.index("Calendar")
        for match in re.finditer(r"\d mL(?! of \d+ mg/mL| oral syringe)", flat[:calendar]):
            context = flat[max(0, match.start() - 40) : match.end() + 20]
            assert "each mL" in context or "number of mL" in context, (fmt, context)
        for page in re.split(r"(?=(?:December 2026|January 2027|February 2027) )", flat[calendar:]):
            if re.search(r"\d mL(?! of)", page):
                assert "Your liquid has 5 mg in each mL" in page, (fmt, page[:80])


def test_capsules() -> None:
    plan = with_capsules(schedule())
    for fmt, body in all_text(plan).items():
        flat = " ".join(body.split())
        assert "1 × 1.5 mg capsule" in flat, fmt  # what to count, then the dose
        assert "capsules of 1.5 mg, 3 mg" in flat, fmt


def test_instructions_cover_the_issue() -> None:
    plan = with_liquid(schedule())
    boxes = (before_you_start(plan), *words.sections(plan))
    liquid = " ".join(p for s in boxes for p in s.points)
    for phrase in (
        "at bedtime",
        "same time every night",
        "vivid dreams",
        "trouble sleeping",
        "tell your prescriber",
        "earlier in the evening",
        "go back to your last dose",
        "opioid pain medicine",
        "Tell every doctor, dentist and pharmacist",
        "Cut out the wallet card",
        "pregnant",
        "breastfeeding",
        "oral syringe",
        "Never use a kitchen spoon",
    ):
        assert phrase.lower() in liquid.lower(), phrase


def test_a_policy_needing_0_opioid_free_days_says_0_days_not_10(cli: Cli, tmp_path: Path) -> None:
    # The handout once fell back to 10 days when the policy's opioid_free_days was 0 (a falsy 0
    # read as "not set"); 0 is a valid policy value (issue 11) and must print as 0.
    example = Path(__file__).parent.parent / "examples" / "clinic-policy.toml"
    text = example.read_text(encoding="utf-8")
    assert "\nopioid_free_days = 10\n" in text
    policy = tmp_path / "no-washout.toml"
    policy.write_text(
        text.replace("\nopioid_free_days = 10\n", "\nopioid_free_days = 0\n"), encoding="utf-8"
    )
    result = cli("handout", *STANDARD, "--policy", str(policy), "--opioids", "none",
                 "--format", "markdown", "-o", "-")  # fmt: skip
    assert result.exit_code == 0, result.output
    (before,) = [line for line in result.stdout.splitlines() if "Before you start, tell" in line]
    assert re.search(r"\b0 days\b", before), before
    assert "10 days" not in result.stdout


def _syllables(word: str) -> int:
    word = word.lower()
    if len(word) <= 3:
        return 1
    word = re.sub(r"(?:[^laeiouy]es|ed|[^laeiouy]e)$", "", word)
    return max(1, len(re.findall(r"[aeiouy]{1,2}", word.removeprefix("y"))))


@pytest.mark.parametrize("plan", [schedule(), with_liquid(schedule()), with_capsules(schedule())])
def test_reading_level(plan: Schedule) -> None:
    """Flesch-Kincaid grade of the instructions stays at or below 8 (a rough syllable count)."""
    text = " ".join(p for s in words.sections(plan) for p in s.points) + " " + words.CONTACT_WHEN
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", text) if s]
    found = re.findall(r"[A-Za-z]+", text)
    grade = 0.39 * len(found) / len(sentences) + 11.8 * sum(map(_syllables, found)) / len(found)
    assert grade - 15.59 <= 8
    assert max(len(s.split()) for s in sentences) <= 20


FORBIDDEN = re.compile(
    r"\b(?:QHS|QD|HS|cc|qhs|teaspoons?|tsp)\b|µg|μg|\d\.0\b|\d\.\d*0 m[gL]\b|(?<![\d\w])\.\d"
    r"|\b\d{1,2}/\d{1,2}/\d{2,4}\b|\b\d{4}-\d{2}-\d{2}\b"
)


# The same rules where the decimal mark is a comma (es-ES): 1,5 mg, never 1,50 mg or ,5 mg.
FORBIDDEN_COMMA = re.compile(
    r"\b(?:QHS|QD|HS|cc|qhs|teaspoons?|tsp)\b|µg|μg|\d,0\b|\d,\d*0 m[gL]\b|(?<![\d\w]),\d"
    r"|\d\.\d+ m[gL]\b|\b\d{1,2}/\d{1,2}/\d{2,4}\b|\b\d{4}-\d{2}-\d{2}\b"
)


# es-US (a decimal point, as English) is checked in tests/test_handout_language.py.
@pytest.mark.parametrize("tag", ["en", "es-ES"])
@pytest.mark.parametrize("plan_name", list(PLANS))
def test_safe_dose_and_date_text(plan_name: str, tag: str) -> None:
    from ldn_titrate.core.language import resolve

    language = resolve(tag)
    forbidden = FORBIDDEN_COMMA if language.decimal_comma else FORBIDDEN
    plan = with_liquid(with_pause(schedule(plan_name)))
    for fmt, body in all_text(plan, large_print=True, language=language).items():
        assert not forbidden.search(body), (fmt, forbidden.search(body))
        assert not re.search(r"(?<![\d.,])0 m[gL]", body), fmt  # a pause is said in words


# --- escaping -------------------------------------------------------------------------------


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.attributes: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.attributes.update(name for name, _ in attrs)


def test_injection_html() -> None:
    html = handout_html.render(with_liquid(schedule()), options(**INJECTIONS))
    parser = _Tags()
    parser.feed(html)
    expected = {"html", "head", "meta", "title", "style", "body", "section", "h1", "h2", "table"}
    expected |= {
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "div",
        "p",
        "strong",
        "ul",
        "li",
        "span",
        "bdi",
        "main",
    }
    # The dose chart: inline SVG of lines and text only, written by us (no user text in it).
    expected |= {"figure", "figcaption", "svg", "line", "polyline", "text"}
    assert parser.tags == expected
    drawing = {"viewbox", "role", "aria-labelledby", "id", "font-family", "font-size"}
    drawing |= {"font-weight", "scope"}  # and each table heading's scope (col or row)
    drawing |= {"x", "y", "x1", "y1", "x2", "y2", "points", "stroke", "stroke-width", "fill"}
    drawing |= {"stroke-dasharray", "stroke-linejoin", "text-anchor"}
    assert parser.attributes <= {"lang", "charset", "name", "content", "class"} | drawing
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;/td&gt;&lt;img src=x onerror=alert(2)&gt;" in html


def test_injection_markdown() -> None:
    text = handout_markdown.render(with_liquid(schedule()), options(**INJECTIONS))
    assert not re.search(r"(?<!\\)[<>]", text)  # no raw angle bracket anywhere: no HTML at all
    assert r"\<script\>alert(1)\</script\>" in text
    assert r"\[call\](javascript:alert(3)) \| \*\*01234\*\* \`x\` \<b\>" in text
    assert r"!\[x\](http://evil/x.png)" in text
    assert not any(line.startswith(("# not", "</p>", "!")) for line in text.splitlines())


def test_injection_pdf_prints_the_text() -> None:
    pdf = render_pdf(with_liquid(schedule()), options(**INJECTIONS))
    text = page_texts(pdf)
    assert "<script>alert(1)</script>" in text[0]
    assert "</td><img src=x onerror=alert(2)>" in text[0]
    assert "[call](javascript:alert(3)) | **01234** `x` <b>" in text[0]


def test_user_text_is_cleaned() -> None:
    assert clean_line("  A.\tPatient\r\n\x00\x1b[31m ") == "A. Patient [31m"
    assert clean_line(" \n ") is None
    assert clean_line(None) is None
    assert clean_block("one\r\n\r\n two \u202e\rthree") == "one\ntwo\nthree"
    assert clean_block("\n") is None


# --- the command line -----------------------------------------------------------------------


def test_cli_html_file(cli: Cli, tmp_path: Path) -> None:
    target = tmp_path / "handout.html"
    result = cli("handout", *STANDARD, "--paper", "letter", "--large-print", "-o", str(target))
    assert result.exit_code == 0, result.output
    html = target.read_text(encoding="utf-8")
    assert "@page { size: letter;" in html
    assert "font-size: 16pt" in html
    assert "break-inside: avoid" in html
    assert not re.search(r"<script|https?:|src=|url\(|@import|@font-face", html)


def test_cli_pdf_from_saved_plan(cli: Cli, tmp_path: Path) -> None:
    plan = tmp_path / "plan.json"
    assert cli("plan", *STANDARD, "--format", "json", "-o", str(plan)).exit_code == 0
    target = tmp_path / "handout.pdf"
    result = cli("handout", "--plan", str(plan), "--format", "pdf", "--paper", "letter",
                 "--patient", NAME, "-o", str(target))  # fmt: skip
    assert result.exit_code == 0, result.output
    saved = Schedule.model_validate_json(plan.read_text(encoding="utf-8"))
    assert check_printed(target.read_bytes(), saved, Paper.LETTER) == 6


def test_cli_stdout(cli: Cli) -> None:
    result = cli("handout", *STANDARD, "--format", "markdown", "-o", "-")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("# Your LDN dose plan\n")
    pdf = cli("handout", *STANDARD, "-f", "pdf", "-o", "-")
    assert pdf.exit_code == 0
    assert pdf.stdout_bytes.startswith(b"%PDF-")


def test_cli_requires_output(cli: Cli) -> None:
    result = cli("handout", *STANDARD)
    assert result.exit_code == 2
    assert "--output" in result.output


def test_cli_refuses_to_overwrite(cli: Cli, tmp_path: Path) -> None:
    target = tmp_path / "handout.html"
    target.write_text("keep", encoding="utf-8")
    result = cli("handout", *STANDARD, "-o", str(target))
    assert result.exit_code == 2
    assert "--force" in result.stderr
    assert target.read_text(encoding="utf-8") == "keep"
    assert cli("handout", *STANDARD, "-o", str(target), "--force").exit_code == 0
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--paper", "a5"), "a5"),
        (("--format", "docx"), "docx"),
        (("--patient", "x" * 81), "--patient is 81 characters long"),
        (("--notes", "y" * 601), "at most 600"),
        (("--preset", "nope"), "--preset 'nope'"),
        (("--start-dose", "9mg"), "--start-dose"),
    ],
)
def test_cli_bad_input_writes_nothing(
    cli: Cli, tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    target = tmp_path / "handout.html"
    result = cli("handout", *args, "-o", str(target))
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output
    assert list(tmp_path.iterdir()) == []


def test_cli_without_pdf_extra(cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "weasyprint", None)
    monkeypatch.delitem(sys.modules, "ldn_titrate.render.handout.pdf", raising=False)
    target = tmp_path / "handout.pdf"
    result = cli("handout", *STANDARD, "--format", "pdf", "-o", str(target))
    assert result.exit_code == 2
    assert "pip install 'ldn-titrate[pdf]'" in result.stderr
    assert list(tmp_path.iterdir()) == []
    assert cli("handout", *STANDARD, "--format", "html", "-o", "-").exit_code == 0


class _NoPango(importlib.abc.MetaPathFinder):
    """Imports weasyprint as a machine without Pango does: the library cannot be loaded."""

    def find_spec(self, name: str, *_: object) -> None:
        if name == "weasyprint":
            raise OSError("cannot load library 'libpango-1.0-0': No such file or directory")


def test_cli_without_pango(cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in [name for name in sys.modules if name.startswith("weasyprint")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.delitem(sys.modules, "ldn_titrate.render.handout.pdf", raising=False)
    monkeypatch.setattr(sys, "meta_path", [_NoPango(), *sys.meta_path])
    target = tmp_path / "handout.pdf"
    result = cli("handout", *STANDARD, "--format", "pdf", "-o", str(target))
    assert result.exit_code == 2, result.output
    assert result.stderr.count("error:") == 1, result.stderr
    assert "--format pdf needs the system library Pango" in result.stderr
    assert "apt-get install libpango-1.0-0 libpangoft2-1.0-0" in result.stderr
    assert "Traceback" not in result.output
    assert list(tmp_path.iterdir()) == []
    assert cli("handout", *STANDARD, "--format", "markdown", "-o", "-").exit_code == 0
