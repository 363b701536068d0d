"""What ``batch`` writes for each patient, and the report of the rows it refused.

Every format of a row is rendered in memory before any file is written, so a row that fails
anywhere leaves no file behind; files go through :func:`output.write` (atomic rename) and are
never written outside the output folder (ids are checked in :mod:`batch`).
"""

from __future__ import annotations

import csv
import io
import stat
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import time
from pathlib import Path

from ldn_titrate.core import jsonio, output
from ldn_titrate.core.errors import InputError
from ldn_titrate.core.infile import reason
from ldn_titrate.core.model import Schedule
from ldn_titrate.plans import planfile
from ldn_titrate.plans.batch.table import Refusal
from ldn_titrate.render import formats
from ldn_titrate.render.formats import Family, OutputFormat


def parse_formats(text: str) -> tuple[OutputFormat, ...]:
    """``json,ics,fhir`` → the formats in the registry's order; an unknown name is an error."""
    names = [part.strip().lower() for part in text.split(",") if part.strip()]
    known = formats.names("batch")
    unknown = [name for name in names if name not in known]
    if unknown or not names:
        raise ValueError(
            f"has {', '.join(repr(n) for n in unknown) or 'no format'}; "
            f"choose from {', '.join(known)}, separated by commas"
        )
    return tuple(fmt for fmt in formats.offered("batch") if fmt.name in names)


@dataclass(frozen=True)
class CalendarSettings:
    bedtime: time
    tz: str
    remind: int


def renderers(
    chosen: Sequence[OutputFormat], calendar: CalendarSettings | None
) -> list[tuple[str, Callable[[Schedule, str | None], str | bytes]]]:
    """(file suffix, render) per format, importing each renderer only when it is chosen.

    Each family's options are made here; the plan JSON is written by the plan-file writer (the
    file ``status`` and ``adjust`` read back), whichever renderer the registry names.
    """
    made: list[tuple[str, Callable[[Schedule, str | None], str | bytes]]] = []
    for fmt in chosen:
        if fmt.name == "json":
            made.append((fmt.suffix, lambda s, _p: planfile.dumps(s)))
        elif fmt.family is Family.CALENDAR:
            assert calendar is not None  # checked by the command before any row
            made.append((fmt.suffix, _calendar_renderer(calendar)))
        elif fmt.family is Family.HANDOUT:
            made.append((fmt.suffix, _handout_renderer(fmt)))
        elif fmt.family is Family.PLAN:
            made.append((fmt.suffix, _plan_renderer(fmt)))
        else:  # pragma: no cover - a family added to the registry needs its options here
            raise ValueError(f"batch cannot write {fmt.family} format {fmt.name!r}")
    return made


def _plan_renderer(fmt: OutputFormat) -> Callable[[Schedule, str | None], str | bytes]:
    from ldn_titrate.render import RenderOptions

    render = formats.renderer(fmt)
    return lambda schedule, patient: render(schedule, RenderOptions(patient_id=patient))


def _handout_renderer(fmt: OutputFormat) -> Callable[[Schedule, str | None], str | bytes]:
    """The patient handout, dated the day the plan was made."""
    from ldn_titrate.render.handout.common import HandoutOptions

    render = formats.renderer(fmt)

    def handout(schedule: Schedule, _patient: str | None) -> str | bytes:
        created = schedule.created
        made_on = created.date() if created is not None else schedule.first_night
        return render(schedule, HandoutOptions(made_on=made_on))

    return handout


def _calendar_renderer(settings: CalendarSettings) -> Callable[[Schedule, str | None], bytes]:
    from ldn_titrate.render.calendar.ics import CalendarOptions, render, stamp_for

    def ics(schedule: Schedule, _patient: str | None) -> bytes:
        options = CalendarOptions(
            bedtime=settings.bedtime,
            tz=settings.tz,
            stamp=stamp_for(schedule, saved=False),
            remind_minutes=settings.remind,
        )
        return render(schedule, options)

    return ics


REPORT = "\0report"  # an owner no row id can be


class Writer:
    """Writes each row's files, refusing (per row) what would replace a file or clash."""

    def __init__(self, out_dir: Path, force: bool, modes: output.Modes = output.PRIVATE) -> None:
        self.out_dir = out_dir
        self.force = force
        self.modes = modes
        self.files_written = 0
        # Paths written by this run (case-folded): one row never replaces another row's file,
        # even with --force (``a.fhir`` as json and ``a`` as fhir are both ``a.fhir.json``).
        self._mine: dict[str, str] = {}

    def reserve_report(self, report: Path) -> None:
        """Keep the report's name for the report: a row whose file has it is refused."""
        if report.parent.resolve() == self.out_dir.resolve():
            self._mine[report.name.casefold()] = REPORT

    def write_row(self, row_id: str, payloads: list[tuple[str, str | bytes]]) -> str | None:
        """Write every file of one row, or none: returns why not, or None when written."""
        targets = [(self.out_dir / f"{row_id}{suffix}", data) for suffix, data in payloads]
        for path, _data in targets:
            owner = self._mine.get(path.name.casefold())
            if owner is not None:
                whose = (
                    "is the --report file"
                    if owner == REPORT
                    else f"was already written for id {owner!r}"
                )
                return f"{path} {whose} in this run"
            try:
                found = path.lstat()  # one call: a link is "there" even when it leads nowhere
            except FileNotFoundError:
                continue
            except OSError as error:
                return f"{path}: cannot write there ({reason(error)})"
            if stat.S_ISDIR(found.st_mode):
                return f"{path} is a folder"
            if not self.force:
                return f"{path} exists; add --force to replace it"
            if not stat.S_ISREG(found.st_mode):
                return f"{path} is not a regular file (a link, device or pipe); not replaced"
        # All or nothing: every file of the row is staged first (a full disk shows here, before
        # any file appears), then moved into place; without --force a file that appeared in the
        # meantime is never replaced, and the row's new files are taken back.
        staged: list[tuple[Path, Path]] = []
        written: list[Path] = []
        try:
            for path, data in targets:
                payload = data.encode("utf-8") if isinstance(data, str) else data
                staged.append((output.stage(payload, path, str(path), self.modes), path))
            for temporary, path in staged:
                output.commit(temporary, path, self.force, str(path))
                written.append(path)
        except (InputError, OSError) as error:
            if not self.force:
                for path in written:  # new files of this row only: nothing it replaced
                    output.discard(path)
            if isinstance(error, OSError):
                return f"cannot write there ({reason(error)})"
            return "; ".join(error.problems)
        finally:  # even on Ctrl-C: no temporary file is left in the output folder
            for temporary, _path in staged:
                output.discard(temporary)
        for path in written:
            self._mine[path.name.casefold()] = row_id
        self.files_written += len(written)
        return None


REPORT_FIELDS = ("row", "id", "column", "message")


def report_text(refusals: Sequence[Refusal], as_json: bool) -> str:
    """The refusals as CSV (opens in a spreadsheet) or JSON (for scripts)."""
    if as_json:
        return jsonio.dumps(
            [{"row": r.row, "id": r.id, "column": r.column, "message": r.message} for r in refusals]
        )
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(REPORT_FIELDS)
    for r in refusals:
        writer.writerow([r.row, _inert(r.id), r.column, _inert(r.message)])
    return buffer.getvalue()


def _inert(cell: str) -> str:
    """A cell a spreadsheet shows as text, never runs as a formula (CSV injection)."""
    return "'" + cell if cell[:1] in ("=", "+", "-", "@", "\t", "\r") else cell
