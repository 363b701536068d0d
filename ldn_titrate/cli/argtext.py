"""Arguments that are not text: a byte the command line could not decode as UTF-8 arrives as a
lone surrogate, which no file name, plan or terminal should get; each is refused by its option.
"""

from __future__ import annotations

from pathlib import Path

from ldn_titrate.core.errors import InputError

# Parameters whose option is not simply --name-with-dashes.
_FLAGS = {
    "fmt": "--format",
    "plan_file": "--plan",
    "plan_path": "PLAN",
    "csv_file": "CSV",
    "file": "FILE",
}


def flag_of(parameter: str) -> str:
    return _FLAGS.get(parameter, "--" + parameter.replace("_", "-"))


def refuse_undecodable(values: dict[str, object]) -> None:
    """Refuse, by name, every argument (text, path or list of them) that is not valid UTF-8."""
    problems = []
    for key, value in values.items():
        for item in value if isinstance(value, list | tuple) else [value]:
            if not isinstance(item, str | Path):
                continue
            try:
                str(item).encode("utf-8")
            except UnicodeEncodeError:
                problems.append(
                    f"{flag_of(key)} {str(item)!a}: is not valid UTF-8 text (bytes the command "
                    "line could not read as characters); type it again"
                )
    if problems:
        raise InputError(problems)
