"""The cheap argument checks a generated endpoint bakes for the runtime (``Endpoint.checks``).

Each checked parameter gets one kind: ``str``, ``int``, ``number`` (int or float), ``bool``,
``file``, ``list`` or ``dict``, plus ``?`` when ``None`` is allowed. The runtime
(:mod:`spacegen.runtime._args`) rejects a wrong kind with a :class:`UsageError` naming the
parameter before anything is sent. Unions, JSON and ``Any`` are not checked: the annotation
already promises more than a kind can say.
"""

from __future__ import annotations

from spacegen.generator.ir.model import (
    FileType,
    ListType,
    LiteralType,
    MapType,
    Prim,
    StructType,
    TupleType,
    TypeRef,
    UnionType,
    without_none,
)

_PRIMS = {"str": "str", "int": "int", "float": "number", "bool": "bool"}


def arg_kind(t: TypeRef) -> str:
    """The kind to check for an argument of type ``t`` (``""``: no check)."""
    if isinstance(t, UnionType):
        one = without_none(t)
        inner = arg_kind(one) if one is not None else ""
        return f"{inner}?" if inner and Prim("none") in t.options else inner
    if isinstance(t, Prim):
        return _PRIMS.get(t.kind, "")
    if isinstance(t, LiteralType):
        kinds = {type(v) for v in t.values}
        return "str" if kinds == {str} else "int" if kinds == {int} else ""
    if isinstance(t, FileType):
        return "file"
    if isinstance(t, (ListType, TupleType)):
        return "list"
    return "dict" if isinstance(t, (MapType, StructType)) else ""


def tuple_depth(t: TypeRef) -> int | None:
    """0 for ``tuple[...]``, 1 for ``list[tuple[...]]`` (either ``| None``), else None: where
    the runtime turns JSON lists into tuples."""
    if isinstance(t, UnionType):
        one = without_none(t)
        return tuple_depth(one) if one is not None else None
    if isinstance(t, TupleType):
        return 0
    return 1 if isinstance(t, ListType) and isinstance(t.item, TupleType) else None


def arg_checks(names: list[str], types: list[TypeRef]) -> tuple[tuple[int, str, str], ...]:
    """``(argument index, parameter name, kind)`` for every checkable parameter."""
    kinds = [arg_kind(t) for t in types]
    return tuple(
        (i, name, kind) for i, (name, kind) in enumerate(zip(names, kinds, strict=True)) if kind
    )
