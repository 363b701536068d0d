"""One truth (issue 24): every file ldn-titrate writes reads back as written, and every output
tells each night the same dose with the same terms.

A hypothesis state machine drives the real command line as a clinician chains it: a plan of any
regimen form, formulation, added dose, ongoing maintenance, patient id and language; then any
chain of adjustments, undo included. After every step it reads the newest plan file back and
checks that:

- it verifies: no NOT AS WRITTEN, and the next adjustment is never refused for integrity;
- ``plan --plan F --format json -o -`` re-emits it byte for byte;
- the table, plan Markdown, plan JSON, handout (Markdown and HTML, and the patient's language),
  calendar, ``status`` (text and JSON) and FHIR each give every night the dose and the terms
  worked out here from the plan file's steps (tests/one_truth_readers.py reads each output
  with a parser, never with the renderers' helpers).

This is the project's guard for what later issues add to a plan: a new command or adjustment
kind joins the machine. Issue 26 added interval ranges (clinician- and patient-gated), ``checkin``
(one, a CSV import, a void) and ``adjust --accept``: a check-in never changes a dose, and every
output still tells each night the same dose and terms. CI runs a short search; by hand, a long one:

    pytest tests/test_one_truth.py --hypothesis-profile=one-truth

Every failure it ever found is kept below as an explicit chain (``FOUND``).
"""

from __future__ import annotations

import json
import shutil
import tempfile
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, assume, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule
from typer.testing import CliRunner

from ldn_titrate.cli import app
from tests import one_truth_readers as read
from tests.test_calendar_adjusted import expand

START = date(2026, 12, 1)  # the tests' today is 2026-11-24 (SOURCE_DATE_EPOCH)

# Regimen forms, each as options a clinician types.
REGIMENS: dict[str, tuple[str, ...]] = {
    "standard": ("--preset", "standard"),
    "gentle": ("--preset", "gentle"),
    "weekly": ("--preset", "weekly"),
    "custom": ("--start-dose", "0.5", "--step", "0.5", "--interval", "14", "--ceiling", "3"),
    "ultra-low": ("--start-dose", "0.1", "--step", "0.1", "--interval", "7", "--ceiling", "0.5"),
    "ladder": ("--doses", "1,2,3,4.5", "--interval", "14"),
    "phases": ("--start-dose", "0.5", "--phase", "0.5mg/7d:1.5mg", "--phase", "1mg/14d:4.5mg"),
    "months": ("--preset", "standard", "--interval", "1m"),
    # Issue 26: an interval range, clinician-gated (built-in) and patient-gated (a policy).
    "range": ("--preset", "standard", "--interval", "7-14d"),
    "patient-gated": ("--preset", "weekly", "--interval", "3-7d", "--policy", "PATIENT"),
}
TODAY = date(2026, 11, 24)
FORMS: dict[str, tuple[str, ...]] = {
    "none": (),
    "liquid": ("--form", "liquid", "--concentration", "1mg/mL", "--supply-days", "30"),
    "capsules": ("--form", "capsules"),
}

plans = st.fixed_dictionaries(
    {
        "regimen": st.sampled_from(sorted(REGIMENS)),
        "form": st.sampled_from(sorted(FORMS)),
        "also": st.booleans(),
        "ongoing": st.booleans(),
        "patient": st.booleans(),
        "language": st.sampled_from(["en", "es"]),
    }
)

KINDS = ("hold", "step-back", "advance", "stop-at-current", "resume", "renew", "pause",
         "morning", "bedtime", "discontinue", "caution", "clear-caution", "opioids-current",
         "opioids-stopped", "opioids-planned")  # fmt: skip


class Runner:
    """The command line in a fixed world: wide enough that no table row wraps."""

    def __init__(self) -> None:
        self.runner = CliRunner()

    def __call__(self, *args: str) -> Any:
        return self.runner.invoke(app, list(args), env={"COLUMNS": "220"}, catch_exceptions=False)


class OneTruth(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.folder = Path(tempfile.mkdtemp(prefix="one-truth-"))
        self.cli = Runner()
        self.count = 0
        self.plan: Path | None = None
        self.language = "en"
        self.chain: list[str] = []

    def teardown(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)

    def _next(self) -> Path:
        self.count += 1
        return self.folder / f"p{self.count}.json"

    @initialize(spec=plans)
    def make_plan(self, spec: dict[str, Any]) -> None:
        policy = self.folder / "patient.toml"
        policy.write_text('[gates]\ninterval_mode = "patient"\n', encoding="utf-8")
        regimen = [str(policy) if arg == "PATIENT" else arg for arg in REGIMENS[spec["regimen"]]]
        args = ["plan", *regimen, *FORMS[spec["form"]]]
        args += ["--start-date", START.isoformat(), "--opioids", "none"]
        if spec["also"]:
            args += ["--also", "0.5mg@08:00"]
        if spec["ongoing"]:
            args += ["--maintain", "ongoing"]
        if spec["patient"]:
            args += ["--patient-id", "pat-0042"]
        self.language = spec["language"]
        out = self._next()
        result = self.cli(*args, "--format", "json", "-o", str(out))
        # A regimen the formulation cannot make (0.1 mg from capsules) is refused, as it must be.
        assert result.exit_code in (0, 2), result.output
        assume(result.exit_code == 0)
        self.plan = out
        self.chain.append(" ".join(args))
        check(self.cli, out, self.language)

    @rule(kind=st.sampled_from(KINDS), offset=st.integers(0, 150), nights=st.integers(1, 21))
    def adjust(self, kind: str, offset: int, nights: int) -> None:
        assert self.plan is not None
        on = self.first_night() + timedelta(days=offset)
        args = adjustment(kind, on, nights)
        self.apply(args)

    @rule()
    def undo(self) -> None:
        self.apply(["--undo"])

    # Issue 26: check-ins (one, an import, a void) and accepting the rules' proposal.
    @rule(back=st.integers(0, 20), pain=st.integers(0, 10),
          severity=st.sampled_from(["none", "mild", "moderate", "severe"]))  # fmt: skip
    def checkin(self, back: int, pain: int, severity: str) -> None:
        on = TODAY - timedelta(days=back)
        self.record(["--on", on.isoformat(), "--pain", str(pain),
                     "--side-effect", f"vivid-dreams:{severity}"])  # fmt: skip

    @rule(back=st.integers(0, 20), pain=st.integers(0, 10))
    def import_calls(self, back: int, pain: int) -> None:
        assert self.plan is not None
        plan_id = json.loads(self.plan.read_text(encoding="utf-8"))["id"]
        calls = self.folder / f"calls{self.count}.csv"
        on = (TODAY - timedelta(days=back)).isoformat()
        calls.write_text(f"plan_id,date,pain,missed\n{plan_id},{on},{pain},3\n", encoding="utf-8")
        self.record(["--from", str(calls)])

    @rule(number=st.integers(1, 4))
    def void(self, number: int) -> None:
        self.record(["--void", str(number), "--reason", "entered in error"])

    @rule(offset=st.integers(0, 60))
    def accept(self, offset: int) -> None:
        assert self.plan is not None
        night = (self.first_night() + timedelta(days=offset)).isoformat()
        status = self.cli("status", str(self.plan), "--on", night, "--format", "json")
        proposal = json.loads(status.stdout).get("proposal")
        if proposal is None or proposal["propose"] == "review":
            out = self._next()
            stale = self.cli("adjust", str(self.plan), "--accept", "000000", "--on", night,
                             "--reason", "t", "-o", str(out))  # fmt: skip
            assert stale.exit_code == 2, stale.output  # no such proposal: refused
            assert not out.exists()
            return
        self.apply(["--accept", proposal["id"], "--on", night])

    def record(self, args: list[str]) -> None:
        assert self.plan is not None
        out = self._next()
        result = self.cli("checkin", str(self.plan), *args, "-o", str(out))
        self.chain.append("checkin " + " ".join(args))
        before = json.loads(self.plan.read_text(encoding="utf-8"))
        if result.exit_code == 0 and out.exists():
            after = json.loads(out.read_text(encoding="utf-8"))
            assert after["steps"] == before["steps"], self.chain  # a check-in changes no dose
            self.plan = out
            check(self.cli, out, self.language)
            return
        assert result.exit_code in (0, 2), result.output  # a void of no check-in; a duplicate
        assert "digest" not in result.output, (self.chain, result.output)
        assert not out.exists()

    def apply(self, args: list[str]) -> None:
        assert self.plan is not None
        out = self._next()
        result = self.cli("adjust", str(self.plan), *args, "--reason", "test", "-o", str(out))
        self.chain.append(" ".join(args))
        if result.exit_code == 0:
            self.plan = out
            check(self.cli, out, self.language)
            return
        # A refusal is the adjustment's own rule, never the file's integrity, and writes nothing.
        assert result.exit_code == 2, result.output
        assert "digest" not in result.output, (self.chain, result.output)
        assert "changed after" not in result.output, (self.chain, result.output)
        assert not out.exists()

    @invariant()
    def verifies(self) -> None:
        if self.plan is not None:
            status = self.cli("status", str(self.plan), "--on", START.isoformat())
            assert "NOT AS WRITTEN" not in status.output, self.chain

    def first_night(self) -> date:
        assert self.plan is not None
        data = json.loads(self.plan.read_text(encoding="utf-8"))
        return date.fromisoformat(data["steps"][0]["start"])


def adjustment(kind: str, on: date, nights: int) -> list[str]:
    when = ["--on", on.isoformat()]
    match kind:
        case "hold":
            return ["--hold", str(nights), *when]
        case "renew":
            return ["--renew", f"{nights * 2}d", *when]
        case "pause":
            last = on + timedelta(days=min(nights, 10))
            return ["--pause", f"{on}..{last}", *when]
        case "morning":
            return ["--dose-time", "morning", "--at", "08:00", *when]
        case "bedtime":
            return ["--dose-time", "bedtime", *when]
        case "caution" | "clear-caution":  # the screen follows the patient (issue 27)
            return [f"--{kind}", ("pregnancy", "thyroid-replacement")[nights % 2], *when]
        case "opioids-current":  # an end known (a pause) or not (discontinued)
            until = ["--until", (on + timedelta(days=nights)).isoformat()] if nights % 2 else []
            return ["--opioids", "current:tramadol", *until, *when]
        case "opioids-stopped":  # restarts a paused or discontinued plan after the washout
            return ["--opioids", f"stopped:{on}"]
        case "opioids-planned":  # LDN stops the policy's nights before the procedure
            until = ["--until", (on + timedelta(days=nights)).isoformat()] if nights % 2 else []
            return ["--opioids", f"planned:{on}:codeine", *until]
        case _:
            return [f"--{kind}", *when]


def check(cli: Runner, plan: Path, language: str) -> None:
    """Every invariant of one truth, for the plan file at ``plan``."""
    text = plan.read_text(encoding="utf-8")
    data = json.loads(text)
    where = f"{plan.name} (revision {data['revision']})"
    # It reads back as written, byte for byte.
    again = cli("plan", "--plan", str(plan), "--format", "json", "-o", "-")
    assert again.exit_code == 0, (where, again.output)
    assert again.stdout == text, where
    assert "NOT AS WRITTEN" not in again.output, where
    expected = read.oracle(data)
    taken = {night: value for night, value in expected.items() if value[0] > 0}
    last = max(expected)

    table = cli("plan", "--plan", str(plan))
    assert table.exit_code == 0, table.output
    assert "NOT AS WRITTEN" not in table.output, where
    assert read.terminal_nights(table.stdout) == expected, where

    markdown = cli("plan", "--plan", str(plan), "--format", "markdown")
    assert read.markdown_nights(markdown.stdout, "Step") == expected, where

    handout_md = cli("handout", "--plan", str(plan), "--format", "markdown", "-o", "-")
    assert handout_md.exit_code == 0, handout_md.output
    rows = read.markdown_nights(handout_md.stdout, "From")
    assert rows == expected, where
    html = cli("handout", "--plan", str(plan), "-o", "-")
    assert read.html_nights(html.stdout) == expected, where
    if language != "en":
        spoken = cli(
            "handout", "--plan", str(plan), "--format", "markdown", "--language", language,
            "-o", "-",
        )  # fmt: skip
        assert spoken.exit_code == 0, spoken.output
        english = read.markdown_sequence(handout_md.stdout, "From", "en")
        assert read.markdown_sequence(spoken.stdout, "Desde", language) == english, where

    calendar = cli(
        "calendar", "--plan", str(plan), "--tz", "Europe/London", "--language", language,
        "-o", "-",
    )  # fmt: skip
    assert calendar.exit_code == 0, calendar.output
    reminded = read.calendar_nights(expand(calendar.stdout_bytes), data, language)
    assert reminded == read.calendar_expected(data, taken), where

    fhir = cli("plan", "--plan", str(plan), "--format", "fhir")
    assert fhir.exit_code == 0, fhir.output
    assert read.fhir_nights(json.loads(fhir.stdout), last) == taken, where

    for night in read.sample_nights(data):
        status = cli(
            "status", str(plan), "--on", night.isoformat(), "--format", "json",
            "--language", language,
        )  # fmt: skip
        assert status.exit_code == 0, status.output
        now = json.loads(status.stdout, parse_float=Decimal)
        assert now["as_written"] is True, where
        assert read.status_night(now, language) == expected[night], (where, night, now["text"])


@pytest.fixture(autouse=True)
def _plain_world(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "220")


# A short search in CI (the plans, chains and outputs are many, and each check runs a dozen
# commands); --hypothesis-profile=one-truth (tests/conftest.py) runs a long one by hand.
LONG = settings.get_current_profile_name() == "one-truth"
OneTruth.TestCase.settings = settings(
    max_examples=400 if LONG else 25,
    stateful_step_count=12 if LONG else 5,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=not LONG,
    # In CI a failure is reported as found (its chain is printed whole): shrinking a chain of
    # full command-line runs can take minutes.
    phases=list(Phase) if LONG else [Phase.explicit, Phase.reuse, Phase.generate],
)
TestOneTruth = OneTruth.TestCase


# Every chain the machine (or a person) ever found broken, replayed on every run.
FOUND: list[tuple[str, tuple[str, ...], list[list[str]]]] = [
    # Issue 24.1: a whole-mg dose in the history made every later command read the plan as
    # edited by hand.
    (
        "en",
        ("--preset", "gentle"),
        [["--step-back", "--on", "2027-03-15"], ["--hold", "3", "--on", "2027-03-20"]],
    ),
    # Issue 24.2: after a hold and a step back, the later steps fell back to the retried dose.
    (
        "es",
        ("--preset", "standard"),
        [["--hold", "7", "--on", "2026-12-16"], ["--step-back", "--on", "2027-01-07"]],
    ),
    # Found by the machine: the reminders of ongoing maintenance past the last night dropped
    # the terms of the step they continue.
    (
        "en",
        ("--preset", "standard", "--maintain", "ongoing", "--also", "0.5mg@08:00"),
        [["--step-back", "--on", "2026-12-20"]],
    ),
    # A pause after a step back clears the condition: the restart is low again.
    (
        "en",
        ("--preset", "standard", "--form", "liquid", "--concentration", "1mg/mL"),
        [
            ["--step-back", "--on", "2026-12-20"],
            ["--pause", "2027-01-10..2027-01-14", "--on", "2027-01-10"],
            ["--undo"],
        ],
    ),
    # The opioid screen follows the patient (issue 27): a pause to the washout, an early stop,
    # undo; a procedure with no known end (discontinued) and the restart after it.
    (
        "es",
        ("--preset", "standard", "--form", "liquid", "--concentration", "1mg/mL"),
        [
            ["--opioids", "current:tramadol", "--until", "2026-12-20", "--on", "2026-12-15"],
            ["--opioids", "stopped:2026-12-17"],
            ["--undo"],
            ["--undo"],
            ["--opioids", "planned:2026-12-24:codeine"],
            ["--opioids", "stopped:2026-12-26"],
        ],
    ),
]


@pytest.mark.parametrize(("language", "regimen", "chain"), FOUND)
def test_found_chains_tell_one_truth(
    language: str, regimen: tuple[str, ...], chain: list[list[str]], tmp_path: Path
) -> None:
    cli = Runner()
    start = "2027-03-01" if "gentle" in regimen else START.isoformat()
    plan = tmp_path / "p0.json"
    made = cli("plan", *regimen, "--start-date", start, "--opioids", "none", "-f", "json",
               "-o", str(plan))  # fmt: skip
    assert made.exit_code == 0, made.output
    check(cli, plan, language)
    for number, args in enumerate(chain, start=1):
        out = tmp_path / f"p{number}.json"
        result = cli("adjust", str(plan), *args, "--reason", "found", "-o", str(out))
        assert result.exit_code == 0, (args, result.output)
        plan = out
        check(cli, plan, language)
