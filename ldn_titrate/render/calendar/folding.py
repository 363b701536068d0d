"""RFC 5545 content lines and their folding, byte for byte as icalendar writes them, without
its per-character and per-property cost.

icalendar serialises by folding every content line a character at a time, which was most of a
calendar's render time. Lines under 75 octets (nearly all of them) need no folding at all; the
rest are folded here with icalendar's own rule: at most 74 octets a line before the CRLF and
space, never splitting a multi-byte character, and never leaving a ``\\`` or ``^`` escape at
the end of a line (icalendar issue #1501). A test compares every calendar the test suite writes
with icalendar's own ``to_ical``.

:func:`content_lines` walks the components as icalendar's ``Component.content_lines`` does
(properties in its canonical order, each value's own ``to_ical``, parameters sorted), without
making a ``Contentline`` and an empty ``Parameters`` for every property: a calendar of nightly
events has thousands of them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    from icalendar import Component

LIMIT = 75  # octets, excluding the line break
FOLD = "\r\n "


def fold(line: str) -> str:
    if line.isascii():
        return _fold_ascii(line)
    if len(line.encode()) < LIMIT:
        return line
    pieces: list[str] = []
    current: list[str] = []
    size = 0
    for char in line:
        width = 1 if char < "\x80" else len(char.encode())
        if current and size + width >= LIMIT:
            if len(current) > 1 and current[-1] in "\\^":
                carried = current.pop()
                pieces.append("".join(current))
                current, size = [carried], len(carried.encode())
            else:
                pieces.append("".join(current))
                current, size = [], 0
        current.append(char)
        size += width
    if current:
        pieces.append("".join(current))
    return FOLD.join(pieces)


def _fold_ascii(line: str) -> str:
    """:func:`fold` where a character is an octet: 74 at a time, by slicing."""
    if len(line) < LIMIT:
        return line
    pieces, start = [], 0
    while len(line) - start >= LIMIT:
        end = start + LIMIT - 1
        if line[end - 1] in "\\^":  # never end a line inside an escape: carry it over
            end -= 1
        pieces.append(line[start:end])
        start = end
    pieces.append(line[start:])
    return FOLD.join(pieces)


def serialise(lines: Iterable[str]) -> bytes:
    """Content lines (unfolded) as the bytes of a calendar: folded, CRLF after each."""
    return "".join(fold(line) + "\r\n" for line in lines if line).encode()


def content_lines(component: Component) -> list[str]:
    """The unfolded content lines of ``component`` and everything in it, in icalendar's order."""
    from icalendar.parser_tools import to_unicode
    from icalendar.prop import vText

    lines: list[str] = []
    stack: list[tuple[Component, bool]] = [(component, False)]
    while stack:
        current, ending = stack.pop()
        if ending:
            lines.append(f"END:{current.name}")
            continue
        lines.append(f"BEGIN:{current.name}")
        for name in current.sorted_keys():
            values = current[name]
            for value in values if isinstance(values, list) else (values,):
                typed = value if hasattr(value, "to_ical") else vText(cast("str | bytes", value))
                text = to_unicode(typed.to_ical())
                lines.append(_with_parameters(name, getattr(value, "params", None), text))
        stack.append((current, True))
        stack.extend((sub, False) for sub in reversed(current.subcomponents))
    return lines


def _with_parameters(name: str, params: Any, text: str) -> str:
    if params:
        from icalendar.parser_tools import to_unicode

        written = to_unicode(params.to_ical(sorted=True))
        if written:  # a parameter may write nothing (TZID=UTC)
            return f"{name};{written}:{text}"
    return f"{name}:{text}"
