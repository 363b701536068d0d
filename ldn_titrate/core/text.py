"""Text people type, made safe for every output: no control or invisible formatting characters.

A bidi override (U+202E) can make ``evil`` read ``live``; zero-width characters hide text;
escape sequences recolour or rewrite a terminal; NUL and lone CR are not allowed in a calendar.
What a person *types* is cleaned (the characters are invisible, so removing them keeps what
they meant to write); what a *file* carries is refused (ldn-titrate never writes such a
character, so a file holding one was edited by hand or forged, and cleaning it would hide that).
"""

from __future__ import annotations

import unicodedata

# Unicode categories never kept: controls (Cc), formatting such as bidi controls and
# zero-width characters (Cf), line and paragraph separators (Zl, Zp), surrogates (Cs),
# private use (Co) and unassigned code points (Cn).
_REMOVED = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn"})


def is_kept(char: str) -> bool:
    """False for a control or invisible formatting character (a space is kept)."""
    return char == " " or unicodedata.category(char) not in _REMOVED


def clean_line(text: str | None) -> str | None:
    """One line of plain text: whitespace runs (newlines too) become one space, control and
    invisible formatting characters are dropped; None when nothing is left.
    """
    if text is None:
        return None
    kept = "".join(
        " " if char.isspace() else char for char in text if char.isspace() or is_kept(char)
    )
    joined = " ".join(kept.split())
    return joined or None


def clean_block(text: str | None) -> str | None:
    """Several lines of plain text: each line cleaned, blank lines dropped; None when empty."""
    if text is None:
        return None
    lines = [
        clean_line(line) for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    ]
    kept = [line for line in lines if line]
    return "\n".join(kept) or None


def unsafe_characters(text: str, allow_newlines: bool = False) -> list[str]:
    """The characters :func:`clean_line` would drop, named (``U+202E RIGHT-TO-LEFT OVERRIDE``)."""
    found: list[str] = []
    for char in text:
        if (allow_newlines and char == "\n") or is_kept(char):
            continue
        name = unicodedata.name(char, "a control character")
        label = f"U+{ord(char):04X} {name}"
        if label not in found:
            found.append(label)
    return found


def check_safe(text: str) -> str:
    """``text`` unchanged, or ValueError naming the characters no output may carry."""
    found = unsafe_characters(text, allow_newlines=True)
    if found:
        raise ValueError(
            f"holds characters ldn-titrate never writes ({', '.join(found[:3])}): "
            "the file was edited or forged"
        )
    return text
