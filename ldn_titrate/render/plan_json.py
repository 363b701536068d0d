"""Writing the plan file (DESIGN.md §3): the renderer of ``--format json``, and the file that
``status``, ``adjust`` and ``--plan`` read back (:mod:`ldn_titrate.plans.planfile`).

Every file is sealed with a digest (:func:`digest_of`): a sha256 per section of what ldn-titrate
computed, and one of them all, which :mod:`ldn_titrate.plans.integrity` checks on reading.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from ldn_titrate.core import jsonio
from ldn_titrate.core.model import STEP_DEFAULTS, Schedule
from ldn_titrate.core.trusted import dump
from ldn_titrate.render import RenderOptions


def render(schedule: Schedule, options: RenderOptions) -> str:
    return dumps(schedule)


def to_document(schedule: Schedule) -> dict[str, Any]:
    """The plan as plain data in the documented key order, sealed with a fresh digest."""
    data: dict[str, Any] = dump(schedule)
    data.pop("digest", None)
    data["steps"] = _steps(data["steps"])
    data["warnings"] = list(data["warnings"])
    if data["history"]:
        for change in data["history"]:
            change["previous"]["steps"] = _steps(change["previous"]["steps"])
    else:
        del data["history"]  # a plan never adjusted reads as it did before living plans
    if not data["also"]:
        del data["also"]  # one dose a day: the file reads as it did before --also
    if not data["checkins"]:
        del data["checkins"]  # plan version 1 has none (a version-2 plan keeps its list)
    data["digest"] = digest_of(data)
    return data


# The parts of a plan file the digest fingerprints one by one, and the top-level keys in each,
# so that a refusal can say which part was changed after ldn-titrate wrote it.
SECTIONS: dict[str, tuple[str, ...]] = {
    "id": ("format", "version", "id", "revision", "created", "generator"),
    "inputs": ("inputs", "policy"),
    "steps": ("steps", "review_date", "discontinued_on"),
    "formulation": ("formulation", "dispensing"),
    "screening": ("screening",),
    "warnings": ("warnings",),
    "history": ("history",),
}


RESPONSE_KEYS = ("checkins", "goal", "interval_range")


def digest_of(document: dict[str, Any]) -> dict[str, Any]:
    """``{"sha256": …, "sections": {name: sha256}}`` of a plan document (without its digest)."""
    sections = {
        name: sha256_of({key: document.get(key) for key in keys}) for name, keys in SECTIONS.items()
    }
    if "also" in document:  # added daily doses (--also): a section only where there are some,
        sections["also"] = sha256_of(document["also"])  # so older files' digests still hold
    # Titrate to response (plan version 2): what the patient reported, the goal, the range.
    response = {key: document[key] for key in RESPONSE_KEYS if key in document}
    if response:
        sections["response"] = sha256_of(response)
    return {"sha256": sha256_of(sections), "sections": sections}


def sha256_of(value: Any) -> str:
    return hashlib.sha256(canonical_json(value).encode("utf-8")).hexdigest()


def canonical_json(value: Any) -> str:
    """Sorted keys, no spaces, each number in its shortest exact form (1.50 is 1.5): equal plans
    give equal text however the file was laid out.
    """
    return _CANONICAL.encode(value)


def _canonical_scalar(value: Any) -> str:
    # A plan repeats its doses and dates many times over (each step, each fill, the history),
    # and the encoder asks for each one: an equal Decimal or date has equal canonical text, so
    # each is worked out once (bounded, for a process that plans many thousand patients). Never
    # a datetime: 12:00+00:00 equals 07:00-05:00 but is written differently.
    if type(value) not in (Decimal, date):
        return _canonical_text(value)
    key = (type(value), value)
    text = _CANONICAL_TEXT.get(key)
    if text is None:
        if len(_CANONICAL_TEXT) > 4096:
            _CANONICAL_TEXT.clear()
        text = _CANONICAL_TEXT[key] = _canonical_text(value)
    return text


_CANONICAL_TEXT: dict[tuple[type, Any], str] = {}


def _canonical_text(value: Any) -> str:
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value else "0"
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"cannot fingerprint {type(value).__name__}")  # pragma: no cover


# Made once: json.dumps with these arguments builds a new encoder on every call.
_CANONICAL = json.JSONEncoder(sort_keys=True, separators=(",", ":"), default=_canonical_scalar)


def _steps(steps: Any) -> list[dict[str, Any]]:
    """Steps without the fields that merely repeat their default (bedtime, not provisional)."""
    return [
        {key: value for key, value in step.items() if STEP_DEFAULTS.get(key, ...) != value}
        for step in steps
    ]


def dumps(schedule: Schedule) -> str:
    return jsonio.dumps(to_document(schedule))
