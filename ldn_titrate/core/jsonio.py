"""JSON with exact decimals: doses are written from the ``Decimal`` itself (1.5, never
1.5000000001) and read back as ``Decimal``, so a plan file round-trips to the microgram.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal
from json.encoder import encode_basestring
from typing import Any

from ldn_titrate.core.dosetext import format_number

_LITERALS = {True: "true", False: "false", None: "null"}


def dumps(value: Any, indent: int = 2) -> str:
    """Serialize dicts, lists, strings, numbers, dates and Decimals; ends with a newline."""
    return _encode(value, 0, indent) + "\n"


def loads(text: str) -> Any:
    return json.loads(text, parse_float=Decimal)


def _encode(value: Any, level: int, indent: int) -> str:
    # Scalars are written directly (what json.dumps(..., ensure_ascii=False) writes, without
    # its per-call set-up): a batch writes hundreds of thousands of them.
    if isinstance(value, str):
        text: str = encode_basestring(value)
        return text
    if isinstance(value, Decimal):
        return format_number(value).replace(",", "")
    if isinstance(value, bool) or value is None:
        return _LITERALS[value]
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, datetime | date):
        return '"' + value.isoformat() + '"'
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


def _is_scalar(value: Any) -> bool:
    return not isinstance(value, dict | list | tuple)


def _is_flat(item: dict[str, Any]) -> bool:
    """A record of scalars, short lists of scalars and small maps (such as capsule counts)."""
    return all(
        _is_scalar(v)
        or (isinstance(v, list | tuple) and all(_is_scalar(x) for x in v))
        or (isinstance(v, dict) and all(_is_scalar(x) for x in v.values()))
        for v in item.values()
    )


def _inline(value: Any) -> str:
    """One line, so each step of a plan file reads like a row of its table."""
    if isinstance(value, dict):
        parts = [f"{encode_basestring(str(k))}: {_inline(v)}" for k, v in value.items()]
        return "{" + ", ".join(parts) + "}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_inline(v) for v in value) + "]"
    return _encode(value, 0, 0)
