"""The warnings and conditions every output gives a patient, in their language: the opioid
warning, the terms of a conditional dose (core/nightly.py) and of the nights after it, and the
restart night's note after a pause. Every output words a condition with these functions."""

from __future__ import annotations

from ldn_titrate.core.dosetext import format_date, format_mg
from ldn_titrate.core.language import ENGLISH, N_, Language
from ldn_titrate.core.model import Step
from ldn_titrate.core.nightly import Condition, StepTerms

OPIOID_WARNING = N_(
    "LDN blocks opioid pain medicines (such as codeine, tramadol, morphine and oxycodone). Do "
    "not take them while on LDN, and tell every doctor, dentist and pharmacist that you take LDN."
)


# Wording for a dose retried after a step back (FACTS.md: increase again only once the side
# effects have settled). Every output that shows a provisional step uses these words.
PROVISIONAL = N_("only if the side effects have settled")


def condition_clause(condition: Condition, language: Language = ENGLISH) -> str:
    """``only if the side effects have settled; if not, stay on 2.5 mg, do not follow the later
    dates or reminders in this plan, and call the clinic``: a conditional dose's terms, whole.
    """
    t = language.text
    if condition.fallback_mg is None:
        if_not = t(
            "if not, do not take it, do not follow the later dates or reminders in this plan, "
            "and call the clinic"
        )
    else:
        if_not = t(
            "if not, stay on {dose}, do not follow the later dates or reminders in this plan, "
            "and call the clinic"
        ).format(dose=format_mg(condition.fallback_mg, language))
    return f"{t(PROVISIONAL)}; {if_not}"


def condition_sentence(condition: Condition, language: Language = ENGLISH) -> str:
    """``Take this dose only if …; if not, stay on 2.5 mg, …, and call the clinic.``"""
    return language.text("Take this dose {terms}").format(
        terms=condition_clause(condition, language)
    )


def after_clause(condition: Condition, language: Language = ENGLISH) -> str:
    """What a night after a conditional dose says on its own (a reminder, ``status``): it
    applies only if that dose was taken, and what to do if it was not.
    """
    t = language.text
    went_up = t("only if you went up to {dose} on {day}").format(
        dose=format_mg(condition.dose_mg, language),
        day=format_date(condition.first_night, language),
    )
    if condition.fallback_mg is None:
        return went_up + t("; if you did not, call the clinic")
    return went_up + t("; if you did not, stay on {dose} and call the clinic").format(
        dose=format_mg(condition.fallback_mg, language)
    )


def terms_clause(terms: StepTerms, language: Language = ENGLISH) -> str | None:
    """A step's terms as one clause (its own condition, or the one it follows); None if none."""
    if terms.condition is not None:
        return condition_clause(terms.condition, language)
    if terms.after is not None:
        return after_clause(terms.after, language)
    return None


def terms_sentence(terms: StepTerms, language: Language = ENGLISH) -> str | None:
    """A step's terms as a sentence a patient reads under the dose; None if none."""
    if terms.condition is not None:
        return condition_sentence(terms.condition, language)
    if terms.after is not None:
        clause = after_clause(terms.after, language)
        return language.text("Take this dose {terms}").format(terms=clause)
    return None


def step_note(step: Step, language: Language = ENGLISH) -> str | None:
    """The warning a step carries on every output: today, the restart night after a pause."""
    if step.restart_opioid_free_days is None:
        return None
    return restart_note(step.restart_opioid_free_days, language)


def restart_note(opioid_free_days: int, language: Language = ENGLISH) -> str:
    """What the restart night after a pause says on every output (FACTS.md, Safety)."""
    return language.text(
        "Restart night: do not restart LDN while taking any opioid (including tramadol, "
        "codeine, methadone or buprenorphine); wait until opioid-free for {days} "
        "days first"
    ).format(days=opioid_free_days)
