"""Plans and checks shared by the handout tests (the renderers' tests and the browser test).

The page layout every printed handout follows (docs/clinician/handout.md, "Printed pages"), and :func:`check_printed`
verifies: three front pages (the plan with its "Before you start" box and clinic box; the
instructions; the last instructions with the wallet card to cut out; with large print, or the many
steps of an adjusted plan, each may run onto more pages), then exactly one page per calendar
month that has a night of the plan, in order, each titled with its month and carrying every night
of that month as "day, amount to measure, dose". No page holds only a footer or a lone box.
"""

from __future__ import annotations

import functools
import io
import os
import re
import unicodedata
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from types import ModuleType

import pytest
from pypdf import PdfReader

from ldn_titrate.core.engine import build_schedule
from ldn_titrate.core.language import ENGLISH, Language
from ldn_titrate.core.model import DoseTime, Form, Formulation, Phase, Schedule
from ldn_titrate.plans.adjust.apply import adjust
from ldn_titrate.plans.adjust.kind import Adjustment
from ldn_titrate.plans.adjust.kinds.discontinue import Discontinue
from ldn_titrate.plans.adjust.kinds.dose_time import SetDoseTime
from ldn_titrate.plans.adjust.kinds.hold import Hold
from ldn_titrate.plans.adjust.kinds.pause import Pause
from ldn_titrate.plans.adjust.kinds.step_back import StepBack
from ldn_titrate.render.handout import content as handout_content
from ldn_titrate.render.handout import words
from ldn_titrate.render.handout.common import HandoutOptions, Paper, make_options
from ldn_titrate.render.handout.labels import labels
from ldn_titrate.rules.checks import ScheduleOptions, resolve_request
from ldn_titrate.rules.policy import built_in
from ldn_titrate.rules.policy_file import resolve
from tests.conftest import TEST_PLAN_ID

TODAY = date(2026, 11, 24)
NAME = "Zoë Øster-Łukasz"
FRONT_PAGES = 3
PLAN_PAGE_STEPS = 8
PAGE_POINTS = {Paper.A4: (595, 842), Paper.LETTER: (612, 792)}

# Name: (schedule options, calendar months the plan has nights in).
PLANS: dict[str, tuple[dict[str, str], int]] = {
    # 21 nights inside February 2027.
    "one-month": (
        {
            "start_date": "2027-02-01",
            "start_dose": "1.5",
            "step": "1.5",
            "interval": "7",
            "ceiling": "3",
            "maintain": "14",
        },
        1,
    ),
    # The standard preset: 70 nights, December to February.
    "three-months": ({"preset": "standard", "start_date": "2026-12-01"}, 3),
    # 0.5 mg rising 0.5 mg every 28 nights to 4.5 mg, then 140 nights: 364 nights in 2027.
    "twelve-months": (
        {
            "start_date": "2027-01-01",
            "start_dose": "0.5",
            "step": "0.5",
            "interval": "28",
            "ceiling": "4.5",
            "maintain": "140",
        },
        12,
    ),
    # Starts on the 31st: 31 Jan 2027 to 10 Apr 2027.
    "start-31st": ({"preset": "standard", "start_date": "2027-01-31"}, 4),
    # Issue 13's odd steps (1.125 mg to 4.5 mg): the widest doses, which overflowed large print.
    "odd-steps": (
        {
            "start_date": "2026-12-01",
            "start_dose": "1.125",
            "step": "1.125",
            "interval": "14",
            "ceiling": "4.5",
            "maintain": "28",
        },
        3,
    ),
}


def schedule(name: str = "three-months") -> Schedule:
    loaded = resolve(None, Path("/nonexistent-config-dir"))
    request, warnings = resolve_request(ScheduleOptions(**PLANS[name][0]), loaded, TODAY)
    return build_schedule(request, plan_id=TEST_PLAN_ID, policy=loaded.ref, warnings=warnings)


def options(**changes: object) -> HandoutOptions:
    values: dict[str, object] = {"made_on": TODAY, "patient": NAME, "prescriber": "Dr B. Clinician"}
    values.update(changes)
    return make_options(**values)  # type: ignore[arg-type]


def with_liquid(plan: Schedule, concentration: str = "1") -> Schedule:
    """The plan as a 1 mg/mL (or other) oral liquid, measured with a 5 mL oral syringe."""
    strength = Decimal(concentration)
    steps = tuple(
        step.model_copy(update={"volume_ml": step.dose_mg / strength, "syringe_ml": Decimal(5)})
        for step in plan.steps
    )
    formulation = Formulation(form=Form.LIQUID, concentration_mg_per_ml=strength)
    return plan.model_copy(update={"formulation": formulation, "steps": steps})


def with_capsules(plan: Schedule) -> Schedule:
    steps = tuple(step.model_copy(update={"capsules": {"1.5": 1}}) for step in plan.steps)
    formulation = Formulation(form=Form.CAPSULES, strengths_mg=(Decimal("1.5"), Decimal(3)))
    return plan.model_copy(update={"formulation": formulation, "steps": steps})


def with_pause(plan: Schedule, index: int = 1) -> Schedule:
    """Step ``index`` becomes a pause (dose 0), as an adjusted plan will have."""
    steps = list(plan.steps)
    steps[index] = steps[index].model_copy(update={"phase": Phase.PAUSED, "dose_mg": Decimal(0)})
    return plan.model_copy(update={"steps": tuple(steps)})


# The changes of :func:`adjusted`, in order: (adjustment, night it applies from, reason).
CHANGES: tuple[tuple[Adjustment, date, str], ...] = (
    (Hold(7), date(2026, 12, 10), "vivid dreams <b>"),
    (StepBack(), date(2026, 12, 24), "headache after increase"),
    (SetDoseTime(DoseTime.MORNING, "08:00"), date(2026, 12, 28), "insomnia"),
    (Pause(date(2027, 1, 26)), date(2027, 1, 20), "surgery"),
)


def adjusted(*changes: tuple[Adjustment, date, str]) -> Schedule:
    """The standard plan after ``changes`` (default :data:`CHANGES`: hold, step back, morning,
    pause), as a 1 mg/mL liquid: 10 steps from Tue 1 Dec 2026 to Tue 6 Apr 2027.
    """
    plan = schedule()
    made = datetime(2026, 11, 24, tzinfo=UTC)
    for index, (adjustment, on, reason) in enumerate(changes or CHANGES):
        # The first reason is also given for the patient (--reason-for-patient); the others
        # stay the clinician's and never reach the handout.
        for_patient = reason if index == 0 else None
        plan = adjust(
            plan,
            adjustment,
            on,
            made_at=made,
            loaded=built_in(),
            reason=reason,
            patient_reason=for_patient,
        )
    return with_liquid(plan)


def discontinued() -> Schedule:
    """The standard plan stopped from Mon 4 Jan 2027: its last night is Sun 3 Jan 2027."""
    return adjusted((Discontinue(), date(2027, 1, 4), "no benefit"))


def render_pdf(plan: Schedule, opts: HandoutOptions) -> bytes:
    """The PDF handout; the test is skipped, saying why, where the PDF engine cannot load."""
    return pdf_module().render(plan, opts)


def pdf_module() -> ModuleType:
    """The PDF renderer, or a skip naming what to install (the ``pdf`` extra, or Pango)."""
    try:
        from ldn_titrate.render.handout import pdf
    except (ImportError, OSError) as error:  # no weasyprint, or no Pango for it to load
        why = (
            f"the PDF engine cannot load ({error}): pip install 'ldn-titrate[pdf]'; "
            "Debian: apt-get install libpango-1.0-0 libpangoft2-1.0-0"
        )
        if os.environ.get("CI"):  # .ci/run installs it: CI runs every test
            pytest.fail(why)
        pytest.skip(why)
    return pdf


def page_texts(pdf: bytes) -> list[str]:
    """Each page's text, with ligatures unfolded and every run of white space one space."""
    reader = PdfReader(io.BytesIO(pdf))
    return [
        " ".join(unicodedata.normalize("NFKC", page.extract_text() or "").split())
        for page in reader.pages
    ]


def _place(seen: list[tuple[str, float, float]], text: str, cm: list[float], tm: list[float],
           *_: object) -> None:  # fmt: skip
    """Where pypdf says a piece of text is drawn, in page coordinates (text matrix × CTM)."""
    seen.append(
        (text, tm[4] * cm[0] + tm[5] * cm[2] + cm[4], tm[4] * cm[1] + tm[5] * cm[3] + cm[5])
    )


def off_page(pdf: bytes) -> list[tuple[int, str]]:
    """(page number, text) of every piece of text drawn outside its page: clipped, unread."""
    found: list[tuple[int, str]] = []
    for number, page in enumerate(PdfReader(io.BytesIO(pdf)).pages, start=1):
        box = (float(page.mediabox.width), float(page.mediabox.height))
        seen: list[tuple[str, float, float]] = []
        page.extract_text(visitor_text=functools.partial(_place, seen))
        found += [
            (number, text)
            for text, x, y in seen
            if text.strip() and not (-1 <= x <= box[0] + 1 and -1 <= y <= box[1] + 1)
        ]
    return found


def page_size(pdf: bytes) -> tuple[int, int]:
    box = PdfReader(io.BytesIO(pdf)).pages[0].mediabox
    return round(float(box.width)), round(float(box.height))


def check_printed(
    pdf: bytes,
    plan: Schedule,
    paper: Paper,
    *,
    large_print: bool = False,
    language: Language = ENGLISH,
) -> int:
    """Assert the documented layout (module docstring) on a printed handout, in ``language``;
    returns the page count."""
    assert page_size(pdf) == PAGE_POINTS[paper]
    assert off_page(pdf) == []
    texts = page_texts(pdf)
    months = handout_content.months(plan, language)
    said = labels(language, None)
    t = language.text
    point = r"\d.," if language.decimal_comma else r"\d."
    front = len(texts) - len(months)
    # Large print, an adjusted plan or a longer language may run each front page onto more; a
    # plan titrated to response (issue 26) adds its gated-night section and the diary page.
    if large_print or plan.history or plan.needs_version_2 or not language.english:
        assert FRONT_PAGES <= front <= 3 * FRONT_PAGES, (front, [t[:40] for t in texts])
    else:
        # docs/clinician/handout.md, "Printed pages": up to 8 steps, the plan has one page; more may take two.
        extra = 0 if len(plan.steps) <= PLAN_PAGE_STEPS else 1
        assert FRONT_PAGES <= front <= FRONT_PAGES + extra, (front, [t[:40] for t in texts])
    for text in texts:  # no page of a footer alone, nor of a box alone
        lone = (said.contact_heading[:12], t("Plan {id}, revision {revision}")[:5])
        assert not text.startswith((*lone, t(words.CARD_HEADING)[:10])), text[:80]
        assert len(text) > 200, text
    assert texts[0].startswith(t(words.TITLE))
    assert any(page.startswith(t("How to take LDN")) for page in texts[1:front])
    for month, text in zip(months, texts[front:], strict=True):
        assert text.startswith(month.title), (month.title, text[:80])
        grid = text.index(" ".join(said.weekdays))
        position = grid
        for night in month.nights:
            shown = f"{night.measure} {night.dose}" if night.measure else night.dose
            dose = r"\s+".join(re.escape(word) for word in shown.split())
            found = re.compile(rf"(?<![{point}]){night.day.day}\s+{dose}").search(text, position)
            assert found, f"{night.day} {night.dose} not on the {month.title} page: {text[grid:]}"
            position = found.end()
    return len(texts)
