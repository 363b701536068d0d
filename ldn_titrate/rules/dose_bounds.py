"""The one re-check of a plan's doses against the active policy's bounds and dose resolution.

Every path that brings doses in without building them from options (an adjustment, a saved plan
read back, an undo) asks this module; what a breach leads to is the caller's ``action``: an
adjustment that would break the bounds is refused, a saved plan that already does is warned
about. A refusal speaks of what the change *would* do; a warning of what the plan *is*.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from ldn_titrate.core.dosetext import format_date, format_mg
from ldn_titrate.core.errors import Problems
from ldn_titrate.core.model import Phase, Step
from ldn_titrate.core.vocab import Action
from ldn_titrate.rules.policy import LoadedPolicy


def recheck_doses(
    steps: Sequence[Step],
    loaded: LoadedPolicy,
    action: Action,
    problems: Problems,
    warnings: list[str],
    since: date | None = None,
) -> None:
    """Each dosed step (from ``since`` on, when given: earlier nights are the record) outside
    the bounds or off the resolution, as a problem (``Action.REFUSE``) or a warning (otherwise).
    """
    policy, source = loaded.policy, loaded.source
    lowest, highest = policy.bounds.start_dose.min_mg, policy.bounds.ceiling.max_mg
    refuse = action is Action.REFUSE
    for step in steps:
        if step.phase is Phase.PAUSED or (since is not None and step.end < since):
            continue
        first = step.start if since is None else max(step.start, since)
        dose = format_mg(step.dose_mg)
        if refuse:
            where, verb = f"the step from {format_date(first)}", f"would be {dose},"
        else:
            where, verb = f"step {step.number} ({format_date(first)}):", f"{dose} is"
        if not lowest <= step.dose_mg <= highest:
            message = (
                f"{where} {verb} outside this policy's doses of {format_mg(lowest)} to "
                f"{format_mg(highest)} (policy: {source})"
            )
        elif step.dose_mg % policy.resolution_mg != 0:
            message = (
                f"{where} {verb} not a multiple of this policy's dose resolution of "
                f"{format_mg(policy.resolution_mg)} (policy: {source})"
            )
        else:
            continue
        if refuse:
            problems.add(message)
        else:
            warnings.append(message)
