"""What every handout renderer is given besides the schedule, checked once.

The options are checked here, once, so the HTML, Markdown and PDF renderers can trust them: a name
is one clean line of sensible length, notes keep their line breaks, and nothing a user typed can
carry control characters into a file.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ldn_titrate.core.errors import Problems
from ldn_titrate.core.language import ENGLISH, Language
from ldn_titrate.core.text import clean_block as clean_block
from ldn_titrate.core.text import clean_line as clean_line
from ldn_titrate.core.vocab import Paper as Paper


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
    # The policy's beyond-use days for a compounded liquid, for the storage line.
    beyond_use_days: int | None = None
    # The patient's language: every sentence, date and dose of the handout is said in it.
    language: Language = ENGLISH
    # The clinic profile's time zone (an IANA name), printed when set.
    timezone: str | None = None


# Long enough for any real name, phone line or note; short enough that the page layout holds.
LIMITS = {"--patient": 80, "--prescriber": 80, "--contact": 200, "--notes": 600}


def make_options(
    *,
    made_on: date,
    patient: str | None = None,
    prescriber: str | None = None,
    contact: str | None = None,
    notes: str | None = None,
    paper: Paper = Paper.A4,
    large_print: bool = False,
    beyond_use_days: int | None = None,
    language: Language = ENGLISH,
    timezone: str | None = None,
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
        beyond_use_days=beyond_use_days,
        language=language,
        timezone=timezone,
    )
