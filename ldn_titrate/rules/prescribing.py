"""Applying the formulation options to a schedule: liquid volumes or capsules, then quantities.

Kept apart from the arithmetic (formulation.py, dispensing.py) so that every command that takes
these options reads them the same way, and every refusal is collected at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ldn_titrate.core.dosetext import concentration_text
from ldn_titrate.core.dosetext import formulation_text as describe_formulation
from ldn_titrate.core.errors import InputError, Problems
from ldn_titrate.core.model import Form, Schedule
from ldn_titrate.core.options import FormulationOptions
from ldn_titrate.core.parsing import parse_days
from ldn_titrate.rules import dispensing, formulation
from ldn_titrate.rules.policy import FormulationPolicy


@dataclass(frozen=True)
class _Parsed:
    liquid: bool
    concentration: Decimal | None
    syringe: Decimal | None
    strengths: tuple[Decimal, ...] | None
    supply_days: int | None


def read_options(options: FormulationOptions) -> tuple[_Parsed | None, list[str]]:
    """The options parsed, and every problem with them that does not depend on the doses.

    Separate from :func:`apply` so that these problems can be reported even when the schedule
    itself was refused (one run names every problem).
    """
    problems = Problems()
    if options.form is None:
        for flag, value in (
            ("--concentration", options.concentration),
            ("--syringe", options.syringe),
            ("--strengths", options.strengths),
            ("--supply-days", options.supply_days),
        ):
            if value is not None:
                problems.add(f"{flag} {value} needs --form (liquid or capsules)")
        return None, problems.items

    concentration = problems.parse(
        "--concentration", options.concentration, formulation.parse_concentration
    )
    syringe = problems.parse("--syringe", options.syringe, formulation.parse_volume)
    strengths = problems.parse("--strengths", options.strengths, formulation.parse_strengths)
    supply_days = problems.parse("--supply-days", options.supply_days, parse_days)
    liquid = options.form == Form.LIQUID.value
    if liquid:
        if options.concentration is None:
            problems.add(
                "--form liquid needs --concentration (such as 1mg/mL or 5mg/mL): ldn-titrate never "
                "assumes one, because a wrong concentration is a five-fold dosing error"
            )
        if options.strengths is not None:
            problems.add("--strengths goes with --form capsules, not liquid")
    else:
        for flag, value in (
            ("--concentration", options.concentration),
            ("--syringe", options.syringe),
        ):
            if value is not None:
                problems.add(f"{flag} goes with --form liquid, not capsules")
    return _Parsed(liquid, concentration, syringe, strengths, supply_days), problems.items


def apply(schedule: Schedule, options: FormulationOptions, policy: FormulationPolicy) -> Schedule:
    """The schedule with the requested formulation; unchanged when none was asked for."""
    chosen, problems = read_options(options)
    if problems:
        raise InputError(problems)
    if chosen is None:
        return schedule
    liquid, concentration, syringe, strengths = (
        chosen.liquid,
        chosen.concentration,
        chosen.syringe,
        chosen.strengths,
    )
    previous = schedule.formulation
    if liquid:
        assert concentration is not None
        result = formulation.apply_liquid(schedule, concentration, policy, syringe)
        if (
            previous is not None
            and previous.concentration_mg_per_ml is not None
            and previous.concentration_mg_per_ml != concentration
        ):
            result = result.model_copy(
                update={
                    "warnings": (
                        *result.warnings,
                        "concentration changed from "
                        f"{concentration_text(previous.concentration_mg_per_ml)} to "
                        f"{concentration_text(concentration)}: every volume differs from the "
                        "last supply",
                    )
                }
            )
    else:
        result = formulation.apply_capsules(schedule, strengths, policy)
    # A saved plan's --supply-days is its own: a formulation applied again keeps it, unless
    # the command gives another.
    supply_days = chosen.supply_days
    if supply_days is None and schedule.dispensing is not None:
        supply_days = schedule.dispensing.supply_days
    return dispensing.dispense(result, policy, supply_days)


def reapply(schedule: Schedule, policy: FormulationPolicy) -> Schedule:
    """Recompute volumes, capsules and quantities after the steps changed (``adjust``), with
    the formulation the plan already records: new steps must say what to measure too.
    """
    recorded = schedule.formulation
    if recorded is None:
        return schedule
    try:
        if recorded.form is Form.LIQUID and recorded.concentration_mg_per_ml is not None:
            result = formulation.apply_liquid(schedule, recorded.concentration_mg_per_ml, policy)
        else:
            result = formulation.apply_capsules(schedule, recorded.strengths_mg, policy)
        supply_days = schedule.dispensing.supply_days if schedule.dispensing else None
        return dispensing.dispense(result, policy, supply_days)
    except InputError as error:
        # Nobody typed these options now: say they are the plan's own, checked again here.
        kept = describe_formulation(recorded)
        raise InputError(
            [
                f"the plan's formulation ({kept}) under the active policy: {p}"
                for p in error.problems
            ]
        ) from None
