"""``--caution X`` and ``--clear-caution X``: the safety screen follows the patient.

A caution (pregnancy, breastfeeding, ...) recorded on a running plan, or cleared from it, is an
adjustment like any other: a revision, a history line, the same id, and ``--undo`` restores the
screen as it was. The doses do not change; the policy judges the caution as the screen does when
a plan is made (a caution this policy refuses is refused here too: discontinue instead), and the
handout says what it means for the patient.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from ldn_titrate.core.model import Action, ChangeKind, Finding, Screening
from ldn_titrate.core.vocab import CAUTIONS
from ldn_titrate.plans.adjust.context import Context, Outcome
from ldn_titrate.plans.adjust.kind import AdjustmentKind, Asked, KindOption
from ldn_titrate.rules.screening import CAUTION_TEXT


@dataclass(frozen=True)
class Caution:
    name: str


Parser = Callable[[Asked], tuple[object | None, date | None]]


def parse_caution(flag: str, request: type[Caution]) -> Parser:
    """The parser of ``--caution``/``--clear-caution``: a caution of the screen's vocabulary."""

    def parse(asked: Asked) -> tuple[object | None, date | None]:
        value = str(asked.given(flag.removeprefix("--").replace("-", "_"))).strip().lower()
        if value not in CAUTIONS:
            asked.problems.add(f"{flag} {value!r} is not one of: {', '.join(CAUTIONS)}")
            return None, asked.on
        return request(value), asked.on

    return parse


def same_doses(context: Context, name: str, screening: Screening) -> Outcome:
    """The plan's nights as they are, with the new screen."""
    plan = context.schedule
    return Outcome(
        plan.steps,
        plan.review_date,
        discontinued_on=plan.discontinued_on,
        parameters={"caution": name},
        screening=screening,
    )


def record(context: Context, request: Caution) -> Outcome:
    screening = context.schedule.screening or Screening.model_construct()
    name = request.name
    if name in screening.cautions:
        context.problems.add(f"--caution {name}: already recorded on this plan")
        return context.unchanged()
    action = context.loaded.policy.safety.cautions[name]
    if action is Action.REFUSE:
        context.problems.add(
            f"--caution {name}: this policy refuses to plan LDN here: {CAUTION_TEXT[name]} "
            f"(policy: {context.loaded.source}); record the stop with --discontinue instead"
        )
        return context.unchanged()
    finding = Finding.model_construct(code=name, action=action, message=CAUTION_TEXT[name])
    updated = screening.model_copy(
        update={
            "cautions": (*screening.cautions, name),
            "findings": (*screening.findings, finding),
        }
    )
    return same_doses(context, name, updated)


KIND = AdjustmentKind(
    change=ChangeKind.CAUTION,
    order=75,
    option=KindOption(
        "caution",
        "--caution",
        "Record a caution on the running plan (pregnancy, breastfeeding, "
        "thyroid-replacement, immunosuppressed, surgery-planned): the handout says what it means.",
        metavar="CAUTION",
    ),
    request=Caution,
    parse=parse_caution("--caution", Caution),
    apply=record,
)
