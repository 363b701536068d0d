"""The one canonical text of plan data that a plan file's digest fingerprints.

A digest must depend on what a plan says, never on how a value happens to be held in memory: a
dose read back from a file as the JSON number ``2`` is the same dose as ``Decimal("2.0")`` that
an adjustment computed. Writing and checking both call :func:`canonical_json` with the rule the
digest records, so the two can never disagree.

Rule 2 (every file written from 0.2 on; the digest says ``"canonical": 2``):

- JSON with keys sorted and no white space;
- every number, ``int`` or ``Decimal`` alike, as a bare JSON number in its shortest exact
  decimal form: no exponent, no trailing zero, no ``-0`` (``2``, ``2.0`` and ``2.00`` are all
  ``2``; ``1.50`` is ``1.5``);
- ``true``, ``false``, ``null``; strings as JSON strings (non-ASCII escaped);
- dates and date-times as their ISO 8601 text, in a JSON string (a date-time keeps the offset it
  was written with: 12:00+00:00 and 07:00-05:00 are the same moment but not the same record).

Rule 1 (files without ``canonical``, written before it) wrote a ``Decimal`` as a JSON *string*
and an ``int`` as a number, so the same dose could have two texts. It is kept only to check
those files (:mod:`ldn_titrate.plans.integrity`).
"""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime
from decimal import Decimal
from json.encoder import encode_basestring_ascii
from typing import Any

CURRENT_RULE = 2
RULES = (1, 2)


def canonical_json(value: Any, rule: int = CURRENT_RULE) -> str:
    """The canonical text of plain data (dicts, lists, strings, numbers, dates) under ``rule``."""
    if rule == 1:
        return _RULE_1.encode(value)
    parts: list[str] = []
    _encode(value, parts.append)
    return "".join(parts)


def sha256_of(value: Any, rule: int = CURRENT_RULE) -> str:
    return hashlib.sha256(canonical_json(value, rule).encode("utf-8")).hexdigest()


def number_text(value: int | Decimal) -> str:
    """A number's shortest exact decimal text: ``2``, ``1.5`` (never ``2.0`` or ``1E+1``)."""
    if isinstance(value, int):
        return str(value)
    if not value.is_finite():
        raise ValueError(f"not a finite number: {value}")
    if not value:
        return "0"
    return format(value.normalize(), "f")


def _encode(value: Any, out: Any) -> None:
    # bool before int: a bool is an int, and is written as a literal.
    if value is None or value is True or value is False:
        out("null" if value is None else "true" if value else "false")
    elif isinstance(value, str):
        out(encode_basestring_ascii(value))
    elif isinstance(value, int | Decimal):
        out(number_text(value))
    elif isinstance(value, datetime | date):
        out('"' + value.isoformat() + '"')
    elif isinstance(value, dict):
        out("{")
        for index, key in enumerate(sorted(value, key=str)):
            if index:
                out(",")
            out(encode_basestring_ascii(str(key)))
            out(":")
            _encode(value[key], out)
        out("}")
    elif isinstance(value, list | tuple):
        out("[")
        for index, item in enumerate(value):
            if index:
                out(",")
            _encode(item, out)
        out("]")
    else:
        raise TypeError(f"cannot fingerprint {type(value).__name__}")


def _rule_1_scalar(value: Any) -> str:
    """Rule 1's text of a value JSON has no type for: a Decimal or a date, as a JSON string."""
    if isinstance(value, Decimal):
        return number_text(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"cannot fingerprint {type(value).__name__}")


_RULE_1 = json.JSONEncoder(sort_keys=True, separators=(",", ":"), default=_rule_1_scalar)
