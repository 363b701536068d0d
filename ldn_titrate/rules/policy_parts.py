"""Parts of the clinic policy that stand on their own: the safety screen's actions, the limits on
adjusting a plan, and who may read the files written (re-exported by :mod:`.policy`).
"""

from __future__ import annotations

from typing import Annotated, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ldn_titrate.core.model import MAX_PLAN_NIGHTS, Action, Text
from ldn_titrate.core.output import Modes


class Strict(BaseModel):
    """A policy table: frozen, and an unknown key is an error naming it."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)


CAUTIONS = (
    "pregnancy",
    "breastfeeding",
    "thyroid-replacement",
    "immunosuppressed",
    "surgery-planned",
)


class SafetyPolicy(Strict):
    """What the clinic does with each screening finding, and the opioid washout it requires."""

    opioid_free_days: int = Field(ge=0, le=90)
    # A longer washout per opioid class (methadone and buprenorphine often need one); a class
    # named on the command line must be listed here, so a misspelt class is never silently 10.
    opioid_class_days: dict[Text, Annotated[int, Field(le=365)]] = Field(max_length=100)
    current_opioids: Action
    washout_too_short: Action
    opioids_not_recorded: Action
    cautions: dict[str, Action]

    @model_validator(mode="after")
    def _known_cautions(self) -> Self:
        unknown = sorted(set(self.cautions) - set(CAUTIONS))
        if unknown:
            raise ValueError(
                f"cautions: unknown {', '.join(unknown)} (known: {', '.join(CAUTIONS)})"
            )
        missing = sorted(set(CAUTIONS) - set(self.cautions))
        if missing:
            raise ValueError(f"cautions: no action for {', '.join(missing)}")
        if any(days < 0 for days in self.opioid_class_days.values()):
            raise ValueError("opioid_class_days: days cannot be negative")
        return self


class Adjust(Strict):
    """Limits on changing a running plan (``adjust``); a policy file may set any of them.

    The defaults are conservative built-in figures: FACTS.md gives 7–10 opioid-free days before
    (re)starting, so 10; a hold is at most the longest interval this policy allows by default.
    """

    max_step_backs: int = Field(default=3, ge=0, le=100)
    max_hold_nights: int = Field(default=28, ge=1, le=MAX_PLAN_NIGHTS)


# Octal permission bits as a clinic writes them ("0600"); the owner must keep read and write.
_MODE = r"^0?[0-7]{3}$"


class OutputPolicy(Strict):
    """Permissions of what ldn-titrate creates: files hold patient data, so by default only
    their owner may read them (0600) and the folders ``batch`` makes only their owner may open
    (0700). A clinic that shares plans through a group sets, say, ``file_mode = "0640"``.
    """

    file_mode: Annotated[str, Field(pattern=_MODE)] = "0600"
    folder_mode: Annotated[str, Field(pattern=_MODE)] = "0700"

    @model_validator(mode="after")
    def _owner_keeps_access(self) -> Self:
        if self.file_bits & 0o600 != 0o600:
            raise ValueError(
                f"file_mode {self.file_mode}: the owner must be able to read and write"
            )
        if self.folder_bits & 0o700 != 0o700:
            raise ValueError(f"folder_mode {self.folder_mode}: the owner must keep rwx")
        return self

    def modes(self) -> Modes:
        return Modes(file=self.file_bits, folder=self.folder_bits)

    @property
    def file_bits(self) -> int:
        return int(self.file_mode, 8)

    @property
    def folder_bits(self) -> int:
        return int(self.folder_mode, 8)
