"""Start-up and throughput figures for ldn-titrate, run by hand (tests never assert timings).

    python benchmarks/bench.py [--runs 30]

Reports, on this machine in one run:
- median wall time of `ldn-titrate plan` against the floor of the mandated stack
  (`python -c "import typer, rich.table; from pydantic import BaseModel"`), goal ratio <= 1.25;
- median wall time of `ldn-titrate --version` against `python -c "import typer"`, goal <= 1.10;
- engine schedules per second, goal >= 10,000/s.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
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
    from ldn_titrate.engine import build_schedule
    from ldn_titrate.model import PolicyRef, TitrationRequest

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    py = sys.executable
    floor = wall([py, "-c", "import typer, rich.table; from pydantic import BaseModel"], args.runs)
    plan = wall([py, "-m", "ldn_titrate", "plan", "--start-date", "2026-12-01"], args.runs)
    typer_floor = wall([py, "-c", "import typer"], args.runs)
    version = wall([py, "-m", "ldn_titrate", "--version"], args.runs)
    rate = engine_rate()
    rows = [
        ("stack floor (typer, rich.table, pydantic)", floor, ""),
        ("ldn-titrate plan", plan, f"ratio {plan / floor:.2f} (goal <= 1.25)"),
        ("typer floor", typer_floor, ""),
        ("ldn-titrate --version", version, f"ratio {version / typer_floor:.2f} (goal <= 1.10)"),
    ]
    for name, seconds, note in rows:
        print(f"{name:44} {seconds * 1000:7.1f} ms  {note}")
    print(f"{'engine':44} {rate:9,.0f} schedules/s (goal >= 10,000)")


if __name__ == "__main__":
    main()
