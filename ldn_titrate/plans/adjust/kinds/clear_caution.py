"""``--clear-caution X``: remove a caution the screen recorded (the patient is no longer
pregnant, say); the doses do not change and ``--undo`` brings the caution back."""

from __future__ import annotations

from dataclasses import dataclass

from ldn_titrate.core.model import ChangeKind, Screening
from ldn_titrate.plans.adjust.context import Context, Outcome
from ldn_titrate.plans.adjust.kind import AdjustmentKind, KindOption
from ldn_titrate.plans.adjust.kinds.caution import Caution, parse_caution, same_doses


@dataclass(frozen=True)
class ClearCaution(Caution):
    pass


def clear(context: Context, request: ClearCaution) -> Outcome:
    screening = context.schedule.screening or Screening.model_construct()
    name = request.name
    if name not in screening.cautions:
        recorded = ", ".join(screening.cautions) or "none"
        context.problems.add(
            f"--clear-caution {name}: not recorded on this plan (recorded: {recorded})"
        )
        return context.unchanged()
    updated = screening.model_copy(
        update={
            "cautions": tuple(c for c in screening.cautions if c != name),
            "findings": tuple(f for f in screening.findings if f.code != name),
        }
    )
    return same_doses(context, name, updated)


KIND = AdjustmentKind(
    change=ChangeKind.CLEAR_CAUTION,
    order=76,
    option=KindOption(
        "clear_caution",
        "--clear-caution",
        "Remove a caution recorded on the plan (the doses do not change).",
        metavar="CAUTION",
    ),
    request=ClearCaution,
    parse=parse_caution("--clear-caution", ClearCaution),
    apply=clear,
)
