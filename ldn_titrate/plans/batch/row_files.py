"""What each format of a batch row is rendered with: the options of its family (calendar,
handout, prescription, FHIR), the row's own words (patient_id, language, prescriber and contact
columns), and the clinic profile and policy settings under them. Split from :mod:`.output`, which
writes what these render.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import time

from ldn_titrate.core.language import ENGLISH, Language
from ldn_titrate.core.model import Schedule
from ldn_titrate.render import formats, plan_json
from ldn_titrate.render.formats import Family, OutputFormat
from ldn_titrate.render.prescription.options import PrescriptionOptions
from ldn_titrate.rules.clinic_profile import ClinicProfile


@dataclass(frozen=True)
class CalendarSettings:
    bedtime: time
    tz: str
    remind: int


@dataclass(frozen=True)
class FhirSettings:
    version: str = "r4"


# A row's piece of a run file (a Bundle, NDJSON) travels as a payload whose suffix starts with
# NUL, which no file name can (row ids are checked); the Collector gathers them.
COLLECTED = "\0"


@dataclass(frozen=True)
class RowWords:
    """A row's own words for its files: its patient_id and language, and the prescriber and
    contact columns, which override the clinic profile's for this patient (None: not given)."""

    patient: str | None = None
    language: Language = ENGLISH
    prescriber: str | None = None
    contact: str | None = None


# (schedule, the row's words) → the file's content.
Render = Callable[[Schedule, RowWords], str | bytes]


def renderers(
    chosen: Sequence[OutputFormat],
    calendar: CalendarSettings | None,
    fhir_settings: FhirSettings | None = None,
    beyond_use_days: int | None = None,
    clinic: ClinicProfile | None = None,
    pack: PrescriptionOptions | None = None,
) -> list[tuple[str, Render]]:
    """(file suffix, render) per format, importing each renderer only when it is chosen.

    Each family's options are made here (a handout's liquid storage line names the policy's
    ``beyond_use_days``, as the ``handout`` command's does); the plan JSON is written by the
    plan-file writer (the file ``status`` and ``adjust`` read back), whichever renderer the
    registry names.
    """
    made: list[tuple[str, Render]] = []
    for fmt in chosen:
        if fmt.name == "json":
            made.append((fmt.suffix, lambda s, _row: plan_json.dumps(s)))
        elif fmt.family is Family.CALENDAR:
            assert calendar is not None  # checked by the command before any row
            made.append((fmt.suffix, _calendar_renderer(calendar)))
        elif fmt.family is Family.HANDOUT:
            made.append((fmt.suffix, _handout_renderer(fmt, beyond_use_days, clinic)))
        elif fmt.family is Family.PRESCRIPTION:
            made.append((fmt.suffix, _prescription_renderer(fmt, pack or PrescriptionOptions())))
        elif fmt.family is Family.PLAN:
            key = fmt.suffix if fmt.run_file is None else COLLECTED + fmt.name
            made.append((key, _plan_renderer(fmt, fhir_settings or FhirSettings(), clinic)))
        else:  # pragma: no cover - a family added to the registry needs its options here
            raise ValueError(f"batch cannot write {fmt.family} format {fmt.name!r}")
    return made


def _plan_renderer(fmt: OutputFormat, fhir: FhirSettings, clinic: ClinicProfile | None) -> Render:
    """A plan-family format (FHIR): the row's prescriber column, else the clinic profile's."""
    from ldn_titrate.render import FhirVersion, RenderOptions

    render = formats.renderer(fmt)
    version = FhirVersion(fhir.version)
    default = clinic.prescriber if clinic is not None else None

    def plan(schedule: Schedule, row: RowWords) -> str | bytes:
        prescriber = row.prescriber if row.prescriber is not None else default
        options = RenderOptions(patient_id=row.patient, fhir_version=version, prescriber=prescriber)
        return render(schedule, options)

    return plan


def _handout_renderer(
    fmt: OutputFormat, beyond_use_days: int | None, clinic: ClinicProfile | None
) -> Render:
    """The patient handout in the row's language, dated the day the plan was made, with the
    clinic profile's contact, prescriber, paper and time zone (a row's column overrides)."""
    from ldn_titrate.core.vocab import Paper
    from ldn_titrate.render.handout.common import make_options
    from ldn_titrate.rules.clinic_profile import ClinicProfile

    render = formats.renderer(fmt)
    profile = clinic or ClinicProfile()

    def handout(schedule: Schedule, row: RowWords) -> str | bytes:
        created = schedule.created
        made_on = created.date() if created is not None else schedule.first_night
        options = make_options(  # a too-long column is the row's refusal (InputError)
            made_on=made_on,
            language=row.language,
            beyond_use_days=beyond_use_days,
            prescriber=row.prescriber if row.prescriber is not None else profile.prescriber,
            contact=row.contact if row.contact is not None else profile.contact(),
            paper=profile.paper or Paper.A4,
            timezone=profile.timezone,
        )
        return render(schedule, options)

    return handout


def _prescription_renderer(fmt: OutputFormat, pack: PrescriptionOptions) -> Render:
    """A prescription format with the policy's settings; the row's prescriber column (else the
    clinic profile's) and patient_id, dated the day the plan was made."""
    from dataclasses import replace

    render = formats.renderer(fmt)

    def prescription(schedule: Schedule, row: RowWords) -> str | bytes:
        created = schedule.created
        options = replace(
            pack,
            made_on=created.date() if created is not None else None,
            prescriber=row.prescriber if row.prescriber is not None else pack.clinic.prescriber,
            patient_id=row.patient,
        )
        return render(schedule, options)

    return prescription


def _calendar_renderer(settings: CalendarSettings) -> Render:
    from ldn_titrate.render.calendar.ics import CalendarOptions, render, stamp_for

    def ics(schedule: Schedule, row: RowWords) -> bytes:
        options = CalendarOptions(
            bedtime=settings.bedtime,
            tz=settings.tz,
            stamp=stamp_for(schedule, saved=False),
            remind_minutes=settings.remind,
            language=row.language,
        )
        return render(schedule, options)

    return ics
