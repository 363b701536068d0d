"""A pydantic validation error as lines a person reads: ``field: message``."""

from __future__ import annotations

from pydantic import ValidationError


def validation_lines(error: ValidationError) -> list[str]:
    """A pydantic error as ``field: message`` lines, the way a person reads them."""
    lines = []
    for item in error.errors():
        where = ".".join(str(part) for part in item["loc"]) or "(top level)"
        message = item["msg"].removeprefix("Value error, ")
        if item["type"] == "extra_forbidden":
            message = "unknown key (check its spelling)"
        elif item["type"] == "missing":
            message = "required key is missing"
        lines.append(f"{where}: {message}")
    return lines
