"""The HTML handout in real Chromium: 0 axe-core violations (WCAG 2.2 AA rules), and no text box
overlapping another or leaving the page (issue 25; the PDF side is tests/test_handout_pdf.py and
tests/test_handout_grid.py). Chromium is Debian's, driven by playwright as in the layout tests.
"""

from __future__ import annotations

from typing import Any

import pytest

from ldn_titrate.core import language as languages
from ldn_titrate.render.handout import content
from ldn_titrate.render.handout import html as handout_html
from ldn_titrate.render.handout.common import Paper
from tests.handout_helpers import adjusted, options
from tests.test_handout_layout import CONTENT_PX, browser  # noqa: F401  (the fixture)

WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
SAMPLE = [("en", False), ("en", True), ("es-ES", False), ("es-ES", True)]

# Every text line's box (a Range over each text node), outside the chart's SVG.
TEXT_BOXES_JS = """
() => {
  const boxes = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    if (!node.textContent.trim() || node.parentElement.closest('svg')) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    for (const r of range.getClientRects())
      if (r.width > 0) boxes.push([r.left, r.top, r.right, r.bottom, node.textContent.trim()]);
  }
  const bad = [];
  for (const b of boxes) if (b[2] > window.innerWidth + 0.5 || b[0] < -0.5) bad.push('outside: ' + b[4]);
  for (let i = 0; i < boxes.length; i++)
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i], b = boxes[j];
      const x = Math.min(a[2], b[2]) - Math.max(a[0], b[0]);
      const y = Math.min(a[3], b[3]) - Math.max(a[1], b[1]);
      // A glyph box is taller than a tight line (line-height 1.12): lines may share a pixel
      // or two; text drawn over text shares a third of its height or more.
      const least = Math.min(a[3] - a[1], b[3] - b[1]);
      if (x > 0.5 && y > 0.3 * least) bad.push(a[4] + ' / ' + b[4]);
    }
  return bad;
}
"""


@pytest.mark.parametrize(("tag", "large"), SAMPLE)
def test_axe_finds_no_violation_and_no_text_overlaps(browser: Any, tag: str, large: bool) -> None:  # noqa: F811
    axe_module = pytest.importorskip("axe_playwright_python.sync_playwright")
    language = languages.resolve(tag)
    plan = adjusted()
    opts = options(language=language, large_print=large, contact="Clinic 01234 567890")
    page = browser.new_page(viewport={"width": round(CONTENT_PX[Paper.A4]), "height": 900})
    try:
        page.set_content(handout_html.page(content.build(plan, opts), opts))
        results = axe_module.Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG}})
        page.emulate_media(media="print")
        overlaps = page.evaluate(TEXT_BOXES_JS)
    finally:
        page.close()
    assert results.violations_count == 0, results.generate_report()
    assert overlaps == []
