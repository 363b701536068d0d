"""``--interval 7-14d`` (also ``1-2w``, ``1-2m``): a step lasts from the lower to the upper bound
(issue 26). Both ends are checked against the policy's interval bounds; which end the plan's dates
are projected at is the policy's choice (``[gates] interval_mode``):

- ``clinician`` (built-in): at the upper bound, so no patient is told to go up faster than the
  slowest rate allowed; from the lower bound a check-in can make an "advance" proposal;
- ``patient``: at the lower bound, each increase marked as conditional (taken only if the side
  effects have settled; if not, stay on the dose before it).
"""

from __future__ import annotations

from ldn_titrate.core.checkin import GateMode, IntervalRange
from ldn_titrate.core.errors import Problems
from ldn_titrate.core.parsing import parse_interval, parse_interval_range
from ldn_titrate.core.regimen import Interval
from ldn_titrate.rules.policy import LoadedPolicy
from ldn_titrate.rules.regimen_checks import check_interval


def projected(text: str, loaded: LoadedPolicy, problems: Problems) -> Interval:
    """The interval the plan's dates use: one interval as given, or the end of a range the
    policy's mode projects at (the other end checked against the bounds here)."""
    span = parse_interval_range(text)
    if span is None:
        return parse_interval(text)
    low, high = span
    clinician = loaded.policy.gates.interval_mode is GateMode.CLINICIAN
    other, used = (low, high) if clinician else (high, low)
    end = "lower" if clinician else "upper"
    check_interval(f"--interval {text!r} ({end} end)", other, loaded, problems)
    return used


def interval_range(text: str | None, loaded: LoadedPolicy) -> IntervalRange | None:
    """The range to record on the plan, or None (no range given, or it did not parse)."""
    if text is None:
        return None
    try:
        span = parse_interval_range(text)
    except ValueError:
        return None
    if span is None:
        return None
    low, high = span
    return IntervalRange(
        min_days=low.count,
        max_days=high.count,
        months=low.months,
        mode=loaded.policy.gates.interval_mode,
    )
