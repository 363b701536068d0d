"""The fixed vocabularies of a plan, as string enums.

Kept apart from the pydantic models so that the command line can offer them as choices without
importing pydantic at start-up; :mod:`ldn_titrate.core.model` re-exports them.
"""

from __future__ import annotations

from enum import StrEnum


class Phase(StrEnum):
    TITRATION = "titration"
    MAINTENANCE = "maintenance"
    PAUSED = "paused"


class DoseTime(StrEnum):
    """When the nightly dose is taken: bedtime by default, morning when sleep is disturbed."""

    BEDTIME = "bedtime"
    MORNING = "morning"


class ChangeKind(StrEnum):
    HOLD = "hold"
    STEP_BACK = "step-back"
    STOP_AT_CURRENT = "stop-at-current"
    PAUSE = "pause"
    DOSE_TIME = "dose-time"
    DISCONTINUE = "discontinue"
    UNDO = "undo"
    RENEW = "renew"
    ADVANCE = "advance"
    RESUME = "resume"
    # The safety screen follows the patient: a caution recorded on, or cleared from, a running
    # plan (its doses unchanged; the previous screen is kept for --undo).
    CAUTION = "caution"
    CLEAR_CAUTION = "clear-caution"
    # An opioid started, stopped or planned around a procedure (adjust --opioids): the doses
    # pause, stop or restart after the washout; the previous screen is kept for --undo.
    OPIOIDS = "opioids"
    # A saved plan used as it is although it no longer matches its digest or the policy's
    # bounds, on a prescriber's stated reason (--override); not a change --undo can undo.
    OVERRIDE = "override"
    # What the patient reported (issue 26): a revision each, never undone by --undo.
    CHECKIN = "checkin"
    VOID_CHECKIN = "void-checkin"


# The history entries that record a report, not a change to the doses.
RECORD_KINDS = frozenset({ChangeKind.CHECKIN, ChangeKind.VOID_CHECKIN})


class Form(StrEnum):
    LIQUID = "liquid"
    CAPSULES = "capsules"


class OpioidStatus(StrEnum):
    NONE = "none"
    CURRENT = "current"
    STOPPED = "stopped"
    # Opioids expected around a procedure (surgery, a dental procedure): adjust --opioids planned.
    PLANNED = "planned"


class Action(StrEnum):
    """What a clinic's policy does with a screening finding."""

    REFUSE = "refuse"
    WARN = "warn"
    NOTE = "note"


# A calendar reminder more than 12 hours before the dose would land on the previous day, away
# from the dose: the bound of --remind and of the clinic profile's reminder_minutes.
MAX_REMIND_MINUTES = 720


class Paper(StrEnum):
    A4 = "a4"
    LETTER = "letter"


# The screen's cautions (FACTS.md, Safety): the vocabulary of --caution, the batch ``cautions``
# column and the policy's ``[safety.cautions]`` table.
CAUTIONS: tuple[str, ...] = (
    "pregnancy",
    "breastfeeding",
    "thyroid-replacement",
    "immunosuppressed",
    "surgery-planned",
)
