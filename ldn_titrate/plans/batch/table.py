"""Batch planning from a clinic's CSV: one row per patient, each planned or refused on its own.

Pure apart from reading the file: rows become the same :class:`ScheduleOptions` and
:class:`FormulationOptions` the command line builds, and go through the same checks
(:func:`planning.obtain_schedule`), so a row means exactly what the same options would mean to
``plan``. A bad row never stops the others; each problem names its row and column.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from ldn_titrate.core.errors import InputError
from ldn_titrate.core.infile import MAX_TABLE_BYTES, read_limited
from ldn_titrate.core.model import Schedule
from ldn_titrate.core.options import FORMS, SCHEDULE_OPTIONS, Kind, ScheduleInput
from ldn_titrate.core.parsing import check_patient_id
from ldn_titrate.plans import planning

# Re-exported: how a command-line message is said in the batch file's words.
from ldn_titrate.plans.batch.columns import as_columns as as_columns
from ldn_titrate.plans.batch.columns import column_of as column_of
from ldn_titrate.rules.policy import LoadedPolicy
from ldn_titrate.rules.screening import ScreeningAnswers

# Every column a batch file may have; only ``id`` is required. The shared columns come from the
# one declaration of the schedule options, and each cell accepts what its option accepts.
COLUMNS: tuple[str, ...] = (
    "id",
    *(spec.column for spec in SCHEDULE_OPTIONS if spec.column is not None),
    "patient_id",
    "language",  # the patient's language for the calendar (plans/batch/row_language.py)
    # Override the policy's [clinic] profile for this patient's handout (and prescription).
    "prescriber",
    "contact",
)
_BY_COLUMN = {spec.column: spec for spec in SCHEDULE_OPTIONS if spec.column is not None}
# An id becomes a file name: no separators, no leading dot, nothing a shell or a file system
# reads specially, so no id can write outside the output folder.
SAFE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")


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
class Rows:
    """The rows that passed the file's checks, read again from the file's text each time they
    are walked: a clinic's whole list is never held in memory as cells and rows, so a batch's
    memory stays flat in its row count.
    """

    text: str
    delimiter: str
    header: tuple[str, ...]
    good: frozenset[int]  # spreadsheet row numbers (the header is row 1)

    def __len__(self) -> int:
        return len(self.good)

    def __iter__(self) -> Iterator[PatientRow]:
        for index, cells in _records(self.text, self.delimiter):
            if index in self.good:
                values = _values(self.header, cells)
                yield PatientRow(index, values.get("id", ""), values)


@dataclass(frozen=True)
class Table:
    rows: Rows
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


_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)?")


def _records(text: str, delimiter: str) -> Iterator[tuple[int, list[str]]]:
    """Each record with a cell that is not blank, numbered as a spreadsheet numbers its rows."""
    # Lines as a file opened with newline="" gives them, without StringIO's copy of the text
    # (four bytes a character). strict: a stray quote is an error, never a cell that silently
    # swallows the rows after it.
    lines = (match.group() for match in _LINE.finditer(text) if match.end() > match.start())
    reader = csv.reader(lines, delimiter=delimiter, strict=True)
    for index, cells in enumerate(reader, start=1):
        if "".join(cells).strip():  # some cell is not blank
            yield index, cells


def _values(header: tuple[str, ...], cells: list[str]) -> dict[str, str]:
    pairs = zip(header, cells, strict=False)
    return {column: text for column, cell in pairs if (text := cell.strip())}


def parse_table(text: str, name: str) -> Table:
    """Check the header (refusing the whole file), then each row's shape and id."""
    first = text.lstrip("\r\n").split("\n", 1)[0]
    delimiter = delimiter_of(first)
    records = _records(text, delimiter)
    try:
        found = next(records, None)
        if found is None:
            raise InputError(f"{name}: empty; the first line names the columns, such as id,preset")
        header_row, raw_header = found
        header = tuple(normalise(cell) for cell in raw_header)
        _check_header(list(header), name)
        id_column = header.index("id")  # checked: there is one
        ids: list[tuple[int, str]] = []
        refusals: list[Refusal] = []
        for index, cells in records:
            row_id = cells[id_column].strip() if id_column < len(cells) else ""
            if "".join(cells[len(header) :]).strip():
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
            ids.append((index, row_id))
    except csv.Error as error:
        raise InputError(f"{name}: not a readable CSV ({error})") from None
    good = _check_ids(ids, refusals)
    return Table(
        Rows(text, delimiter, header, frozenset(good)),
        tuple(sorted(refusals, key=lambda r: r.row)),
    )


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


def _check_ids(rows: list[tuple[int, str]], refusals: list[Refusal]) -> list[int]:
    """The rows whose id is good. Empty, unsafe and duplicate ids are refused; duplicates all
    of them, since which row is the right patient cannot be known. Case is ignored: ``A1`` and
    ``a1`` clash on many disks.
    """
    counts = Counter(row_id.casefold() for _index, row_id in rows if row_id)
    good: list[int] = []
    for index, row_id in rows:
        if not row_id:
            message = "id is empty; every row needs an id (used for the file names)"
        elif not SAFE_ID.fullmatch(row_id):
            message = (
                f"id {row_id!r} is not safe as a file name: use 1 to 64 letters, digits, '.', "
                "'_' or '-', starting with a letter or digit"
            )
        elif counts[row_id.casefold()] > 1:
            others = [
                str(i) for i, other in rows if other.casefold() == row_id.casefold() and i != index
            ]
            message = (
                f"id {row_id!r} is also used by row {', '.join(others)}; ids must be unique "
                "(ignoring case)"
            )
        else:
            good.append(index)
            continue
        refusals.append(Refusal(index, row_id, "id", message))
    return good


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
