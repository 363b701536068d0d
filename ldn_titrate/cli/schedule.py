"""The schedule every output command builds from the shared options, assembled in one place."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ldn_titrate.cli.app import config_dir
from ldn_titrate.core.errors import Problems
from ldn_titrate.core.options import ScheduleInput

if TYPE_CHECKING:
    from ldn_titrate.core.model import Schedule


def collect_schedule(problems: Problems, given: ScheduleInput) -> Schedule | None:
    """The schedule every output command builds from the shared options (None, with the
    reasons added to ``problems``, when it cannot be made).
    """
    from ldn_titrate.cli import clock
    from ldn_titrate.plans import planning
    from ldn_titrate.rules import policy_file
    from ldn_titrate.rules.screening import ScreeningAnswers

    return problems.collect(
        lambda: planning.obtain_schedule(
            given.schedule(),
            given.plan_file,
            policy_file.resolve(given.policy, config_dir()),
            today=clock.today(),
            now=clock.now(),
            formulation=given.formulation(),
            screening=ScreeningAnswers(given.opioids, given.cautions),
        )
    )
