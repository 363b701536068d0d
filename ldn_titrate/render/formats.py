"""Every output format, in one registry: its name, its family, its file suffix, its renderer
and the commands that offer it.

A format is one entry here plus its renderer module. The family says which options its
``render(schedule, options)`` takes: :class:`~ldn_titrate.render.RenderOptions` (plan),
``CalendarOptions`` (calendar), ``HandoutOptions`` (handout) or ``PrescriptionOptions``
(prescription). Nothing heavy is imported until
:func:`renderer` is called for a chosen format.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import PurePath
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from ldn_titrate.core.errors import InputError, did_you_mean

if TYPE_CHECKING:
    from ldn_titrate.core.model import Schedule


class Family(StrEnum):
    PLAN = "plan"
    CALENDAR = "calendar"
    HANDOUT = "handout"
    PRESCRIPTION = "prescription"


@dataclass(frozen=True)
class Extra:
    """An optional dependency a format needs: the module, the extra that installs it."""

    module: str
    extra: str
    label: str
    advice: str = ""
    # A system library the Python package loads, and the Debian packages that install it.
    system: str = ""


@dataclass(frozen=True)
class OutputFormat:
    name: str
    family: Family
    suffix: str
    module: str
    offered_by: tuple[str, ...]  # the commands with this format
    binary: bool = False
    needs: Extra | None = None
    # Written once for a whole batch run under this name (its module's ``join`` makes it from
    # every row's ``render``), instead of one file per patient.
    run_file: str | None = None
    # Other suffixes a file of this format may be named with (``suffix`` is what batch writes).
    also: tuple[str, ...] = ()

    @property
    def suffixes(self) -> tuple[str, ...]:
        return (self.suffix, *self.also)


# The prescription pack's formats: offered by `prescription` and by `batch`.
_RX, _PACK, _BY = Family.PRESCRIPTION, "ldn_titrate.render.prescription.", ("prescription", "batch")
_HTML = (".html", ".htm")

FORMATS: tuple[OutputFormat, ...] = (
    OutputFormat("table", Family.PLAN, ".txt", "ldn_titrate.render.table", ("plan",)),
    OutputFormat(
        "json",
        Family.PLAN,
        ".json",
        "ldn_titrate.render.plan_json",
        ("plan", "adjust", "batch", "checkin"),
    ),
    OutputFormat(
        "markdown",
        Family.PLAN,
        ".md",
        "ldn_titrate.render.markdown",
        ("plan",),
        also=(".markdown",),
    ),
    # A FHIR resource is JSON: a records system's importer may ask for plain .json.
    OutputFormat(
        "fhir",
        Family.PLAN,
        ".fhir.json",
        "ldn_titrate.render.fhir",
        ("plan", "batch"),
        also=(".json",),
    ),
    OutputFormat(
        "fhir-bundle",
        Family.PLAN,
        ".bundle.fhir.json",
        "ldn_titrate.render.fhir.bundle",
        ("batch",),
        run_file="bundle.fhir.json",
    ),
    OutputFormat(
        "fhir-ndjson",
        Family.PLAN,
        ".ndjson",
        "ldn_titrate.render.fhir.ndjson",
        ("batch",),
        run_file="MedicationRequest.ndjson",
    ),
    OutputFormat(
        "ics", Family.CALENDAR, ".ics", "ldn_titrate.render.calendar.ics", ("calendar", "batch")
    ),
    OutputFormat(
        "html",
        Family.HANDOUT,
        ".html",
        "ldn_titrate.render.handout.html",
        ("handout", "batch"),
        also=(".htm",),
    ),
    OutputFormat(
        "markdown",
        Family.HANDOUT,
        ".md",
        "ldn_titrate.render.handout.markdown",
        ("handout",),
        also=(".markdown",),
    ),
    OutputFormat(
        "pdf",
        Family.HANDOUT,
        ".pdf",
        "ldn_titrate.render.handout.pdf",
        ("handout", "batch"),
        binary=True,
        needs=Extra(
            "weasyprint",
            "pdf",
            "PDF",
            " (or use --format html and print it from a browser)",
            system="Pango (Debian: apt-get install libpango-1.0-0 libpangoft2-1.0-0)",
        ),
    ),
    # The prescription pack: the e-prescription directions, the compounding order sheet, and
    # the dose lines of a records system's taper order. Suffixes of their own, so a batch row's
    # files never clash with its handout or plan.
    OutputFormat("directions", _RX, ".sig.txt", _PACK + "directions", _BY, also=(".txt",)),
    OutputFormat("order-sheet", _RX, ".order.html", _PACK + "order_html", _BY, also=_HTML),
    OutputFormat(
        "order-sheet-markdown",
        _RX,
        ".order.md",
        _PACK + "order_markdown",
        _BY,
        also=(".md", ".markdown"),
    ),
    OutputFormat("dose-lines", _RX, ".lines.txt", _PACK + "dose_lines", _BY),
)


def offered(command: str) -> tuple[OutputFormat, ...]:
    return tuple(fmt for fmt in FORMATS if command in fmt.offered_by)


def names(command: str) -> tuple[str, ...]:
    return tuple(fmt.name for fmt in offered(command))


def lookup(command: str, name: str) -> OutputFormat:
    """The format ``name`` of ``command``; a ValueError in the house style when it has none."""
    for fmt in offered(command):
        if fmt.name == name.strip().lower():
            return fmt
    known = names(command)
    raise ValueError(f"{name!r}: choose one of {', '.join(known)}{did_you_mean(name, known)}")


# The one rule for a file's name and its format (every command that writes a file keeps it):
# the name ends in a suffix of its format, compared without case (.html or .htm for html);
# the longest suffix a name ends in says which format it names (.fhir.json names fhir, .json
# names json first); a name with no suffix at all needs --format; -o - (stdout) is any format.


def written_as(command: str, name: str | None, target: str | None, default: str) -> OutputFormat:
    """The format to write ``target`` in: ``--format name`` when given, else the one the file
    name's suffix names, else (stdout or no file) ``default``. An InputError, naming the formats
    ``command`` writes and their suffixes, for a name whose suffix belongs to no format of the
    command or to another format than ``--format``, and for a name with no suffix and no
    ``--format``: nothing is ever written under a name that says another format.
    """
    offered_here = offered(command)
    chosen = None if name is None else _chosen(command, name)
    if target is None or target == "-":
        return chosen or _chosen(command, default)
    suffix, named = suffix_of(target, offered_here, FORMATS)
    if chosen is not None and (not suffix or chosen in named):
        return chosen
    if chosen is not None and named:
        raise InputError(
            f"--format {chosen.name} contradicts -o {target}, whose {suffix} names the "
            f"{named[0].name} format: give a file name ending in {_either(chosen.suffixes)}, "
            "or leave out --format"
        )
    if chosen is not None:
        raise InputError(
            f"-o {target}: {suffix} is not a suffix of the {chosen.name} format; give a file "
            f"name ending in {_either(chosen.suffixes)}"
        )
    if named:
        return named[0]
    if not suffix:
        raise InputError(
            f"-o {target}: the file name has no suffix to say its format; add --format "
            f"{_either([f.name for f in offered_here])}, or name the file {_listed(offered_here)}"
        )
    raise InputError(
        f"-o {target}: {command} writes no {suffix} file; name it {_listed(offered_here)}, or "
        "use -o - for stdout"
    )


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
        f"--report {target}: the name {what}; a report is written as {_listed(REPORTS)}: name it so"
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


def _chosen(command: str, name: str) -> OutputFormat:
    try:
        return lookup(command, name)
    except ValueError as error:
        raise InputError(f"--format {error}") from None


def _listed(among: tuple[Named, ...]) -> str:
    """``.html/.htm (html), .md/.markdown (markdown) or .pdf (pdf)``."""
    return _either([f"{'/'.join(fmt.suffixes)} ({fmt.name})" for fmt in among])


def _either(items: tuple[str, ...] | list[str]) -> str:
    """``a``, ``a or b``, ``a, b or c``."""
    *first, last = items
    return f"{', '.join(first)} or {last}" if first else last


def renderer(fmt: OutputFormat) -> Callable[[Schedule, Any], str | bytes]:
    """Import the renderer of ``fmt`` only now; a missing optional extra is a clear InputError."""
    try:
        module = importlib.import_module(fmt.module)
    except ImportError as error:
        needs = fmt.needs
        if needs is not None and (error.name or "").split(".")[0] == needs.module:
            raise InputError(
                f"--format {fmt.name} needs the optional {needs.label} support, which is not "
                f"installed: pip install 'ldn-titrate[{needs.extra}]'{needs.advice}"
            ) from None
        raise
    except OSError as error:  # the package is there, a system library it loads is not
        needs = fmt.needs
        if needs is None or not needs.system:
            raise
        raise InputError(
            f"--format {fmt.name} needs the system library {needs.system}, which could not be "
            f"loaded ({error}){needs.advice}"
        ) from None
    render: Callable[[Schedule, Any], str | bytes] = module.render
    return render
