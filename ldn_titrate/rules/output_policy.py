"""Who may read what ldn-titrate writes: the policy's ``[output]`` table."""

from __future__ import annotations

from typing import Annotated, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ldn_titrate.core.output import Modes

# Octal permission bits as a clinic writes them ("0600"); the owner must keep read and write.
_MODE = r"^0?[0-7]{3}$"


class OutputPolicy(BaseModel):
    """Permissions of what ldn-titrate creates: files hold patient data, so by default only
    their owner may read them (0600) and the folders ``batch`` makes only their owner may open
    (0700). A clinic that shares plans through a group sets, say, ``file_mode = "0640"``.
    """

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    file_mode: Annotated[str, Field(pattern=_MODE)] = "0600"
    folder_mode: Annotated[str, Field(pattern=_MODE)] = "0700"

    @model_validator(mode="after")
    def _owner_keeps_access(self) -> Self:
        if self.modes().file & 0o600 != 0o600:
            raise ValueError(f"file_mode {self.file_mode}: the owner must keep read and write")
        if self.modes().folder & 0o700 != 0o700:
            raise ValueError(f"folder_mode {self.folder_mode}: the owner must keep rwx")
        return self

    def modes(self) -> Modes:
        return Modes(file=int(self.file_mode, 8), folder=int(self.folder_mode, 8))
