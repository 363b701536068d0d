"""What a file's name says of its format: the suffix rule every command's ``-o`` and batch's
``--report`` follow (the longest known suffix wins, compared without case), and the words that
list the suffixes a command writes."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath
from typing import Protocol, TypeVar

from ldn_titrate.core.errors import InputError


class Named(Protocol):
    """What the suffix rule needs of a kind of file: its name and its suffixes."""

    @property
    def name(self) -> str: ...

    @property
    def suffixes(self) -> tuple[str, ...]: ...


@dataclass(frozen=True)
class ReportFormat:
    """A format of batch's run report (a table of the run, not a rendering of a plan)."""

    name: str
    suffixes: tuple[str, ...]


REPORTS = (ReportFormat("csv", (".csv",)), ReportFormat("json", (".json",)))


def report_format(target: str) -> str:
    """``csv`` or ``json``, as ``--report``'s file name says; by the same rule as ``-o``."""
    suffix, named = suffix_of(target, REPORTS)
    if named:
        return named[0].name
    what = "has no suffix to say its format" if not suffix else f"ends in {suffix}"
    raise InputError(
        f"--report {target}: the name {what}; a report is written as {listed(REPORTS)}: name it so"
    )


N = TypeVar("N", bound=Named)


def suffix_of(
    target: str, among: tuple[N, ...], every: tuple[Named, ...] | None = None
) -> tuple[str, list[N]]:
    """The suffix the file name ends in (the longest one of ``every`` format's, else its last
    one, "" for none) and the formats of ``among`` it names, registry order first: none when it
    is another command's (``.bundle.fhir.json`` is batch's Bundle, not plan's one resource)."""
    base = PurePath(target).name.lower()
    every_suffix = {s for fmt in (every or among) for s in fmt.suffixes}
    known = sorted((s for s in every_suffix if base.endswith(s) and len(base) > len(s)), key=len)
    if known:
        return known[-1], [fmt for fmt in among if known[-1] in fmt.suffixes]
    return PurePath(base).suffix, []


def listed(among: tuple[Named, ...]) -> str:
    """``.html/.htm (html), .md/.markdown (markdown) or .pdf (pdf)``."""
    return either([f"{'/'.join(fmt.suffixes)} ({fmt.name})" for fmt in among])


def either(items: tuple[str, ...] | list[str]) -> str:
    """``a``, ``a or b``, ``a, b or c``."""
    *first, last = items
    return f"{', '.join(first)} or {last}" if first else last
