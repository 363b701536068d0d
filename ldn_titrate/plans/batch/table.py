"""Batch planning from a clinic's CSV: one row per patient, each planned or refused on its own.

Pure apart from reading the file: rows become the same :class:`ScheduleOptions` and
:class:`FormulationOptions` the command line builds, and go through the same checks
(:func:`planning.obtain_schedule`), so a row means exactly what the same options would mean to
``plan``. A bad row never stops the others; each problem names its row and column.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from ldn_titrate.core.errors import InputError
from ldn_titrate.core.infile import MAX_TABLE_BYTES, read_limited
from ldn_titrate.core.model import Schedule
from ldn_titrate.core.options import FORMS, SCHEDULE_OPTIONS, Kind, ScheduleInput
from ldn_titrate.core.parsing import check_patient_id
from ldn_titrate.plans import planning
from ldn_titrate.rules.policy import LoadedPolicy
from ldn_titrate.rules.screening import ScreeningAnswers

# Every column a batch file may have; only ``id`` is required. The shared columns come from the
# one declaration of the schedule options, and each cell accepts what its option accepts.
COLUMNS: tuple[str, ...] = (
    "id",
    *(spec.column for spec in SCHEDULE_OPTIONS if spec.column is not None),
    "patient_id",
    "language",  # the patient's language for the calendar (plans/batch/row_language.py)
)
_BY_COLUMN = {spec.column: spec for spec in SCHEDULE_OPTIONS if spec.column is not None}
# An id becomes a file name: no separators, no leading dot, nothing a shell or a file system
# reads specially, so no id can write outside the output folder.
SAFE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
# The options a message may name, longest first so ``--start-date`` is not read as ``--step``.
_FLAG_NAMES = [spec.flag[2:] for spec in SCHEDULE_OPTIONS if spec.column is not None]
_FLAG = re.compile(
    "--(" + "|".join(sorted([*_FLAG_NAMES, "patient-id"], key=len, reverse=True)) + r")\b"
)


# The kinds of a report row: a row refused (not planned), a row planned but not written because
# a file was in the way (or could not be written), and what a planned row must be read with.
REFUSED, CLASH, WRITE_FAILED, WARNING, NOTE = "refused", "clash", "write-failed", "warning", "note"


@dataclass(frozen=True)
class Refusal:
    """A line of the batch report: ``row`` counts as a spreadsheet does (the header is row 1).

    Mostly why a row was not planned (``kind`` refused); also a file clash, a warning or a note.
    """

    row: int
    id: str
    column: str
    message: str
    kind: str = REFUSED


@dataclass(frozen=True)
class PatientRow:
    row: int
    id: str
    cells: dict[str, str]  # column → stripped, non-empty text


@dataclass(frozen=True)
class Table:
    rows: tuple[PatientRow, ...]
    refusals: tuple[Refusal, ...]


def read_table(path: Path) -> Table:
    """Read a CSV as spreadsheet programs save it: UTF-8 with or without BOM, ``,`` or ``;``."""
    data = read_limited(path, str(path), MAX_TABLE_BYTES)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(
            f"{path}: not UTF-8 text; save it from your spreadsheet as CSV UTF-8"
        ) from None
    return parse_table(text, str(path))


def delimiter_of(header_line: str) -> str:
    """``;`` when the header has more semicolons than commas (European spreadsheets), else ``,``."""
    return ";" if header_line.count(";") > header_line.count(",") else ","


def normalise(name: str) -> str:
    return name.strip().lower().replace("-", "_").replace(" ", "_")


def parse_table(text: str, name: str) -> Table:
    """Check the header (refusing the whole file), then each row's shape and id."""
    first = text.lstrip("\r\n").split("\n", 1)[0]
    # strict: a stray quote is an error, never a cell that silently swallows the rows after it.
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter_of(first), strict=True)
    try:
        records = [(index, cells) for index, cells in enumerate(reader, start=1)]
    except csv.Error as error:
        raise InputError(f"{name}: not a readable CSV ({error})") from None
    records = [(index, cells) for index, cells in records if any(c.strip() for c in cells)]
    if not records:
        raise InputError(f"{name}: empty; the first line names the columns, such as id,preset")
    header_row, raw_header = records[0]
    header = [normalise(cell) for cell in raw_header]
    _check_header(header, name)
    parsed: list[PatientRow] = []
    refusals: list[Refusal] = []
    for index, cells in records[1:]:
        extra = [c for c in cells[len(header) :] if c.strip()]
        values = {
            column: cell.strip()
            for column, cell in zip(header, cells, strict=False)
            if cell.strip()
        }
        row_id = values.get("id", "")
        if extra:
            refusals.append(
                Refusal(
                    index,
                    row_id,
                    "",
                    f"has {len(cells)} cells but the header (row {header_row}) names "
                    f"{len(header)} columns",
                )
            )
            continue
        parsed.append(PatientRow(index, row_id, values))
    return _check_ids(parsed, refusals)


def _check_header(header: list[str], name: str) -> None:
    problems: list[str] = []
    unnamed = [str(n) for n, column in enumerate(header, start=1) if not column]
    if unnamed:
        problems.append(f"{name}: column {', '.join(unnamed)} of the header has no name")
    unknown = [column for column in header if column and column not in COLUMNS]
    if unknown:
        problems.append(
            f"{name}: unknown column{'s' if len(unknown) > 1 else ''} "
            f"{', '.join(repr(c) for c in unknown)}; the columns are: {', '.join(COLUMNS)}"
        )
    repeated = sorted(c for c, n in Counter(header).items() if c and n > 1)
    if repeated:
        problems.append(f"{name}: column {', '.join(repeated)} appears more than once")
    if "id" not in header:
        problems.append(f"{name}: no id column; every row needs an id (used for file names)")
    if problems:
        raise InputError(problems)


def _check_ids(rows: list[PatientRow], refusals: list[Refusal]) -> Table:
    """Empty, unsafe and duplicate ids are refused; duplicates all of them, since which row is
    the right patient cannot be known. Case is ignored: ``A1`` and ``a1`` clash on many disks.
    """
    first_row: dict[str, int] = {}
    for row in rows:
        first_row.setdefault(row.id.casefold(), row.row)
    counts = Counter(row.id.casefold() for row in rows if row.id)
    good: list[PatientRow] = []
    for row in rows:
        if not row.id:
            message = "id is empty; every row needs an id (used for the file names)"
        elif not SAFE_ID.fullmatch(row.id):
            message = (
                f"id {row.id!r} is not safe as a file name: use 1 to 64 letters, digits, '.', "
                "'_' or '-', starting with a letter or digit"
            )
        elif counts[row.id.casefold()] > 1:
            others = [str(r.row) for r in rows if r.id.casefold() == row.id.casefold() and r != row]
            message = (
                f"id {row.id!r} is also used by row {', '.join(others)}; ids must be unique "
                "(ignoring case)"
            )
        else:
            good.append(row)
            continue
        refusals.append(Refusal(row.row, row.id, "id", message))
    return Table(tuple(good), tuple(sorted(refusals, key=lambda r: r.row)))


def as_columns(message: str) -> str:
    """A command-line message in the batch file's words: ``--start-dose`` → ``start_dose``, and
    ``record it with --opioids`` → ``record it in the opioids column``.
    """
    message = re.sub(
        r"\bwith (" + _FLAG.pattern + ")",
        lambda match: f"in the {_column_name(match[2])} column",
        message,
    )
    return _FLAG.sub(lambda match: match[1].replace("-", "_"), message)


def _column_name(flag: str) -> str:
    column = flag.replace("-", "_")
    return "cautions" if column == "caution" else column


def column_of(message: str) -> str:
    """The column a message is about: the first option it names, else "" (the whole row)."""
    match = _FLAG.search(message)
    if not match:
        return ""
    column = match[1].replace("-", "_")
    return {"caution": "cautions", "phase": "phases"}.get(column, column)


def plan_row(
    row: PatientRow, loaded: LoadedPolicy, *, today: date, now: datetime
) -> Schedule | list[Refusal]:
    """The row's schedule, or every reason it cannot be planned."""
    cells = row.cells
    refusals: list[Refusal] = []

    def refuse(column: str, message: str) -> None:
        refusals.append(Refusal(row.row, row.id, column, message))

    patient_id = cells.get("patient_id")
    if patient_id is not None:
        try:
            check_patient_id(patient_id)
        except ValueError as error:
            refuse("patient_id", f"patient_id {patient_id!r} {error}")
    given = _row_input(cells, refuse)
    try:
        schedule = planning.obtain_schedule(
            given.schedule(),
            None,
            loaded,
            today=today,
            now=now,
            formulation=given.formulation() if not refusals else None,
            screening=ScreeningAnswers(given.opioids, given.cautions),
            # The row names its patient (patient_id, else the row's id), so a second run of the
            # same file gives the same plan ids, and two patients never share one.
            patient_id=patient_id or row.id,
        )
    except InputError as error:
        for problem in error.problems:
            refuse(column_of(problem), as_columns(problem))
        return refusals
    return refusals or schedule


def _row_input(cells: dict[str, str], refuse: Callable[[str, str], None]) -> ScheduleInput:
    """A row's cells as the same values its options would give on the command line."""
    values: dict[str, object] = {}
    for column, spec in _BY_COLUMN.items():
        cell = cells.get(column)
        if cell is None:
            continue
        if spec.kind is Kind.FORM:
            if cell.lower() not in FORMS:
                refuse(column, f"{column} {cell!r} is not one of: {', '.join(FORMS)}")
                continue
            values[spec.name] = cell.lower()
        elif spec.kind is Kind.REPEATED:
            # Several words share one cell, separated by spaces, "+" or "|" (the CSV's own
            # comma or semicolon would split the cell).
            values[spec.name] = [word for word in re.split(r"[\s+|]+", cell) if word]
        else:
            values[spec.name] = cell
    return ScheduleInput(values)
