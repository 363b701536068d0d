"""The only place that reads the clock, so everything else can take dates as arguments.

``SOURCE_DATE_EPOCH`` (the reproducible-builds convention) fixes "now" for reproducible output.
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime


def now() -> datetime:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return datetime.fromtimestamp(int(epoch), tz=UTC)
    return datetime.now(tz=UTC).replace(microsecond=0)


def today() -> date:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return now().date()
    return date.today()
