"""Every output format, in one registry: its name, its family, its file suffix, its renderer
and the commands that offer it.

A format is one entry here plus its renderer module. The family says which options its
``render(schedule, options)`` takes: :class:`~ldn_titrate.render.RenderOptions` (plan),
``CalendarOptions`` (calendar) or ``HandoutOptions`` (handout). Nothing heavy is imported until
:func:`renderer` is called for a chosen format.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from ldn_titrate.core.errors import InputError

if TYPE_CHECKING:
    from ldn_titrate.core.model import Schedule


class Family(StrEnum):
    PLAN = "plan"
    CALENDAR = "calendar"
    HANDOUT = "handout"


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


FORMATS: tuple[OutputFormat, ...] = (
    OutputFormat("table", Family.PLAN, ".txt", "ldn_titrate.render.table", ("plan",)),
    OutputFormat("json", Family.PLAN, ".json", "ldn_titrate.render.plan_json", ("plan", "batch")),
    OutputFormat("markdown", Family.PLAN, ".md", "ldn_titrate.render.markdown", ("plan",)),
    OutputFormat("fhir", Family.PLAN, ".fhir.json", "ldn_titrate.render.fhir", ("plan", "batch")),
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
        "html", Family.HANDOUT, ".html", "ldn_titrate.render.handout.html", ("handout", "batch")
    ),
    OutputFormat(
        "markdown", Family.HANDOUT, ".md", "ldn_titrate.render.handout.markdown", ("handout",)
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
    raise ValueError(f"{name!r}: choose one of {', '.join(names(command))}")


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
