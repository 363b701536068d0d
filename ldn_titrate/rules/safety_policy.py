"""The safety screen's settings: the policy's ``[safety]`` table (what each finding leads to, and
the opioid washout in days, in general and per class)."""

from __future__ import annotations

from typing import Annotated, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ldn_titrate.core.bounds import Text
from ldn_titrate.core.model import Action
from ldn_titrate.core.vocab import CAUTIONS


class SafetyPolicy(BaseModel):
    """What the clinic does with each screening finding, and the opioid washout it requires."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    opioid_free_days: int = Field(ge=0, le=90)
    # A longer washout per opioid class (methadone and buprenorphine often need one); a class
    # named on the command line must be listed here, so a misspelt class is never silently 10.
    opioid_class_days: dict[Text, Annotated[int, Field(le=365)]] = Field(max_length=100)
    current_opioids: Action
    washout_too_short: Action
    opioids_not_recorded: Action
    # Nights without LDN before a procedure where opioids are expected (adjust --opioids planned).
    nights_before_procedure: int = Field(ge=0, le=30)
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
