"""Rich output captured as text, laid out so that a dose is never split from its unit."""

from __future__ import annotations

import io
import re

from rich.console import Console, RenderableType
from rich.text import Text

# Rich wraps at spaces; "4.5" and "mg" must never land on different lines, so the space is held
# by a one-cell placeholder while rich lays out, and put back afterwards.
GLUE = "\ue000"

_UNIT = re.compile(r"(?<=[0-9]) (?=(?:mg|mcg|mL|nights?)\b)")


def glued(text: str, style: str = "") -> Text:
    return Text(_UNIT.sub(GLUE, text), style=style)


def to_text(renderables: list[RenderableType], width: int, color: bool = False) -> str:
    console = Console(
        file=io.StringIO(),
        width=width,
        force_terminal=color,
        no_color=not color,
        color_system="standard" if color else None,
        highlight=False,
        emoji=False,
        legacy_windows=False,
    )
    for item in renderables:
        console.print(item)
    text = str(console.file.getvalue())  # type: ignore[attr-defined]
    return text.replace(GLUE, " ")
