"""An output's initial value (``/config`` ``props.value``) and what it means for its type.

An output the app leaves unchanged (``gr.skip()``, a value-less update) shows the component's
current value: the last one the session received, else this initial value (for a text box or
a list-valued component without one, the empty value its page shows). When there is no usable
initial value the client may return ``None``, so the output's type must admit it.
"""

from __future__ import annotations

import json
from typing import Any

from spacegen.generator.ir.model import (
    AnyType,
    FileType,
    Json,
    JsonType,
    ListType,
    LiteralType,
    MapType,
    Prim,
    StructType,
    TupleType,
    TypeRef,
    UnionType,
    admits_none,
)
from spacegen.generator.raw import RawComponent
from spacegen.runtime._outputs import EMPTY_VALUES

#: Initial values longer than this (as JSON) are not baked: the output is typed as optional.
MAX_INITIAL_CHARS = 100_000
_PRIMS: dict[str, tuple[type, ...]] = {"str": (str,), "int": (int,), "float": (int, float)}


def initial_value(component: RawComponent | None, t: TypeRef) -> Json:
    """The component's ``props.value`` (or the empty value the page shows for a null one)
    when it is small and conforms to ``t``, else ``None``."""
    value = component.props.get("value") if component is not None else None
    if value is None and component is not None:
        value = EMPTY_VALUES.get(component.type)  # the runtime reports a null one the same way
    if value is None or not _bakeable(value) or not conforms(t, value):
        return None
    return value  # type: ignore[no-any-return]


def _bakeable(value: Any) -> bool:
    try:
        return len(json.dumps(value, separators=(",", ":"))) <= MAX_INITIAL_CHARS
    except (TypeError, ValueError, RecursionError):
        return False


def nullable(t: TypeRef) -> TypeRef:
    """``t``, admitting ``None``."""
    if admits_none(t):
        return t
    options = t.options if isinstance(t, UnionType) else (t,)
    return UnionType((*options, Prim("none")))


def conforms(t: TypeRef, value: Any) -> bool:  # noqa: PLR0911  # one case per IR type
    """Would ``value`` (JSON, files as FileData) be a valid result of type ``t``?"""
    if isinstance(t, (JsonType, AnyType)):
        return True
    if isinstance(t, UnionType):
        return any(conforms(o, value) for o in t.options)
    if isinstance(t, Prim):
        return _prim(t.kind, value)
    if isinstance(t, LiteralType):
        return any(type(v) is type(value) and v == value for v in t.values)
    if isinstance(t, FileType):
        return isinstance(value, dict) and isinstance(value.get("path"), str)
    if isinstance(t, ListType):
        return isinstance(value, list) and all(conforms(t.item, v) for v in value)
    if isinstance(t, TupleType):
        return _tuple(t, value)
    if isinstance(t, MapType):
        return isinstance(value, dict) and all(conforms(t.value, v) for v in value.values())
    return _struct(t, value)


def _prim(kind: str, value: Any) -> bool:
    if kind == "none":
        return value is None
    if kind == "bool" or isinstance(value, bool):
        return kind == "bool" and isinstance(value, bool)
    return isinstance(value, _PRIMS[kind])


def _tuple(t: TupleType, value: Any) -> bool:
    if not isinstance(value, list) or len(value) != len(t.items):
        return False
    return all(conforms(i, v) for i, v in zip(t.items, value, strict=True))


def _struct(t: StructType, value: Any) -> bool:
    if not isinstance(value, dict):
        return False
    fields = {f.name: f for f in t.fields}
    if any(f.required and f.name not in value for f in t.fields):
        return False
    return all(k in fields and conforms(fields[k].type, v) for k, v in value.items())
