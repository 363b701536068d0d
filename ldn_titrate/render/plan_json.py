"""Writing the plan file (DESIGN.md §3): the renderer of ``--format json``, and the file that
``status``, ``adjust`` and ``--plan`` read back (:mod:`ldn_titrate.plans.planfile`).

Every file is sealed with a digest (:func:`digest_of`): a sha256 per section of what ldn-titrate
computed, and one of them all, which :mod:`ldn_titrate.plans.integrity` checks on reading. Both
sides make the text they hash with :mod:`ldn_titrate.core.canonical`, under the rule the digest
records.
"""

from __future__ import annotations

from typing import Any

from ldn_titrate.core import jsonio
from ldn_titrate.core.canonical import CURRENT_RULE, sha256_of
from ldn_titrate.core.model import STEP_DEFAULTS, Schedule
from ldn_titrate.core.trusted import dump
from ldn_titrate.render import RenderOptions


def render(schedule: Schedule, options: RenderOptions) -> str:
    return dumps(schedule)


def to_document(schedule: Schedule) -> dict[str, Any]:
    """The plan as plain data in the documented key order, sealed with a fresh digest."""
    data = document_of(schedule)
    data["digest"] = digest_of(data)
    return data


def document_of(schedule: Schedule) -> dict[str, Any]:
    """The plan as plain data in the documented key order, without a digest."""
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


def digest_of(document: dict[str, Any], rule: int = CURRENT_RULE) -> dict[str, Any]:
    """``{"sha256": …, "sections": {name: sha256}, "canonical": rule}`` of a plan document
    (without its digest), each section's text made by :func:`canonical.canonical_json`.
    """
    sections = section_digests(document, rule)
    digest: dict[str, Any] = {"sha256": sha256_of(sections, rule), "sections": sections}
    if rule != 1:  # rule 1 files recorded no rule
        digest["canonical"] = rule
    return digest


def section_digests(document: dict[str, Any], rule: int = CURRENT_RULE) -> dict[str, str]:
    sections = {
        name: sha256_of({key: document.get(key) for key in keys}, rule)
        for name, keys in SECTIONS.items()
    }
    if "also" in document:  # added daily doses (--also): a section only where there are some,
        sections["also"] = sha256_of(document["also"], rule)  # so older files' digests still hold
    # Titrate to response (plan version 2): what the patient reported, the goal, the range.
    response = {key: document[key] for key in RESPONSE_KEYS if key in document}
    if response:
        sections["response"] = sha256_of(response, rule)
    return sections


def _steps(steps: Any) -> list[dict[str, Any]]:
    """Steps without the fields that merely repeat their default (bedtime, not provisional)."""
    return [
        {key: value for key, value in step.items() if STEP_DEFAULTS.get(key, ...) != value}
        for step in steps
    ]


def dumps(schedule: Schedule) -> str:
    return jsonio.dumps(to_document(schedule))
