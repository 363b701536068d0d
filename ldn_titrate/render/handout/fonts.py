"""The fonts the handout names, and which characters they can print (issue 25).

The style sheet's ``font-family`` is made from :data:`FAMILIES`, so the list the PDF engine reads
and the list checked here are one list. DejaVu Sans ships with ldn-titrate (Latin, Greek,
Cyrillic); the Noto families are the system's (Debian: ``fonts-noto-core``, ``fonts-noto-cjk``)
and print Arabic, Hebrew, Thai, Devanagari, Chinese, Japanese, Korean and more when installed.
A PDF engine falls back to empty boxes for a letter no font has, silently; so before a PDF is
made, every character of the patient's and clinic's text is checked against the fonts named
(with fontTools), and a letter none of them has is refused by name (exit 2).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from importlib import resources

from ldn_titrate.core.errors import Problems

BUNDLED = "DejaVu Sans"
# Bundled faces: CSS weight → file in ``ldn_titrate/render/handout/fonts``.
BUNDLED_FILES = {"normal": "DejaVuSans.ttf", "bold": "DejaVuSans-Bold.ttf"}
# In the order the engine tries them for a letter the one before has not got.
FAMILIES = (
    BUNDLED,
    "Noto Sans",
    "Noto Sans Arabic",
    "Noto Sans Hebrew",
    "Noto Sans Thai",
    "Noto Sans Devanagari",
    "Noto Sans Bengali",
    "Noto Sans Tamil",
    "Noto Sans Ethiopic",
    "Noto Sans Armenian",
    "Noto Sans Georgian",
    "Noto Sans CJK SC",
)
# What a browser falls back to after them (the PDF never needs these: the check refuses first).
BROWSER_FALLBACK = "Verdana, Arial, Helvetica, sans-serif"
# The Debian packages with the Noto families, named in the refusal.
PACKAGES = "fonts-noto-core fonts-noto-cjk"


def font_family() -> str:
    """The CSS ``font-family`` value: every family named here, then the browser's fallbacks."""
    return ", ".join([*(f'"{family}"' for family in FAMILIES), BROWSER_FALLBACK])


def font_faces(folder: str) -> str:
    """``@font-face`` rules that load the bundled DejaVu Sans from ``folder`` (a file URL)."""
    return "".join(
        f'@font-face {{ font-family: "{BUNDLED}"; font-weight: {weight}; '
        f'src: url("{folder}/{name}"); }}\n'
        for weight, name in BUNDLED_FILES.items()
    )


@functools.cache
def _cmap(path: str, number: int = 0) -> frozenset[int]:
    from fontTools.ttLib import TTFont  # type: ignore[import-untyped]  # WeasyPrint's dependency

    with TTFont(path, lazy=True, fontNumber=number) as font:
        return frozenset(font.getBestCmap())


@functools.cache
def bundled() -> frozenset[int]:
    """The characters both bundled faces (regular and bold) draw."""
    faces = []
    for name in BUNDLED_FILES.values():
        font_file = resources.files("ldn_titrate.render.handout") / "fonts" / name
        with resources.as_file(font_file) as path:
            faces.append(_cmap(str(path)))
    return frozenset.intersection(*faces)


def installed(family: str) -> str | None:
    """The file fontconfig gives for ``family`` when that family is installed, else None
    (fontconfig answers every request with some font: a different family is not this one)."""
    from weasyprint.text.ffi import ffi, fontconfig  # type: ignore[import-untyped]

    pattern = fontconfig.FcPatternCreate()
    try:
        fontconfig.FcPatternAddString(pattern, b"family", family.encode())
        fontconfig.FcConfigSubstitute(ffi.NULL, pattern, fontconfig.FcMatchPattern)
        fontconfig.FcDefaultSubstitute(pattern)
        result = ffi.new("FcResult *")
        match = fontconfig.FcFontMatch(ffi.NULL, pattern, result)
    finally:
        fontconfig.FcPatternDestroy(pattern)
    if match == ffi.NULL:  # pragma: no cover - fontconfig has no font at all
        return None
    try:
        value = ffi.new("FcChar8 **")
        names: list[str] = []
        while fontconfig.FcPatternGetString(match, b"family", len(names), value) == 0:
            names.append(ffi.string(value[0]).decode())
        if family.casefold() not in {name.casefold() for name in names}:
            return None
        fontconfig.FcPatternGetString(match, b"file", 0, value)
        return str(ffi.string(value[0]).decode())
    finally:
        fontconfig.FcPatternDestroy(match)


@functools.cache
def _coverage(finder: Callable[[str], str | None]) -> tuple[frozenset[int], ...]:
    """Each named Noto family's characters, for the families installed."""
    found = (finder(family) for family in FAMILIES[1:])
    return tuple(_cmap(path) for path in found if path)


# Letters the bundled DejaVu Sans is known to draw (Latin to Latin Extended-B, general
# punctuation), answered without reading the font; a test holds this to the font's cmap.
KNOWN = (range(0x20, 0x7F), range(0xA0, 0x250), range(0x2010, 0x2028))


def printable(char: str, finder: Callable[[str], str | None] = installed) -> bool:
    """Whether a font the handout names draws ``char`` (white space and controls always do)."""
    code = ord(char)
    if char.isspace() or any(code in known for known in KNOWN) or _invisible(char):
        return True
    if code in bundled():
        return True
    return any(code in cmap for cmap in _coverage(finder))


def _invisible(char: str) -> bool:
    """Joiners and direction marks: shaped, never drawn on their own."""
    return char in "\u200b\u200c\u200d\u200e\u200f\u2066\u2067\u2068\u2069\ufe0f"


def check_printable(fields: dict[str, str | None], texts: list[str]) -> None:
    """Refuse, naming them, the characters no named font draws in the user's ``fields`` (by
    option) or the plan's other ``texts``: a PDF that printed a patient's name as empty boxes
    would be worse than none."""
    problems = Problems()
    for flag, text in fields.items():
        bad = _unprintable(text or "")
        if bad:
            problems.add(f"{flag}: --format pdf {_cannot(bad)}")
    others = _unprintable(" ".join(texts)) if not problems else []
    if others:
        problems.add(f"the plan's text: --format pdf {_cannot(others)}")
    problems.raise_if_any()


def _cannot(characters: list[str]) -> str:
    shown = ", ".join(f"{char} (U+{ord(char):04X})" for char in characters[:8])
    more = f" and {len(characters) - 8} more" if len(characters) > 8 else ""
    return (
        f"cannot print {shown}{more}: none of the handout's fonts ({FAMILIES[0]}, Noto Sans …) "
        f"has it; install the Noto fonts (Debian: apt-get install {PACKAGES}), or use "
        "--format html and print from a browser"
    )


def _unprintable(text: str) -> list[str]:
    found: list[str] = []
    for char in text:
        if char not in found and not printable(char):
            found.append(char)
    return found
