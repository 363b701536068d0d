"""``--undo``: back to the plan as it was before the last change still in effect.

Its rule reads the history, not a night, so it has none here: :mod:`~ldn_titrate.plans.adjust.apply`
restores the snapshot the undone change kept.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ldn_titrate.core.model import ChangeKind
from ldn_titrate.plans.adjust.kind import AdjustmentKind, Asked, KindOption, Takes


@dataclass(frozen=True)
class Undo:
    pass


def parse(asked: Asked) -> tuple[Undo, date | None]:
    on_text = asked.given("on")
    if on_text is not None:
        asked.problems.add(
            f"--on {on_text!r} does not go with --undo, which returns to the revision "
            "before the last change whatever its date"
        )
    return Undo(), None


KIND = AdjustmentKind(
    change=ChangeKind.UNDO,
    order=70,
    option=KindOption(
        "undo",
        "--undo",
        "Go back to the plan as it was before the last change (a new revision).",
        takes=Takes.FLAG,
    ),
    request=Undo,
    parse=parse,
    apply=None,
    needs_reason=False,
)
