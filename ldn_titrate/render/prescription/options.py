"""What the prescription pack's renderers take besides the schedule."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from ldn_titrate.rules.clinic_profile import ClinicProfile
from ldn_titrate.rules.policy import FormulationPolicy, built_in
from ldn_titrate.rules.prescription_policy import PrescriptionPolicy


def _formulation() -> FormulationPolicy:
    return built_in().policy.formulation


@dataclass(frozen=True)
class PrescriptionOptions:
    """The prescriber (an option, else the clinic profile's), the clinic's identity, and the
    policy's dispensing and order settings. ``made_on`` dates the order sheet."""

    made_on: date | None = None
    prescriber: str | None = None
    clinic: ClinicProfile = field(default_factory=ClinicProfile)
    formulation: FormulationPolicy = field(default_factory=_formulation)
    prescription: PrescriptionPolicy = field(default_factory=PrescriptionPolicy)
    patient_id: str | None = None
