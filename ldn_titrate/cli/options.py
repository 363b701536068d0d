"""Typer declarations of the options shared by every command that builds or reads a schedule."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ldn_titrate.core.options import ScheduleOptions

if TYPE_CHECKING:
    from ldn_titrate.rules.screening import ScreeningAnswers

SCHEDULE = "Schedule"


PresetOpt = Annotated[
    str | None,
    typer.Option(
        "--preset",
        help="Start from a named preset (see `presets`); options override it.",
        rich_help_panel=SCHEDULE,
    ),
]
StartDateOpt = Annotated[
    str | None,
    typer.Option(
        "--start-date",
        metavar="DATE",
        help="First night: YYYY-MM-DD, today or tomorrow (default: today).",
        rich_help_panel=SCHEDULE,
    ),
]
StartDoseOpt = Annotated[
    str | None,
    typer.Option(
        "--start-dose",
        metavar="DOSE",
        help="First nightly dose: 1.5, 1.5mg or 500mcg (mg when no unit).",
        rich_help_panel=SCHEDULE,
    ),
]
StepOpt = Annotated[
    str | None,
    typer.Option(
        "--step", metavar="DOSE", help="Increase per step, as a dose.", rich_help_panel=SCHEDULE
    ),
]
IntervalOpt = Annotated[
    str | None,
    typer.Option(
        "--interval",
        metavar="DURATION",
        help="Nights per step before the next increase: 14, 14d or 2w.",
        rich_help_panel=SCHEDULE,
    ),
]
CeilingOpt = Annotated[
    str | None,
    typer.Option(
        "--ceiling",
        metavar="DOSE",
        help="Target (maintenance) dose; the last increase is clamped to it.",
        rich_help_panel=SCHEDULE,
    ),
]
MaintainOpt = Annotated[
    str | None,
    typer.Option(
        "--maintain",
        metavar="DURATION",
        help="Nights at the ceiling dose before the review.",
        rich_help_panel=SCHEDULE,
    ),
]
PolicyOpt = Annotated[
    Path | None,
    typer.Option(
        "--policy",
        metavar="FILE",
        help="Clinic policy TOML (else $LDN_TITRATE_POLICY, else policy.toml in the config "
        "dir, else built-in).",
        rich_help_panel=SCHEDULE,
    ),
]
PlanOpt = Annotated[
    Path | None,
    typer.Option(
        "--plan",
        metavar="FILE",
        help="Use a saved plan JSON instead of building one.",
        rich_help_panel=SCHEDULE,
    ),
]
ForceOpt = Annotated[bool, typer.Option("--force", help="Replace the output file if it exists.")]
QuietOpt = Annotated[
    bool,
    typer.Option(
        "--quiet", "-q", help="No 'wrote FILE' line for the file written (warnings still show)."
    ),
]
OverrideOpt = Annotated[
    str | None,
    typer.Option(
        "--override",
        metavar="REASON",
        help="With --plan: use the saved plan as it is although it was changed after it was "
        "saved or its doses break the policy's bounds; the reason and date go into its history. "
        "Never past the 10 mg limit.",
        rich_help_panel=SCHEDULE,
    ),
]
PatientIdOpt = Annotated[
    str | None,
    typer.Option(
        "--patient-id",
        metavar="ID",
        help="The patient's id in your records (a FHIR id: letters, digits, '-', '.'). The plan "
        "id, calendar UIDs and FHIR identifier are then the same each time this patient's plan "
        "is made, and differ from every other patient's; without it the plan gets a random id. "
        "With --format fhir it is also the subject (Patient/ID).",
        rich_help_panel=SCHEDULE,
    ),
]


def schedule_options(
    preset: str | None,
    start_date: str | None,
    start_dose: str | None,
    step: str | None,
    interval: str | None,
    ceiling: str | None,
    maintain: str | None,
) -> ScheduleOptions:
    return ScheduleOptions(preset, start_date, start_dose, step, interval, ceiling, maintain)


FORMULATION = "Formulation"


class FormChoice(StrEnum):
    LIQUID = "liquid"
    CAPSULES = "capsules"


FormOpt = Annotated[
    FormChoice | None,
    typer.Option(
        "--form",
        help="liquid (needs --concentration) or capsules.",
        rich_help_panel=FORMULATION,
    ),
]
ConcentrationOpt = Annotated[
    str | None,
    typer.Option(
        "--concentration",
        metavar="MG/ML",
        help="Liquid strength, such as 1mg/mL or 5mg/mL. Never assumed.",
        rich_help_panel=FORMULATION,
    ),
]
SyringeOpt = Annotated[
    str | None,
    typer.Option(
        "--syringe",
        metavar="ML",
        help="Oral syringe for every dose, such as 1mL (else the smallest that measures it).",
        rich_help_panel=FORMULATION,
    ),
]
StrengthsOpt = Annotated[
    str | None,
    typer.Option(
        "--strengths",
        metavar="MG,MG",
        help="Capsule strengths to combine, such as 1.5,3,4.5 (else all stocked).",
        rich_help_panel=FORMULATION,
    ),
]
SupplyDaysOpt = Annotated[
    int | None,
    typer.Option(
        "--supply-days",
        metavar="N",
        help="Dispense in fills of N days (liquid: at most the beyond-use days).",
        rich_help_panel=FORMULATION,
    ),
]


SCREEN = "Safety screen"


class Caution(StrEnum):
    PREGNANCY = "pregnancy"
    BREASTFEEDING = "breastfeeding"
    THYROID_REPLACEMENT = "thyroid-replacement"
    IMMUNOSUPPRESSED = "immunosuppressed"
    SURGERY_PLANNED = "surgery-planned"


OpioidsOpt = Annotated[
    str | None,
    typer.Option(
        "--opioids",
        metavar="ANSWER",
        help="Opioid use: none, current, or stopped:YYYY-MM-DD (day of the last dose; add "
        ":methadone etc. for a class with its own washout). Unanswered: a warning on every output.",
        rich_help_panel=SCREEN,
    ),
]
# Plain text, checked by the safety screen, so a misspelt caution is reported together with
# every other problem rather than stopping the command line parser at the first.
CautionOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--caution",
        metavar="CAUTION",
        help="A caution to record (repeatable): " + ", ".join(c.value for c in Caution) + ".",
        rich_help_panel=SCREEN,
    ),
]


def screening_answers(opioids: str | None, cautions: list[str] | None) -> ScreeningAnswers:
    from ldn_titrate.rules.screening import ScreeningAnswers

    return ScreeningAnswers(opioids, tuple(c.strip().lower() for c in cautions or ()))


CALENDAR = "Calendar"
# A reminder more than 12 hours early would land on the previous day, away from the dose.
MAX_REMIND_MINUTES = 720

BedtimeOpt = Annotated[
    str,
    typer.Option(
        "--bedtime",
        metavar="HH:MM",
        help="Time of the nightly dose, 24-hour; 00:00 to 05:59 counts as the night before. "
        "A step with a time of its own (adjust --dose-time) keeps it.",
        rich_help_panel=CALENDAR,
    ),
]
RemindOpt = Annotated[
    int,
    typer.Option(
        "--remind",
        metavar="MINUTES",
        help=f"Reminder this many minutes before the dose (0 to {MAX_REMIND_MINUTES}).",
        rich_help_panel=CALENDAR,
    ),
]
TzOpt = Annotated[
    str | None,
    typer.Option(
        "--tz",
        metavar="ZONE",
        help="IANA time zone of the patient, such as Europe/London (default: this machine's).",
        rich_help_panel=CALENDAR,
    ),
]
