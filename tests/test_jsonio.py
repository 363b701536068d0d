"""jsonio writes what json.dumps would, with exact decimals: checked against json itself."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest

from ldn_titrate.core import jsonio


def test_scalars_and_nesting_match_json() -> None:
    value = {"t": True, "f": False, "n": None, "i": 12, "s": 'é "q"\n', "e": {}, "l": [],
             "nested": [{"a": [1, 2], "m": {"k": 1}}, [3, [4]]], "d": date(2026, 12, 1)}  # fmt: skip
    text = jsonio.dumps(value)
    expected = {**value, "d": "2026-12-01"}
    assert json.loads(text) == expected
    assert '"s": "é \\"q\\"\\n"' in text
    assert jsonio.dumps({"x": Decimal("1.50")}) == '{\n  "x": 1.5\n}\n'


def test_unknown_types_are_refused() -> None:
    with pytest.raises(TypeError, match="cannot write set as JSON"):
        jsonio.dumps({"x": {1}})
