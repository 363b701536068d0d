"""Start-up and throughput figures for ldn-titrate, run by hand (tests never assert timings).

    python benchmarks/bench.py [--runs 15] [--json result.json] [--quick]

Every figure is a ratio to a floor measured in the same run, so a busy machine moves both sides:
start-up commands are timed in CPU seconds (user + system of the child), each run paired with a
run of its floor, and the median of the paired ratios is reported. Floors: the bare interpreter
(`python -c pass`), `import typer`, and the stack (`import typer, rich.table, pydantic`).
Throughput (engine, ICS render, batch) is reported per row or per plan. The goals are issue 18's.

Two more floors show what blocks a goal that is not met: a minimal typer app (one command with
fourteen options printing a rich table), alone and with one pydantic model defined, against the
stack; and the file system's own cost of creating, writing and renaming one file, against a
batch row's CPU time. The package is byte-compiled first, so a machine that sets
PYTHONDONTWRITEBYTECODE measures what an installed copy runs, not the compiler.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime
from datetime import time as clock
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PY = sys.executable
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}
START = ["--start-date", "2026-12-01", "--opioids", "none"]
FLOORS = {
    "interpreter": [PY, "-c", "pass"],
    "typer": [PY, "-c", "import typer"],
    "stack": [PY, "-c", "import typer, rich.table, pydantic"],
}


def cpu_seconds(cmd: list[str], cwd: Path) -> float:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(cmd, capture_output=True, check=True, cwd=cwd, env=ENV)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime


def paired_ratio(cmd: list[str], floor: list[str], runs: int, cwd: Path) -> tuple[float, float]:
    """Median of (command / floor) over paired runs, and the command's median CPU seconds."""
    cpu_seconds(cmd, cwd), cpu_seconds(floor, cwd)  # warm the file cache
    ratios, own = [], []
    for _ in range(runs):
        mine, base = cpu_seconds(cmd, cwd), cpu_seconds(floor, cwd)
        ratios.append(mine / base)
        own.append(mine)
    return statistics.median(ratios), statistics.median(own)


MINIMAL_APP = """
from typing import Annotated
import typer
{model}
app = typer.Typer()
@app.command()
def plan(
{options}
) -> None:
    import rich.console, rich.table
    table = rich.table.Table("night", "dose")
    table.add_row("1", "1.5 mg")
    rich.console.Console().print(table)
@app.command()
def other() -> None:
    pass
app()
"""
MODEL = """
from pydantic import BaseModel, ConfigDict
class Step(BaseModel):
    model_config = ConfigDict(frozen=True, defer_build=True)
    dose: str = "1.5"
"""


def minimal_apps(tmp: Path) -> dict[str, list[str]]:
    """The floor of any typer command line on this stack, without and with a pydantic model."""
    options = "\n".join(
        f'    o{n}: Annotated[str | None, typer.Option("--o{n}")] = None,' for n in range(14)
    )
    made = {}
    for name, model in (("typer app", ""), ("typer app + pydantic model", MODEL)):
        script = tmp / f"{name.replace(' ', '-').replace('+', 'and')}.py"
        script.write_text(MINIMAL_APP.format(model=model, options=options), encoding="utf-8")
        made[name] = [PY, str(script), "plan", "--o1", "x"]
    return made


def file_floor(tmp: Path, files: int = 2_000) -> float:
    """CPU milliseconds to create, write (3 KB), close and rename one file in a fresh folder."""
    folder = tmp / "file-floor"
    folder.mkdir()
    data = b"x" * 3_000
    before = os.times()
    for n in range(files):
        temporary = folder / f".f{n}.tmp"
        handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        os.write(handle, data)
        os.close(handle)
        temporary.replace(folder / f"f{n}.json")
    after = os.times()
    return (after.user - before.user + after.system - before.system) * 1000 / files


def startup(runs: int, tmp: Path) -> list[dict[str, object]]:
    plan_file = tmp / "plan.json"
    subprocess.run(
        [PY, "-m", "ldn_titrate", "plan", *START, "-f", "json", "-o", str(plan_file)],
        check=True,
        env=ENV,
    )
    cli = [PY, "-m", "ldn_titrate"]
    cases: list[tuple[str, list[str], str, float | None]] = [
        ("plan (table)", [*cli, "plan", *START], "stack", 1.5),
        ("plan --format json", [*cli, "plan", *START, "-f", "json"], "stack", 1.3),
        ("status PLAN", [*cli, "status", str(plan_file), "--on", "2026-12-10"], "stack", 1.2),
        (
            "calendar",
            [*cli, "calendar", *START, "--tz", "Europe/London", "-o", "-"],
            "stack",
            1.8,
        ),
        ("handout", [*cli, "handout", *START, "-o", "-"], "stack", 1.8),
        ("--version", [PY, "-c", _VERSION], "typer", 0.3),
        ("--version", [PY, "-c", _VERSION], "interpreter", None),
        *((name, cmd, "stack", None) for name, cmd in minimal_apps(tmp).items()),
    ]
    # Issue 26: status of a plan with 50 check-ins and a proposal, against today's status.
    reported = tmp / "reported.json"
    reported.write_text(with_checkins(plan_file, 50), encoding="utf-8")
    status_cmd = [*cli, "status", str(plan_file), "--on", "2026-12-10"]
    floors = {**FLOORS, "status PLAN": status_cmd}
    cases.insert(
        3,
        (
            "status, 50 check-ins + proposal",
            [*cli, "status", str(reported), "--on", "2026-12-10"],
            "status PLAN",
            1.1,
        ),
    )
    figures = []
    for name, cmd, floor, goal in cases:
        ratio, seconds = paired_ratio(cmd, floors[floor], runs, tmp)
        figures.append(
            {
                "figure": name,
                "ratio": round(ratio, 3),
                "floor": floor,
                "goal": goal,
                "cpu_ms": round(seconds * 1000, 1),
                "met": None if goal is None else ratio <= goal,
            }
        )
    return figures


def with_checkins(plan_file: Path, count: int) -> str:
    """The plan with ``count`` check-ins (every night from 1 Nov, a moderate side effect on the
    last: the rules propose a hold), as ``checkin`` writes it."""
    from datetime import timedelta

    from ldn_titrate.core.checkin import Report, Severity, SideEffect
    from ldn_titrate.plans import checkins, planfile
    from ldn_titrate.plans.checkin_fields import Draft
    from ldn_titrate.render import plan_json

    plan = planfile.read(plan_file)
    first = plan.first_night - timedelta(days=20)
    drafts = [
        Draft(on=first + timedelta(days=n % 28), ratings={"pain": 6 - n % 3, "sleep": 5})
        for n in range(count - 1)
    ]
    moderate = Report(effect=SideEffect.VIVID_DREAMS, severity=Severity.MODERATE)
    drafts.append(Draft(on=date(2026, 12, 9), side_effects=[moderate], ratings={"pain": 5}))
    made = datetime(2026, 12, 9, tzinfo=UTC)
    return plan_json.dumps(checkins.record(plan, drafts, made_at=made))


def read_verify_ms(plan_file: Path, count: int, tmp: Path) -> float:
    """Milliseconds to read a plan file of ``count`` check-ins and check it against its digest."""
    from ldn_titrate.plans import integrity, planfile

    path = tmp / f"checkins-{count}.json"
    path.write_text(with_checkins(plan_file, count), encoding="utf-8")
    runs, start = 20, time.perf_counter()
    for _ in range(runs):
        assert integrity.changed_sections(planfile.read(path)) == ()
    return (time.perf_counter() - start) * 1000 / runs


# The console script's own path (entry.main), as `ldn-titrate --version` runs it.
_VERSION = (
    "import sys; sys.argv = ['ldn-titrate', '--version']; "
    "from ldn_titrate.entry import main; main()"
)


PLAN_ID = "00000000-0000-4000-8000-000000000000"


def request(start_mg: str, step_mg: str, interval: int) -> Any:
    """A titration request to 4.5 mg with 28 nights of maintenance, from 1 Dec 2026."""
    from ldn_titrate.core.model import TitrationRequest

    return TitrationRequest(
        start_date=date(2026, 12, 1),
        start_dose_mg=Decimal(start_mg),
        step_mg=Decimal(step_mg),
        interval_days=interval,
        ceiling_mg=Decimal("4.5"),
        maintain_days=28,
    )


def per_second(work: Callable[[], object], seconds: float = 2.0) -> float:
    count, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        work()
        count += 1
    return count / (time.perf_counter() - start)


def engine_rate() -> float:
    """Schedules per second for a 9-step request (0.5 mg steps every 7 nights to 4.5 mg)."""
    from ldn_titrate.core.engine import build_schedule
    from ldn_titrate.core.model import PolicyRef

    ref, nine_steps = PolicyRef(source="built-in", sha256="0" * 64), request("0.5", "0.5", 7)
    return per_second(lambda: build_schedule(nine_steps, policy=ref, plan_id=PLAN_ID))


def ics_rate() -> float:
    """Plans rendered to .ics per second (the standard preset, London)."""
    from ldn_titrate.core.engine import build_schedule
    from ldn_titrate.core.model import PolicyRef
    from ldn_titrate.render.calendar.ics import CalendarOptions, render

    ref = PolicyRef(source="built-in", sha256="0" * 64)
    schedule = build_schedule(request("1.5", "1", 14), policy=ref, plan_id=PLAN_ID)
    options = CalendarOptions(
        bedtime=clock(22, 0), tz="Europe/London", stamp=datetime(2026, 11, 24, tzinfo=UTC)
    )
    return per_second(lambda: render(schedule, options))


# A clinic's mix: presets, explicit ladders, liquids and capsules.
ROW_KINDS = (
    "{id},standard,2026-12-01,,,,,,,,,,,none",
    "{id},gentle,2026-12-02,,,,,,,,,,,none",
    "{id},weekly,2026-12-03,,,,,,,,,,,none",
    "{id},autoimmune,2026-12-04,,,,,,,,,,,none",
    "{id},,2026-12-05,1,1,2w,4.5,4w,,,,,,none",
    "{id},,2026-12-06,500mcg,0.5,7,3,28,,,,,,none",
    "{id},standard,2026-12-07,,,,,,liquid,1mg/mL,,,30,none",
    "{id},gentle,2026-12-08,,,,,,liquid,5mg/mL,1mL,,30,none",
    '{id},,2026-12-09,1.5,1.5,14,4.5,28,capsules,,,"1.5,3,4.5",,none',
    "{id},three-step,2026-12-10,,,,,,capsules,,,,,none",
)
HEADER = (
    "id,preset,start_date,start_dose,step,interval,ceiling,maintain,form,concentration,"
    "syringe,strengths,supply_days,opioids"
)


def batch(rows: int, formats: str, tmp: Path) -> dict[str, object]:
    """Wall and CPU seconds and peak RSS of one `batch` run over a fresh output folder."""
    source = tmp / f"patients-{rows}.csv"
    lines = [HEADER, *(ROW_KINDS[n % len(ROW_KINDS)].format(id=f"p{n:05d}") for n in range(rows))]
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp / f"out-{rows}-{formats.replace(',', '-')}"
    cmd = [PY, "-m", "ldn_titrate", "batch", str(source), "--out-dir", str(out),
           "--formats", formats, "--tz", "Europe/London", "--force"]  # fmt: skip
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(cmd, capture_output=True, check=False, env=ENV)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return {
        "figure": f"batch {rows:,} rows, {formats}",
        "wall_s": round(wall, 2),
        "cpu_ms_per_row": round(cpu * 1000 / rows, 3),
        "peak_rss_mib": round(after.ru_maxrss / 1024, 1),  # the largest child so far
    }


def pdf_figures(runs: int, tmp: Path) -> list[dict[str, object]]:
    """Issue 25's goals: `handout --preset standard --format pdf -o x.pdf` end to end in at most
    1.5 s of CPU (median of ``runs``), and the render alone (HTML to PDF bytes) in at most 1 s."""
    target = tmp / "x.pdf"
    cmd = [PY, "-m", "ldn_titrate", "handout", "--preset", "standard", *START, "--format", "pdf",
           "-o", str(target), "--force", "-q"]  # fmt: skip
    cpu_seconds(cmd, tmp)  # warm the file cache and the font cache
    whole = statistics.median(cpu_seconds(cmd, tmp) for _ in range(runs))
    probe = (
        f"import time, sys; sys.path.insert(0, {str(ROOT)!r})\n"
        "from tests.handout_helpers import options, schedule\n"
        "from ldn_titrate.render.handout import pdf\n"
        "plan, opts = schedule(), options(); pdf.render(plan, opts)\n"
        "spent = []\n"
        f"for _ in range({runs}):\n"
        "    start = time.process_time(); pdf.render(plan, opts)\n"
        "    spent.append(time.process_time() - start)\n"
        "print(sorted(spent)[len(spent) // 2])\n"
    )
    result = subprocess.run([PY, "-c", probe], capture_output=True, text=True, check=True, env=ENV)
    render = float(result.stdout.strip().splitlines()[-1])
    return [
        {"figure": "handout --format pdf (end to end)", "cpu_ms": round(whole * 1000, 1),
         "goal_cpu_ms": 1500, "met": whole <= 1.5},
        {"figure": "PDF render alone", "cpu_ms": round(render * 1000, 1), "goal_cpu_ms": 1000,
         "met": render <= 1.0},
    ]  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="paired runs per start-up figure")
    parser.add_argument("--batch-rows", type=int, default=10_000)
    parser.add_argument("--all-formats-rows", type=int, default=1_000)
    parser.add_argument("--pdf-rows", type=int, default=100, help="rows of the PDF batch")
    parser.add_argument("--only-pdf", action="store_true", help="the PDF figures alone")
    parser.add_argument("--json", type=Path, help="write the figures here as JSON too")
    parser.add_argument("--quick", action="store_true", help="3 runs, 1,000 batch rows")
    # python benchmarks/bench.py --only-pdf --pdf-rows 100: issue 25's figures alone
    args = parser.parse_args()
    if args.quick:
        args.runs, args.batch_rows, args.all_formats_rows = 3, 1_000, 200
    import compileall

    compileall.compile_dir(ROOT / "ldn_titrate", quiet=1)
    with tempfile.TemporaryDirectory(prefix="ldn-bench-") as name:
        tmp = Path(name)
        figures: list[dict[str, object]] = pdf_figures(args.runs, tmp)
        figures.append(batch(args.pdf_rows, "json,pdf", tmp))
        if not args.only_pdf:
            figures += others(args, tmp)
    for figure in figures:
        print("  ".join(f"{key}={value}" for key, value in figure.items()))
    if args.json:
        result = {
            "date": datetime.now(UTC).isoformat(timespec="seconds"),
            "machine": f"{platform.machine()}, {os.cpu_count()} cores, "
            f"Python {platform.python_version()}",
            "runs": args.runs,
            "figures": figures,
        }
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


def others(args: argparse.Namespace, tmp: Path) -> list[dict[str, object]]:
    """Issue 18's figures: start-up, engine, ICS, the file floor and the batches."""
    figures: list[dict[str, object]] = startup(args.runs, tmp)
    figures.append(
        {"figure": "read + verify, 500 check-ins",
         "ms": round(read_verify_ms(tmp / "plan.json", 500, tmp), 1)}
    )  # fmt: skip
    figures.append({"figure": "engine", "per_s": round(engine_rate()), "goal": 20_000})
    figures.append({"figure": "ICS render", "per_s": round(ics_rate(), 1), "goal": 300})
    floor_ms = file_floor(tmp)
    figures.append({"figure": "file floor", "cpu_ms_per_file": round(floor_ms, 3)})
    figures.append(batch(args.batch_rows, "json", tmp) | {"goal_cpu_ms_per_row": 0.6})
    figures.append(
        batch(args.all_formats_rows, "json,ics,html,fhir", tmp) | {"goal_cpu_ms_per_row": 5}
    )
    return figures


if __name__ == "__main__":
    main()
