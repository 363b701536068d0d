"""The course report and the handout's diary page on the one layout (issue 26): the report as a
tagged PDF (0 findings from the ``pdfua`` checker) and as HTML (0 axe-core violations in
Chromium), the diary page in a gated plan's PDF handout through the same PDF/UA check."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from pypdf import PdfReader

from tests.conftest import Cli
from tests.test_handout_a11y import WCAG
from tests.test_handout_layout import browser  # noqa: F401  (the fixture)
from tests.test_handout_pdf import _pdfua

pytest.importorskip("weasyprint", reason="the PDF engine: pip install 'ldn-titrate[pdf]'")


def _course(cli: Cli, tmp_path: Path, name: str) -> Path:
    p = [tmp_path / f"p{n}.json" for n in range(4)]
    steps = [
        ("plan", "--start-date", "2026-11-01", "--opioids", "none", "--goal", "pain -30%",
         "-f", "json", "-o", str(p[0])),
        ("checkin", str(p[0]), "--on", "2026-10-30", "--pain", "8", "--sleep", "3",
         "-o", str(p[1])),
        ("checkin", str(p[1]), "--on", "2026-11-10", "--pain", "6", "--side-effect",
         "vivid-dreams:moderate", "--note", "Zoë sleeps badly", "-o", str(p[2])),
        ("adjust", str(p[2]), "--hold", "7", "--on", "2026-11-12", "--reason", "dreams",
         "-o", str(p[3])),
    ]  # fmt: skip
    for args in steps:
        result = cli(*args)
        assert result.exit_code == 0, result.output
    out = tmp_path / name
    result = cli("report", str(p[3]), "--on", "2026-11-20", "-o", str(out))
    assert result.exit_code == 0, result.output
    return out


def _roles(pdf: bytes) -> dict[str, int]:
    roles: dict[str, int] = {}
    with pikepdf.open(io.BytesIO(pdf)) as document:
        assert bool(document.Root.MarkInfo.Marked)
        assert str(document.Root.Lang) == "en"
        stack = [document.Root.StructTreeRoot]
        while stack:
            node = stack.pop()
            role = str(node.get("/S", ""))
            roles[role] = roles.get(role, 0) + 1
            if role == "/TH":
                assert str(node.A.Scope) in ("/Column", "/Row")
            kids = node.get("/K")
            if isinstance(kids, pikepdf.Array):
                stack += [kid for kid in kids if isinstance(kid, pikepdf.Dictionary)]
            elif isinstance(kids, pikepdf.Dictionary):
                stack.append(kids)
    return roles


def test_the_course_report_prints_as_a_tagged_pdf(cli: Cli, tmp_path: Path) -> None:
    pdf = _course(cli, tmp_path, "course.pdf").read_bytes()
    assert pdf.startswith(b"%PDF")
    assert _pdfua(pdf, tmp_path) == []
    roles = _roles(pdf)
    for role in ("/H1", "/H2", "/Table", "/TH", "/TD", "/Figure", "/L", "/LI"):
        assert roles.get(role), (role, roles)
    text = " ".join(
        " ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages
    )
    assert "LDN course report" in text
    assert "Zoë sleeps badly" in text
    for dose in ("1.5 mg", "2.5 mg", "3.5 mg", "4.5 mg"):
        assert dose in text


def test_a_report_name_of_another_format_is_refused(cli: Cli, tmp_path: Path) -> None:
    plan = tmp_path / "p.json"
    cli("plan", "--start-date", "2026-11-01", "--opioids", "none", "-f", "json", "-o", str(plan))
    result = cli("report", str(plan), "-o", str(tmp_path / "course.docx"))
    assert result.exit_code == 2
    assert "written as .html/.htm (html) or .pdf (pdf)" in result.stderr
    assert not (tmp_path / "course.docx").exists()


def test_the_course_report_html_has_no_axe_violation(
    cli: Cli,
    tmp_path: Path,
    browser: Any,  # noqa: F811
) -> None:
    axe_module = pytest.importorskip("axe_playwright_python.sync_playwright")
    html = _course(cli, tmp_path, "course.html").read_text(encoding="utf-8")
    page = browser.new_page(viewport={"width": 900, "height": 900})
    try:
        page.set_content(html)
        results = axe_module.Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG}})
    finally:
        page.close()
    assert results.violations_count == 0, results.generate_report()


@pytest.mark.parametrize("tag", ["en", "es-ES"])
def test_the_diary_page_passes_the_pdf_ua_checks(tmp_path: Path, tag: str) -> None:
    from ldn_titrate.core.language import resolve
    from ldn_titrate.render.handout import pdf
    from tests.handout_helpers import options, page_texts
    from tests.test_response_outputs import patient_gated_plan

    plan = patient_gated_plan()
    speaking = resolve(tag)
    printed = pdf.render(plan, options(language=speaking))
    assert _pdfua(printed, tmp_path) == []
    assert speaking.text("Your check-in diary") in " ".join(page_texts(printed))
