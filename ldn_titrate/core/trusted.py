"""Models from data the program itself wrote, and models back to plain data, without pydantic's
validators or serialisers: building those costs start-up time that `plan` should not pay.

Only for trusted data (the built-in policy); files people write are validated in full.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from types import UnionType
from typing import Annotated, Any, TypeVar, Union, get_args, get_origin

from pydantic import BaseModel

ModelT = TypeVar("ModelT", bound=BaseModel)


def plain(value: Any) -> Any:
    """JSON-ready data for hashing, without building pydantic's serialiser (start-up time)."""
    if isinstance(value, BaseModel):
        return {name: plain(getattr(value, name)) for name in type(value).model_fields}
    if isinstance(value, dict):
        return {str(key): plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Decimal | date):
        return str(value)
    return value


def dump(value: Any) -> Any:
    """``model.model_dump(mode="python", exclude_none=True)`` for our own models, without
    building pydantic's serialiser (a tenth of ``plan --format json``'s start-up time); a test
    compares the two on every kind of plan. Our models have no aliases or custom serialisers.
    """
    kind = type(value)
    if kind in _LEAVES:
        return value
    names = _FIELD_NAMES.get(kind)
    if names is None and isinstance(value, BaseModel):
        names = _FIELD_NAMES.setdefault(kind, tuple(kind.model_fields))
    if names is not None:
        fields = value.__dict__
        return {name: dump(fields[name]) for name in names if fields[name] is not None}
    if isinstance(value, dict):
        return {key: dump(item) for key, item in value.items() if item is not None}
    if isinstance(value, tuple):
        return tuple(dump(item) for item in value)
    if isinstance(value, list):
        return [dump(item) for item in value]
    return value


# What dump returns as it is, by exact type (a plan has thousands of them), and each model's
# field names in declared order, looked up once per class.
_LEAVES = frozenset({str, int, bool, float, Decimal, date, datetime, type(None)})
_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def construct(model: type[ModelT], data: Mapping[str, Any]) -> ModelT:
    """Build a model from trusted data without validating it (the built-in policy only; a test
    checks that validating the same data gives an equal policy).
    """
    values: dict[str, Any] = {}
    for name, field in model.model_fields.items():
        if name not in data:
            continue
        values[name] = _construct_value(field.annotation, data[name])
    return model.model_construct(**values)


def _construct_value(annotation: Any, value: Any) -> Any:
    if get_origin(annotation) is Annotated:  # a bounded type: what it bounds
        annotation = get_args(annotation)[0]
    origin, args = get_origin(annotation), get_args(annotation)
    if origin in (UnionType, Union):  # X | None: None stays None, anything else is an X
        if value is None:
            return None
        return _construct_value(next(arg for arg in args if arg is not type(None)), value)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return construct(annotation, value)
    if origin is dict and len(args) == 2:
        return {key: _construct_value(args[1], item) for key, item in value.items()}
    if origin is tuple and args:
        return tuple(_construct_value(args[0], item) for item in value)
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return annotation(value)
    if annotation is Decimal:
        return Decimal(value)
    return value


def quick(model: type[ModelT], defaults: Mapping[str, Any], values: dict[str, Any]) -> ModelT:
    """``model.model_construct(**values)`` for hot loops: the same instance pydantic's own
    ``model_construct`` makes (a test compares the two), without its per-field Python loop.

    ``defaults`` are the model's defaults, computed once by the caller. The fields go in their
    declared order, as pydantic's serialiser expects (out of order, it drops some).
    """
    instance = model.__new__(model)
    fields = {
        name: values[name] if name in values else defaults[name] for name in model.model_fields
    }
    object.__setattr__(instance, "__dict__", fields)
    object.__setattr__(instance, "__pydantic_fields_set__", set(values))
    object.__setattr__(instance, "__pydantic_extra__", None)
    object.__setattr__(instance, "__pydantic_private__", None)
    return instance


def defaults_of(model: type[BaseModel]) -> dict[str, Any]:
    """A model's default values, in field order, for :func:`quick`."""
    return {
        name: field.get_default(call_default_factory=True)
        for name, field in model.model_fields.items()
        if not field.is_required()
    }
