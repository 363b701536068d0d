"""Random hostile command lines for every command (issue 14): each run ends in exit 0 or 2, with
no traceback, no file written on a refusal, within seconds.

CI runs a few hundred cases per command; ``pytest tests/test_fuzz_cli.py
--hypothesis-profile=fuzz`` runs many more by hand. Failures found so far are kept as explicit
examples (the regression corpus) and run every time.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.hostile_helpers import (
    DATES,
    DOSES,
    DURATIONS,
    FILES,
    HOSTILE,
    OUTPUTS,
    READ_ONLY_DEVICES,
    TEXTS,
    check_run,
    examples,
    workspace,
)


def fuzz_settings(count: int) -> settings:
    return settings(
        max_examples=examples(count),
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


# "@name" is a file of the workspace, made fresh for each case.
FILE_VALUES = tuple(f"@{name}" for name in FILES) + READ_ONLY_DEVICES
OUT_VALUES = tuple(f"@{name}" if name != "-" else "-" for name in OUTPUTS)
SCHEDULE = {
    "--preset": ("standard", "gentle", "nope", *HOSTILE[:6]),
    "--start-date": DATES,
    "--start-dose": DOSES,
    "--step": DOSES,
    "--ceiling": DOSES,
    "--maintain": (*DURATIONS, "ongoing"),
    "--interval": (*DURATIONS, "1m", "2 months", "99999m"),
    "--doses": ("0.5,1,1.5", "1,,2", "9" * 40, *HOSTILE),
    "--phase": ("0.5/7d:2", "1/1m:4.5", "x/y:z", "9" * 30 + "/1d:1", *HOSTILE),
    "--also": ("0.5@08:00", "1@25:00", "9" * 30 + "@08:00", *HOSTILE),
    "--policy": FILE_VALUES,
    "--plan": FILE_VALUES,
    "--form": ("liquid", "capsules", "gas", ""),
    "--concentration": ("1mg/mL", "5mg/ml", "0mg/mL", "1mg/5mL", *HOSTILE),
    "--syringe": ("1mL", "3", "0", *HOSTILE),
    "--strengths": ("1.5,3,4.5", "1,,2", "0", *HOSTILE),
    "--supply-days": ("30", "28", "0", "-5", *HOSTILE),
    "--opioids": ("none", "current", "stopped:2026-11-01", "stopped:2026-11-01:methadone",
                  "stopped:9999-99-99", *HOSTILE),
    "--caution": ("pregnancy", "surgery-planned", "nope", *HOSTILE),
}  # fmt: skip
CALENDAR = {
    "--bedtime": ("22:00", "00:30", "09:00", "25:00", "9:30", *HOSTILE),
    "--remind": ("0", "15", "720", "721", "abc", "1_5", "٣٠", "-5", "9" * 40),
    "--tz": ("Europe/London", "America/New_York", "UTC", "Mars/X", "../../etc/passwd", *HOSTILE),
}
COMMANDS: Mapping[str, Mapping[str, Sequence[str]]] = {
    "plan": {
        **SCHEDULE,
        "-o": OUT_VALUES,
        "--format": ("table", "json", "markdown", "fhir", "pdf"),
        "--patient-id": ("abc-123", *HOSTILE),
        "--override": TEXTS,
        "--fhir-version": ("r4", "r5", "r9"),
    },
    # No --publish: it would reach for a CalDAV server (the tests use no network).
    "calendar": {**SCHEDULE, **CALENDAR, "-o": OUT_VALUES, "--title": TEXTS, "--override": TEXTS},
    "handout": {
        **SCHEDULE,
        "-o": OUT_VALUES,
        "--format": ("html", "markdown", "rtf"),  # pdf: see test_pdf_handout_fuzz
        "--patient": TEXTS,
        "--prescriber": TEXTS,
        "--contact": TEXTS,
        "--notes": TEXTS,
        "--paper": ("a4", "letter", "a5"),
        "--override": TEXTS,
    },
    "adjust": {
        "--hold": ("3", "0", "999", *HOSTILE),
        "--step-back": (),
        "--stop-at-current": (),
        "--pause": ("2026-12-05..2026-12-08", "2026-12-08..2026-12-05", "x..y", *HOSTILE),
        "--resume-dose": DOSES,
        "--dose-time": ("morning", "bedtime", "noon"),
        "--at": ("08:00", "22:00", "25:61", *HOSTILE),
        "--discontinue": (),
        "--undo": (),
        "--on": DATES,
        "--reason": TEXTS,
        "-o": OUT_VALUES,
        "--policy": FILE_VALUES,
    },
    "status": {"--on": DATES, "--format": ("text", "json", "xml")},
    "batch": {
        "--out-dir": ("@out", "@folder", "@plan.json", "@" + "x" * 300, "@missing/deeper"),
        "--formats": ("json", "json,ics,html,fhir", "pdf", *HOSTILE),
        "--report": ("@report.csv", "@report.json", "@fifo", "@folder", *HOSTILE[:4]),
        "--policy": FILE_VALUES,
        **CALENDAR,
    },
    "policy": {"--policy": FILE_VALUES},
    "presets": {"--policy": FILE_VALUES},
    # Issue 26: what a patient reported, and the course report.
    "checkin": {
        "--on": DATES,
        "--pain": ("6", "11", "-1", "x", "9" * 40, *HOSTILE[:4]),
        "--sleep": ("7", "10", "0x1"),
        "--rating": ("mood=7", "mood", "=", *HOSTILE[:4]),
        "--side-effect": (
            "vivid-dreams:moderate",
            "other:mild:dry mouth",
            "rash:awful",
            "bogus:mild",
            "other:severe",
            *HOSTILE,
        ),
        "--taken": DOSES,
        "--missed": ("1", "x", "9" * 40),
        "--opioids": ("yes", "no", "maybe"),
        "--note": TEXTS,
        "--from": FILE_VALUES,
        "--skip-bad-rows": (),
        "--void": ("1", "0", "x", "9" * 30),
        "--reason": TEXTS,
        "-o": OUT_VALUES,
        "--policy": FILE_VALUES,
    },
    "report": {"--on": DATES, "-o": (*OUT_VALUES, "@course.html"), "--policy": FILE_VALUES},
}
FLAGS_WITHOUT_VALUE = {"--step-back", "--stop-at-current", "--discontinue", "--undo", "--force",
                       "--skip-bad-rows"}  # fmt: skip
POSITIONAL = {"adjust": FILE_VALUES, "status": FILE_VALUES, "batch": FILE_VALUES,
              "checkin": FILE_VALUES, "report": FILE_VALUES}  # fmt: skip


def _resolve(value: str, root: str) -> str:
    return f"{root}/{value[1:]}" if value.startswith("@") else value


@st.composite
def command_lines(draw: st.DrawFn, command: str) -> list[str]:
    options = COMMANDS[command]
    chosen = draw(st.lists(st.sampled_from(sorted(options)), max_size=8, unique=True))
    argv = [command]
    if command in POSITIONAL:
        argv.append(draw(st.sampled_from(POSITIONAL[command])))
    if command == "policy" and draw(st.booleans()):
        argv += [draw(st.sampled_from(["check", "init"])), draw(st.sampled_from(FILE_VALUES))]
    for flag in chosen:
        if flag in FLAGS_WITHOUT_VALUE or not options[flag]:
            argv.append(flag)
        else:
            argv += [flag, draw(st.sampled_from(options[flag]) | st.text(max_size=12))]
    if draw(st.booleans()):
        argv.append("--force")
    return argv


def run(argv: list[str]) -> None:
    with workspace() as space:
        resolved = [_resolve(arg, str(space.root)) for arg in argv]
        check_run(resolved, space, writes_on_refusal=argv[0] == "batch")


# The regression corpus: command lines that once failed (issue 14), run on every test run.
CORPUS = [
    ["plan", "--start-dose", "2" * 41 + "mcg", "--form", "liquid", "--start-date", "2026-12-01"],
    ["calendar", "--start-dose", "9" * 29, "--start-date", "2026-12-01", "--tz", "Europe/London",
     "-o", "@out.ics"],
    ["plan", "--start-date", "2026-12-01", "-o", "@" + "x" * 300],
    ["batch", "@patients.csv", "--out-dir", "@" + "x" * 300],
    ["plan", "--start-date", "2026-12-01", "-o", "@\udcff.out"],
    ["adjust", "@adjusted.json", "--undo", "-o", "@\udcff.json"],
    ["batch", "@missing.json", "--out-dir", "@out"],
    ["plan", "--plan", "/dev/urandom"],
    ["handout", "--plan", "@fifo", "-o", "@h.html"],
    ["plan", "--plan", "@deep.json"],
    ["plan", "--policy", "@bad-policy.toml", "--form", "liquid", "--concentration", "1mg/mL"],
    ["policy", "check", "@bad-policy.toml"],
    ["plan", "--start-date", "2026-12-01", "-o", "@fifo", "--force"],
    ["plan", "--start-date", "2026-12-01", "-o", "@link-out", "--force"],
    ["calendar", "--remind", "abc", "--bedtime", "09:00", "--tz", "Mars/X", "-o", "@c.ics"],
    ["plan", "--supply-days", "٣٠", "--form", "capsules"],
    ["calendar", "--remind", "1_5", "--tz", "Europe/London", "-o", "@c.ics"],
    ["adjust", "@plan.json", "--hold", "3", "--on", "2026-12-05", "--reason",
     "\u202eevil\u202c \x1b[31mred", "-o", "-"],
    ["handout", "--start-date", "2026-12-01", "--patient", "张伟", "-f", "pdf", "-o", "@h.pdf"],
    ["plan", "--start-date", "9999-12-31"],
    ["status", "@hostile.json"],
    # Issue 26: a FIFO named as the plan once held checkin's lock open forever.
    ["checkin", "@fifo", "--from", "@plan.json", "--missed", "1", "-o", "@out.json"],
    ["checkin", "@fifo", "--pain", "3", "-o", "@out.json"],
]  # fmt: skip


@pytest.mark.parametrize("argv", CORPUS, ids=range(len(CORPUS)))
def test_regression_corpus(argv: list[str]) -> None:
    run(argv)


def _fuzz(command: str, count: int) -> None:
    @fuzz_settings(count)
    @given(command_lines(command))
    def case(argv: list[str]) -> None:
        run(argv)

    case()


@pytest.mark.parametrize(
    ("command", "count"),
    [("plan", 300), ("calendar", 140), ("handout", 140), ("adjust", 240), ("status", 90),
     ("batch", 70), ("policy", 70), ("presets", 40), ("checkin", 120), ("report", 40)],
)  # fmt: skip
def test_hostile_command_lines(command: str, count: int) -> None:
    _fuzz(command, count)


@fuzz_settings(6)
@given(st.sampled_from(TEXTS), st.sampled_from(("a4", "letter")))
@example("张伟", "a4")
def test_pdf_handout_fuzz(patient: str, paper: str) -> None:
    """The PDF handout (slow to draw, so fewer cases): a name is printed or refused by name."""
    run(["handout", "--start-date", "2026-12-01", "-f", "pdf", "--patient", patient,
         "--paper", paper, "-o", "@h.pdf"])  # fmt: skip
