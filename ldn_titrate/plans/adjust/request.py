"""What a clinician asks ``adjust`` to do, parsed from the options as typed into one request.

Kept apart from :mod:`ldn_titrate.plans.adjust.apply` (which applies a request) so the rules
never see option text, and apart from the CLI so parsing is tested without typer. The options
and their parsers come from the kinds' registry (:mod:`ldn_titrate.plans.adjust.kinds`). Every
problem is collected and reported at once, each naming its option, the value and what is allowed.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from ldn_titrate.core.errors import InputError, Problems
from ldn_titrate.core.parsing import parse_date
from ldn_titrate.core.text import clean_line
from ldn_titrate.plans.adjust.kind import Asked
from ldn_titrate.plans.adjust.kinds import KINDS

MAX_REASON = 200


def parse_patient_reason(text: str | None) -> str | None:
    """``--reason-for-patient``: the words the patient's handout prints for this change."""
    reason = clean_line(text)  # no control or invisible character reaches the handout
    if reason is not None and len(reason) > MAX_REASON:
        raise InputError(
            f"--reason-for-patient is {len(reason)} characters; keep it to at most {MAX_REASON}"
        )
    return reason or None


def parse_adjustment(
    values: Mapping[str, Any], today: date
) -> tuple[object, date | None, str | None]:
    """The one adjustment asked for, the night it applies from, and the reason.

    ``values`` holds each adjust option by parameter name (None or False: not given). The night
    is None only for a kind that acts on the history (``--undo``).
    """
    problems = Problems()
    given = [kind for kind in KINDS if values.get(kind.option.name) not in (None, False)]
    if len(given) != 1:
        found = f"got {', '.join(k.option.flag for k in given)}" if given else "got none"
        flags = ", ".join(kind.option.flag for kind in KINDS)
        problems.add(f"give exactly one adjustment of {flags} ({found})")
    for kind in KINDS:
        if kind in given:
            continue
        for extra in kind.extras:
            value = values.get(extra.name)
            if value is not None:
                problems.add(f"{extra.flag} {value!r} only goes with {kind.named}")
    reason = _reason(values.get("reason"), any(not k.needs_reason for k in given), problems)
    on_text = values.get("on")
    on = _on(on_text, today, problems) if on_text is not None else None
    request: object | None = None
    if given:
        kind = given[0]
        request, night = kind.parse(Asked(values, on, today, problems))
        on = night
    problems.raise_if_any()
    if request is None:  # pragma: no cover - reported as "exactly one" above
        raise AssertionError("no adjustment without a problem")
    if on is None and given[0].apply is not None:
        on = today
    return request, on, reason


def _reason(text: str | None, exempt: bool, problems: Problems) -> str | None:
    # Control and invisible characters (a bidi override, an escape code) are removed here, so
    # no output that shows the history (terminal, calendar, handout) ever carries one.
    reason = clean_line(text)
    if not reason and not exempt:
        problems.add(
            "--reason is required: say why the plan changes (it is kept in the plan's "
            'history), such as --reason "vivid dreams"'
        )
    elif reason is not None and len(reason) > MAX_REASON:
        problems.add(f"--reason is {len(reason)} characters; keep it to at most {MAX_REASON}")
    return reason or None


def _on(text: str, today: date, problems: Problems) -> date | None:
    try:
        return parse_date(text, today)
    except ValueError as error:
        problems.add(f"--on {text!r} {error}")
        return None
