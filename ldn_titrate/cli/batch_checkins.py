"""``batch CALLS.csv --plans DIR --out-dir OUT [--proposals]``: check-ins for many plans at once.

Kept apart from :mod:`ldn_titrate.cli.batch` (which plans patients from a CSV). A bad row is
reported and skipped, the others recorded (exit 2 when any row was refused), as in a planning
batch; each plan with new check-ins is written to OUT under its own file name.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from ldn_titrate.core.errors import ExitCode, InputError, Problems

PLANS = (
    "The CSV is a call log of check-ins (see checkin --from): record each row into the plan in "
    "DIR it names; plans with new check-ins go to --out-dir."
)
PROPOSALS = "With --plans: list every plan's tonight and the rules' proposal (prescribers)."
PlansOpt = Annotated[Path | None, typer.Option("--plans", metavar="DIR", help=PLANS)]
ProposalsOpt = Annotated[bool, typer.Option("--proposals", help=PROPOSALS)]


def run(
    csv_file: Path, plans_dir: Path | None, out_dir: Path, proposals: bool, force: bool,
    policy: Path | None,
) -> int:  # fmt: skip
    from ldn_titrate.cli import clock
    from ldn_titrate.cli.app import config_dir
    from ldn_titrate.core import output as out
    from ldn_titrate.core.infile import read_limited
    from ldn_titrate.plans.checkin_batch import clinic_list, read_plans, record_all
    from ldn_titrate.plans.checkin_import import MAX_CSV_BYTES
    from ldn_titrate.rules import policy_file as policies

    if plans_dir is None:
        raise InputError("--proposals goes with --plans DIR (the plan files to read)")
    today, now = clock.today(), clock.now()
    problems = Problems()
    loaded = problems.collect(lambda: policies.resolve(policy, config_dir()))
    raw = problems.collect(lambda: read_limited(csv_file, f"CSV {csv_file}", MAX_CSV_BYTES))
    if not plans_dir.is_dir():
        problems.add(f"--plans {plans_dir}: not a folder of plan files")
    problems.collect(lambda: out.check_folder(out_dir, f"--out-dir {out_dir}"))
    problems.raise_if_any()
    assert loaded is not None and raw is not None  # noqa: PT018
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(f"CSV {csv_file}: not UTF-8 text; save it as CSV UTF-8") from None
    plans, unusable = read_plans(plans_dir)
    done, bad = record_all(
        text, str(csv_file), plans, loaded.policy.gates.directions(), today=today, made_at=now
    )
    modes = loaded.policy.output.modes()
    out.make_folder(out_dir, f"--out-dir {out_dir}", modes)
    from ldn_titrate.render import plan_json

    written = {}
    for plan, new, found in done:
        if new is not plan.schedule:
            target = out_dir / plan.path.name
            try:
                out.write(plan_json.dumps(new), str(target), force, modes)
            except InputError as error:
                bad += error.problems
                continue
            written[plan.path] = new
        sys.stdout.write(f"{plan.path.name}: {found.summary()}\n")
    for line in [*unusable, *bad]:
        sys.stderr.write(f"error: {line}\n")
    if proposals:
        current = [(p.path, written.get(p.path, p.schedule)) for p in plans]
        sys.stdout.write(clinic_list(current, loaded, today))
    return int(ExitCode.BAD_INPUT if bad or unusable else ExitCode.OK)
