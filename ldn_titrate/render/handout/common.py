"""What every handout renderer is given besides the schedule, and how a format picks its renderer.

The options are checked here, once, so the HTML, Markdown and PDF renderers can trust them: a name
is one clean line of sensible length, notes keep their line breaks, and nothing a user typed can
carry control characters into a file.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from ldn_titrate.core.errors import InputError, Problems
from ldn_titrate.core.text import clean_block, clean_line
from ldn_titrate.core.vocab import HandoutFormat as HandoutFormat
from ldn_titrate.core.vocab import Paper as Paper

if TYPE_CHECKING:  # the model (pydantic) is not needed to parse the command line
    from ldn_titrate.core.model import Schedule

PDF_EXTRA_HINT = "pip install 'ldn-titrate[pdf]'"


@dataclass(frozen=True)
class HandoutOptions:
    """The people, the clinic's words and the print settings of one handout.

    ``made_on`` is passed in (the CLI reads it from :mod:`ldn_titrate.cli.clock`) so the same plan
    and options always give the same bytes.
    """

    made_on: date
    patient: str | None = None
    prescriber: str | None = None
    contact: str | None = None
    notes: str | None = None
    paper: Paper = Paper.A4
    large_print: bool = False


HandoutRenderer = Callable[["Schedule", HandoutOptions], "str | bytes"]

_MODULES: dict[HandoutFormat, str] = {
    HandoutFormat.HTML: "ldn_titrate.render.handout.html",
    HandoutFormat.MARKDOWN: "ldn_titrate.render.handout.markdown",
    HandoutFormat.PDF: "ldn_titrate.render.handout.pdf",
}

# Long enough for any real name, phone line or note; short enough that the page layout holds.
LIMITS = {"--patient": 80, "--prescriber": 80, "--contact": 200, "--notes": 600}


def handout_renderer(fmt: HandoutFormat) -> HandoutRenderer:
    """Import the renderer of ``fmt`` only now; a missing PDF extra becomes a clear InputError."""
    try:
        module = importlib.import_module(_MODULES[fmt])
    except ImportError as error:
        if fmt is HandoutFormat.PDF and (error.name or "").split(".")[0] == "fpdf":
            raise InputError(
                f"--format pdf needs the optional PDF support, which is not installed: "
                f"{PDF_EXTRA_HINT} (or use --format html and print it from a browser)"
            ) from None
        raise
    render: HandoutRenderer = module.render
    return render


def make_options(
    *,
    made_on: date,
    patient: str | None = None,
    prescriber: str | None = None,
    contact: str | None = None,
    notes: str | None = None,
    paper: Paper = Paper.A4,
    large_print: bool = False,
) -> HandoutOptions:
    """Clean and check what the user typed; every problem is reported at once (exit 2)."""
    cleaned = {
        "--patient": clean_line(patient),
        "--prescriber": clean_line(prescriber),
        "--contact": clean_line(contact),
        "--notes": clean_block(notes),
    }
    problems = Problems()
    for flag, value in cleaned.items():
        if value is not None and len(value) > LIMITS[flag]:
            problems.add(
                f"{flag} is {len(value)} characters long ({value[:20]!r}...); "
                f"at most {LIMITS[flag]} fit on the handout"
            )
    problems.raise_if_any()
    return HandoutOptions(
        made_on=made_on,
        patient=cleaned["--patient"],
        prescriber=cleaned["--prescriber"],
        contact=cleaned["--contact"],
        notes=cleaned["--notes"],
        paper=paper,
        large_print=large_print,
    )
