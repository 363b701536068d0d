"""A batch row's ``language`` column: the language of that patient's calendar and handout.

A cell names a language tag (``es``, ``es-MX``), never a file: a clinic's own catalogs are found
in the policy's ``[language] catalogs`` folder, as ``--language`` finds them. Each language is
read once per run (a catalog is compiled when it is read), however many rows name it.
"""

from __future__ import annotations

from pathlib import Path

from ldn_titrate.core import language as languages
from ldn_titrate.core.errors import InputError
from ldn_titrate.core.language import ENGLISH, Language

COLUMN = "language"
_READ: dict[tuple[str, Path | None], Language] = {}


def row_language(value: str | None, folder: Path | None) -> Language | str:
    """The language a cell names, or why it names none (a refused row's message)."""
    if value is None:
        return ENGLISH
    key = (value, folder)
    known = _READ.get(key)
    if known is not None:  # every row after the first of a language: one lookup
        return known
    available = ", ".join(languages.available(folder))
    if languages.names_file(value):
        return (
            f"{COLUMN} {value!r} is a file name; a row names a language tag ({available}), and "
            "a clinic's own catalogs go in the policy's [language] catalogs folder"
        )
    if languages.normalise_tag(value) is None:
        hint = languages.suggested(value, folder)
        return f"{COLUMN} {value!r} is not a language tag; available: {available}{hint}"
    try:
        _READ[key] = languages.resolve(value, folder)
    except languages.NoCatalog:
        return f"{COLUMN} {value!r}: no catalog for this language; available: {available}"
    except InputError as error:  # a clinic catalog that cannot be read
        return "; ".join(error.problems)
    return _READ[key]
