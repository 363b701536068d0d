"""The ``report`` command: the course report for the clinician (issue 26)."""

from __future__ import annotations

from typing import Annotated

import typer

from ldn_titrate.cli.app import command_group, config_dir, reported
from ldn_titrate.cli.options import ForceOpt, PlanArg, PolicyOpt
from ldn_titrate.core.errors import Problems

commands = command_group()


@commands.command()
@reported
def report(
    plan_path: PlanArg,
    output: Annotated[
        str,
        typer.Option(
            "--output", "-o", metavar="FILE", help="Write the report here (.html; - for stdout)."
        ),
    ],
    on: Annotated[
        str | None,
        typer.Option(
            "--on",
            metavar="DATE",
            help="The night the proposal is for: YYYY-MM-DD. Default: today.",
        ),
    ] = None,
    force: ForceOpt = False,
    policy: PolicyOpt = None,
) -> None:
    """The course report for the clinician (HTML): the dose over time with the ratings beside
    it, every check-in, every change and why, the goal and the proposal now."""
    from ldn_titrate.cli import clock
    from ldn_titrate.core import output as out
    from ldn_titrate.core.parsing import parse_date
    from ldn_titrate.plans import integrity, planfile
    from ldn_titrate.plans.proposals import evaluation
    from ldn_titrate.render.report import render
    from ldn_titrate.rules import policy_file as policies

    today = clock.today()
    problems = Problems()
    problems.collect(lambda: out.check_target(output, force))
    if output != out.STDOUT and not output.lower().endswith((".html", ".htm")):
        problems.add(
            f"-o {output}: the course report is HTML; name the file .html (a PDF report comes "
            "with the handout's one layout)"
        )
    night = problems.parse("--on", on, lambda text: parse_date(text, today)) if on else today
    loaded = problems.collect(lambda: policies.resolve(policy, config_dir()))
    saved = problems.collect(lambda: planfile.read(plan_path, "PLAN"))
    problems.raise_if_any()
    assert loaded is not None and saved is not None and night is not None  # noqa: PT018
    schedule = integrity.accept(
        saved, loaded, where=f"PLAN {plan_path}", record=False, override=None, today=today,
        now=clock.now(),
    )  # fmt: skip
    text = render(schedule, evaluation(schedule, loaded, night), night)
    out.write(text, output, force, loaded.policy.output.modes())
