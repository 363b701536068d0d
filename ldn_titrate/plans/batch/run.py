"""Planning and rendering a batch's rows, on every core when the batch is large.

Each row is independent and the work is pure (plan, then render to bytes), so large batches
are spread over worker processes; files are still written by the parent, one row at a time,
so the all-or-nothing rule per row and the clash checks stay in one place.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date, datetime

from ldn_titrate.core.errors import InputError
from ldn_titrate.core.model import Schedule
from ldn_titrate.core.vocab import CAUTIONS
from ldn_titrate.plans.batch import table as rows
from ldn_titrate.plans.notices import Notice, notices
from ldn_titrate.rules.policy import LoadedPolicy

Render = Callable[[Schedule, str | None], str | bytes]
# Below this many rows, starting worker processes costs more than it saves.
PARALLEL_FROM = 400


@dataclass(frozen=True)
class Job:
    """What every row needs; shared with worker processes by fork, never pickled."""

    loaded: LoadedPolicy
    renderers: list[tuple[str, Render]]
    today: date
    now: datetime


@dataclass
class Outcome:
    row: rows.PatientRow
    refusals: list[rows.Refusal] = field(default_factory=list)
    payloads: list[tuple[str, str | bytes]] = field(default_factory=list)
    # The planned row's warnings and screen findings, as report lines (kind warning or note).
    notices: list[rows.Refusal] = field(default_factory=list)


def plan_and_render(row: rows.PatientRow, job: Job) -> Outcome:
    planned = rows.plan_row(row, job.loaded, today=job.today, now=job.now)
    if isinstance(planned, list):
        return Outcome(row, refusals=planned)
    patient = row.cells.get("patient_id")
    try:
        payloads = [(suffix, render(planned, patient)) for suffix, render in job.renderers]
    except InputError as error:
        return Outcome(row, refusals=[rows.Refusal(row.row, row.id, "", p) for p in error.problems])
    found = [
        rows.Refusal(row.row, row.id, _column(n), rows.as_columns(n.message), n.kind)
        for n in notices(planned)
    ]
    return Outcome(row, payloads=payloads, notices=found)


def _column(notice: Notice) -> str:
    """The column a finding is about: the opioid answer, the cautions, or what it names."""
    if notice.code is not None and notice.code.startswith("opioid"):
        return "opioids"
    if notice.code in CAUTIONS:
        return "cautions"
    return rows.column_of(notice.message)


_JOB: Job | None = None


def _work(row: rows.PatientRow) -> Outcome:
    assert _JOB is not None  # set by outcomes() before the workers fork
    return plan_and_render(row, _JOB)


def outcomes(
    batch: Sequence[rows.PatientRow], job: Job, parallel_from: int = PARALLEL_FROM
) -> Iterator[Outcome]:
    """Every row's outcome, in the file's order."""
    workers = min(os.cpu_count() or 1, 8)
    forkable = "fork" in multiprocessing.get_all_start_methods()
    if len(batch) < parallel_from or workers < 2 or not forkable:
        for row in batch:
            yield plan_and_render(row, job)
        return
    global _JOB
    _JOB = job
    # concurrent.futures rather than multiprocessing.Pool: a worker that dies (killed for
    # memory, say) raises BrokenProcessPool here instead of leaving the batch waiting forever.
    context = multiprocessing.get_context("fork")
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            yield from pool.map(_work, batch, chunksize=32)
    finally:
        _JOB = None
