"""A regimen's values between parsing and the request: what the options and the preset gave.

:class:`Values` holds the parsed values (None where not given or not parsed), in whichever of
the three forms; :func:`request_of` turns checked values into the engine's request.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from itertools import pairwise

from ldn_titrate.core.errors import Problems
from ldn_titrate.core.model import TitrationPhase, TitrationRequest
from ldn_titrate.core.parsing import parse_also
from ldn_titrate.core.regimen import Interval, rise_of
from ldn_titrate.core.trusted import defaults_of, quick
from ldn_titrate.rules.policy import Preset
from ldn_titrate.rules.regimen_checks import AlsoValue, PhaseValue


@dataclass(frozen=True)
class Values:
    """Parsed values; None where the text did not parse (already reported) or was not given."""

    start_dose: Decimal | None = None
    step: Decimal | None = None
    interval: Interval | None = None
    ceiling: Decimal | None = None
    maintain: int | None = None
    doses: tuple[Decimal, ...] | None = None
    phases: tuple[PhaseValue, ...] | None = None
    ongoing: bool = False
    phases_given: int | None = None  # --phase options given, parsed or not


@dataclass(frozen=True)
class Labels:
    """How each value is named in a message (an option, or a key of a policy file)."""

    start_dose: str
    step: str
    interval: str
    ceiling: str
    maintain: str
    doses: str
    phases: str


def preset_values(preset: Preset, where: str | None = None) -> Values:
    """A preset's values; start, step, interval and ceiling summarise a ladder or phases too,
    for options that turn a preset of another form into start/step/ceiling (``--step``).

    ``where`` names the preset's phases in messages (a policy file's key); by default they are
    named as phases of the preset.
    """
    phases = None
    if preset.phases is not None:
        prefix = f"{where}phases." if where is not None else "preset phase "
        phases = tuple(
            PhaseValue(f"{prefix}{number}", phase.step_mg, rise_of(phase).every, phase.up_to_mg)
            for number, phase in enumerate(preset.phases, start=1)
        )
    interval = None
    if preset.interval_months is not None:
        interval = Interval(preset.interval_months, months=True)
    elif preset.interval_nights is not None:
        interval = Interval(preset.interval_nights)
    start, step, ceiling = preset.start_dose_mg, preset.step_mg, preset.ceiling_mg
    if preset.doses_mg:
        doses = preset.doses_mg
        start, ceiling = doses[0], doses[-1]
        step = max((high - low for low, high in pairwise(doses)), default=Decimal(0))
    elif phases:
        step, ceiling, interval = phases[0].step_mg, phases[-1].up_to_mg, phases[0].every
    return Values(start, step, interval, ceiling, preset.maintain_nights, preset.doses_mg, phases)


def request_of(
    values: Values, start_date: date | None, preset: str | None, grace: int | None
) -> TitrationRequest:
    """The engine's request from checked values; ValueError when one is missing."""
    fields: dict[str, object] = {
        "start_date": start_date,
        "maintain_days": values.maintain,
        "preset": preset,
        "ongoing_grace_nights": grace,
    }
    every = values.interval
    if values.doses is not None:
        doses = values.doses
        rises = [high - low for low, high in pairwise(doses)]
        fields |= {
            "start_dose_mg": doses[0],
            "step_mg": max(rises, default=Decimal(0)),
            "ceiling_mg": doses[-1],
            "doses_mg": doses,
        }
    elif values.phases is not None:
        phases = tuple(_phase(phase) for phase in values.phases)
        every = values.phases[0].every
        fields |= {
            "start_dose_mg": values.start_dose,
            "step_mg": max(phase.step_mg for phase in phases),
            "ceiling_mg": phases[-1].up_to_mg,
            "phases": phases,
        }
    else:
        fields |= {
            "start_dose_mg": values.start_dose,
            "step_mg": values.step,
            "ceiling_mg": values.ceiling,
        }
    if every is None or any(value is None for key, value in fields.items() if key in _REQUIRED):
        raise ValueError("a value of the regimen was not given or did not parse")
    fields["interval_days"] = 0 if every.months else every.count
    if values.phases is None:
        fields["interval_months"] = every.count if every.months else None
    # Every field was parsed and checked by the caller: the instance model_construct makes,
    # without its per-field loop (a batch makes two for each row).
    return quick(TitrationRequest, _REQUEST_DEFAULTS, fields)


_REQUEST_DEFAULTS = defaults_of(TitrationRequest)
_REQUIRED = {"start_date", "maintain_days", "start_dose_mg", "step_mg", "ceiling_mg"}


def _phase(phase: PhaseValue) -> TitrationPhase:
    every = phase.every
    return TitrationPhase.model_construct(
        step_mg=phase.step_mg,
        up_to_mg=phase.up_to_mg,
        interval_nights=None if every.months else every.count,
        interval_months=every.count if every.months else None,
    )


def also_values(texts: tuple[str, ...], problems: Problems) -> list[AlsoValue]:
    parsed = [(text, problems.parse("--also", text, parse_also)) for text in texts]
    return [AlsoValue(text, *value) for text, value in parsed if value is not None]


def top_dose(values: Values) -> Decimal | None:
    """The plan's top dose, whichever form it came in (None when it did not parse)."""
    if values.doses:
        return values.doses[-1]
    if values.phases:
        return values.phases[-1].up_to_mg
    return values.ceiling


# The request's regimen fields, and how a change to each is named ("preset standard, changed:
# step, ceiling"): the words of the options that change them.
_REGIMEN_FIELDS = {
    "start_dose_mg": "start dose",
    "step_mg": "step",
    "interval_days": "interval",
    "interval_months": "interval",
    "ceiling_mg": "ceiling",
    "maintain_days": "maintain",
    "ongoing_grace_nights": "maintain",
    "doses_mg": "doses",
    "phases": "phases",
}


def preset_changes(request: TitrationRequest, preset: TitrationRequest) -> tuple[str, ...]:
    """What in ``request`` differs from the ``preset``'s own regimen, compared by value (a
    preset named and then overridden by every option is not that preset)."""
    changed = [
        word
        for name, word in _REGIMEN_FIELDS.items()
        if getattr(request, name) != getattr(preset, name)
    ]
    return tuple(dict.fromkeys(changed))


def labelled(request: TitrationRequest, preset: TitrationRequest, asked: bool) -> TitrationRequest:
    """A preset is named only where the regimen is the preset's: changed by options, it is
    "preset NAME, changed: …" when the preset was ``asked`` for, and custom when it was only the
    policy's default."""
    changes = preset_changes(request, preset)
    if not changes:
        return request
    if not asked:
        return request.model_copy(update={"preset": None})
    return request.model_copy(update={"preset_changes": changes})
