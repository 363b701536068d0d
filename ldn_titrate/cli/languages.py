"""``ldn-titrate languages [--check LANG]``: the patient languages on offer, and what a catalog
still lacks (exit 2 when any message is missing or fuzzy)."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from ldn_titrate.cli.app import command_group, reported

commands = command_group()


@commands.command()
@reported
def languages(
    check: Annotated[
        str | None,
        typer.Option(
            "--check",
            metavar="LANG",
            help="A language tag (es, es-ES) or a .po/.mo catalog file: list each missing or "
            "fuzzy message; exit 2 if there is any.",
        ),
    ] = None,
) -> None:
    """List the languages the calendar's and the handout's patient text can be written in."""
    from ldn_titrate.core import catalog_check
    from ldn_titrate.core import language as languages_

    if check is None:
        sys.stdout.write("en  English (built in)\n")
        for code in languages_.shipped()[1:]:
            report = catalog_check.check(code)
            state = "complete" if report.complete else "incomplete"
            sys.stdout.write(f"{code:<3} {_name(code)} ({state}, {report.total} messages)\n")
        return
    report = catalog_check.check(check)
    for message in report.missing:
        sys.stdout.write(f"missing: {message}\n")
    for message in report.fuzzy:
        sys.stdout.write(f"fuzzy: {message}\n")
    done = report.total - len(report.missing)
    sys.stdout.write(
        f"{report.tag} ({report.source}): {done} of {report.total} messages translated, "
        f"{len(report.fuzzy)} fuzzy\n"
    )
    if not report.complete:
        raise typer.Exit(2)


def _name(code: str) -> str:
    from babel import Locale

    return str(Locale.parse(code).get_display_name("en"))
