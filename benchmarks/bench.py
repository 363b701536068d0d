"""Start-up and throughput figures for ldn-titrate, run by hand (tests never assert timings).

    python benchmarks/bench.py [--runs 30]

Reports, on this machine in one run:
- median wall time of `ldn-titrate plan` against the floor of the mandated stack
  (`python -c "import typer, rich.table; from pydantic import BaseModel"`), goal ratio <= 1.25;
- median wall time of `ldn-titrate --version` against `python -c "import typer"`, goal <= 1.10;
- engine schedules per second, goal >= 10,000/s;
- `ldn-titrate batch` of 10,000 generated rows with json output, goal < 5 s (wall, with the CPU
  time beside it: file-system noise shows as wall time well above CPU time);
- `batch` with every format (fewer rows, as rows per second: icalendar is the slow part).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def wall(cmd: list[str], runs: int) -> float:
    subprocess.run(cmd, capture_output=True, check=True)  # warm the file cache
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, capture_output=True, check=True, cwd=ROOT)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def engine_rate(seconds: float = 2.0) -> float:
    from ldn_titrate.core.engine import build_schedule
    from ldn_titrate.core.model import PolicyRef, TitrationRequest

    ref = PolicyRef(source="built-in", sha256="0" * 64)
    request = TitrationRequest(
        start_date=date(2026, 12, 1),
        start_dose_mg=Decimal("0.5"),
        step_mg=Decimal("0.5"),
        interval_days=7,
        ceiling_mg=Decimal("4.5"),
        maintain_days=28,
    )
    count, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        for _ in range(500):
            build_schedule(request, policy=ref)
        count += 500
    return count / (time.perf_counter() - start)


# A clinic's mix: presets, explicit ladders, liquids and capsules.
ROW_KINDS = (
    "{id},standard,2026-12-01,,,,,,,,,,",
    "{id},gentle,2026-12-02,,,,,,,,,,",
    "{id},weekly,2026-12-03,,,,,,,,,,",
    "{id},autoimmune,2026-12-04,,,,,,,,,,",
    "{id},,2026-12-05,1,1,2w,4.5,4w,,,,,",
    "{id},,2026-12-06,500mcg,0.5,7,3,28,,,,,",
    "{id},standard,2026-12-07,,,,,,liquid,1mg/mL,,,30",
    "{id},gentle,2026-12-08,,,,,,liquid,5mg/mL,1mL,,30",
    '{id},,2026-12-09,1.5,1.5,14,4.5,28,capsules,,,"1.5,3,4.5",',
    "{id},three-step,2026-12-10,,,,,,capsules,,,,",
)
HEADER = (
    "id,preset,start_date,start_dose,step,interval,ceiling,maintain,form,concentration,"
    "syringe,strengths,supply_days"
)


def write_rows(path: Path, count: int) -> None:
    lines = [HEADER]
    lines += [ROW_KINDS[n % len(ROW_KINDS)].format(id=f"p{n:05d}") for n in range(count)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def batch_run(rows: int, formats: str, runs: int) -> tuple[float, float]:
    """Median wall and CPU (user + sys) seconds of `batch` over fresh output folders."""
    walls, cpus = [], []
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    with tempfile.TemporaryDirectory(prefix="ldn-bench-") as tmp:
        source = Path(tmp) / "patients.csv"
        write_rows(source, rows)
        for run in range(runs):
            out = str(Path(tmp) / f"out{run}")
            cmd = [sys.executable, "-m", "ldn_titrate", "batch", str(source), "--out-dir", out,
                   "--formats", formats, "--tz", "Europe/London"]  # fmt: skip
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            subprocess.run(cmd, capture_output=True, check=True, env=env)
            walls.append(time.perf_counter() - start)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(walls), statistics.median(cpus)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--batch-rows", type=int, default=10_000)
    parser.add_argument("--batch-runs", type=int, default=3)
    parser.add_argument("--all-formats-rows", type=int, default=1_000)
    args = parser.parse_args()
    py = sys.executable
    floor = wall([py, "-c", "import typer, rich.table; from pydantic import BaseModel"], args.runs)
    plan = wall([py, "-m", "ldn_titrate", "plan", "--start-date", "2026-12-01"], args.runs)
    prototype = wall([py, str(ROOT / "benchmarks" / "prototype.py"), "plan"], args.runs)
    typer_floor = wall([py, "-c", "import typer"], args.runs)
    version = wall([py, "-m", "ldn_titrate", "--version"], args.runs)
    rate = engine_rate()
    rows = [
        ("stack floor (typer, rich.table, pydantic)", floor, ""),
        ("minimal typer + pydantic + rich prototype", prototype, f"ratio {prototype / floor:.2f}"),
        (
            "ldn-titrate plan",
            plan,
            f"ratio {plan / floor:.2f} (goal <= 1.25); {plan / prototype:.2f} of the prototype",
        ),
        ("typer floor", typer_floor, ""),
        ("ldn-titrate --version", version, f"ratio {version / typer_floor:.2f} (goal <= 1.10)"),
    ]
    for name, seconds, note in rows:
        print(f"{name:44} {seconds * 1000:7.1f} ms  {note}")
    print(f"{'engine':44} {rate:9,.0f} schedules/s (goal >= 10,000)")
    wall_json, cpu_json = batch_run(args.batch_rows, "json", args.batch_runs)
    print(
        f"{f'batch {args.batch_rows:,} rows, json':44} {wall_json:7.2f} s   "
        f"cpu {cpu_json:.2f} s, {args.batch_rows / wall_json:,.0f} rows/s (goal < 5 s)"
    )
    everything = "json,ics,fhir,html"
    rows = args.all_formats_rows
    wall_all, cpu_all = batch_run(rows, everything, 1)
    print(
        f"{f'batch {rows:,} rows, {everything}':44} {wall_all:7.2f} s   "
        f"cpu {cpu_all:.2f} s, {rows / wall_all:,.0f} rows/s"
    )


if __name__ == "__main__":
    main()
