"""The schedule every output command builds from the shared options, assembled in one place."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ldn_titrate.cli.app import config_dir
from ldn_titrate.core.errors import Problems
from ldn_titrate.core.options import ScheduleInput

if TYPE_CHECKING:
    from ldn_titrate.core.model import Schedule
    from ldn_titrate.rules.policy import LoadedPolicy


def collect_schedule(problems: Problems, given: ScheduleInput) -> Schedule | None:
    """The schedule every output command builds from the shared options (None, with the
    reasons added to ``problems``, when it cannot be made).
    """
    return collect_policy_and_schedule(problems, given)[1]


def collect_policy_and_schedule(
    problems: Problems, given: ScheduleInput
) -> tuple[LoadedPolicy | None, Schedule | None]:
    """The active policy (whose ``[output]`` says who may read the files written), and the
    schedule made under it; None, with the reasons added to ``problems``, for what cannot be made.
    """
    from ldn_titrate.cli import clock
    from ldn_titrate.plans import planning
    from ldn_titrate.rules import policy_file
    from ldn_titrate.rules.screening import ScreeningAnswers

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
        )
    )
