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


class Action(StrEnum):
    """What a clinic's policy does with a screening finding."""

    REFUSE = "refuse"
    WARN = "warn"
    NOTE = "note"


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
