"""Reading the documentation as the tests do: its pages, their sections and their shell examples.

The docs are README.md (the front door) and the MkDocs pages under ``docs/``. A shell example is
a line of a ``sh`` block that runs ``ldn-titrate`` (continuation lines joined); the comment lines
right under it are what it prints, and ``(exit 2)`` in its own comment says it must be refused.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
README = ROOT / "README.md"


def page(name: str) -> str:
    """A page by its path under docs/ (``records/fhir.md``), or README.md."""
    path = README if name == "README.md" else DOCS / name
    return path.read_text(encoding="utf-8")


def pages() -> list[str]:
    """README.md and every Markdown page of the site (generated ones included)."""
    found = sorted(p.relative_to(DOCS).as_posix() for p in DOCS.rglob("*.md"))
    return ["README.md", *[name for name in found if not name.startswith("overrides/")]]


def section(name: str, heading: str = "") -> str:
    """A page, or the part of it under a heading (up to the next heading of that level or
    higher); ``heading`` is the heading's text as written, without its ``#`` marks."""
    text = page(name)
    if not heading:
        return text
    match = re.search(rf"^(#+) {re.escape(heading)}\s*$", text, re.M)
    assert match is not None, f"{name} has no heading {heading!r}"
    level = len(match.group(1))
    after = text[match.end() :]
    end = re.search(rf"^#{{1,{level}}} ", after, re.M)
    return after[: end.start()] if end else after


@dataclass
class Example:
    where: str
    args: list[str]
    exit_code: int = 0
    prints: list[str] = field(default_factory=list)

    @property
    def id(self) -> str:
        return f"{self.where}: {shlex.join(self.args)}"


COMMAND = re.compile(r"^(ldn-titrate|python -m ldn_titrate) ")


def examples(name: str, heading: str = "", needle: str = "") -> list[Example]:
    """The shell examples of a page (or of one section of it), in order."""
    found: list[Example] = []
    for block in re.findall(r"```sh\n(.*?)```", section(name, heading), re.S):
        current: Example | None = None
        for line in block.replace("\\\n", " ").splitlines():
            stripped = line.strip()
            if COMMAND.match(stripped):
                words = shlex.split(COMMAND.sub("", stripped), comments=True)
                comment = stripped.split(" #", 1)[1] if " #" in stripped else ""
                code = 2 if "(exit 2)" in comment else 0
                current = Example(name, words, code)
                if needle in stripped:
                    found.append(current)
            elif stripped.startswith("#") and current is not None:
                current.prints.append(stripped.lstrip("#").strip())
            else:
                current = None
    return found


def args_of(name: str, heading: str = "", needle: str = "") -> list[list[str]]:
    """Only the command lines (without ``ldn-titrate``) of :func:`examples`."""
    return [example.args for example in examples(name, heading, needle)]
