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
from typing import TYPE_CHECKING, Any

from ldn_titrate.core.errors import InputError

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
        ("handout",),
        binary=True,
        needs=Extra("fpdf", "pdf", "PDF", " (or use --format html and print it from a browser)"),
    ),
    # The prescription pack: the e-prescription directions, the compounding order sheet, and
    # the dose lines of a records system's taper order. Suffixes of their own, so a batch row's
    # files never clash with its handout or plan.
    OutputFormat(
        "directions",
        Family.PRESCRIPTION,
        ".sig.txt",
        "ldn_titrate.render.prescription.directions",
        ("prescription", "batch"),
    ),
    OutputFormat(
        "order-sheet",
        Family.PRESCRIPTION,
        ".order.html",
        "ldn_titrate.render.prescription.order_html",
        ("prescription", "batch"),
    ),
    OutputFormat(
        "order-sheet-markdown",
        Family.PRESCRIPTION,
        ".order.md",
        "ldn_titrate.render.prescription.order_markdown",
        ("prescription", "batch"),
    ),
    OutputFormat(
        "dose-lines",
        Family.PRESCRIPTION,
        ".lines.txt",
        "ldn_titrate.render.prescription.dose_lines",
        ("prescription", "batch"),
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
    render: Callable[[Schedule, Any], str | bytes] = module.render
    return render
