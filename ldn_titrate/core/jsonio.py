"""JSON with exact decimals: doses are written from the ``Decimal`` itself (1.5, never
1.5000000001) and read back as ``Decimal``, so a plan file round-trips to the microgram.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from json.encoder import encode_basestring
from typing import Any

_LITERALS = {True: "true", False: "false", None: "null"}


def dumps(value: Any, indent: int = 2) -> str:
    """Serialize dicts, lists, strings, numbers, dates and Decimals; ends with a newline."""
    return _encode(value, 0, indent) + "\n"


def loads(text: str) -> Any:
    return json.loads(text, parse_float=Decimal)


def _decimal(value: Decimal) -> str:
    """A Decimal as JSON: its exact digits, no exponent, no trailing zero (format_number's
    form without the thousands separator)."""
    if not value.is_finite():
        raise ValueError(f"not a finite number: {value}")
    text = f"{value:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _date(value: date) -> str:
    return '"' + value.isoformat() + '"'


# Exact types first (a batch writes hundreds of thousands of scalars, and one dict lookup beats
# five isinstance tests); anything else, such as a str enum, is matched by isinstance, in order.
# bool before int: a bool is an int, and is written as a literal.
_SCALARS: dict[type, Callable[[Any], str]] = {
    str: encode_basestring,
    Decimal: _decimal,
    bool: _LITERALS.__getitem__,
    int: int.__repr__,
    type(None): _LITERALS.__getitem__,
    datetime: _date,
    date: _date,
}


def _encode(value: Any, level: int, indent: int) -> str:
    scalar = _SCALARS.get(type(value)) or _scalar_of_subclass(value)
    if scalar is not None:
        return scalar(value)
    pad, inner = " " * indent * level, " " * indent * (level + 1)
    if isinstance(value, dict):
        if not value:
            return "{}"
        items = [
            f"{inner}{encode_basestring(str(key))}: {_encode(item, level + 1, indent)}"
            for key, item in value.items()
        ]
        return "{\n" + ",\n".join(items) + "\n" + pad + "}"
    if isinstance(value, list | tuple):
        if not value:
            return "[]"
        if all(isinstance(item, dict) and _is_flat(item) for item in value):
            rows = [inner + _inline(item) for item in value]
            return "[\n" + ",\n".join(rows) + "\n" + pad + "]"
        rows = [inner + _encode(item, level + 1, indent) for item in value]
        return "[\n" + ",\n".join(rows) + "\n" + pad + "]"
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def _scalar_of_subclass(value: Any) -> Callable[[Any], str] | None:
    """The writer of a scalar whose type subclasses one of ours (a str enum, an int enum)."""
    return next((write for kind, write in _SCALARS.items() if isinstance(value, kind)), None)


_CONTAINERS = (dict, list, tuple)


def _is_flat(item: dict[str, Any]) -> bool:
    """A record of scalars, short lists of scalars and small maps (such as capsule counts)."""
    for v in item.values():
        if not isinstance(v, _CONTAINERS):
            continue
        inner = v.values() if isinstance(v, dict) else v
        if any(isinstance(x, _CONTAINERS) for x in inner):
            return False
    return True


def _inline(value: Any) -> str:
    """One line, so each step of a plan file reads like a row of its table."""
    scalar = _SCALARS.get(type(value))
    if scalar is not None:
        return scalar(value)
    if isinstance(value, dict):
        parts = [f"{encode_basestring(str(k))}: {_inline(v)}" for k, v in value.items()]
        return "{" + ", ".join(parts) + "}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_inline(v) for v in value) + "]"
    return _encode(value, 0, 0)
