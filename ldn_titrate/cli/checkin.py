"""The ``checkin`` command: record what a patient reported into a saved plan (issue 26).

Only parsing, calling and writing here: the grammar of the values is
:mod:`ldn_titrate.plans.checkin_fields`, recording is :mod:`ldn_titrate.plans.checkins`, a CSV is
read by :mod:`ldn_titrate.plans.checkin_import`. A check-in never changes a dose; ``status``
shows what the rules propose, and ``adjust --accept`` applies a proposal.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from ldn_titrate.cli.app import command_group, config_dir, reported
from ldn_titrate.cli.options import ForceOpt, PlanArg, PolicyOpt, QuietOpt, output_format
from ldn_titrate.core.errors import Problems

commands = command_group()

REPORT = "What the patient reported"


@commands.command()
@reported
def checkin(
    plan_path: PlanArg,
    output: Annotated[
        str,
        typer.Option(
            "--output", "-o", metavar="FILE", help="Write the new plan here (- for stdout)."
        ),
    ],
    on: Annotated[
        str | None,
        typer.Option(
            "--on",
            metavar="DATE",
            help="The date of the check-in: YYYY-MM-DD, today or tomorrow; within the plan or up "
            "to 28 days before night 1 (a baseline), never after today. Default: today.",
        ),
    ] = None,
    pain: Annotated[
        str | None,
        typer.Option(
            "--pain", metavar="0-10", help="Pain, 0 (none) to 10 (worst).", rich_help_panel=REPORT
        ),
    ] = None,
    fatigue: Annotated[
        str | None,
        typer.Option(
            "--fatigue",
            metavar="0-10",
            help="Fatigue, 0 (none) to 10 (worst).",
            rich_help_panel=REPORT,
        ),
    ] = None,
    sleep: Annotated[
        str | None,
        typer.Option(
            "--sleep",
            metavar="0-10",
            help="Sleep quality, 0 (worst) to 10 (best).",
            rich_help_panel=REPORT,
        ),
    ] = None,
    rating: Annotated[
        list[str] | None,
        typer.Option(
            "--rating",
            metavar="NAME=0-10",
            help="A rating the clinic policy adds ([[gates.ratings]]), such as mood=7; repeat "
            "for more.",
            rich_help_panel=REPORT,
        ),
    ] = None,
    side_effect: Annotated[
        list[str] | None,
        typer.Option(
            "--side-effect",
            metavar="NAME:SEVERITY",
            help="A side effect and its severity (none, mild, moderate, severe): vivid-dreams, "
            "insomnia, headache, nausea, fatigue, anxiety, low-mood, rash, allergic-reaction, or "
            "other:SEVERITY:WHAT; repeat for more.",
            rich_help_panel=REPORT,
        ),
    ] = None,
    taken: Annotated[
        str | None,
        typer.Option(
            "--taken",
            metavar="DOSE",
            help="The dose actually taken, where it differs from the plan's.",
            rich_help_panel=REPORT,
        ),
    ] = None,
    missed: Annotated[
        str | None,
        typer.Option(
            "--missed",
            metavar="N",
            help="Doses missed since the last check-in.",
            rich_help_panel=REPORT,
        ),
    ] = None,
    opioids: Annotated[
        str | None,
        typer.Option(
            "--opioids",
            metavar="yes|no",
            help="Any opioid taken since the last check-in.",
            rich_help_panel=REPORT,
        ),
    ] = None,
    note: Annotated[
        str | None,
        typer.Option(
            "--note", metavar="TEXT", help="Free text for the clinician.", rich_help_panel=REPORT
        ),
    ] = None,
    from_csv: Annotated[
        Path | None,
        typer.Option(
            "--from",
            metavar="CSV",
            help="Record every row of a clinic's call log or portal export (see "
            "docs/clinician/checkins.md) instead of one check-in from the options.",
        ),
    ] = None,
    skip_bad_rows: Annotated[
        bool,
        typer.Option(
            "--skip-bad-rows",
            help="With --from: record the good rows and report the bad ones (default: a file "
            "with any bad row records nothing).",
        ),
    ] = False,
    void: Annotated[
        int | None,
        typer.Option(
            "--void",
            metavar="N",
            help="Mark check-in N as entered in error (kept, left out of the rules); needs "
            "--reason.",
        ),
    ] = None,
    reason: Annotated[
        str | None, typer.Option("--reason", metavar="TEXT", help="With --void: why.")
    ] = None,
    force: ForceOpt = False,
    quiet: QuietOpt = False,
    policy: PolicyOpt = None,
) -> None:
    """Record a check-in (what the patient reported on a date) into a saved plan, import a CSV
    of them, or void one. Writes a new revision with -o; the doses never change.
    """
    from ldn_titrate.cli import clock
    from ldn_titrate.core import output as out
    from ldn_titrate.core.planlock import locked
    from ldn_titrate.plans import checkins, planfile
    from ldn_titrate.plans.checkin_import import import_csv
    from ldn_titrate.plans.checkin_options import parse_options, parse_void
    from ldn_titrate.plans.integrity import unchanged
    from ldn_titrate.render import plan_json
    from ldn_titrate.rules import policy_file as policies

    today, now = clock.today(), clock.now()
    problems = Problems()
    problems.collect(lambda: out.check_target(output, force))
    problems.collect(lambda: output_format("checkin", None, output, "json"))
    loaded = problems.collect(lambda: policies.resolve(policy, config_dir()))
    typed = {
        "--on": on, "--pain": pain, "--fatigue": fatigue, "--sleep": sleep, "--taken": taken,
        "--missed": missed, "--opioids": opioids, "--note": note,
    }  # fmt: skip
    given = [flag for flag, value in typed.items() if value is not None and flag != "--on"]
    given += ["--rating"] * bool(rating) + ["--side-effect"] * bool(side_effect)
    ways = [name for name, used in (("--from", from_csv), ("--void", void)) if used is not None]
    if len(ways) > 1 or (ways and given):
        got = ", ".join(ways + given)
        problems.add(f"give one of a check-in's values, --from CSV or --void N (got {got})")
    if skip_bad_rows and from_csv is None:
        problems.add("--skip-bad-rows only goes with --from")
    with locked(plan_path, f"PLAN {plan_path}"):
        schedule = problems.collect(lambda: unchanged(planfile.read(plan_path, "PLAN"), plan_path))
        problems.raise_if_any()
        assert loaded is not None and schedule is not None  # noqa: PT018
        directions = loaded.policy.gates.directions()
        summary = ""
        if void is not None:
            why = parse_void(void, reason)
            new = checkins.void(schedule, void, why, made_at=now)
            summary = f"check-in {void} voided"
        elif from_csv is not None:
            if reason is not None:
                raise_only("--reason", "--void")
            result = import_csv(
                from_csv, schedule, directions, today=today, skip_bad_rows=skip_bad_rows
            )
            new = checkins.record(schedule, result.drafts, made_at=now)
            summary = result.summary()
            for line in result.reported:
                sys.stderr.write(f"warning: {line}\n")
        else:
            if reason is not None:
                raise_only("--reason", "--void")
            draft = parse_options(typed, rating or [], side_effect or [], directions, today=today)
            checkins.check_dates(schedule, [draft], today, "--on")
            new = checkins.record(schedule, [draft], made_at=now)
            summary = f"check-in {len(new.checkins)} recorded for {draft.on}"
        if new is schedule:
            sys.stdout.write(f"{summary}; nothing to write\n")
            return
        out.write(plan_json.dumps(new), output, force, loaded.policy.output.modes())
    if output != out.STDOUT and not quiet:
        sys.stdout.write(f"{output}: revision {new.revision}. {summary}\n")


def raise_only(flag: str, partner: str) -> None:
    from ldn_titrate.core.errors import InputError

    raise InputError(f"{flag} only goes with {partner}")
