"""System programs some tests drive (not Python packages, so ``pip install '.[test]'`` cannot
bring them): the shells the completion scripts run in, and Chromium for the printed handout.

A test that needs one calls :func:`program`: on a machine without it the test is skipped, saying
which program is missing and the command that installs it, so README's test command passes on
a fresh machine. Under CI (``CI`` set) a missing program fails the test instead: ``.ci/run``
installs every one of them, so CI runs every test.
"""

from __future__ import annotations

import os
import shutil

import pytest

# The Debian packages (what .ci/run installs), by program; bash runs .ci/run itself.
INSTALL = {
    "bash": "apt-get install bash",
    "zsh": "apt-get install zsh",
    "fish": "apt-get install fish",
    "chromium": "apt-get install chromium fonts-dejavu-core",
}


def program(name: str) -> str:
    """The path of the system program ``name``; the test is skipped (failed under CI) without it."""
    found = shutil.which(name)  # PATH decides: a run with the program off PATH skips its tests
    if found is not None:
        return found
    why = f"{name} is not installed; install it with: {INSTALL[name]}"
    if os.environ.get("CI"):
        pytest.fail(f"{why} (CI runs every test: .ci/run installs it)")
    pytest.skip(why)
