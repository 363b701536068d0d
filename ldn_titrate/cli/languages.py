"""``ldn-titrate languages [--check LANG]``: the patient languages on offer, and what a catalog
still lacks (exit 2 when any message is missing or fuzzy)."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from ldn_titrate.cli.app import command_group, config_dir, reported
from ldn_titrate.cli.options import PolicyOpt

if TYPE_CHECKING:
    from ldn_titrate.core import catalog_check

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
    policy: PolicyOpt = None,
) -> None:
    """List the patient languages (calendar, handout, status): the shipped catalogs and the
    policy's clinic catalogs."""
    from ldn_titrate.core import catalog_check
    from ldn_titrate.core import language as languages_
    from ldn_titrate.core.errors import InputError
    from ldn_titrate.rules import policy_file as policies

    folder = policies.resolve(policy, config_dir()).catalogs
    if check is None:
        sys.stdout.write("en  English (built in)\n")
        for code in languages_.shipped()[1:]:
            sys.stdout.write(_line(code, catalog_check.check(code)))
        broken = False
        for code, path in languages_.clinic_catalogs(folder).items():
            try:
                sys.stdout.write(_line(code, catalog_check.check(str(path)), "clinic"))
            except InputError as error:  # listed, and the exit code says one is broken
                broken = True
                sys.stderr.write(f"error: {'; '.join(error.problems)}\n")
        if broken:
            raise typer.Exit(2)
        return
    report = catalog_check.check(check, folder)
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


def _line(code: str, report: catalog_check.Report, where: str = "") -> str:
    state = "complete" if report.complete else "incomplete"
    origin = f"clinic catalog {report.source}, " if where else ""
    return f"{code:<3} {_name(code)} ({origin}{state}, {report.total} messages)\n"


def _name(code: str) -> str:
    from babel import Locale, UnknownLocaleError

    try:
        return str(Locale.parse(code).get_display_name("en"))
    except (ValueError, UnknownLocaleError):  # a clinic file not named by a tag
        return "(not a language tag)"
