"""What to take on night N (core/nightly.py): the terms of a conditional dose and the nights after
it, as values, and how every output words them (render/warning_words.py)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from ldn_titrate.core import nightly
from ldn_titrate.core.language import ENGLISH
from ldn_titrate.plans.adjust.kinds.pause import Pause
from ldn_titrate.plans.adjust.kinds.step_back import StepBack
from ldn_titrate.render import warning_words
from tests.test_adjust import run, standard

D = Decimal


def test_after_a_step_back_only_the_retried_dose_is_conditional() -> None:
    backed = run(standard(), StepBack(), date(2026, 12, 22))
    terms = nightly.terms(backed.steps)
    retry = next(i for i, s in enumerate(backed.steps) if s.provisional)
    condition = terms[retry].condition
    assert condition == nightly.Condition(
        kind=nightly.ConditionKind.RETRY,
        dose_mg=D("2.5"),
        first_night=backed.steps[retry].start,
        fallback_mg=D("1.5"),
    )
    assert condition.if_not_met is nightly.IfNotMet.STAY_AND_CALL
    assert all(t == nightly.NO_TERMS for t in terms[:retry])
    assert all(t.condition is None and t.after == condition for t in terms[retry + 1 :])
    night = nightly.tonight(backed, backed.steps[-1].start)
    assert night is not None
    assert (night.dose_mg, night.condition, night.after) == (D("4.5"), None, condition)
    assert nightly.tonight(backed, backed.steps[-1].end + timedelta(days=1)) is None


def test_a_pause_clears_the_condition() -> None:
    backed = run(standard(), StepBack(), date(2026, 12, 22))
    retry = next(s for s in backed.steps if s.provisional)
    first = retry.start + timedelta(days=3)
    paused = run(backed, Pause(first + timedelta(days=4)), first)
    terms = nightly.terms(paused.steps)
    after_pause = [t for s, t in zip(paused.steps, terms, strict=True) if s.start > first]
    assert after_pause
    assert all(t == nightly.NO_TERMS for t in after_pause)


def test_a_conditional_dose_with_no_lower_dose_before_it_says_call_the_clinic() -> None:
    plan = standard()
    first = plan.steps[0].model_copy(update={"provisional": True})
    odd = plan.model_copy(update={"steps": (first, *plan.steps[1:])})
    terms = nightly.terms(odd.steps)
    assert terms[0].condition is not None
    assert terms[0].condition.fallback_mg is None
    assert warning_words.condition_clause(terms[0].condition, ENGLISH).endswith(
        "if not, do not take it, do not follow the later dates or reminders in this plan, and "
        "call the clinic"
    )
    assert warning_words.after_clause(terms[0].condition, ENGLISH).endswith(
        "; if you did not, call the clinic"
    )
    assert warning_words.condition_brief(terms[0].condition, ENGLISH).startswith(
        "Take this dose only if the side effects have settled; if not, do not take it"
    )
    assert warning_words.terms_sentence(terms[1], ENGLISH) == (
        "Take this dose only if you went up to 1.5 mg on Tue 1 Dec 2026; if you did not, call "
        "the clinic"
    )
