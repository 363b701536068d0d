"""``checkin PLAN --from calls.csv``: a clinic's call log or portal export, one check-in a row.

Columns (header names as in a batch CSV: case, spaces and dashes do not matter):
``plan_id`` or ``patient_id`` (each row names its plan, or the patient the plan was made for with
``plan --patient-id``), ``date``, ``pain``, ``fatigue``, ``sleep``, a column for each rating the
policy adds, ``side_effects`` (``vivid-dreams:moderate; other:mild:dry mouth``), ``taken``,
``missed``, ``opioids`` (yes/no) and ``note``. A row for another plan is a bad row, never attached
here; a row reporting what a check-in already in the plan (or an earlier row) reports is a
duplicate and adds nothing. By default a file with any bad row records nothing and every bad row
is listed (row, column, value, allowed); ``--skip-bad-rows`` records the good ones.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ldn_titrate.core.checkin import Better
from ldn_titrate.core.engine import patient_plan_id
from ldn_titrate.core.errors import InputError
from ldn_titrate.core.infile import read_limited
from ldn_titrate.core.model import Schedule
from ldn_titrate.core.parsing import parse_date
from ldn_titrate.plans.batch.table import delimiter_of, normalise
from ldn_titrate.plans.checkin_fields import (
    Draft,
    date_problem,
    parse_missed,
    parse_note,
    parse_rating,
    parse_side_effect,
    parse_taken,
    parse_yes_no,
)
from ldn_titrate.plans.checkins import last_reportable

MAX_CSV_BYTES = 5 * 1024 * 1024
FIXED_COLUMNS = (
    "plan_id", "patient_id", "date", "side_effects", "taken", "missed", "opioids", "note",
)  # fmt: skip


@dataclass
class Imported:
    name: str
    drafts: list[Draft] = field(default_factory=list)
    rows: list[int] = field(default_factory=list)
    duplicates: list[int] = field(default_factory=list)
    bad: list[str] = field(default_factory=list)

    @property
    def reported(self) -> list[str]:
        """What was left out, for stderr (bad rows only reach here with --skip-bad-rows)."""
        return [f"{line} (skipped)" for line in self.bad]

    def summary(self) -> str:
        parts = [f"{_count(len(self.drafts), 'check-in')} recorded from {self.name}"]
        if self.rows:
            parts[0] += f" (rows {_rows(self.rows)})"
        if self.duplicates:
            parts.append(
                f"{_count(len(self.duplicates), 'duplicate')} not added (rows "
                f"{_rows(self.duplicates)}: already recorded)"
            )
        if self.bad:
            parts.append(f"{_count(len(self.bad), 'bad row')} skipped")
        return "; ".join(parts)


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _rows(rows: list[int]) -> str:
    return ", ".join(str(n) for n in rows)


def import_csv(
    path: Path,
    schedule: Schedule,
    directions: Mapping[str, Better],
    *,
    today: date,
    skip_bad_rows: bool,
) -> Imported:
    data = read_limited(path, f"--from {path}", MAX_CSV_BYTES)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(f"--from {path}: not UTF-8 text; save it as CSV UTF-8") from None
    result = read_rows(text, str(path), schedule, directions, today=today)
    if result.bad and not skip_bad_rows:
        raise InputError(
            [*result.bad, f"--from {path}: nothing recorded; fix the rows above, or add "
             "--skip-bad-rows to record the good rows"]
        )  # fmt: skip
    return result


def read_rows(
    text: str, name: str, schedule: Schedule, directions: Mapping[str, Better], *, today: date
) -> Imported:
    """The rows of a CSV for one plan: a row naming another is a bad row."""
    bad: list[str] = []
    routed = route_rows(text, name, [schedule], directions, today=today, bad=bad)
    result = routed.get(schedule.id, Imported(name))
    result.bad = bad
    return result


def route_rows(
    text: str,
    name: str,
    schedules: Sequence[Schedule],
    directions: Mapping[str, Better],
    *,
    today: date,
    bad: list[str],
    flag: str = "--from",
) -> dict[str, Imported]:
    """Each row recorded against the plan it names (by plan id, or by the patient id a plan
    was made for); rows that name none of ``schedules``, or are bad, go to ``bad``."""
    header, records = _records(text, name, directions, flag)
    results: dict[str, Imported] = {}
    seen = {s.id: {c.fingerprint() for c in s.checkins} for s in schedules}
    for number, cells in records:
        where = f"{flag} {name} row {number}"
        if len(cells) > len(header) and "".join(cells[len(header) :]).strip():
            bad.append(f"{where}: has {len(cells)} cells; the header names {len(header)}")
            continue
        values = {col: cell.strip() for col, cell in zip(header, cells, strict=False)}
        schedule, refusal = _target(values, schedules)
        if schedule is None:
            bad.append(f"{where}, column {refusal}")
            continue
        draft, problems = _row(values, where, schedule, directions, today)
        if problems:
            bad += problems
            continue
        result = results.setdefault(schedule.id, Imported(name))
        key = draft.fingerprint()
        if key in seen[schedule.id]:
            result.duplicates.append(number)
            continue
        seen[schedule.id].add(key)
        draft.source = f"{Path(name).name} row {number}"
        result.drafts.append(draft)
        result.rows.append(number)
    return results


def _records(
    text: str, name: str, directions: Mapping[str, Better], flag: str
) -> tuple[list[str], list[tuple[int, list[str]]]]:
    lines = text.splitlines()
    delimiter = delimiter_of(next((line for line in lines if line.strip()), ""))
    try:
        records = [(n, cells) for n, cells in enumerate(csv.reader(lines, delimiter=delimiter,
                   strict=True), start=1) if "".join(cells).strip()]  # fmt: skip
    except csv.Error as error:
        raise InputError(f"{flag} {name}: not a readable CSV ({error})") from None
    if not records:
        raise InputError(f"{flag} {name}: empty; the first line names the columns")
    header = [normalise(cell) for cell in records[0][1]]
    known = (*FIXED_COLUMNS, *directions)
    unknown = [c for c in header if c not in known]
    problems = []
    if unknown:
        problems.append(
            f"{flag} {name}: unknown column(s) {', '.join(repr(c) for c in unknown)}; the "
            f"columns are: {', '.join(known)}"
        )
    if "date" not in header:
        problems.append(f"{flag} {name}: no date column; every row needs its date")
    if "plan_id" not in header and "patient_id" not in header:
        problems.append(f"{flag} {name}: no plan_id or patient_id column; each row names its plan")
    repeated = sorted({c for c in header if header.count(c) > 1})
    if repeated:
        problems.append(f"{flag} {name}: column(s) {', '.join(repeated)} appear more than once")
    if problems:
        raise InputError(problems)
    return header, records[1:]


def _target(values: dict[str, str], schedules: Sequence[Schedule]) -> tuple[Schedule | None, str]:
    """The plan a row names, or None and ``column: 'value' why`` (never attached elsewhere)."""
    plan_id, patient = values.get("plan_id", ""), values.get("patient_id", "")
    one = len(schedules) == 1
    if plan_id:
        found = [s for s in schedules if s.id == plan_id]
        if found:
            return found[0], ""
        allowed = (
            f"allowed: {schedules[0].id}, this plan's id"
            if one
            else "allowed: the id of a plan read"
        )
        return None, f"plan_id: {plan_id!r} is another plan ({allowed})"
    if patient:
        found = [s for s in schedules if patient_plan_id(s.inputs, patient) == s.id]
        if found:
            return found[0], ""
        what = "the patient this plan was made for" if one else "a patient of a plan read"
        return None, f"patient_id: {patient!r} is not {what}"
    return None, "plan_id: '' is empty (allowed: this plan's id, or patient_id its patient's)"


def _row(
    values: dict[str, str],
    where: str,
    schedule: Schedule,
    directions: Mapping[str, Better],
    today: date,
) -> tuple[Draft, list[str]]:
    bad: list[str] = []
    draft = Draft()

    def refuse(column: str, value: str, allowed: str) -> None:
        bad.append(f"{where}, column {column}: {value!r} {allowed}")

    def parse(column: str, parser: object) -> object:
        text = values.get(column, "")
        if not text:
            return None
        try:
            return parser(text)  # type: ignore[operator]
        except ValueError as error:
            refuse(column, text, str(error))
            return None

    text = values.get("date", "")
    on = parse("date", lambda t: parse_date(t, today))
    if isinstance(on, date):
        why = date_problem(on, schedule.first_night, last_reportable(schedule), today)
        if why:
            refuse("date", text, why)
        draft.on = on
    elif not text:
        refuse("date", "", "is empty (allowed: the date of the check-in, YYYY-MM-DD)")
    for rating in directions:
        value = parse(rating, parse_rating)
        if isinstance(value, int):
            draft.ratings[rating] = value
    for part in (p.strip() for p in values.get("side_effects", "").split(";")):
        if part:
            try:
                report = parse_side_effect(part)
            except ValueError as error:
                refuse("side_effects", part, str(error))
                continue
            if any((r.effect, r.text) == (report.effect, report.text) for r in draft.side_effects):
                refuse("side_effects", part, "repeats a side effect of the row (allowed: once)")
            draft.side_effects.append(report)
    draft.taken_mg = parse("taken", parse_taken)  # type: ignore[assignment]
    draft.missed_doses = parse("missed", parse_missed)  # type: ignore[assignment]
    draft.opioids = parse("opioids", parse_yes_no)  # type: ignore[assignment]
    draft.note = parse("note", parse_note)  # type: ignore[assignment]
    if not bad and draft.empty:
        bad.append(f"{where}: reports nothing (allowed: a rating, side effect, dose or note)")
    return draft, bad
