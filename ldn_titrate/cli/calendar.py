"""``ldn-titrate calendar``: the plan as an .ics file for the patient's phone or computer.

A module of its own so that icalendar, which is slow to import, is loaded only when this command
runs: ``cli.py`` imports this module to register the command, and this module imports the
renderer only inside the command.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from datetime import time
from typing import Annotated

import typer

from ldn_titrate.cli.app import command_group, reported
from ldn_titrate.cli.options import (
    CALENDAR,
    MAX_REMIND_MINUTES,
    BedtimeOpt,
    ForceOpt,
    LanguageOpt,
    OverrideOpt,
    PatientIdOpt,
    QuietOpt,
    RemindOpt,
    TzOpt,
    format_option,
    output_format,
    schedule_command,
)
from ldn_titrate.cli.schedule import (
    collect_language,
    collect_policy_and_schedule,
    confirm,
    notify,
)
from ldn_titrate.core.errors import Problems
from ldn_titrate.core.options import ScheduleInput

commands = command_group()


@dataclass(frozen=True)
class ReminderSettings:
    bedtime: time
    remind: int
    tz: str


@commands.command()
@reported
@schedule_command
@reported
def calendar(
    given: ScheduleInput,
    output: Annotated[
        str | None,
        typer.Option(
            "--output", "-o", metavar="FILE.ics", help="Write the calendar here (- for stdout)."
        ),
    ] = None,
    fmt: Annotated[str | None, format_option("calendar", CALENDAR)] = None,
    bedtime: BedtimeOpt = "22:00",
    remind: RemindOpt = "0",
    tz: TzOpt = None,
    language: LanguageOpt = None,
    title: Annotated[
        str | None,
        typer.Option(
            "--title",
            metavar="TEXT",
            help="Calendar name (default: LDN titration plan). Nothing identifying is added "
            "unless you put it here.",
            rich_help_panel=CALENDAR,
        ),
    ] = None,
    fresh: Annotated[
        bool,
        typer.Option(
            "--fresh",
            help="For a first import: leave out the events an adjustment cancelled. Without "
            "it, re-importing updates a calendar that already has the plan.",
            rich_help_panel=CALENDAR,
        ),
    ] = False,
    force: ForceOpt = False,
    quiet: QuietOpt = False,
    patient_id: PatientIdOpt = None,
    override: OverrideOpt = None,
    publish: Annotated[
        str | None,
        typer.Option(
            "--publish",
            metavar="URL",
            help="Put the events on this CalDAV calendar collection (updated by UID when "
            "published again; needs the caldav extra). User and password: "
            "LDN_TITRATE_CALDAV_USER, LDN_TITRATE_CALDAV_PASSWORD.",
            rich_help_panel=CALENDAR,
        ),
    ] = None,
    one_per_night: Annotated[
        bool,
        typer.Option(
            "--one-event-per-night",
            help="One event per night instead of a repeating event per step (no RRULE).",
            rich_help_panel=CALENDAR,
        ),
    ] = False,
) -> None:
    """Write the plan as an iCalendar (.ics) file: each night's dose, each change, the review."""
    from ldn_titrate.core import output as out

    problems = Problems()
    if output is None and publish is None:
        problems.add("calendar needs --output FILE.ics, --publish URL, or both")
    if output is not None:
        problems.collect(lambda: out.check_target(output, force))
    # One format (ics): a file named for another is refused, as every command's is.
    problems.collect(lambda: output_format("calendar", fmt, output, "ics"))
    if publish is not None:
        _check_publish(publish, problems)
    settings = reminder_settings(bedtime, remind, tz, problems)
    loaded, schedule = collect_policy_and_schedule(
        problems, given, patient_id=patient_id, override=override
    )
    speaking = collect_language(problems, language, loaded)
    problems.raise_if_any()
    # No problems, so all were made.
    assert settings is not None
    assert schedule is not None and loaded is not None  # noqa: PT018
    assert speaking is not None

    from ldn_titrate.render.calendar.ics import CalendarOptions, render, stamp_for

    calendar_options = CalendarOptions(
        bedtime=settings.bedtime,
        tz=settings.tz,
        stamp=stamp_for(schedule, saved=given.plan_file is not None),
        remind_minutes=settings.remind,
        title=title,
        fresh=fresh,
        one_per_night=one_per_night,
        language=speaking,
    )
    data = render(schedule, calendar_options)
    if output is not None:
        out.write(data, output, force, loaded.policy.output.modes())
        confirm(output, "calendar", schedule, quiet)
    if publish is not None:
        _publish(data, schedule.id, publish)
    # The file is for the patient; what the clinician must check goes to the terminal.
    notify(schedule)

    from zoneinfo import ZoneInfo

    from ldn_titrate.render.calendar.zones import night_warnings

    zone_warnings = night_warnings(schedule, settings.bedtime, ZoneInfo(settings.tz))
    for warning in zone_warnings:
        sys.stderr.write(f"warning: {warning}\n")


def _check_publish(url: str, problems: Problems) -> None:
    from importlib.util import find_spec
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        problems.add("--publish: the address is not an http or https address of a calendar")
    if find_spec("caldav") is None:
        problems.add("--publish needs the caldav library: pip install 'ldn-titrate[caldav]'")


def _publish(data: bytes, plan_id: str, url: str) -> None:
    import os

    from ldn_titrate.plans.publish import publish, shown

    done = publish(
        data,
        plan_id,
        url,
        os.environ.get("LDN_TITRATE_CALDAV_USER"),
        os.environ.get("LDN_TITRATE_CALDAV_PASSWORD"),
    )
    sys.stderr.write(
        f"published to {shown(url)}: {done.created} created, {done.updated} updated, "
        f"{done.deleted} deleted\n"
    )


def reminder_settings(
    bedtime: str, remind_text: str, tz: str | None, problems: Problems
) -> ReminderSettings | None:
    """Check --bedtime, --remind and --tz together; None (with problems added) if any is bad."""
    from ldn_titrate.cli.timezone import choose_zone
    from ldn_titrate.core.parsing import parse_bedtime, parse_count

    clock: time | None = None
    zone: str | None = None
    try:
        clock = parse_bedtime(bedtime)
    except ValueError as error:
        problems.add(f"--bedtime {bedtime!r} {error}")
    remind = problems.parse("--remind", remind_text, parse_count)
    if remind is not None and not 0 <= remind <= MAX_REMIND_MINUTES:
        problems.add(
            f"--remind {remind} is outside 0 to {MAX_REMIND_MINUTES} minutes before the dose"
        )
    try:
        zone = choose_zone(tz)
    except ValueError as error:
        problems.add(str(error))
    if clock is None or zone is None or remind is None or problems:
        return None
    return ReminderSettings(clock, remind, zone)
