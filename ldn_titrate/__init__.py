"""ldn-titrate: plan Low-Dose Naltrexone titration schedules.

The package is kept light on import: the command line starts in a fraction of a second because
nothing heavy (calendar, handout, PDF, FHIR) is imported until a command needs it.
"""

__version__ = "0.1.0"
GENERATOR = f"ldn-titrate {__version__}"
