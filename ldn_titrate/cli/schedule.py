"""The schedule every output command builds from the shared options, assembled in one place."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

from ldn_titrate.cli.app import config_dir
from ldn_titrate.core.errors import Problems
from ldn_titrate.core.options import ScheduleInput

if TYPE_CHECKING:
    from ldn_titrate.core.language import Language
    from ldn_titrate.core.model import Schedule
    from ldn_titrate.rules.policy import LoadedPolicy


def collect_schedule(problems: Problems, given: ScheduleInput, **options: Any) -> Schedule | None:
    """The schedule of :func:`collect_policy_and_schedule`, for a command that writes no file."""
    return collect_policy_and_schedule(problems, given, **options)[1]


def collect_language(
    problems: Problems, value: str | None, loaded: LoadedPolicy | None
) -> Language | None:
    """``--language``: a tag is looked up in the policy's clinic catalog folder (``[language]
    catalogs``) before the shipped catalogs. Not looked up when the policy could not be read
    (its problem is reported, and the folder it names is unknown: then only a catalog file or a
    value that is no tag is checked); English imports nothing.
    """
    from ldn_titrate.core.language import ENGLISH, names_file, normalise_tag, resolve

    if value is None:
        return ENGLISH
    if loaded is None:
        # What needs no folder is still checked, so a bad value is reported with the policy's
        # problem: a catalog file, or a value that is no language tag at all.
        if names_file(value) or normalise_tag(value) is None:
            problems.collect(lambda: resolve(value))
        return None
    return problems.collect(lambda: resolve(value, loaded.catalogs))


def collect_policy_and_schedule(
    problems: Problems,
    given: ScheduleInput,
    *,
    patient_id: str | None = None,
    override: str | None = None,
    fhir_subject: bool = False,
    record: bool = True,
) -> tuple[LoadedPolicy | None, Schedule | None]:
    """The active policy (its ``[output]`` says who may read the files written) and the
    schedule every output command builds from the shared options (None, with the reasons added
    to ``problems``, for what cannot be made).

    A new plan is identified by ``--patient-id`` when given, else by a random id drawn here (the
    engine draws nothing). With ``--plan`` the saved plan keeps its id, so ``--patient-id`` is
    refused there unless the output is FHIR (``fhir_subject``), where it names the subject.
    ``record``: the output goes to a patient or a records system, so a saved plan that was
    changed or breaks the bounds is refused without ``--override`` (else it is shown loudly).
    """
    from ldn_titrate.cli import clock
    from ldn_titrate.plans import planning
    from ldn_titrate.rules import policy_file
    from ldn_titrate.rules.screening import ScreeningAnswers

    if patient_id is not None:
        from ldn_titrate.core.parsing import check_patient_id

        try:
            check_patient_id(patient_id)
        except ValueError as error:
            problems.add(f"--patient-id {patient_id!r} {error}")
        if given.plan_file is not None and not fhir_subject:
            problems.add(
                "--patient-id cannot be combined with --plan: a saved plan keeps the id it was "
                "made with (only --format fhir takes --patient-id with --plan, as the subject)"
            )
    identity = None if given.plan_file is not None else patient_id
    loaded = problems.collect(lambda: policy_file.resolve(given.policy, config_dir()))
    if loaded is None:
        return None, None
    return loaded, problems.collect(
        lambda: planning.obtain_schedule(
            given.schedule(),
            given.plan_file,
            loaded,
            today=clock.today(),
            now=clock.now(),
            formulation=given.formulation(),
            screening=ScreeningAnswers(given.opioids, given.cautions),
            patient_id=identity,
            fresh_id=clock.new_plan_id(),
            record=record,
            override=override,
        )
    )


def notify(schedule: Schedule) -> None:
    """Every warning and screen finding of the plan on stderr, once: never only in a file."""
    from ldn_titrate.plans.notices import clinician_notices

    for line in clinician_notices(schedule):
        sys.stderr.write(f"{line}\n")


def integrity_alerts(schedule: Schedule) -> list[str]:
    """The loud warnings of a saved plan that is not as ldn-titrate wrote it (none for others)."""
    if schedule.digest is None and not schedule.warnings:
        return []
    from ldn_titrate.plans.integrity import alerts

    return alerts(schedule)


def banner(alerts: list[str], *, markdown: bool = False) -> str:
    """The alerts as a block above everything else a clinician's view prints."""
    if markdown:
        from ldn_titrate.render.markdown import escape

        return "".join(f"> **Warning: {escape(line)}**\n" for line in alerts) + "\n"
    rule = "!" * 72
    return rule + "\n" + "".join(f"!! {line}\n" for line in alerts) + rule + "\n\n"


def confirm(output: str, what: str, schedule: Schedule, quiet: bool) -> None:
    """``wrote plan.json (plan, 4 steps)`` on stderr for a file written (not for stdout)."""
    if quiet or output == "-":
        return
    steps = len(schedule.steps)
    sys.stderr.write(f"wrote {output} ({what}, {steps} step{'' if steps == 1 else 's'})\n")
