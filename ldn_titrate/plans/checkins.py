"""Recording what a patient reported: (plan, check-ins) → new plan. Pure: no I/O, no clock.

Each check-in is a new revision of the plan with a history entry (kind ``checkin``), so the
digest covers it and the plan file says when it was recorded; ``adjust --undo`` never removes
one (:func:`~ldn_titrate.plans.adjust.context.active_changes` skips them). A wrong one is voided:
kept, marked entered in error, left out of the rules (a ``void-checkin`` revision). The doses
never change here: a check-in only feeds the rules' proposals (:mod:`ldn_titrate.plans.proposals`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from ldn_titrate.core.checkin import MAX_CHECKINS, CheckIn, Void
from ldn_titrate.core.errors import InputError
from ldn_titrate.core.model import Change, ChangeKind, Schedule
from ldn_titrate.plans.checkin_fields import Draft, date_problem


def last_reportable(schedule: Schedule) -> date:
    """The last date a check-in may be on: the review (maintenance goes on until it)."""
    return max(schedule.review_date, schedule.last_night)


def check_dates(schedule: Schedule, drafts: Sequence[Draft], today: date, where: str) -> None:
    problems = []
    for draft in drafts:
        if draft.on is None:  # pragma: no cover - every draft is dated by its parser
            raise AssertionError("a check-in without a date")
        why = date_problem(draft.on, schedule.first_night, last_reportable(schedule), today)
        if why:
            problems.append(f"{where} {draft.on.isoformat()!r} {why}")
    if problems:
        raise InputError(problems)


def record(schedule: Schedule, drafts: Sequence[Draft], *, made_at: datetime) -> Schedule:
    """The plan with each draft recorded as a check-in, one revision each, in the order given
    (two on one date keep their order: they are numbered as recorded)."""
    if not drafts:
        return schedule  # nothing new (every row a duplicate): no new revision
    if len(schedule.checkins) + len(drafts) > MAX_CHECKINS:
        raise InputError(
            f"this plan would hold more than {MAX_CHECKINS} check-ins; make a new plan for the "
            "next course"
        )
    checkins, history = list(schedule.checkins), list(schedule.history)
    revision = schedule.revision
    snapshot = schedule.snapshot()
    for draft in drafts:
        assert draft.on is not None
        revision += 1
        number = len(checkins) + 1
        checkins.append(
            CheckIn.model_construct(
                number=number,
                on=draft.on,
                revision=revision,
                recorded_at=made_at,
                side_effects=tuple(draft.side_effects),
                ratings=dict(draft.ratings),
                taken_mg=draft.taken_mg,
                missed_doses=draft.missed_doses,
                opioids=draft.opioids,
                note=draft.note,
                source=draft.source,
                void=None,
            )
        )
        history.append(
            Change.model_construct(
                revision=revision,
                kind=ChangeKind.CHECKIN,
                on=draft.on,
                parameters={"checkin": number},
                reason=None,
                patient_reason=None,
                made_at=made_at,
                previous=snapshot,
                policy=None,
            )
        )
    return _versioned(schedule, checkins, history, revision)


def void(schedule: Schedule, number: int, reason: str, *, made_at: datetime) -> Schedule:
    """The plan with check-in ``number`` marked entered in error (kept, never counted)."""
    found = [c for c in schedule.checkins if c.number == number]
    if not found:
        known = f"1 to {len(schedule.checkins)}" if schedule.checkins else "none yet"
        raise InputError(
            f"--void {number}: this plan has no check-in {number} (check-ins: {known})"
        )
    if found[0].void is not None:
        raise InputError(
            f"--void {number}: check-in {number} was voided already (revision "
            f"{found[0].void.revision}: {found[0].void.reason})"
        )
    revision = schedule.revision + 1
    marked = Void(revision=revision, reason=reason, made_at=made_at)
    checkins = [
        c.model_copy(update={"void": marked}) if c.number == number else c
        for c in schedule.checkins
    ]
    change = Change.model_construct(
        revision=revision,
        kind=ChangeKind.VOID_CHECKIN,
        on=found[0].on,
        parameters={"checkin": number},
        reason=reason,
        patient_reason=None,
        made_at=made_at,
        previous=schedule.snapshot(),
        policy=None,
    )
    return _versioned(schedule, checkins, [*schedule.history, change], revision)


def _versioned(
    schedule: Schedule, checkins: list[CheckIn], history: list[Change], revision: int
) -> Schedule:
    return schedule.model_copy(
        update={
            "version": 2,
            "checkins": tuple(checkins),
            "history": tuple(history),
            "revision": revision,
        }
    )
