"""``batch CALLS.csv --plans DIR``: a clinic's call log recorded into every plan it names, and the
clinic's list of who has a proposal (issue 26). Pure but for reading the plan files: each row is
recorded into the plan it names (by plan id or patient id); a row naming no plan read is a bad
row, never attached elsewhere; a plan file that cannot be used is reported and left alone.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from ldn_titrate.core.checkin import Better
from ldn_titrate.core.errors import InputError
from ldn_titrate.core.model import Schedule
from ldn_titrate.plans import checkins, planfile
from ldn_titrate.plans.checkin_import import Imported, route_rows
from ldn_titrate.plans.integrity import unchanged
from ldn_titrate.plans.proposals import evaluation, proposal_text
from ldn_titrate.plans.status import status
from ldn_titrate.rules.policy import LoadedPolicy


@dataclass(frozen=True)
class PlanFile:
    path: Path
    schedule: Schedule


def read_plans(folder: Path) -> tuple[list[PlanFile], list[str]]:
    """Every plan file (``*.json``) in ``folder``; the files that cannot be used, in words."""
    plans, problems = [], []
    for path in sorted(folder.glob("*.json")):
        try:
            plans.append(PlanFile(path, unchanged(planfile.read(path, "--plans"), path)))
        except InputError as error:
            problems += [f"{line} (left alone)" for line in error.problems]
    return plans, problems


def record_all(
    text: str,
    name: str,
    plans: Sequence[PlanFile],
    directions: Mapping[str, Better],
    *,
    today: date,
    made_at: datetime,
) -> tuple[list[tuple[PlanFile, Schedule, Imported]], list[str]]:
    """(plan file, plan with its new check-ins, what was read for it) and the bad rows."""
    bad: list[str] = []
    routed = route_rows(
        text, name, [p.schedule for p in plans], directions, today=today, bad=bad, flag="CSV"
    )
    done = []
    for plan in plans:
        found = routed.get(plan.schedule.id)
        if found is not None:
            done.append(
                (plan, checkins.record(plan.schedule, found.drafts, made_at=made_at), found)
            )
    return done, bad


def clinic_list(plans: Sequence[tuple[Path, Schedule]], loaded: LoadedPolicy, night: date) -> str:
    """One paragraph per plan: tonight, the goal, the proposal (English, for the prescribers)."""
    lines = []
    for path, schedule in plans:
        now = status(schedule, night)
        lines.append(f"{path.name} (plan {schedule.id}, revision {schedule.revision}): {now.text}")
        found = evaluation(schedule, loaded, night)
        if found.goal is not None:
            lines.append(f"  Goal: {found.goal.words}")
        lines.append(f"  {proposal_text(found.proposal)}" if found.proposal else "  No proposal.")
    with_proposal = sum(1 for line in lines if line.startswith("  Proposal "))
    head = f"Proposals on {night.isoformat()}: {with_proposal} of {len(plans)} plans\n"
    return head + "".join(f"{line}\n" for line in lines)
