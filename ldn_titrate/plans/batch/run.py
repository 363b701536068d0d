"""Planning and rendering a batch's rows, on every core when the batch is large.

Each row is independent and the work is pure (plan, then render to bytes), so large batches
are spread over worker processes; files are still written by the parent, one row at a time,
so the all-or-nothing rule per row and the clash checks stay in one place.
"""

from __future__ import annotations

import collections
import contextlib
import ctypes
import itertools
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Protocol

from ldn_titrate.core.errors import InputError
from ldn_titrate.core.vocab import CAUTIONS
from ldn_titrate.plans.batch import table as rows
from ldn_titrate.plans.batch.row_files import Render, RowWords
from ldn_titrate.plans.batch.row_language import COLUMN, row_language
from ldn_titrate.plans.notices import Notice, notices
from ldn_titrate.rules.policy import LoadedPolicy

# Below this many rows, starting worker processes costs more than it saves.
PARALLEL_FROM = 400
# A PDF takes about half a second of CPU to print, so workers pay off from a few rows.
PDF_PARALLEL_FROM = 8
# Each worker that prints PDFs holds the PDF engine and its fonts: about 150 MiB, growing
# by about 0.25 MiB a row (measured; docs/clinic/handout-pdf.md). Six such workers and the
# parent print 1,000 rows in well under 2 GiB.
PDF_WORKERS = 6
MOST_WORKERS = 8


@dataclass(frozen=True)
class Job:
    """What every row needs; shared with worker processes by fork, never pickled."""

    loaded: LoadedPolicy
    renderers: list[tuple[str, Render]]
    today: date
    now: datetime

    @property
    def prints_pdf(self) -> bool:
        return any(suffix == ".pdf" for suffix, _ in self.renderers)


def worker_count(job: Job, cores: int | None) -> int:
    """How many worker processes: one a core, fewer when they print PDFs (memory)."""
    most = PDF_WORKERS if job.prints_pdf else MOST_WORKERS
    return min(cores or 1, most)


@dataclass
class Outcome:
    row: rows.PatientRow
    refusals: list[rows.Refusal] = field(default_factory=list)
    payloads: list[tuple[str, str | bytes]] = field(default_factory=list)
    # The planned row's warnings and screen findings, as report lines (kind warning or note).
    notices: list[rows.Refusal] = field(default_factory=list)


def plan_and_render(row: rows.PatientRow, job: Job) -> Outcome:
    planned = rows.plan_row(row, job.loaded, today=job.today, now=job.now)
    speaking = row_language(row.cells.get(COLUMN), job.loaded.catalogs)
    if isinstance(speaking, str):  # refused with every other problem of the row
        refused = planned if isinstance(planned, list) else []
        return Outcome(row, refusals=[*refused, rows.Refusal(row.row, row.id, COLUMN, speaking)])
    if isinstance(planned, list):
        return Outcome(row, refusals=planned)
    words = RowWords(
        patient=row.cells.get("patient_id"),
        language=speaking,
        prescriber=row.cells.get("prescriber"),
        contact=row.cells.get("contact"),
    )
    try:
        payloads = [(suffix, render(planned, words)) for suffix, render in job.renderers]
    except InputError as error:
        return Outcome(
            row,
            refusals=[
                rows.Refusal(row.row, row.id, rows.column_of(p), rows.as_columns(p))
                for p in error.problems
            ],
        )
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


# Set by the parent when the batch is interrupted: each worker then skips the rest of its
# chunk, so the pool stops within one row, and no worker is killed halfway through sending a
# result (which would leave the parent's result reader waiting forever).
_STOP = multiprocessing.get_context("fork").Event() if hasattr(os, "fork") else None


def _work(row: rows.PatientRow) -> Outcome:
    assert _JOB is not None  # set by outcomes() before the workers fork
    if _STOP is not None and _STOP.is_set():
        return Outcome(row)  # never read: the parent has stopped reading
    return plan_and_render(row, _JOB)


class Batch(Protocol):
    """The rows of a table (:class:`rows.Rows`, read as they are walked) or any list of rows."""

    def __len__(self) -> int: ...
    def __iter__(self) -> Iterator[rows.PatientRow]: ...


def outcomes(batch: Batch, job: Job, parallel_from: int | None = None) -> Iterator[Outcome]:
    """Every row's outcome, in the file's order."""
    if parallel_from is None:
        parallel_from = PDF_PARALLEL_FROM if job.prints_pdf else PARALLEL_FROM
    workers = worker_count(job, os.cpu_count())
    forkable = "fork" in multiprocessing.get_all_start_methods()
    if len(batch) < parallel_from or workers < 2 or not forkable:
        for row in batch:
            yield plan_and_render(row, job)
        return
    global _JOB
    _JOB = job
    if _STOP is not None:
        _STOP.clear()
    # concurrent.futures rather than multiprocessing.Pool: a worker that dies (killed for
    # memory, say) raises BrokenProcessPool here instead of leaving the batch waiting forever.
    context = multiprocessing.get_context("fork")
    pool = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=context,
        initializer=_worker_start,
        initargs=(os.getpid(),),
    )
    try:
        yield from in_order(pool, batch, window=workers * 4)
    except BaseException:
        # Interrupted (or the caller stopped reading): the workers stop within a row, not
        # after the whole batch, and none is left running.
        _stop_workers(pool)
        raise
    else:
        pool.shutdown(wait=True)
    finally:
        _JOB = None


CHUNK = 32  # rows a worker plans per task: fewer round trips, still a smooth progress bar


def in_order(pool: ProcessPoolExecutor, batch: Batch, window: int) -> Iterator[Outcome]:
    """Outcomes in the file's order, with at most ``window`` chunks in flight: unlike
    ``pool.map``, which submits every row at once and holds every result until it is read,
    memory stays flat in the row count (each result carries the row's rendered files).
    """
    walk = iter(batch)
    chunks = iter(lambda: list(itertools.islice(walk, CHUNK)), [])
    pending: collections.deque[Future[list[Outcome]]] = collections.deque()
    for chunk in itertools.islice(chunks, window):
        pending.append(pool.submit(_work_chunk, chunk))
    while pending:
        done = pending.popleft().result()
        for chunk in itertools.islice(chunks, 1):
            pending.append(pool.submit(_work_chunk, chunk))
        yield from done


def _work_chunk(chunk: Sequence[rows.PatientRow]) -> list[Outcome]:
    return [_work(row) for row in chunk]


class Interrupted(Exception):
    """SIGINT or SIGTERM arrived during the batch: raised in the main thread, so every
    ``finally`` (no temporary file left) runs and the command can say how far it got.
    """

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


class Guard:
    """Turns SIGINT and SIGTERM into :class:`Interrupted`, but never in the middle of writing a
    row's files (that would leave a temporary file, or half a row): there it is held until the
    row is done.
    """

    def __init__(self) -> None:
        self._writing = False
        self._pending: int | None = None

    def handler(self, signum: int, _frame: object) -> None:
        if self._writing:
            self._pending = signum
            return
        raise Interrupted(signum)

    @contextlib.contextmanager
    def writing(self) -> Iterator[None]:
        """Hold a signal until the block ends; :meth:`check` then raises it."""
        self._writing = True
        try:
            yield
        finally:
            self._writing = False

    def check(self) -> None:
        """Raise the signal that arrived while a row was being written, if one did."""
        if self._pending is not None:
            raise Interrupted(self._pending)


@contextlib.contextmanager
def stop_on_signals() -> Iterator[Guard]:
    """Within the block, Ctrl-C (SIGINT) and SIGTERM raise :class:`Interrupted`."""
    guard = Guard()
    if threading.current_thread() is not threading.main_thread():
        yield guard  # only the main thread may handle signals
        return
    previous = {sig: signal.signal(sig, guard.handler) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield guard
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)


def _stop_workers(pool: ProcessPoolExecutor) -> None:
    """Cancel the chunks not started, let the running ones skip their remaining rows, and
    wait for the workers to exit (a worker that does not is killed: a last resort).
    """
    # The executor keeps its processes by pid (CPython); it offers no public way to reach them.
    by_pid: dict[int, multiprocessing.process.BaseProcess] = getattr(pool, "_processes", None) or {}
    workers = list(by_pid.values())
    if _STOP is not None:
        _STOP.set()
    pool.shutdown(wait=False, cancel_futures=True)
    for process in workers:
        process.join(timeout=2)
        if process.is_alive():  # pragma: no cover - a worker stuck inside one row
            process.kill()


def _worker_start(parent: int) -> None:
    """In each worker: leave Ctrl-C to the parent (which stops the workers), and exit as soon
    as the parent is gone, even after SIGKILL, instead of waiting on a pipe forever.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    with contextlib.suppress(OSError, AttributeError):
        # Linux: the kernel kills this worker when the parent dies (PR_SET_PDEATHSIG is 1).
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before the line above
        os._exit(1)
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()


def _watch_parent(parent: int) -> None:  # pragma: no cover - runs in the workers
    """Elsewhere (or should the kernel's signal not come): poll for the parent."""
    while True:
        time.sleep(0.2)
        if os.getppid() != parent:
            os._exit(1)
