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
            "--output",
            "-o",
            metavar="FILE",
            help="Write the report here: .html, or .pdf (tagged PDF/UA-1, needs the pdf extra); "
            "- writes HTML to stdout.",
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
    """The course report for the clinician (HTML, or a tagged PDF): the dose over time with the
    ratings beside it, every check-in, every change and why, the goal and the proposal now."""
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
    as_pdf = output.lower().endswith(".pdf")
    if output != out.STDOUT and not as_pdf and not output.lower().endswith((".html", ".htm")):
        problems.add(
            f"-o {output}: the course report is written as .html/.htm (html) or .pdf (pdf): "
            "name it so, or use -o - for stdout"
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
    data: str | bytes = text
    if as_pdf:  # the handout's one layout engine, imported only for a PDF
        from ldn_titrate.render import formats

        # The handout's PDF renderer, imported as the handout imports it: a machine without
        # the extra or Pango is told what to install, exit 2.
        formats.renderer(formats.lookup("handout", "pdf"))
        from ldn_titrate.render.handout import fonts, pdf

        notes = {f"check-in {c.number} note": c.note for c in schedule.checkins}
        fonts.check_printable(notes, [])
        data = pdf.print_page(text, today)
    out.write(data, output, force, loaded.policy.output.modes())
