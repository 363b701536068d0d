"""The handout as a tagged PDF (PDF/UA-1): the HTML handout printed by WeasyPrint (issue 25).

One layout: the page :func:`ldn_titrate.render.handout.html.page` writes is laid out by a CSS
paged-media engine, so the PDF and a browser's print of the HTML come from the same markup and
the same print rules (``@page`` sizes, page breaks, the large-print sizes). WeasyPrint needs the
system's Pango (Debian: ``libpango-1.0-0 libpangoft2-1.0-0``); a machine without it is told so
(:mod:`ldn_titrate.render.formats`). The bundled DejaVu Sans is loaded from the package, so the
output is the same on every machine that has the same Noto fonts; every character of the user's
text is checked against the named fonts first (:mod:`.fonts`).

The PDF is tagged: headings, lists, tables (each header cell with its scope), the chart as a
figure with its text alternative, the title shown in the window and the document's language.
"""

from __future__ import annotations

import dataclasses
import hashlib
from importlib import resources
from typing import Any

import weasyprint  # type: ignore[import-untyped]
from weasyprint.text.fonts import FontConfiguration  # type: ignore[import-untyped]

from ldn_titrate.core.model import Schedule
from ldn_titrate.render.handout import content as content
from ldn_titrate.render.handout import html as html_page
from ldn_titrate.render.handout.common import HandoutOptions
from ldn_titrate.render.handout.fonts import check_printable, font_faces

VARIANT = "pdf/ua-1"
# Where WeasyPrint and Chromium break pages differently. A short list of changes to the plan
# must not start a page alone: WeasyPrint then takes the table's last rows with it. (Chromium,
# asked the same, breaks inside the list instead, so the HTML's own sheet does not ask.)
ENGINE_CSS = ".history-head { break-before: avoid; }\n"


def render(schedule: Schedule, options: HandoutOptions) -> bytes:
    handout = content.build(schedule, options)
    fields = {
        "--patient": options.patient,
        "--prescriber": options.prescriber,
        "--contact": options.contact,
        "--notes": options.notes,
    }
    check_printable(fields, _texts(handout))
    page = html_page.page(handout, options)
    # WeasyPrint does not apply ``unicode-bidi: isolate`` to <bdi> yet; Unicode's own isolate
    # marks (FSI … PDI) inside it do the same for its text shaper.
    page = page.replace("<bdi>", "<bdi>\u2068").replace("</bdi>", "\u2069</bdi>")
    return print_page(page, options)


def print_page(page: str, options: HandoutOptions) -> bytes:
    """``page`` (an HTML handout) printed to PDF bytes, the same bytes for the same page."""
    fonts = FontConfiguration()
    folder = resources.files("ldn_titrate.render.handout") / "fonts"
    with resources.as_file(folder) as path:
        css = weasyprint.CSS(string=font_faces(path.as_uri()) + ENGINE_CSS, font_config=fonts)
        document = weasyprint.HTML(string=page).render(
            stylesheets=[css], font_config=fonts, pdf_variant=VARIANT
        )
        made = f"{options.made_on.isoformat()}T00:00:00Z"
        document.metadata.created = document.metadata.modified = made
        data: bytes = document.write_pdf(
            pdf_variant=VARIANT,
            # The file's identifier is made from the page, not a clock or a random number.
            pdf_identifier=hashlib.sha256(page.encode()).hexdigest()[:32].encode(),
            finisher=_scope_headers,
        )
    return data


def _scope_headers(_document: Any, pdf: Any) -> None:
    """Give every table header cell its scope, as PDF/UA asks: a heading in a table's head row
    heads its column; one in a body row (the facts at the top: "First dose", "Review") its row.
    """
    by_reference = {obj.reference: obj for obj in pdf.objects if hasattr(obj, "get")}
    for obj in list(by_reference.values()):
        if obj.get("S") != "/TH":
            continue
        row = by_reference.get(obj.get("P"))
        group = by_reference.get(row.get("P")) if row is not None else None
        head = group is not None and group.get("S") == "/THead"
        obj["A"]["Scope"] = "/Column" if head else "/Row"


def _texts(value: object) -> list[str]:
    """Every string the handout will print (its dataclasses, tuples and strings, walked)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, tuple | list):
        return [text for item in value for text in _texts(item)]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [text for f in dataclasses.fields(value) for text in _texts(getattr(value, f.name))]
    return []
