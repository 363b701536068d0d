"""Whether a saved plan may be used as it is: its digest, the active policy's bounds, an override.

A plan file is a record of what ldn-titrate computed. Read back, two things can make it unfit to
hand over: its content no longer matches the digest it was written with (someone edited it), or
its doses break the active policy's bounds. What follows depends on what the plan is read for:

- for something a patient or a records system receives (a handout, a calendar, a plan file, a
  FHIR resource) it is refused, naming every changed section and every dose out of bounds;
- for the clinician's own view (``plan --plan`` as a table or Markdown, ``status``) it is shown,
  loudly: a warning that starts with :data:`NOT_AS_WRITTEN`, which the commands put on stderr and
  at the top of what they print.

A prescriber who means it passes ``--override "REASON"``: the plan is used as it is, and the
override is recorded in its history (date, reason, what was accepted), so every clinician's
output shows it. An override never lifts the structural checks of :mod:`planfile` (contiguous
steps, positive doses, nothing above the 10 mg absolute limit), which no plan file passes without.

The digest is a fingerprint, not a signature: it shows a plan was changed, not who changed it.
A file written before digests were recorded has none; it is used with a warning.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from ldn_titrate.core.canonical import sha256_of
from ldn_titrate.core.dosetext import format_date
from ldn_titrate.core.errors import InputError, Problems
from ldn_titrate.core.model import Change, ChangeKind, Schedule
from ldn_titrate.core.text import clean_line
from ldn_titrate.core.vocab import RECORD_KINDS, Action
from ldn_titrate.render import plan_json
from ldn_titrate.render.records import accepted_text, changed_sentence
from ldn_titrate.rules.dose_bounds import recheck_doses
from ldn_titrate.rules.policy import LoadedPolicy

NOT_AS_WRITTEN = "NOT AS WRITTEN: "


@dataclass(frozen=True)
class Findings:
    """What makes a saved plan unfit: changed sections and doses out of bounds."""

    changed: tuple[str, ...]
    bounds: tuple[str, ...]
    sealed: bool  # False: written before digests were recorded

    def __bool__(self) -> bool:
        return bool(self.changed or self.bounds)


def changed_sections(schedule: Schedule) -> tuple[str, ...] | None:
    """The sections whose content no longer matches the digest; None when there is no digest.

    Checked under the canonical rule the digest records, so a file keeps verifying after the
    rule that writes new files changes (see :func:`_rule_1_sections` for files that record none).
    """
    stored = schedule.digest
    if stored is None:
        return None
    document = plan_json.document_of(schedule)
    if stored.canonical is None:
        fresh = _rule_1_sections(document, stored.sections)
        rule = 1
    else:
        rule = stored.canonical
        fresh = plan_json.section_digests(document, rule)
    changed = [name for name in fresh if stored.sections.get(name) != fresh[name]]
    if not changed and sha256_of(stored.sections, rule) != stored.sha256:
        changed = ["digest"]
    if set(stored.sections) - set(fresh):
        changed.append("digest")
    return tuple(dict.fromkeys(changed))


def _rule_1_sections(document: dict[str, Any], stored: dict[str, str]) -> dict[str, str]:
    """A rule-1 file's section digests, as the version that wrote it computed them.

    Rule 1 hashed an ``int`` as a number and a ``Decimal`` as a string, so a whole-mg dose in the
    history (``"to_mg": 1``) had two texts: a ``Decimal`` in the change an adjustment had just
    made, an ``int`` in every change read back from the file before it. Those are the only two
    ways that version wrote a history, and each is tried.
    """
    fresh = plan_json.section_digests(document, 1)
    history = document.get("history")
    if not history or fresh["history"] == stored.get("history"):
        return fresh
    read_back = [_whole_doses_as_int(change) for change in history]
    for variant in (read_back, [*read_back[:-1], history[-1]]):
        digest = plan_json.section_digests({**document, "history": variant}, 1)["history"]
        if digest == stored.get("history"):
            return {**fresh, "history": digest}
    return fresh


def _whole_doses_as_int(change: dict[str, Any]) -> dict[str, Any]:
    parameters = {
        key: int(value) if isinstance(value, Decimal) and value == value.to_integral() else value
        for key, value in change.get("parameters", {}).items()
    }
    return {**change, "parameters": parameters}


def unchanged(schedule: Schedule, path: object) -> Schedule:
    """The plan, if it is as ldn-titrate wrote it (or has no digest); else every section named.

    For ``adjust``, which writes a new revision: it must never seal an edited plan as its own.
    """
    changed = changed_sections(schedule)
    if changed:
        raise InputError(
            [
                f"PLAN {path}: {changed_sentence(changed)}",
                f"PLAN {path}: to keep it as it is, save it with plan --plan {path} --override "
                '"REASON" --format json -o NEW first, then adjust NEW',
            ]
        )
    return schedule


def examine(schedule: Schedule, loaded: LoadedPolicy) -> Findings:
    """What makes the plan unfit; doses a recorded override already accepted under this very
    policy (and unchanged since) are not counted again.
    """
    changed = changed_sections(schedule)
    bounds: list[str] = []
    recheck_doses(schedule.steps, loaded, Action.WARN, Problems(), bounds)
    if not changed and _bounds_accepted(schedule, loaded):
        bounds = []
    return Findings(changed or (), tuple(bounds), changed is not None)


def _bounds_accepted(schedule: Schedule, loaded: LoadedPolicy) -> bool:
    """The last change is an override of these steps' doses under the active policy (a
    check-in recorded since changes no dose, so it does not count)."""
    changes = [c for c in schedule.history if c.kind not in RECORD_KINDS]
    if not changes:
        return False
    last = changes[-1]
    return (
        last.kind is ChangeKind.OVERRIDE
        and last.policy is not None
        and last.policy.sha256 == loaded.ref.sha256
        and last.previous.steps == schedule.steps
        and last.parameters.get("outside_bounds") == 1
    )


def accept(
    schedule: Schedule,
    loaded: LoadedPolicy,
    *,
    where: str,
    record: bool,
    override: str | None,
    today: date,
    now: datetime,
) -> Schedule:
    """The saved plan as it may be used, or an :class:`InputError` naming all that is unfit.

    ``record``: the plan is read for a patient or a records system (refuse what is unfit);
    otherwise for the clinician's view (say it loudly).
    """
    findings = examine(schedule, loaded)
    warnings = list(schedule.warnings)
    if not findings.sealed:
        warnings.append(
            "this plan file has no digest (it was written before ldn-titrate recorded one), so "
            "whether it was changed since cannot be checked; save it again (plan --plan FILE "
            "--format json -o NEW) to record one"
        )
    if schedule.review_date <= schedule.last_night:
        warnings.append(f"the review date {schedule.review_date} is not after the last night")
    hint = 'make the plan again, or add --override "REASON" to use it as it is'
    problems = []
    changed = changed_sentence(findings.changed) if findings.changed else ""
    if findings.changed:
        problems.append(f"{where}: {changed}")
    problems += [f"{where}: {message}" for message in findings.bounds]
    if override is not None:
        # Typed text: control and invisible characters removed, as from every reason.
        override = clean_line(override) or ""
        if not override:
            raise InputError('--override needs the reason, such as --override "checked with Dr A"')
        if not findings:
            raise InputError(
                f"--override: nothing to override; {where} matches its digest and the active "
                "policy's bounds"
            )
        return _overridden(schedule, findings, override, loaded, warnings, today=today, now=now)
    if problems and record:
        raise InputError([*problems, f"{where}: {hint}"])
    if findings.changed:
        warnings.insert(0, NOT_AS_WRITTEN + changed)
    warnings += findings.bounds
    return schedule.model_copy(update={"warnings": tuple(dict.fromkeys(warnings))})


def _overridden(
    schedule: Schedule,
    findings: Findings,
    reason: str,
    loaded: LoadedPolicy,
    warnings: list[str],
    *,
    today: date,
    now: datetime,
) -> Schedule:
    # Data in the plan file (section names, a flag); render/records.py says them in words.
    parameters: dict[str, int | Decimal | str] = {"changed": ",".join(findings.changed)}
    if findings.bounds:
        parameters["outside_bounds"] = 1
    revision = schedule.revision + 1
    change = Change(
        revision=revision,
        kind=ChangeKind.OVERRIDE,
        on=today,
        parameters=parameters,
        reason=reason,
        made_at=now,
        previous=schedule.snapshot(),
        policy=loaded.ref,
    )
    warnings.append(
        f"used as it is by override on {format_date(today)} ({accepted_text(parameters)}): {reason}"
    )
    warnings += findings.bounds
    return schedule.model_copy(
        update={
            "revision": revision,
            "history": (*schedule.history, change),
            "warnings": tuple(dict.fromkeys(warnings)),
        }
    )


def alerts(schedule: Schedule) -> list[str]:
    """The loud warnings a clinician's view puts first: the plan is not as ldn-titrate wrote it."""
    return [w for w in schedule.warnings if w.startswith(NOT_AS_WRITTEN)]
