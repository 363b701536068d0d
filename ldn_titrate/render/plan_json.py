"""The plan file (DESIGN.md §3) as the renderer for ``--format json``."""

from __future__ import annotations

from ldn_titrate.core.model import Schedule
from ldn_titrate.plans import planfile
from ldn_titrate.render import RenderOptions


def render(schedule: Schedule, options: RenderOptions) -> str:
    return planfile.dumps(schedule)
