"""The closing summary of ``ldn-titrate batch``: what was planned, warned about, refused and
written, as a table and one line (split from :mod:`ldn_titrate.cli.batch`)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ldn_titrate.cli.app import terminal_width, use_color


@dataclass(frozen=True)
class Counts:
    planned: int
    warned: int  # planned rows with at least one warning
    refused: int
    unwritten: int  # planned, but a file was in the way or could not be written
    files: int


def summary(counts: Counts, report: Path | None) -> str:
    """The closing table (what was planned, warned about, refused and written), then one line."""
    from rich.console import Console
    from rich.table import Table

    table = Table(title="Batch summary", title_justify="left", show_header=False)
    table.add_column("What")
    table.add_column("Count", justify="right")
    table.add_row("Rows planned", f"{counts.planned:,}")
    table.add_row("Rows with warnings", f"{counts.warned:,}")
    table.add_row("Rows refused", f"{counts.refused:,}")
    table.add_row("Rows not written", f"{counts.unwritten:,}")
    table.add_row("Files written", f"{counts.files:,}")
    console = Console(
        width=terminal_width(), color_system="standard" if use_color() else None, record=True
    )
    line = (
        f"planned {counts.planned:,}, with warnings {counts.warned:,}, refused "
        f"{counts.refused:,}, not written {counts.unwritten:,}"
    )
    with console.capture() as captured:
        console.print(table)
        console.print(line, highlight=False, soft_wrap=True)
        if report is not None:
            console.print(f"Report: {report}", highlight=False, soft_wrap=True)
    return captured.get()
