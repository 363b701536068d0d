"""The command line: typer commands that parse, call the layers below, and write.

What lives here: the typer application (:mod:`.app`), one module per command, the typer option
declarations (:mod:`.options`), and the two things that touch the machine on the user's behalf, the
clock (:mod:`.clock`) and the machine's time zone (:mod:`.timezone`). This is the top layer: it
may import every other package of ldn_titrate, and it is the only package that imports typer.
Nothing imports it but the console entry point (:mod:`ldn_titrate.entry`).
"""

from __future__ import annotations

import os

from ldn_titrate.cli.app import APP_NAME, app

__all__ = ["app", "main"]


def main() -> None:
    # Pydantic plugins (third-party observability hooks) have no business in a CLI run, and
    # discovering them reads every installed package's metadata: a tenth of the start-up time.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    app(prog_name=APP_NAME)
