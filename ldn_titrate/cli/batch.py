"""``ldn-titrate batch``: plan every patient of a clinic's CSV and write their files.

A module of its own, like ``calendar``, so that ``plan`` never loads it and each renderer
(icalendar above all) is imported only when its format is asked for. A bad row is reported and
skipped; the others are still planned; the exit code is 2 when any row was refused or could not
be written. Nothing is silent: every refusal, file clash, warning and screen finding is a line on
stderr (naming its row) and a row of the report, and the summary counts them.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import IO, TYPE_CHECKING, Annotated

import typer

from ldn_titrate.cli import batch_checkins
from ldn_titrate.cli.app import command_group, config_dir, reported
from ldn_titrate.cli.batch_summary import Counts, summary
from ldn_titrate.cli.options import BedtimeOpt, ForceOpt, PolicyOpt, RemindOpt, TzOpt
from ldn_titrate.core.errors import ExitCode, InputError, Problems
from ldn_titrate.render import FhirVersion
from ldn_titrate.render.formats import Family, OutputFormat, report_format

commands = command_group()

if TYPE_CHECKING:
    from rich.progress import Progress

    from ldn_titrate.core.output import Modes
    from ldn_titrate.plans.batch.row_files import CalendarSettings
    from ldn_titrate.plans.batch.table import Refusal
    from ldn_titrate.rules.clinic_profile import ClinicProfile

BATCH = "Batch"
QUIET = "No progress bar and no summary (every refused row and warning still shows)."
DEFAULT_REPORT = "report.csv"
# How each kind of report line starts on the terminal.
PREFIX = {"refused": "error", "clash": "not written", "write-failed": "not written"}


@commands.command()
@reported
def batch(
    csv_file: Annotated[
        Path,
        typer.Argument(metavar="CSV", help="Patients, one per row (see docs/clinic/batch.md)."),
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
            help="Files per patient, comma-separated: json, ics, html, fhir, and the prescription "
            "pack: directions (.sig.txt), order-sheet (.order.html), order-sheet-markdown "
            "(.order.md), dose-lines (.lines.txt); and for the whole run: fhir-bundle "
            "(DIR/bundle.fhir.json), fhir-ndjson (DIR/MedicationRequest.ndjson).",
            rich_help_panel=BATCH,
        ),
    ] = "json",
    fhir_version: Annotated[
        FhirVersion | None,
        typer.Option(
            "--fhir-version",
            help="FHIR release of the fhir formats (default r4, what most servers run).",
            rich_help_panel=BATCH,
        ),
    ] = None,
    report: Annotated[
        Path | None,
        typer.Option(
            "--report",
            metavar="FILE",
            help="Write the report here (refused rows, file clashes, warnings and notes, with a "
            "kind column): CSV, or JSON when FILE ends in .json (default: DIR/report.csv, only "
            "when a row was refused or not written).",
            rich_help_panel=BATCH,
        ),
    ] = None,
    policy: PolicyOpt = None,
    bedtime: BedtimeOpt = None,
    remind: RemindOpt = None,
    tz: TzOpt = None,
    force: ForceOpt = False,
    plans: batch_checkins.PlansOpt = None,
    proposals: batch_checkins.ProposalsOpt = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help=QUIET)] = False,
) -> None:
    """Plan every patient of a CSV file: files per patient, a summary, a report; or, with
    --plans, record a call log's check-ins into the plans it names and list the proposals."""
    if plans is not None or proposals:  # a call log into saved plans (issue 26)
        raise typer.Exit(batch_checkins.run(csv_file, plans, out_dir, proposals, force, policy))
    from ldn_titrate.cli import clock
    from ldn_titrate.core import output as out
    from ldn_titrate.plans.batch import output as outs
    from ldn_titrate.plans.batch import row_files
    from ldn_titrate.plans.batch import run as runs
    from ldn_titrate.plans.batch import table as rows
    from ldn_titrate.render.prescription.options import PrescriptionOptions
    from ldn_titrate.rules import policy_file as policies

    problems = Problems()
    chosen: tuple[OutputFormat, ...] = ()
    try:
        chosen = outs.parse_formats(formats)
    except ValueError as error:
        problems.add(f"--formats {formats!r} {error}")
    loaded = problems.collect(lambda: policies.resolve(policy, config_dir()))
    wants_calendar = any(fmt.family is Family.CALENDAR for fmt in chosen)
    clinic = None if loaded is None else loaded.policy.clinic
    calendar = _calendar(bedtime, remind, tz, problems, clinic) if wants_calendar else None
    existing_dir = problems.collect(lambda: out.check_folder(out_dir, f"--out-dir {out_dir}"))
    if fhir_version is not None and chosen and not any(f.name.startswith("fhir") for f in chosen):
        problems.add("--fhir-version goes with a fhir format in --formats")
    for fmt in chosen:
        if fmt.run_file is not None and existing_dir:
            try:
                out.check_target(str(out_dir / fmt.run_file), force)
            except InputError as error:
                problems.add(error.problems[0].replace("-o ", "--formats: ", 1))
    # A report inside --out-dir is fine even before the run makes that folder.
    inside = report is not None and report.parent.resolve() == out_dir.resolve()
    if report is not None:
        problems.collect(lambda: report_format(str(report)))
    if report is not None and not (inside and not existing_dir):
        try:  # a folder no file can be made in is refused now, before any patient's file
            out.check_target(str(report), force)
        except InputError as error:
            problems.add(error.problems[0].replace("-o ", "--report ", 1))
    table = problems.collect(lambda: rows.read_table(csv_file))
    problems.raise_if_any()
    # No problems, so both were made.
    assert loaded is not None
    assert table is not None

    modes, rules = loaded.policy.output.modes(), loaded.policy
    out.make_folder(out_dir, f"--out-dir {out_dir}", modes)
    pack = PrescriptionOptions(None, None, rules.clinic, rules.formulation, rules.prescription)
    render_with = row_files.renderers(
        chosen,
        calendar,
        row_files.FhirSettings((fhir_version or FhirVersion.R4).value),
        beyond_use_days=rules.formulation.beyond_use_days,
        clinic=rules.clinic,
        pack=pack,
    )
    writer = outs.Writer(out_dir, force, modes)
    if report is not None:
        writer.reserve_report(report)
    collector = outs.Collector(chosen)
    for fmt in collector.formats:
        assert fmt.run_file is not None
        writer.reserve_report(out_dir / fmt.run_file, row_files.COLLECTED + fmt.name)
    refusals: list[Refusal] = list(table.refusals)
    planned_count = warned_count = 0
    today, now = clock.today(), clock.now()
    progress = None if quiet else progress_for(len(table.rows), sys.stderr)
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
                refusals.extend(outcome.notices)  # read even when the files cannot be written
                files, pieces = collector.split(outcome.payloads)
                with guard.writing():
                    why = writer.write_row(row.id, files)
                if why is not None:
                    refusals.append(rows.Refusal(row.row, row.id, "id", why, writer.last_kind))
                    continue
                collector.add(row.id, pieces)
                planned_count += 1
                warned_count += any(n.kind == rows.WARNING for n in outcome.notices)
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
    for name, text in collector.texts():
        out.write(text, str(out_dir / name), True, modes)  # checked before the run: ours
        writer.files_written += 1
    refusals.sort(key=lambda r: r.row)
    report_path = _write_report(refusals, report, out_dir, force, modes)
    _echo(refusals)
    refused = len({r.row for r in refusals if r.kind == rows.REFUSED})
    unwritten = len({r.row for r in refusals if r.kind in (rows.CLASH, rows.WRITE_FAILED)})
    counts = Counts(planned_count, warned_count, refused, unwritten, writer.files_written)
    if not quiet:
        sys.stdout.write(summary(counts, report_path))
    if refused or unwritten:
        raise typer.Exit(int(ExitCode.BAD_INPUT))


def _calendar(
    bedtime: str | None,
    remind: str | None,
    tz: str | None,
    problems: Problems,
    clinic: ClinicProfile | None,
) -> CalendarSettings | None:
    """The calendar's own checks of --bedtime, --remind and --tz (else the clinic profile's)."""
    from ldn_titrate.cli.calendar import reminder_settings
    from ldn_titrate.plans.batch.row_files import CalendarSettings

    settings = reminder_settings(bedtime, remind, tz, problems, clinic)
    if settings is None:
        return None
    return CalendarSettings(settings.bedtime, settings.tz, settings.remind)


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
    """--report is always written; the default report only when a row was refused or not
    written (a batch of warnings alone has them on the terminal and in the summary).
    """
    from ldn_titrate.core import output as out
    from ldn_titrate.plans.batch.output import report_text
    from ldn_titrate.plans.batch.table import NOTE, WARNING

    target = explicit if explicit is not None else out_dir / DEFAULT_REPORT
    if explicit is None and all(r.kind in (WARNING, NOTE) for r in refusals):
        return None
    text = report_text(refusals, as_json=report_format(str(target)) == "json")
    # The default report belongs to this run: a stale one from an earlier run is replaced.
    try:
        out.write(text, str(target), force or explicit is None, modes)
    except InputError as error:
        raise InputError([p.replace("-o ", "--report ", 1) for p in error.problems]) from None
    return target


def _echo(lines: list[Refusal]) -> None:
    """Every line of the report on stderr, naming its row: nothing is left only in a file."""
    from ldn_titrate.plans.batch.table import SAFE_ID

    def shown(row_id: str) -> str:
        """An id as typed when safe; else quoted, so no control character reaches the screen."""
        if not row_id:
            return ""
        return f" ({row_id if SAFE_ID.fullmatch(row_id) else repr(row_id)})"

    for r in lines:
        sys.stderr.write(f"{PREFIX.get(r.kind, r.kind)}: row {r.row}{shown(r.id)}: {r.message}\n")
