"""Which characters the PDF handout can print: the embedded DejaVu Sans has no Chinese, Japanese
or Korean letters, and fpdf2 cannot lay out a right-to-left script without a text shaper, so a
name in those is refused by name (exit 2) rather than printed as blanks or backwards.
"""

from __future__ import annotations

import dataclasses
import functools
import unicodedata
from importlib import resources

from ldn_titrate.core.errors import Problems
from ldn_titrate.render.handout import content as content
from ldn_titrate.render.handout.common import HandoutOptions

FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}


@functools.cache
def _glyphs() -> frozenset[int]:
    """The characters both embedded faces (regular and bold) draw."""
    from fontTools.ttLib import TTFont  # type: ignore[import-untyped]  # fpdf2's dependency

    faces = []
    for name in FONT_FILES.values():
        font_file = resources.files("ldn_titrate.render.handout") / "fonts" / name
        with resources.as_file(font_file) as path, TTFont(str(path), lazy=True) as font:
            faces.append(frozenset(font.getBestCmap()))
    return frozenset.intersection(*faces)


def check_printable(handout: content.Handout, options: HandoutOptions) -> None:
    """Refuse, naming them, the characters the embedded font cannot draw (Chinese, Korean, ...)
    or that fpdf2 cannot lay out without a text shaper (Arabic and Hebrew run right to left):
    a PDF that silently dropped a patient's name would be worse than none.
    """
    glyphs = _glyphs()
    fields = {
        "--patient": options.patient,
        "--prescriber": options.prescriber,
        "--contact": options.contact,
        "--notes": options.notes,
    }
    problems = Problems()
    for flag, text in fields.items():
        bad = _unprintable(text or "", glyphs)
        if bad:
            problems.add(f"{flag}: --format pdf {_cannot(bad)}")
    others = _unprintable(" ".join(_texts(handout)), glyphs) if not problems else []
    if others:
        problems.add(f"the plan's text: --format pdf {_cannot(others)}")
    problems.raise_if_any()


def _cannot(characters: list[str]) -> str:
    shown = ", ".join(f"{char} (U+{ord(char):04X})" for char in characters[:8])
    more = f" and {len(characters) - 8} more" if len(characters) > 8 else ""
    return (
        f"cannot print {shown}{more}: its font (DejaVu Sans) has no such letters, or they run "
        "right to left, which it cannot lay out; use --format html and print from a browser"
    )


def _unprintable(text: str, glyphs: frozenset[int]) -> list[str]:
    found: list[str] = []
    for char in text:
        missing = not char.isspace() and ord(char) not in glyphs
        if (missing or unicodedata.bidirectional(char) in ("R", "AL")) and char not in found:
            found.append(char)
    return found


def _texts(value: object) -> list[str]:
    """Every string the handout will print (its dataclasses, tuples and strings, walked)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, tuple | list):
        return [text for item in value for text in _texts(item)]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [text for f in dataclasses.fields(value) for text in _texts(getattr(value, f.name))]
    return []
