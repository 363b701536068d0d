"""The console script's entry point: answers ``--version`` before loading the command line.

``ldn-titrate --version`` is what scripts and package managers call most; it needs neither
typer nor any command, so it is answered from the package's own constant.
"""

from __future__ import annotations

import sys


def main() -> None:
    if sys.argv[1:] == ["--version"]:
        from ldn_titrate import __version__

        sys.stdout.write(f"ldn-titrate {__version__}\n")
        return
    from ldn_titrate.cli import main as run

    run()
