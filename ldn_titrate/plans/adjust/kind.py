"""What an adjustment kind is: the option that asks for it, how it is parsed, and its rule.

Every kind is one module in :mod:`ldn_titrate.plans.adjust.kinds` defining ``KIND``; the
command line's adjust options, the "exactly one adjustment" check, the kind written to the
plan's history and the rule applied all come from that one object.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any, TypeAlias

from ldn_titrate.core.errors import Problems
from ldn_titrate.core.vocab import ChangeKind
from ldn_titrate.plans.adjust.context import Context, Outcome

# A request of any kind: each kind module defines its own frozen dataclass.
Adjustment: TypeAlias = object


class Takes(StrEnum):
    """What an option takes on the command line."""

    FLAG = "flag"  # given or not
    TEXT = "text"  # a value, parsed by the kind
    DOSE_TIME = "dose-time"  # one of vocab.DoseTime


@dataclass(frozen=True)
class KindOption:
    name: str  # the parameter name
    flag: str
    help: str
    metavar: str | None = None
    takes: Takes = Takes.TEXT


@dataclass(frozen=True)
class Asked:
    """What was typed for the adjust options (by parameter name), with ``--on`` parsed."""

    values: Mapping[str, Any]
    on: date | None
    today: date
    problems: Problems

    def given(self, name: str) -> Any:
        return self.values.get(name)


@dataclass(frozen=True)
class AdjustmentKind:
    change: ChangeKind
    order: int  # where its option stands in --help and in messages
    option: KindOption
    request: type
    # The request (None when a problem was added) and the night it applies from (None: --on).
    parse: Callable[[Asked], tuple[object | None, date | None]]
    # The rule from night ``on``; None for a kind that acts on the history itself (undo).
    apply: Callable[[Context, Any], Outcome] | None
    extras: tuple[KindOption, ...] = ()  # options only this kind reads
    usage: str | None = None  # how "only goes with ..." names the kind (default: its flag)
    needs_reason: bool = True
    gives_night: bool = False  # its own option names the first night (--pause A..B), not --on
    # It may apply from the review date, the night after the last (--renew).
    from_review: bool = False
    # Its rule takes a discontinued plan and a night after the plan's end (a restart after an
    # opioid stopped); the rule itself refuses what it cannot do.
    any_plan: bool = False

    @property
    def named(self) -> str:
        return self.usage or self.option.flag


def no_value(request: type) -> Callable[[Asked], tuple[object | None, date | None]]:
    """The parser of a kind whose option is a bare flag: its request, from ``--on``."""
    return lambda asked: (request(), asked.on)
