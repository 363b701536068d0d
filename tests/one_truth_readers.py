"""Readers for the one-truth test (tests/test_one_truth.py): each output read back with a parser
(JSON, CommonMark, HTML, iCalendar, FHIR JSON), never with the renderers' helpers, into one
shape: for each night, the dose in mg and its terms.

Terms are ``("none",)``, ``("condition", fallback)`` for a dose taken only if the side effects
have settled, or ``("after", retried dose)`` for a night that applies only if that dose was taken.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from decimal import Decimal
from html.parser import HTMLParser
from typing import Any

from markdown_it import MarkdownIt

Terms = tuple[str, ...]
Nights = dict[date, tuple[Decimal, Terms]]
NONE: Terms = ("none",)

# The words that mark a night's terms, in each language the test writes.
MARKERS = {
    "en": {
        "condition": "only if the side effects have settled",
        "after": r"only if you went up to ([\d.,]+)\s*mg",
        "after_short": r"if ([\d.,]+)\s*mg went well",
        "stay": r"stay on ([\d.,]+)\s*mg",
    },
    "es": {
        "condition": "solo si los efectos secundarios ya pasaron",
        "after": r"solo si subió a ([\d.,]+)\s*mg",
        "after_short": r"si ([\d.,]+)\s*mg le fue bien",
        "stay": r"siga con ([\d.,]+)\s*mg",
    },
}


def mg(text: str) -> Decimal:
    """``2,5`` or ``2.5`` (the locale's decimal mark) as a Decimal."""
    return Decimal(text.replace("\u00a0", "").replace(",", "."))


def terms_in(text: str, language: str = "en") -> Terms:
    """The terms a piece of text states, read from its words."""
    words = MARKERS[language]
    text = text.replace("\u00a0", " ").lower()
    if words["condition"] in text:
        stay = re.search(words["stay"], text)
        return ("condition", str(mg(stay[1])) if stay else "?")
    after = re.search(words["after"], text) or re.search(words["after_short"], text)
    if after:
        return ("after", str(mg(after[1])))
    return NONE


def oracle(plan: dict[str, Any]) -> Nights:
    """Every night of a plan file as it must be told, worked out here from its steps: a step
    marked provisional is conditional, its fallback the last lower dose before it (back to a
    pause); each later step up to a pause applies only after it."""
    nights: Nights = {}
    pending: str | None = None
    steps = plan["steps"]
    for index, step in enumerate(steps):
        dose = Decimal(str(step["dose_mg"]))
        terms: Terms = NONE
        if step["phase"] == "paused":
            pending = None
        elif step.get("provisional"):
            lower = None
            for earlier in reversed(steps[:index]):
                if earlier["phase"] == "paused":
                    break
                if Decimal(str(earlier["dose_mg"])) < dose:
                    lower = str(Decimal(str(earlier["dose_mg"])))
                    break
            terms = ("condition", lower or "?")
            pending = str(dose)
        elif pending is not None:
            terms = ("after", pending)
        for night in _days(step["start"], step["end"]):
            nights[night] = (dose, terms)
    return nights


def _days(first: str | date, last: str | date) -> list[date]:
    start = first if isinstance(first, date) else date.fromisoformat(first)
    end = last if isinstance(last, date) else date.fromisoformat(last)
    return [start + timedelta(days=n) for n in range((end - start).days + 1)]


def english_day(text: str) -> date:
    return datetime.strptime(text.strip(), "%a %d %b %Y").date()


def dose_of(text: str) -> Decimal:
    """The mg of a dose cell: ``**2.5 mg**``, ``0.5 mL of 5 mg/mL (2.5 mg)``, ``No LDN``."""
    text = text.replace("\u00a0", " ")
    found = re.search(r"\(([\d.,]+) mg\)", text) or re.search(r"([\d.,]+) mg(?!/)", text)
    return mg(found[1]) if found else Decimal(0)


def markdown_table(text: str, heading: str) -> tuple[list[str], list[list[str]]]:
    """The header and body rows of the first table whose header row starts with ``heading``."""
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    header: list[str] = []
    rows: list[list[str]] = []
    current: list[str] | None = None
    in_head = False
    for token in tokens:
        if token.type == "table_open":
            header, rows = [], []
        elif token.type in ("thead_open", "thead_close"):
            in_head = token.type == "thead_open"
        elif token.type == "tr_open":
            current = []
        elif token.type == "inline" and current is not None:
            current.append(token.content)
        elif token.type == "tr_close" and current is not None:
            if in_head:
                header = current
            else:
                rows.append(current)
            current = None
        elif token.type == "table_close" and header and header[0].strip() == heading:
            return header, rows
    raise AssertionError(f"no table headed {heading!r}")


def markdown_nights(text: str, heading: str) -> Nights:
    """A Markdown dose table's nights, its columns found by their headings."""
    nights: Nights = {}
    for row in _rows(text, heading, "en"):
        for night in _days(english_day(row["first"]), english_day(row["last"])):
            nights[night] = (row["dose"], row["terms"])
    return nights


def markdown_sequence(text: str, heading: str, language: str) -> list[tuple[Decimal, Terms]]:
    """A dose table's rows in order (for a language whose dates this test does not read)."""
    return [(row["dose"], row["terms"]) for row in _rows(text, heading, language)]


def _rows(text: str, heading: str, language: str) -> list[dict[str, Any]]:
    header, rows = markdown_table(text, heading)
    lowered = [h.lower() for h in header]
    dose = next(i for i, h in enumerate(lowered) if ("dose" in h or "dosis" in h) and i > 2)
    notes = next((i for i, h in enumerate(lowered) if h in ("notes", "notas")), None)
    return [
        {
            "first": row[0] if heading != "Step" else row[2],
            "last": row[1] if heading != "Step" else row[3],
            "dose": dose_of(row[dose]),
            "terms": terms_in(row[notes] if notes is not None else "", language),
        }
        for row in rows
    ]


class _DoseTable(HTMLParser):
    """The rows of the handout's ``table.doses``: cells, and a note row's text beside its row."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[dict[str, Any]] = []
        self.header: list[str] = []
        self._in_table = 0
        self._cell: list[str] | None = None
        self._row: list[str] | None = None
        self._note = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "table" and "doses" in (values.get("class") or "").split():
            self._in_table += 1
        elif self._in_table and tag == "tr":
            self._row = []
            self._note = "note" in (values.get("class") or "").split()
        elif self._in_table and tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "table" and self._in_table:
            self._in_table -= 1
        elif self._in_table and tag in ("td", "th") and self._cell is not None:
            assert self._row is not None
            self._row.append("".join(self._cell).strip())
            self._cell = None
        elif self._in_table and tag == "tr" and self._row is not None:
            if self._note and self.rows:
                self.rows[-1]["notes"].append(" ".join(self._row))
            elif self._row and self._row[:2] == ["From", "To"]:
                self.header = self._row
            elif self._row:
                self.rows.append({"cells": self._row, "notes": []})
            self._row = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def html_nights(html: str) -> Nights:
    parser = _DoseTable()
    parser.feed(html)
    assert parser.rows, "no dose table in the HTML handout"
    dose = next(i for i, h in enumerate(parser.header) if h.startswith("Dose"))
    nights: Nights = {}
    for row in parser.rows:
        cells = row["cells"]
        for night in _days(english_day(cells[0]), english_day(cells[1])):
            nights[night] = (dose_of(cells[dose]), terms_in(" ".join(row["notes"])))
    return nights


def fhir_nights(resource: dict[str, Any], last_night: date) -> Nights:
    """The nightly doses of a MedicationRequest (or the one in a Bundle): each Dosage's bounds,
    dose quantity and instructions; the added daily doses (a clock time of their own) aside."""
    nights: Nights = {}
    if resource["resourceType"] == "Bundle":  # a plan with check-ins: the request comes first
        resource = resource["entry"][0]["resource"]
    for dosage in resource["dosageInstruction"]:
        repeat = dosage["timing"]["repeat"]
        if "when" not in repeat and dosage.get("text", "").endswith("besides the nightly dose"):
            continue
        bounds = repeat["boundsPeriod"]
        end = bounds.get("end", last_night.isoformat())
        words = " ".join(
            [dosage.get("text", "")]
            + [extra["text"] for extra in dosage.get("additionalInstruction", [])]
        )
        dose = Decimal(str(dosage["doseAndRate"][0]["doseQuantity"]["value"]))
        for night in _days(bounds["start"], end):
            assert night not in nights, f"two nightly Dosages on {night}"
            nights[night] = (dose, terms_in(words))
    return nights


_DAY = r"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d{1,2} \w{3} \d{4}"
_ROW = re.compile(rf"^\s*(\d+)\s+(.*?)\s+({_DAY})\s+({_DAY})\s+(\d+)\s")
_NOTE = re.compile(rf"^\((\d+)\) {_DAY}: (.*)")
_FOOTNOTE = re.compile(rf"^\* ([\d.]+) mg from ({_DAY}): (.*)")


def terminal_nights(text: str) -> Nights:
    """The terminal table: its rows (``3.5 mg *`` marks a conditional dose), the numbered notes
    under it and the ``*`` footnote that gives the condition's fallback."""
    rows, notes, footnotes = [], {}, {}
    for line in text.splitlines():
        if row := _ROW.match(line):
            rows.append(row)
        elif note := _NOTE.match(line):
            notes[int(note[1])] = note[2]
        elif foot := _FOOTNOTE.match(line):
            footnotes[(Decimal(foot[1]), english_day(foot[2]))] = foot[3]
    assert rows, "no table rows"
    nights: Nights = {}
    for row in rows:
        first, dose = english_day(row[3]), dose_of(row[2])
        if row[2].rstrip().endswith("*"):
            terms = terms_in(footnotes[(dose, first)])
            assert terms[0] == "condition", row[0]
        else:
            terms = terms_in(notes.get(int(row[1]), ""))
        for night in _days(first, english_day(row[4])):
            nights[night] = (dose, terms)
    return nights


ADDED = ("(added dose", "(dosis extra")


def calendar_nights(expanded: Any, plan: dict[str, Any], language: str) -> Nights:
    """Each dose reminder's night (a morning dose's day is its night; a bedtime before noon is
    the night before), its dose from the title and its terms from the title and text."""
    day_to_night: dict[date, date] = {}
    for step in plan["steps"]:
        if step["phase"] == "paused":
            continue
        at = step.get("at")
        end = date.fromisoformat(step["end"])
        if step is plan["steps"][-1]:
            end += timedelta(days=grace(plan))
        for night in _days(step["start"], end):
            early = step.get("dose_time") != "morning" and at is not None and at < "12:00"
            day_to_night[night + timedelta(days=1) if early else night] = night
    nights: Nights = {}
    for moment, event in expanded.doses:
        if any(mark in event.summary for mark in ADDED):
            continue
        night = day_to_night[moment.date()]
        assert night not in nights, f"two reminders for the night of {night}"
        words = f"{event.summary} {event.description or ''}"
        nights[night] = (dose_of(event.summary), terms_in(words, language))
    return nights


def grace(plan: dict[str, Any]) -> int:
    """Nights an ongoing plan's reminders run past its last night (0 for any other plan)."""
    return int(plan["inputs"].get("ongoing_grace_nights") or 0)


def calendar_expected(plan: dict[str, Any], taken: Nights) -> Nights:
    """The nights a calendar reminds of: ongoing maintenance goes on past the last night."""
    last = max(taken, default=None)
    if last is None or grace(plan) == 0 or plan.get("discontinued_on"):
        return taken
    extra = {last + timedelta(days=n): taken[last] for n in range(1, grace(plan) + 1)}
    return {**taken, **extra}


def sample_nights(plan: dict[str, Any]) -> list[date]:
    """The first night of every step (at most eight) and the plan's last night."""
    firsts = [date.fromisoformat(step["start"]) for step in plan["steps"]]
    return sorted({*firsts[:8], date.fromisoformat(plan["steps"][-1]["end"])})


NEXT = {"en": "Next:", "es": "Después:"}


def status_night(now: dict[str, Any], language: str) -> tuple[Decimal, Terms]:
    """What ``status --format json`` says of tonight: its data, and its text (up to "Next")
    saying the same terms."""
    dose = Decimal(str(now["dose_mg"] or 0)) if now["phase"] != "paused" else Decimal(0)
    if now["condition"]:
        terms: Terms = ("condition", str(Decimal(str(now["condition"]["fallback_mg"]))))
    elif now["after"]:
        terms = ("after", str(Decimal(str(now["after"]["dose_mg"]))))
    else:
        terms = NONE
    tonight = now["text"].split(NEXT[language])[0]
    assert terms_in(tonight, language) == terms, now["text"]
    return dose, terms
