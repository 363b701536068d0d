"""``ldn-titrate batch``: plan every patient of a clinic's CSV and write their files.

A module of its own, like ``calendar``, so that ``plan`` never loads it and each renderer
(icalendar above all) is imported only when its format is asked for. A bad row is reported and
skipped; the others are still planned; the exit code is 2 when any row was refused.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import IO, TYPE_CHECKING, Annotated

import typer

from ldn_titrate.cli.app import command_group, config_dir, reported, terminal_width, use_color
from ldn_titrate.cli.options import BedtimeOpt, ForceOpt, PolicyOpt, RemindOpt, TzOpt
from ldn_titrate.core.errors import ExitCode, InputError, Problems
from ldn_titrate.render.formats import Family, OutputFormat

commands = command_group()

if TYPE_CHECKING:
    from rich.progress import Progress

    from ldn_titrate.core.output import Modes
    from ldn_titrate.plans.batch.output import CalendarSettings
    from ldn_titrate.plans.batch.table import Refusal

BATCH = "Batch"
# Lines of refusals and warnings echoed to the terminal; the report holds every one.
SHOWN = 20


@commands.command()
@reported
def batch(
    csv_file: Annotated[
        Path, typer.Argument(metavar="CSV", help="Patients, one per row (see README: Batch).")
    ],
    out_dir: Annotated[
        Path,
        typer.Option("--out-dir", metavar="DIR", help="Folder for the files (made if missing)."),
    ],
    formats: Annotated[
        str,
        typer.Option(
            "--formats",
            metavar="LIST",
            help="Files per patient, comma-separated: json, ics, html, fhir.",
            rich_help_panel=BATCH,
        ),
    ] = "json",
    report: Annotated[
        Path | None,
        typer.Option(
            "--report",
            metavar="FILE",
            help="Write the refused rows here: CSV, or JSON when FILE ends in .json "
            "(default: DIR/refusals.csv, only when a row was refused).",
            rich_help_panel=BATCH,
        ),
    ] = None,
    policy: PolicyOpt = None,
    bedtime: BedtimeOpt = "22:00",
    remind: RemindOpt = "0",
    tz: TzOpt = None,
    force: ForceOpt = False,
) -> None:
    """Plan every patient of a CSV file: files per patient, a summary, a report of refusals."""
    from ldn_titrate.cli import clock
    from ldn_titrate.core import output as out
    from ldn_titrate.plans.batch import output as outs
    from ldn_titrate.plans.batch import run as runs
    from ldn_titrate.plans.batch import table as rows
    from ldn_titrate.rules import policy_file as policies

    problems = Problems()
    chosen: tuple[OutputFormat, ...] = ()
    try:
        chosen = outs.parse_formats(formats)
    except ValueError as error:
        problems.add(f"--formats {formats!r} {error}")
    wants_calendar = any(fmt.family is Family.CALENDAR for fmt in chosen)
    calendar = _calendar(bedtime, remind, tz, problems) if wants_calendar else None
    _check_out_dir(out_dir, problems)
    # A report inside --out-dir is fine even before the run makes that folder.
    inside = report is not None and report.parent.resolve() == out_dir.resolve()
    if report is not None and not (inside and not out_dir.exists()):
        try:
            out.check_target(str(report), force)
        except InputError as error:
            problems.add(error.problems[0].replace("-o ", "--report ", 1))
    loaded = problems.collect(lambda: policies.resolve(policy, config_dir()))
    table = problems.collect(lambda: rows.read_table(csv_file))
    problems.raise_if_any()
    # No problems, so both were made.
    assert loaded is not None
    assert table is not None

    modes = loaded.policy.output.modes()
    out.make_folder(out_dir, f"--out-dir {out_dir}", modes)
    render_with = outs.renderers(chosen, calendar)
    writer = outs.Writer(out_dir, force, modes)
    if report is not None:
        writer.reserve_report(report)
    refusals: list[Refusal] = list(table.refusals)
    warnings: list[str] = []
    planned_count = 0
    today, now = clock.today(), clock.now()
    progress = progress_for(len(table.rows), sys.stderr)
    task = progress.add_task("Planning", total=len(table.rows)) if progress else None
    if progress is not None:
        progress.start()
    job = runs.Job(loaded, render_with, today, now)
    try:
        with runs.stop_on_signals() as guard:
            for outcome in runs.outcomes(table.rows, job):
                guard.check()
                if progress is not None and task is not None:
                    progress.advance(task)
                if outcome.refusals:
                    refusals.extend(outcome.refusals)
                    continue
                row = outcome.row
                with guard.writing():
                    why = writer.write_row(row.id, outcome.payloads)
                if why is not None:
                    refusals.append(rows.Refusal(row.row, row.id, "id", why))
                    continue
                planned_count += 1
                warnings += outcome.warnings
            guard.check()
    except runs.Interrupted as stop:
        sys.stderr.write(
            f"interrupted ({stop}): stopped after {planned_count:,} of {len(table.rows):,} rows "
            f"planned, {writer.files_written:,} files written; no partial file is left, and "
            "the rows after were not planned (run again with --force to redo them all)\n"
        )
        raise typer.Exit(128 + stop.signum) from None
    finally:
        if progress is not None:
            progress.stop()
    refusals.sort(key=lambda r: r.row)
    report_path = _write_report(refusals, report, out_dir, force, modes)
    _echo(refusals, warnings, report_path)
    refused_count = len({r.row for r in refusals})
    sys.stdout.write(summary(planned_count, refused_count, writer.files_written, report_path))
    if refusals:
        raise typer.Exit(int(ExitCode.BAD_INPUT))


def _calendar(
    bedtime: str, remind: str, tz: str | None, problems: Problems
) -> CalendarSettings | None:
    """The calendar's own checks of --bedtime, --remind and --tz, reused as they are."""
    from ldn_titrate.cli.calendar import reminder_settings
    from ldn_titrate.plans.batch.output import CalendarSettings

    settings = reminder_settings(bedtime, remind, tz, problems)
    if settings is None:
        return None
    return CalendarSettings(settings.bedtime, settings.tz, settings.remind)


def _check_out_dir(out_dir: Path, problems: Problems) -> None:
    import stat

    from ldn_titrate.core.infile import reason

    try:
        found = out_dir.stat()
        if not stat.S_ISDIR(found.st_mode):
            problems.add(f"--out-dir {out_dir}: is a file, not a folder")
    except (FileNotFoundError, NotADirectoryError):
        try:
            parent_ok = out_dir.parent.is_dir()
        except (OSError, ValueError) as error:
            problems.add(f"--out-dir {out_dir}: cannot make the folder ({reason(error)})")
            return
        if not parent_ok:
            problems.add(f"--out-dir {out_dir}: the folder {out_dir.parent} does not exist")
    except (OSError, ValueError) as error:
        problems.add(f"--out-dir {out_dir}: cannot use the folder ({reason(error)})")


def progress_for(total: int, stream: IO[str]) -> Progress | None:
    """A progress bar on a terminal only: redirected output gets no control characters."""
    if not stream.isatty() or total == 0:
        return None
    from rich.console import Console
    from rich.progress import Progress

    return Progress(console=Console(file=stream), transient=True)


def _write_report(
    refusals: list[Refusal], explicit: Path | None, out_dir: Path, force: bool, modes: Modes
) -> Path | None:
    """--report is always written; the default report only when a row was refused."""
    from ldn_titrate.core import output as out
    from ldn_titrate.plans.batch.output import report_text

    target = explicit if explicit is not None else out_dir / "refusals.csv"
    if explicit is None and not refusals:
        return None
    text = report_text(refusals, as_json=target.suffix.lower() == ".json")
    # The default report belongs to this run: a stale one from an earlier run is replaced.
    try:
        out.write(text, str(target), force or explicit is None, modes)
    except InputError as error:
        raise InputError([p.replace("-o ", "--report ", 1) for p in error.problems]) from None
    return target


def _echo(refusals: list[Refusal], warnings: list[str], report: Path | None) -> None:
    from ldn_titrate.plans.batch.table import SAFE_ID

    def shown(row_id: str) -> str:
        """An id as typed when safe; else quoted, so no control character reaches the screen."""
        if not row_id:
            return ""
        return f" ({row_id if SAFE_ID.fullmatch(row_id) else repr(row_id)})"

    lines = [f"error: row {r.row}{shown(r.id)}: {r.message}" for r in refusals]
    lines += [f"warning: {w}" for w in warnings]
    for line in lines[:SHOWN]:
        sys.stderr.write(line + "\n")
    if len(lines) > SHOWN:
        where = f" (refusals in {report})" if report is not None else ""
        sys.stderr.write(f"… and {len(lines) - SHOWN} more{where}\n")


def summary(planned: int, refused: int, files: int, report: Path | None) -> str:
    """The closing table: what was planned, refused and written."""
    from rich.console import Console
    from rich.table import Table

    table = Table(title="Batch summary", title_justify="left", show_header=False)
    table.add_column("What")
    table.add_column("Count", justify="right")
    table.add_row("Rows planned", f"{planned:,}")
    table.add_row("Rows refused", f"{refused:,}")
    table.add_row("Files written", f"{files:,}")
    console = Console(
        width=terminal_width(), color_system="standard" if use_color() else None, record=True
    )
    with console.capture() as captured:
        console.print(table)
        if report is not None:
            console.print(f"Refusals: {report}", highlight=False, soft_wrap=True)
    return captured.get()
