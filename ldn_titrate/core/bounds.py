"""The bounds of every value a plan or policy file gives: each number and date has a range, so a
forged or damaged file is refused as it is read, never met by arithmetic that overflows or runs
for minutes, and no text carries a control or invisible character.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, Field

from ldn_titrate.core.text import check_safe

# No policy measures doses finer than a microgram: finer steps are no dose anyone can measure,
# and would make the step arithmetic run away.
FINEST_RESOLUTION_MG = Decimal("0.001")
# A saved plan longer than this is not a titration plan (and would take the dispensing
# arithmetic minutes): ten years of nights.
MAX_PLAN_NIGHTS = 3_660
# Every date a policy or a plan file gives lies in these years, far from the calendar's ends
# (year 9999 plus a night overflows every date library).
EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2199, 12, 31)


# The types of a plan file's fields: every number and date bounded, so that a forged or damaged
# file is refused as it is read, never met by arithmetic that overflows or runs for minutes.
Day = Annotated[date, Field(ge=EARLIEST_DATE, le=LATEST_DATE)]
Mg = Annotated[Decimal, Field(ge=0, le=1_000_000, allow_inf_nan=False)]
Ml = Annotated[Decimal, Field(ge=0, le=10_000_000, allow_inf_nan=False)]
Count = Annotated[int, Field(ge=0, le=10_000_000)]
Nights = Annotated[int, Field(ge=0, le=MAX_PLAN_NIGHTS)]
# A capsule strength as a map key: "1.5", "4.5", "1.125".
StrengthKey = Annotated[str, Field(pattern=r"^[0-9]{1,2}(\.[0-9]{1,6})?$")]
# Text in a plan: no control or invisible formatting characters (ldn-titrate never writes one).
Text = Annotated[str, Field(max_length=2_000), AfterValidator(check_safe)]
MAX_PLAN_STEPS = 1_000
MAX_REVISION = 100_000


def _in_years(moment: datetime) -> datetime:
    if not EARLIEST_DATE.year <= moment.year <= LATEST_DATE.year:
        raise ValueError(f"is outside the years {EARLIEST_DATE.year} to {LATEST_DATE.year}")
    return moment


Moment = Annotated[datetime, AfterValidator(_in_years)]
PositiveMg = Annotated[Mg, Field(gt=0)]
# A step's nights: counted as they are written, so a step past the plan's ten years is refused
# saying so (by the plan's structure check), not by this bound.
StepNights = Annotated[int, Field(ge=0, le=(LATEST_DATE - EARLIEST_DATE).days + 1)]
# A value in an adjustment's parameters (they only describe the change).
Parameter = Annotated[int, Field(ge=-MAX_REVISION, le=MAX_REVISION)] | Mg | Text


def _doses_are_decimal(value: Any) -> Any:
    """A dose (a key ending ``_mg``) is a ``Decimal`` however the file wrote it: ``1`` read back
    is the same dose as the ``Decimal`` the adjustment computed."""
    if not isinstance(value, dict):
        return value
    return {
        key: Decimal(item) if str(key).endswith("_mg") and type(item) is int else item
        for key, item in value.items()
    }


Parameters = Annotated[dict[Text, Parameter], BeforeValidator(_doses_are_decimal)]
