"""The examples on each command's ``--help`` page, in the order a new user would run them.

Every line is run by the tests, in this order, in one folder holding ``examples/``: an example
that stops working fails the build, so the help never shows a command that does not run.
"""

from __future__ import annotations

EXAMPLES: dict[str, tuple[str, ...]] = {
    "plan": (
        "ldn-titrate plan --preset standard --start-date 2026-12-01",
        "ldn-titrate plan --start-date 2026-12-01 --opioids none --form liquid "
        "--concentration 1mg/mL -f json -o plan.json",
        "ldn-titrate plan --plan plan.json -f fhir --fhir-version r5 --patient-id pat-0042",
    ),
    "calendar": (
        "ldn-titrate calendar --plan plan.json --tz Europe/London --remind 15 -o ldn.ics",
        "ldn-titrate calendar --plan plan.json --tz Europe/Madrid --language es-ES -o ldn-es.ics",
        "ldn-titrate calendar --plan plan.json --tz Europe/London --one-event-per-night "
        "-o nightly.ics",
    ),
    "handout": (
        "ldn-titrate handout --plan plan.json -o handout.html",
        "ldn-titrate handout --plan plan.json --format markdown -o -",
        "ldn-titrate handout --plan plan.json --language es-ES --format pdf -o handout-es.pdf",
    ),
    "prescription": (
        "ldn-titrate prescription --plan plan.json",
        "ldn-titrate prescription --plan plan.json --format order-sheet -o order.html",
        "ldn-titrate prescription --preset gentle --start-date 2026-12-01 --opioids none "
        "--form capsules --format dose-lines",
        "ldn-titrate prescription --plan plan.json --prescriber 'Dr A. Rivera' "
        "--format order-sheet-markdown -o -",
    ),
    "adjust": (
        "ldn-titrate adjust plan.json --hold 7 --on 2026-12-20 --reason 'vivid dreams' "
        "-o plan-v2.json",
        "ldn-titrate adjust plan.json --pause 2026-12-20..2026-12-25 --reason surgery "
        "-o plan-paused.json",
    ),
    "status": (
        "ldn-titrate status plan-v2.json --on 2026-12-24",
        "ldn-titrate status plan.json --on 2026-12-24 -f json",
    ),
    "checkin": (
        "ldn-titrate checkin plan.json --on 2026-11-20 --pain 7 --sleep 4 -o plan-c1.json",
        "ldn-titrate checkin plan-c1.json --on 2026-11-22 --side-effect vivid-dreams:moderate "
        "--opioids no -o plan-c2.json",
        "ldn-titrate checkin plan-c2.json --void 2 --reason 'wrong patient' -o plan-c3.json",
    ),
    "report": ("ldn-titrate report plan-c3.json --on 2026-12-24 -o course.html",),
    "batch": (
        "ldn-titrate batch examples/patients.csv --out-dir plans/",
        "ldn-titrate batch examples/patients.csv --out-dir records/ "
        "--formats fhir-bundle,fhir-ndjson",
    ),
    "presets": ("ldn-titrate presets",),
    "languages": ("ldn-titrate languages", "ldn-titrate languages --check es"),
    "policy init": ("ldn-titrate policy init clinic.toml",),
    "policy check": ("ldn-titrate policy check clinic.toml",),
    "policy": ("ldn-titrate policy", "ldn-titrate policy --policy clinic.toml"),
}
