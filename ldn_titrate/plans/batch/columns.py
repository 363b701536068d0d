"""A command-line message in a batch file's words: the option a message names is the column
of the same name, so a refused row's report line points at the cell to fix.
"""

from __future__ import annotations

import re

from ldn_titrate.core.options import SCHEDULE_OPTIONS

# The options a message may name, longest first so ``--start-date`` is not read as ``--step``.
_FLAG_NAMES = [spec.flag[2:] for spec in SCHEDULE_OPTIONS if spec.column is not None]
_FLAG = re.compile(
    "--("
    + "|".join(sorted([*_FLAG_NAMES, "patient-id", "prescriber", "contact"], key=len, reverse=True))
    + r")\b"
)


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
