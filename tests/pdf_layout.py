"""Reading a printed handout back (pdfplumber): what a page may not have (issue 25).

On every page: no word's box overlaps another's (the chart's labels included), nothing outside
the printable area (the page less its 6 mm smallest margin), no heading as the page's last
line, and no dose-table row split between pages.
"""

from __future__ import annotations

import io
import itertools
from typing import Any

import pdfplumber

MM = 72 / 25.4
MARGIN = 6 * MM - 1  # the smallest @page margin (a large-print month page), less a point


def words(pdf: bytes) -> list[list[dict[str, Any]]]:
    """Each page's words with their boxes (pdfplumber's x0, x1, top, bottom, in points)."""
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return [
            [
                *page.extract_words(keep_blank_chars=False, use_text_flow=True),
                {"page_size": (page.width, page.height)},
            ]
            for page in document.pages
        ]


def _overlap(a: dict[str, Any], b: dict[str, Any]) -> bool:
    # A quarter point of slack: glyph boxes of touching letters share an edge.
    return (
        min(a["x1"], b["x1"]) - max(a["x0"], b["x0"]) > 0.25
        and min(a["bottom"], b["bottom"]) - max(a["top"], b["top"]) > 0.25
    )


def problems(pdf: bytes, headings: tuple[str, ...] = ()) -> list[str]:
    """Every layout defect found, each as ``page N: what``; empty when the pages are right."""
    found: list[str] = []
    for number, page in enumerate(words(pdf), start=1):
        width, height = page.pop()["page_size"]
        for a, b in itertools.combinations(page, 2):
            if _overlap(a, b):
                found.append(f"page {number}: {a['text']!r} overlaps {b['text']!r}")
        for word in page:
            inside = (
                word["x0"] >= MARGIN
                and word["x1"] <= width - MARGIN
                and word["top"] >= MARGIN
                and word["bottom"] <= height - MARGIN
            )
            if not inside:
                found.append(f"page {number}: {word['text']!r} outside the printable area")
        if page and headings:
            last = max(word["bottom"] for word in page)
            line = " ".join(w["text"] for w in page if abs(w["bottom"] - last) < 2)
            if any(line == heading for heading in headings):
                found.append(f"page {number}: ends with the heading {line!r}")
    return found
