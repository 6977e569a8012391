"""How two IR types relate: equal, one holds every value of the other, or neither.

``accepts(wide, narrow)`` is conservative: ``True`` only when every JSON value of ``narrow`` is
also a value of ``wide``. Names and descriptions of structs do not matter (see :func:`same`).
"""

from __future__ import annotations

from typing import Literal

from spacegen.generator.ir.model import (
    AnyType,
    FileType,
    JsonType,
    ListType,
    LiteralType,
    MapType,
    Prim,
    StructType,
    TupleType,
    TypeRef,
    UnionType,
)

Relation = Literal["same", "wider", "narrower", "other"]

_PRIM_OF: dict[type, str] = {str: "str", int: "int", float: "float", bool: "bool"}


def relate(old: TypeRef, new: TypeRef) -> Relation:
    """How ``new`` relates to ``old``: the same values, more values, fewer, or neither."""
    up, down = accepts(new, old), accepts(old, new)
    if up and down:
        return "same"
    if up:
        return "wider"
    return "narrower" if down else "other"


def same(a: TypeRef, b: TypeRef) -> bool:
    """Equal value sets (struct names and descriptions ignored)."""
    return accepts(a, b) and accepts(b, a)


def accepts(wide: TypeRef, narrow: TypeRef) -> bool:
    """Whether every value of ``narrow`` is a value of ``wide``."""
    if wide == narrow or isinstance(wide, (JsonType, AnyType)):
        return True
    if isinstance(narrow, UnionType):
        return all(accepts(wide, option) for option in narrow.options)
    if isinstance(wide, UnionType):
        return _union_accepts(wide, narrow)
    return _same_kind_accepts(wide, narrow)


def _union_accepts(wide: UnionType, narrow: TypeRef) -> bool:
    if isinstance(narrow, LiteralType):
        return all(any(_holds(o, v) for o in wide.options) for v in narrow.values)
    return any(accepts(option, narrow) for option in wide.options)


def _same_kind_accepts(wide: TypeRef, narrow: TypeRef) -> bool:  # noqa: PLR0911
    if isinstance(wide, Prim):
        return _prim_accepts(wide, narrow)
    if isinstance(wide, LiteralType) and isinstance(narrow, LiteralType):
        return set(narrow.values) <= set(wide.values)
    if isinstance(wide, ListType) and isinstance(narrow, (ListType, TupleType)):
        items = (narrow.item,) if isinstance(narrow, ListType) else narrow.items
        return all(accepts(wide.item, item) for item in items)
    if isinstance(wide, TupleType) and isinstance(narrow, TupleType):
        pairs = zip(wide.items, narrow.items, strict=False)
        return len(wide.items) == len(narrow.items) and all(accepts(w, n) for w, n in pairs)
    if isinstance(wide, MapType) and isinstance(narrow, (MapType, StructType)):
        values = (narrow.value,) if isinstance(narrow, MapType) else [f.type for f in narrow.fields]
        return all(accepts(wide.value, v) for v in values)
    if isinstance(wide, StructType) and isinstance(narrow, StructType):
        return _struct_accepts(wide, narrow)
    # file vs image is documentation only: both are spelled FileInput / RemoteFile
    return isinstance(wide, FileType) and isinstance(narrow, FileType)


def _prim_accepts(wide: Prim, narrow: TypeRef) -> bool:
    if isinstance(narrow, Prim):
        return narrow.kind == wide.kind or (wide.kind, narrow.kind) == ("float", "int")
    if isinstance(narrow, LiteralType):
        return all(_holds(wide, v) for v in narrow.values)
    return False


def _holds(t: TypeRef, value: object) -> bool:
    """Whether the literal ``value`` is a value of ``t``."""
    if isinstance(t, LiteralType):
        return value in t.values and type(value) in {type(v) for v in t.values}
    if isinstance(t, Prim):
        kind = _PRIM_OF.get(type(value))
        return kind == t.kind or (t.kind == "float" and kind == "int")
    return isinstance(t, (JsonType, AnyType))


def _struct_accepts(wide: StructType, narrow: StructType) -> bool:
    have = {f.name: f for f in narrow.fields}
    for field in wide.fields:
        mine = have.get(field.name)
        if mine is None:
            if field.required:
                return False
            continue
        if (field.required and not mine.required) or not accepts(field.type, mine.type):
            return False
    known = {f.name for f in wide.fields}
    return all(name in known for name in have)
