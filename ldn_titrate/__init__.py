"""ldn-titrate: plan Low-Dose Naltrexone titration schedules.

The package is kept light on import: the command line starts in a fraction of a second because
nothing heavy (calendar, handout, PDF, FHIR) is imported until a command needs it. Its folders are
its layers, and an import only ever runs down them: ``cli`` (typer commands) → ``plans`` (build,
adjust, status, batch) → ``rules`` (clinic policy, checks, screen, formulation) → ``core`` (model,
engine, parsing, dose text, errors); ``render`` (one folder per output family) sits beside
``plans`` and may import rules and core. This module holds the version only and imports nothing.
"""

__version__ = "0.1.0"
GENERATOR = f"ldn-titrate {__version__}"
