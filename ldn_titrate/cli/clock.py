"""The only place that reads the clock (or draws a random plan id), so everything else can
take dates and ids as arguments.

``SOURCE_DATE_EPOCH`` (the reproducible-builds convention) fixes "now" for reproducible output.
"""

from __future__ import annotations

import os
import uuid
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


def new_plan_id() -> str:
    """A random plan id for a plan made without a patient identity (see core/engine.py)."""
    return str(uuid.uuid4())
