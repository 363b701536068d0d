"""The policy's limits on changing a running plan (``[adjust]``) and on ongoing maintenance
(``[ongoing]``); models of :mod:`ldn_titrate.rules.policy`, kept apart to keep it small."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from ldn_titrate.core.bounds import MAX_PLAN_NIGHTS


class _Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)


class Adjust(_Strict):
    """Limits on changing a running plan (``adjust``); a policy file may set any of them.

    The defaults are conservative built-in figures: FACTS.md gives 7–10 opioid-free days before
    (re)starting, so 10; a hold is at most the longest interval this policy allows by default.
    """

    max_step_backs: int = Field(default=3, ge=0, le=100)
    max_hold_nights: int = Field(default=28, ge=1, le=MAX_PLAN_NIGHTS)


class Ongoing(_Strict):
    """``--maintain ongoing``: the review falls after ``review_after_nights`` at the maintenance
    dose, and calendar reminders run ``grace_nights`` past it, so no dose goes unreminded while
    the review is being booked."""

    review_after_nights: int = Field(ge=7, le=366)
    grace_nights: int = Field(ge=0, le=91)
