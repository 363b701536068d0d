"""The safety screen as a plan file records it; models of :mod:`ldn_titrate.core.model`, which
re-exports them."""

from __future__ import annotations

from typing import Annotated, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ldn_titrate.core import bounds
from ldn_titrate.core.vocab import Action, OpioidStatus


class Finding(BaseModel):
    """One result of the safety screen that did not stop the plan (a warning or a note)."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    code: bounds.Text
    action: Action
    message: bounds.Text

    @model_validator(mode="after")
    def _not_refused(self) -> Self:
        if self.action is Action.REFUSE:
            raise ValueError("a finding the policy refuses stops the plan: no plan records one")
        return self


class Screening(BaseModel):
    """The safety screen's answers and what the policy made of them; travels with the plan.

    ``opioids`` is None when the question was not answered, which is allowed but never silent.
    """

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    opioids: OpioidStatus | None = None
    last_opioid_dose: bounds.Day | None = None
    opioid_class: bounds.Text | None = None
    cautions: tuple[bounds.Text, ...] = Field(default=(), max_length=20)
    findings: tuple[Finding, ...] = Field(default=(), max_length=100)
    # The policy's opioid-free days for this patient (their opioid class, if one was named),
    # so the handout tells the patient the number the clinic actually uses.
    opioid_free_days: Annotated[int, Field(ge=0, le=365)] | None = None
    # True when the last opioid dose was after the day the plan was made: a planned last dose
    # (the plan starts after the washout from it); None (not written) otherwise.
    last_dose_planned: bool | None = None
    # The day of a procedure where opioids are expected (``adjust --opioids planned:DATE``).
    procedure_date: bounds.Day | None = None
