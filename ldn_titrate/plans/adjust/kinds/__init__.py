"""The adjustment kinds, one module each, found by name: a new kind is one module here.

Each module defines ``KIND`` (:class:`~ldn_titrate.plans.adjust.kind.AdjustmentKind`): its
option, its request type, its parser and its rule. May import core, rules and
:mod:`ldn_titrate.plans.adjust.context`; never the command line.
"""

from __future__ import annotations

import importlib
import pkgutil

from ldn_titrate.core.vocab import ChangeKind
from ldn_titrate.plans.adjust.kind import AdjustmentKind


def _discover() -> tuple[AdjustmentKind, ...]:
    kinds = []
    for info in pkgutil.iter_modules(__path__):
        module = importlib.import_module(f"{__name__}.{info.name}")
        kinds.append(module.KIND)
    return tuple(sorted(kinds, key=lambda kind: kind.order))


KINDS: tuple[AdjustmentKind, ...] = _discover()
BY_REQUEST: dict[type, AdjustmentKind] = {kind.request: kind for kind in KINDS}
BY_CHANGE: dict[ChangeKind, AdjustmentKind] = {kind.change: kind for kind in KINDS}
