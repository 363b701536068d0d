"""The smallest honest stand-in for `ldn-titrate plan`, to measure the stack's own cost.

A typer command with as many options as `plan` (typer builds a pydantic TypeAdapter for each
parameter when the command runs), a pydantic model, and a rich table: what any CLI on the
mandated stack pays before doing its own work. `bench.py` reports `plan` against it.
"""

from __future__ import annotations

from typing import Annotated

import typer
from pydantic import BaseModel
from rich.console import Console
from rich.table import Table

app = typer.Typer()
Opt = Annotated[str | None, typer.Option()]


class Row(BaseModel):
    step: int
    dose: str


@app.command()
def plan(
    a: Opt = None, b: Opt = None, c: Opt = None, d: Opt = None, e: Opt = None, f: Opt = None,
    g: Opt = None, h: Opt = None, i: Opt = None, j: Opt = None, k: Opt = None, m: Opt = None,
    n: Opt = None, o: Opt = None, p: Opt = None, q: Opt = None, r: Opt = None, s: Opt = None,
    t: Opt = None, u: Opt = None, v: Opt = None, w: Opt = None,
) -> None:  # fmt: skip
    table = Table("Step", "Dose")
    for row in (Row(step=1, dose="1.5 mg"), Row(step=2, dose="2.5 mg")):
        table.add_row(str(row.step), row.dose)
    Console().print(table)


@app.command()
def other() -> None:
    """A second command, so typer builds a group as ldn-titrate does."""


if __name__ == "__main__":
    app()
