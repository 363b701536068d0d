"""The words for what a plan file's digest found and what an override accepted (issue 12).

The plan file keeps data (section names, a flag); these are the sentences every output makes
of them, so the refusal, the warning and the history line say the same thing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

# How each section of the digest is named to a person.
SECTION_WORDS = {
    "id": "the plan id, revision or creation time",
    "inputs": "the inputs",
    "steps": "the steps (doses, dates, nights)",
    "formulation": "the formulation",
    "screening": "the safety screen",
    "warnings": "the warnings",
    "history": "the history",
    "response": "the check-ins, goal or interval range",
    "digest": "the digest itself",
}
BOUNDS_WORDS = "doses outside the policy's bounds"


def changed_text(changed: Sequence[str]) -> str:
    """``the steps (…) and the history``."""
    words = [SECTION_WORDS.get(name, name) for name in changed]
    return ", ".join(words[:-1]) + " and " + words[-1] if len(words) > 1 else words[0]


def changed_sentence(changed: Sequence[str]) -> str:
    """``changed after ldn-titrate wrote it: the history no longer matches the plan's digest``:
    the one sentence the refusal and the warning share (a verb that agrees with its sections).
    """
    verb = "matches" if len(changed) == 1 else "match"
    named = changed_text(changed)
    return f"changed after ldn-titrate wrote it: {named} no longer {verb} the plan's digest"


def accepted_text(parameters: Mapping[str, object]) -> str:
    """What an override accepted, from its history parameters (``changed``, ``outside_bounds``)."""
    changed = [name for name in str(parameters.get("changed", "")).split(",") if name]
    parts = [f"changed after it was saved: {changed_text(changed)}"] if changed else []
    if parameters.get("outside_bounds"):
        parts.append(BOUNDS_WORDS)
    return "; ".join(parts) or "?"
