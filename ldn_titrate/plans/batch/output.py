"""What ``batch`` writes for each patient, and the report of what it refused, could not write,
or planned with warnings.

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
from ldn_titrate.core.errors import InputError, did_you_mean
from ldn_titrate.core.infile import reason
from ldn_titrate.core.language import Language
from ldn_titrate.core.model import Schedule
from ldn_titrate.plans.batch.table import CLASH, WRITE_FAILED, Refusal
from ldn_titrate.render import formats, plan_json
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
            + (did_you_mean(unknown[0], known) if unknown else "")
        )
    return tuple(fmt for fmt in formats.offered("batch") if fmt.name in names)


@dataclass(frozen=True)
class CalendarSettings:
    bedtime: time
    tz: str
    remind: int


@dataclass(frozen=True)
class FhirSettings:
    version: str = "r4"


# A row's piece of a run file (a Bundle, NDJSON) travels as a payload whose suffix starts with
# NUL, which no file name can (row ids are checked); the Collector gathers them.
COLLECTED = "\0"


# (schedule, the row's patient_id, the row's language) → the file's content.
Render = Callable[[Schedule, str | None, Language], str | bytes]


def renderers(
    chosen: Sequence[OutputFormat],
    calendar: CalendarSettings | None,
    fhir_settings: FhirSettings | None = None,
    beyond_use_days: int | None = None,
) -> list[tuple[str, Render]]:
    """(file suffix, render) per format, importing each renderer only when it is chosen.

    Each family's options are made here (a handout's liquid storage line names the policy's
    ``beyond_use_days``, as the ``handout`` command's does); the plan JSON is written by the
    plan-file writer (the file ``status`` and ``adjust`` read back), whichever renderer the
    registry names.
    """
    made: list[tuple[str, Render]] = []
    for fmt in chosen:
        if fmt.name == "json":
            made.append((fmt.suffix, lambda s, _p, _l: plan_json.dumps(s)))
        elif fmt.family is Family.CALENDAR:
            assert calendar is not None  # checked by the command before any row
            made.append((fmt.suffix, _calendar_renderer(calendar)))
        elif fmt.family is Family.HANDOUT:
            made.append((fmt.suffix, _handout_renderer(fmt, beyond_use_days)))
        elif fmt.family is Family.PLAN:
            key = fmt.suffix if fmt.run_file is None else COLLECTED + fmt.name
            made.append((key, _plan_renderer(fmt, fhir_settings or FhirSettings())))
        else:  # pragma: no cover - a family added to the registry needs its options here
            raise ValueError(f"batch cannot write {fmt.family} format {fmt.name!r}")
    return made


def _plan_renderer(fmt: OutputFormat, fhir: FhirSettings) -> Render:
    from ldn_titrate.render import FhirVersion, RenderOptions

    render = formats.renderer(fmt)
    version = FhirVersion(fhir.version)
    return lambda schedule, patient, _language: render(
        schedule, RenderOptions(patient_id=patient, fhir_version=version)
    )


class Collector:
    """The run's own files (a Bundle, NDJSON): each written row adds its piece, in row order."""

    def __init__(self, chosen: Sequence[OutputFormat]) -> None:
        self.formats = [fmt for fmt in chosen if fmt.run_file is not None]
        self.pieces: dict[str, list[tuple[str, str]]] = {
            COLLECTED + fmt.name: [] for fmt in self.formats
        }

    @staticmethod
    def split(
        payloads: list[tuple[str, str | bytes]],
    ) -> tuple[list[tuple[str, str | bytes]], list[tuple[str, str | bytes]]]:
        """(the row's own files, its pieces of the run's files)."""
        files = [p for p in payloads if not p[0].startswith(COLLECTED)]
        return files, [p for p in payloads if p[0].startswith(COLLECTED)]

    def add(self, row_id: str, pieces: list[tuple[str, str | bytes]]) -> None:
        for key, piece in pieces:
            text = piece if isinstance(piece, str) else piece.decode("utf-8")
            self.pieces[key].append((row_id, text))

    def texts(self) -> list[tuple[str, str]]:
        """(file name, text) of each run file chosen, made by its format's ``join``."""
        import importlib

        made = []
        for fmt in self.formats:
            assert fmt.run_file is not None
            join = importlib.import_module(fmt.module).join
            made.append((fmt.run_file, str(join(self.pieces[COLLECTED + fmt.name]))))
        return made


def _handout_renderer(fmt: OutputFormat, beyond_use_days: int | None) -> Render:
    """The patient handout in the row's language, dated the day the plan was made."""
    from ldn_titrate.render.handout.common import HandoutOptions

    render = formats.renderer(fmt)

    def handout(schedule: Schedule, _patient: str | None, language: Language) -> str | bytes:
        created = schedule.created
        made_on = created.date() if created is not None else schedule.first_night
        options = HandoutOptions(
            made_on=made_on, language=language, beyond_use_days=beyond_use_days
        )
        return render(schedule, options)

    return handout


def _calendar_renderer(settings: CalendarSettings) -> Render:
    from ldn_titrate.render.calendar.ics import CalendarOptions, render, stamp_for

    def ics(schedule: Schedule, _patient: str | None, language: Language) -> bytes:
        options = CalendarOptions(
            bedtime=settings.bedtime,
            tz=settings.tz,
            stamp=stamp_for(schedule, saved=False),
            remind_minutes=settings.remind,
            language=language,
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
        # The kind of the last refusal of write_row: a file in the way, or a failed write.
        self.last_kind = CLASH
        # Paths written by this run (case-folded): one row never replaces another row's file,
        # even with --force (``a.fhir`` as json and ``a`` as fhir are both ``a.fhir.json``).
        self._mine: dict[str, str] = {}

    def reserve_report(self, report: Path, what: str = REPORT) -> None:
        """Keep the report's name for the report (or a run file's for it): a row whose file
        has it is refused."""
        if report.parent.resolve() == self.out_dir.resolve():
            self._mine[report.name.casefold()] = what

    def write_row(self, row_id: str, payloads: list[tuple[str, str | bytes]]) -> str | None:
        """Write every file of one row, or none: returns why not, or None when written."""
        targets = [(self.out_dir / f"{row_id}{suffix}", data) for suffix, data in payloads]
        self.last_kind = CLASH
        for path, _data in targets:
            owner = self._mine.get(path.name.casefold())
            if owner is not None:
                whose = (
                    "is the --report file"
                    if owner == REPORT
                    else f"is the {owner[1:]} file"
                    if owner.startswith(COLLECTED)
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
            while staged:
                temporary, path = staged[0]
                output.commit(temporary, path, self.force, str(path))  # the temporary is gone
                staged.pop(0)
                written.append(path)
        except (InputError, OSError) as error:
            # Raced by another writer (the file appeared meanwhile), else the disk said no.
            clashed = isinstance(error, InputError) and "the file exists" in error.problems[0]
            self.last_kind = CLASH if clashed else WRITE_FAILED
            if not self.force:
                for path in written:  # new files of this row only: nothing it replaced
                    output.discard(path)
            if isinstance(error, OSError):
                return f"cannot write there ({reason(error)})"
            return "; ".join(error.problems)
        finally:  # even on Ctrl-C: no temporary file is left in the output folder
            for temporary, _path in staged:  # those not yet moved into place
                output.discard(temporary)
        for path in written:
            self._mine[path.name.casefold()] = row_id
        self.files_written += len(written)
        return None


REPORT_FIELDS = ("row", "id", "kind", "column", "message")


def report_text(lines: Sequence[Refusal], as_json: bool) -> str:
    """The report (refusals, clashes, warnings, notes) as CSV (opens in a spreadsheet) or JSON
    (for scripts).
    """
    if as_json:
        return jsonio.dumps(
            [
                {"row": r.row, "id": r.id, "kind": r.kind, "column": r.column, "message": r.message}
                for r in lines
            ]
        )
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(REPORT_FIELDS)
    for r in lines:
        writer.writerow([r.row, _inert(r.id), r.kind, r.column, _inert(r.message)])
    return buffer.getvalue()


def _inert(cell: str) -> str:
    """A cell a spreadsheet shows as text, never runs as a formula (CSV injection)."""
    return "'" + cell if cell[:1] in ("=", "+", "-", "@", "\t", "\r") else cell
