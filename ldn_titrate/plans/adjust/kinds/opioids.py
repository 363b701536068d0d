"""``--opioids``: the safety screen follows the patient when opioids start, stop or are planned.

- ``current[:NAME]`` from ``--on``: with ``--until DATE`` (the last opioid dose) LDN pauses to
  the end of the washout after it and restarts at the plan's start dose, as ``--pause`` does;
  with no end known LDN stops (the plan is discontinued): restart only after a new screen.
- ``stopped:DATE[:NAME]`` on a paused or discontinued plan: the restart is moved to the night
  after the washout from DATE (or a later ``--on``), low, titrating again.
- ``planned:DATE[:NAME]`` (surgery, a dental procedure): LDN stops the policy's
  ``nights_before_procedure`` nights before DATE; with ``--until`` it restarts after the washout
  from that last opioid dose, without it the plan is discontinued until a new screen.

NAME is a drug, brand or class (:mod:`ldn_titrate.rules.washout.names`); without it the general
washout applies. Every change records the new screen on the plan; ``--undo`` restores the old.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal

from ldn_titrate.core.dosetext import format_date
from ldn_titrate.core.engine import review_date_after
from ldn_titrate.core.model import ChangeKind, OpioidStatus, Phase, Step
from ldn_titrate.core.parsing import DATE_FORMS, parse_date
from ldn_titrate.plans.adjust import opioid_record as record
from ldn_titrate.plans.adjust.context import ONE_DAY, Context, Outcome, active_changes
from ldn_titrate.plans.adjust.kind import AdjustmentKind, Asked, KindOption
from ldn_titrate.plans.adjust.kinds.discontinue import discontinue
from ldn_titrate.plans.adjust.kinds.pause import pause
from ldn_titrate.plans.adjust.opioid_record import Opioids
from ldn_titrate.rules.washout import names, required_days

FORMS = (
    "current[:NAME], stopped:DATE[:NAME] or planned:DATE[:NAME] (NAME a drug, brand or class, "
    f"such as tramadol or OxyContin; DATE {DATE_FORMS})"
)
_CURRENT = re.compile(r"^current(?::(?P<name>[^:]+))?$")
_DATED = re.compile(r"^(?P<status>stopped|planned):(?P<date>[^:]+)(?::(?P<name>[^:]+))?$")


def _date(text: str, what: str, asked: Asked) -> date | None:
    try:
        return parse_date(text, asked.today)
    except ValueError as error:
        asked.problems.add(f"{what} {error}")
        return None


def parse(asked: Asked) -> tuple[Opioids | None, date | None]:
    text = str(asked.given("opioids")).strip()
    word = text.lower()
    until_text = asked.given("until")
    until = None if until_text is None else _date(until_text, f"--until {until_text!r}", asked)
    current, dated = _CURRENT.match(word), _DATED.match(word)
    if current is None and dated is None:
        asked.problems.add(f"--opioids {text!r} is not a screen change; write {FORMS}")
        return None, asked.on
    if current is not None:
        request = Opioids(OpioidStatus.CURRENT, current["name"], None, until, asked.on is not None)
        return request, asked.on
    assert dated is not None
    status = OpioidStatus(dated["status"])
    day = _date(dated["date"], f"--opioids {text!r}: the date", asked)
    if status is OpioidStatus.STOPPED and until_text is not None:
        asked.problems.add(
            f"--until {until_text!r} does not go with --opioids stopped, whose date is the last "
            "dose; --until is the last dose of --opioids current or planned"
        )
    if status is OpioidStatus.PLANNED and asked.on is not None:
        asked.problems.add(
            f"--on {asked.on} does not go with --opioids planned: LDN stops the policy's "
            "number of nights before the procedure's date; drop --on"
        )
    if day is None:
        return None, asked.on
    return Opioids(status, dated["name"], day, until, asked.on is not None), asked.on or day


def apply(context: Context, request: Opioids) -> Outcome:
    problems, safety = context.problems, context.loaded.policy.safety
    typed = f"--opioids {request.status.value}"
    name: str | None = None
    if request.name is not None:
        try:
            name = names.resolve(request.name, tuple(safety.opioid_class_days)).name
        except names.UnknownOpioid as error:
            problems.add(f"{typed}: {request.name.strip()!r} {error}")
    elif request.status is OpioidStatus.STOPPED and context.schedule.screening is not None:
        name = context.schedule.screening.opioid_class  # the opioid recorded as started
    on = _night(context, request, name)
    _in_order(context, request, on)
    _after_latest(context, request, on)
    if context.schedule.discontinued_on is not None and request.status is not OpioidStatus.STOPPED:
        problems.add(
            f"{typed}: this plan was discontinued from "
            f"{format_date(context.schedule.discontinued_on)}; record --opioids stopped:DATE "
            "to restart it, or --undo"
        )
    if problems:
        return context.unchanged()
    if request.status is OpioidStatus.STOPPED:
        outcome = _restart(context, request, name, on)
    else:
        outcome = _stop(context, request, name, on)
    if problems:
        return context.unchanged()
    return Outcome(
        outcome.steps,
        outcome.review_date,
        discontinued_on=outcome.discontinued_on,
        parameters=record.parameters(request, name, outcome, on),
        screening=record.screen(context, request, name),
        on=outcome.on or on,
    )


def _night(context: Context, request: Opioids, name: str | None) -> date:
    """The night the change is dated by: the first night without LDN, or the restart night
    (stopped: ``--on``, else the night after the washout)."""
    safety = context.loaded.policy.safety
    if request.status is OpioidStatus.PLANNED:
        assert request.day is not None
        return request.day - timedelta(days=safety.nights_before_procedure)
    if request.status is OpioidStatus.STOPPED and not request.on_given:
        assert request.day is not None
        return request.day + timedelta(days=required_days(safety, name) + 1)
    return context.on


def _started(context: Context) -> date | None:
    """When the opioid recorded on the plan started: the latest current or planned change."""
    for change in reversed(active_changes(context.schedule.history)):
        if change.kind is ChangeKind.OPIOIDS and "started" in change.parameters:
            return date.fromisoformat(str(change.parameters["started"]))
    return None


def _after_latest(context: Context, request: Opioids, on: date) -> None:
    """A change dated before the latest change in effect is refused (the history keeps order)."""
    latest = max((c.on for c in active_changes(context.schedule.history)), default=None)
    if latest is not None and on < latest:
        context.problems.add(
            f"--opioids {request.status.value}: this change would apply from {on}, before the "
            f"latest change recorded on this plan ({latest}); give a date on or after it, or "
            "--undo that change first"
        )


def _in_order(context: Context, request: Opioids, on: date) -> None:
    """The opioid's own dates: never stopped before it started, nor its end before its start."""
    problems, typed = context.problems, f"--opioids {request.status.value}"
    started = request.day if request.status is OpioidStatus.PLANNED else on
    if request.status is OpioidStatus.STOPPED:
        started = _started(context)
        if started is not None and request.day is not None and request.day < started:
            problems.add(
                f"{typed}:{request.day}: the opioid is stopped before it started ({started}); "
                "check the date"
            )
    elif request.until is not None and started is not None and request.until < started:
        problems.add(
            f"--until {request.until}: the last opioid dose is before the opioid starts "
            f"({started}); check both dates"
        )


def _stop(context: Context, request: Opioids, name: str | None, on: date) -> Outcome:
    """Current or planned: pause to the washout's end after ``--until``, else discontinue."""
    typed = f"--opioids {request.status.value}"
    current = context.schedule.step_on(on)  # planned: the night the rule chose
    if current is None:
        context.problems.add(
            f"{typed}: LDN would stop on {format_date(on)}, outside the plan, which runs from "
            f"{format_date(context.schedule.first_night)} to "
            f"{format_date(context.schedule.last_night)}: give a date within it"
        )
        return context.unchanged()
    context = Context(context.schedule, on, current, context.loaded, context.problems)
    if request.until is None:
        return discontinue(context)
    days = required_days(context.loaded.policy.safety, name)
    last = request.until + timedelta(days=days)  # the last night of the washout
    return pause(context, last, None, flag_name=typed, opioid=name or "")


def _restart(context: Context, request: Opioids, name: str | None, on: date) -> Outcome:
    """Stopped: LDN restarts at the start dose on the night after the washout (or ``--on``)."""
    schedule, problems, safety = context.schedule, context.problems, context.loaded.policy.safety
    assert request.day is not None
    days = required_days(safety, name)
    earliest = request.day + timedelta(days=days + 1)
    restart = on
    if restart < earliest:
        problems.add(
            f"--on {restart}: the washout after the last opioid dose ({request.day}) needs "
            f"{days} opioid-free days, so LDN restarts on {earliest} at the earliest"
        )
    paused = [step for step in schedule.steps if step.phase is Phase.PAUSED]
    if schedule.discontinued_on is not None:
        kept, first_off = list(schedule.steps), schedule.discontinued_on
    elif paused and paused[-1].end >= request.day:
        kept = [step for step in schedule.steps if step.end < paused[-1].start]
        first_off = paused[-1].start
    elif paused:  # its restart has come: the nights after it are not the pause's to move
        problems.add(
            f"--opioids stopped:{request.day}: the plan's pause ended on "
            f"{format_date(paused[-1].end)}, before the last opioid dose, so LDN has restarted "
            "since; record --opioids current (or --pause) for a new stop, or --undo"
        )
        return context.unchanged()
    else:
        problems.add(
            f"--opioids stopped:{request.day}: the plan is neither paused nor discontinued, so "
            "there is no restart to schedule; --opioids stopped restarts a plan stopped for opioids"
        )
        return context.unchanged()
    restart = max(restart, first_off)
    if problems:
        return context.unchanged()
    again = context.climb(restart, schedule.inputs.start_dose_mg, "--opioids stopped")
    if not again:
        return context.unchanged()
    again = (again[0].model_copy(update={"restart_opioid_free_days": days}), *again[1:])
    if restart > first_off:
        gap = (restart - first_off).days
        off = Step(number=0, phase=Phase.PAUSED, start=first_off, end=restart - ONE_DAY,
                   nights=gap, dose_mg=Decimal(0))  # fmt: skip
        kept.append(off)
    steps = (*kept, *again)
    return Outcome(steps, review_date_after(steps[-1].end), on=restart)


KIND = AdjustmentKind(
    change=ChangeKind.OPIOIDS,
    order=77,
    option=KindOption(
        "opioids",
        "--opioids",
        "The screen changes: current[:NAME] from --on (pause to the washout after --until, "
        "or stop), stopped:DATE[:NAME] (restart after the washout, low), planned:DATE[:NAME] "
        "(surgery or a dental procedure: stop the policy's nights before).",
        metavar="SCREEN",
    ),
    extras=(
        KindOption(
            "until",
            "--until",
            "With --opioids current or planned: the last opioid dose, if known.",
            metavar="DATE",
        ),
    ),
    request=Opioids,
    parse=parse,
    apply=apply,
    any_plan=True,
)
