"""How the HTML handout writes text: escaped, each number kept with its unit, user text isolated.

Split from :mod:`.html` (the page) so each module stays small.
"""

from __future__ import annotations

import html
import re

_UNIT = re.compile(r"(?<=\d) (?=(?:mg|mcg|mL)\b)")


def escape(text: str) -> str:
    """HTML-escape ``text`` and keep each number on one line with its unit (``1.5&nbsp;mg``)."""
    text = _TIMES.sub("&nbsp;×&nbsp;", _UNIT.sub("&nbsp;", html.escape(text)))
    return text.replace("mg/mL", _PER_ML)


# "2 × 1 mg" keeps together; a list of capsules wraps only at its "+".
_TIMES = re.compile(r"(?<=\d) × (?=\d)")


# A strength never breaks at its slash ("5 mg/" then "mL").
_PER_ML = '<span class="per">mg/mL</span>'


def isolated(text: str) -> str:
    """The user's text, escaped and isolated (``<bdi>``): a name written right to left never
    reorders the dose or date beside it."""
    return f"<bdi>{html.escape(text)}</bdi>"
