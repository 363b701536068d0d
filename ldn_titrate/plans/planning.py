"""From what the user gave (options or a saved plan) to a checked :class:`Schedule`.

Shared by every command that outputs a plan, so ``plan``, ``calendar`` and ``handout`` agree on
what a set of options means.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from ldn_titrate.core.checkin import GateMode, IntervalRange
from ldn_titrate.core.engine import build_schedule, patient_plan_id
from ldn_titrate.core.errors import InputError, Problems
from ldn_titrate.core.model import Schedule
from ldn_titrate.core.nightly import gate
from ldn_titrate.core.options import FormulationOptions, ScheduleOptions
from ldn_titrate.core.parsing import parse_date
from ldn_titrate.rules.checks import resolve_request
from ldn_titrate.rules.interval_range import interval_range
from ldn_titrate.rules.policy import LoadedPolicy
from ldn_titrate.rules.screening import ScreeningAnswers, screen


def obtain_schedule(
    options: ScheduleOptions,
    plan_path: Path | None,
    loaded: LoadedPolicy,
    *,
    today: date,
    now: datetime,
    formulation: FormulationOptions | None = None,
    screening: ScreeningAnswers | None = None,
    patient_id: str | None = None,
    fresh_id: str | None = None,
    record: bool = True,
    override: str | None = None,
) -> Schedule:
    """The checked schedule; a new one is identified by ``patient_id`` (with its regimen) when
    given, else by ``fresh_id``, a random id the caller drew (see :mod:`ldn_titrate.core.engine`).

    A saved plan (``plan_path``) is checked by :mod:`ldn_titrate.plans.integrity`: for a
    ``record`` (a patient's or a records system's file) a changed or out-of-bounds plan is
    refused unless ``override`` gives the prescriber's reason; for a view it is said loudly.
    """
    answers = screening or ScreeningAnswers()
    problems = Problems()
    if override is not None and plan_path is None:
        problems.add(
            "--override goes with --plan: it lets a saved plan be used as it is; a new plan is "
            "checked against the policy as it is built"
        )
    if plan_path is not None:
        schedule = problems.collect(
            lambda: _saved_schedule(
                options,
                answers,
                plan_path,
                loaded,
                record=record,
                override=override,
                today=today,
                now=now,
            )
        )
    else:
        schedule = problems.collect(
            lambda: _new_schedule(
                options, answers, loaded, today=today, now=now, identity=(patient_id, fresh_id)
            )
        )
    if formulation is None or not formulation.any_given():
        problems.raise_if_any()
        assert schedule is not None  # no problems, so it was made
        return schedule
    from ldn_titrate.rules import prescribing

    if schedule is None:
        # The schedule was refused; still name what is wrong with the formulation options.
        problems.items.extend(prescribing.read_options(formulation)[1])
    problems.raise_if_any()
    assert schedule is not None
    return prescribing.apply(schedule, formulation, loaded.policy.formulation)


def _saved_schedule(
    options: ScheduleOptions,
    answers: ScreeningAnswers,
    plan_path: Path,
    loaded: LoadedPolicy,
    *,
    record: bool,
    override: str | None,
    today: date,
    now: datetime,
) -> Schedule:
    given = [
        "--" + name.replace("_", "-") for name, value in vars(options).items() if value is not None
    ]
    if answers.opioids is not None:
        given.append("--opioids")
    if answers.cautions:
        given.append("--caution")
    if given:
        raise InputError(
            f"--plan cannot be combined with schedule options ({', '.join(given)}): a saved "
            "plan is the record; build a new plan instead, or adjust this one"
        )
    # Only a saved plan needs the plan-file reader.
    from ldn_titrate.plans import integrity, planfile

    return integrity.accept(
        planfile.read(plan_path),
        loaded,
        where=f"--plan {plan_path}",
        record=record,
        override=override,
        today=today,
        now=now,
    )


def _new_schedule(
    options: ScheduleOptions,
    answers: ScreeningAnswers,
    loaded: LoadedPolicy,
    *,
    today: date,
    now: datetime,
    identity: tuple[str | None, str | None],
) -> Schedule:
    """Bounds and the safety screen are checked together, so every refusal shows at once."""
    problems = Problems()
    resolved = problems.collect(lambda: resolve_request(options, loaded, today))
    first_night = resolved[0].start_date if resolved else _first_night(options, today)
    record, refusals = screen(answers, first_night, loaded.policy.safety, loaded.source, today)
    for refusal in refusals:
        problems.add(refusal)
    problems.raise_if_any()
    assert resolved is not None  # no problems, so it was made
    request, warnings = resolved
    patient_id, fresh_id = identity
    if patient_id:
        plan_id = patient_plan_id(request, patient_id)
    elif fresh_id:
        plan_id = fresh_id
    else:  # pragma: no cover - every caller passes one or the other
        raise ValueError("a new plan needs a patient identity or a fresh id")
    schedule = build_schedule(
        request, policy=loaded.ref, plan_id=plan_id, created=now, warnings=warnings
    )
    schedule = schedule.model_copy(update={"screening": record})
    return gated(schedule, interval_range(options.interval, loaded))


def gated(schedule: Schedule, span: IntervalRange | None) -> Schedule:
    """The plan with its interval range recorded (plan version 2). Patient-gated: every increase
    is printed at the lower bound as conditional (taken only once the side effects have
    settled; if not, the patient stays on the dose before it and calls the clinic)."""
    if span is None:
        return schedule
    steps = gate(schedule.steps) if span.mode is GateMode.PATIENT else schedule.steps
    return schedule.model_copy(update={"interval_range": span, "version": 2, "steps": steps})


def _first_night(options: ScheduleOptions, today: date) -> date | None:
    try:
        return parse_date(options.start_date, today) if options.start_date else today
    except ValueError:
        return None  # already reported by the request's own checks
