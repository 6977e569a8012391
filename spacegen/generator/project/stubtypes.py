"""IR types spelled as gradio_client sees them (for :mod:`spacegen.generator.project.stubs`).

Inputs: files are what ``handle_file`` returns (a dict), structs any ``dict``. Outputs: a file
is the downloaded local path (``str``), a struct a ``dict``; JSON arrays come back as lists;
anything holding a file below the top level is ``Any`` (gradio_client rewrites those values).
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
)
from spacegen.generator.render.text import literal

_PRIMS = {"str": "str", "int": "int", "float": "float", "bool": "bool", "none": "None"}


def spell(t: TypeRef, *, output: bool) -> str:
    """The stub annotation of ``t`` in input or output position."""
    if isinstance(t, FileType):
        return "str" if output else "dict[str, Any]"
    if output and _holds_file(t):
        return "Any"
    return _spell(t, output)


def _spell(t: TypeRef, output: bool) -> str:  # noqa: PLR0911
    if isinstance(t, Prim):
        return _PRIMS[t.kind]
    if isinstance(t, LiteralType):
        return _literal(t)
    if isinstance(t, ListType):
        return f"{'list' if output else 'Sequence'}[{_spell(t.item, output)}]"
    if isinstance(t, TupleType):
        outer = "list" if output else "Sequence"  # gradio_client sends and returns JSON lists
        return f"{outer}[{_union([_spell(i, output) for i in t.items])}]"
    if isinstance(t, MapType):
        return f"dict[str, {_spell(t.value, output)}]"
    if isinstance(t, UnionType):
        return _union([_spell(o, output) for o in t.options])
    if isinstance(t, StructType):
        return "dict[str, Any]"
    if isinstance(t, FileType):
        return "dict[str, Any]"
    return "Any"


def _literal(t: LiteralType) -> str:
    if any(isinstance(v, float) for v in t.values) or not t.values:
        kinds = {type(v).__name__ for v in t.values}
        return _union(sorted("float" if k == "int" else k for k in kinds)) if kinds else "Any"
    return f"Literal[{', '.join(literal(v) for v in t.values)}]"


def _union(parts: list[str]) -> str:
    unique = list(dict.fromkeys(parts))
    if "Any" in unique:
        return "Any"
    return " | ".join(unique) if unique else "Any"


def _holds_file(t: TypeRef) -> bool:
    if isinstance(t, FileType):
        return True
    if isinstance(t, ListType):
        return _holds_file(t.item)
    if isinstance(t, MapType):
        return _holds_file(t.value)
    if isinstance(t, (TupleType, UnionType)):
        items = t.items if isinstance(t, TupleType) else t.options
        return any(_holds_file(i) for i in items)
    if isinstance(t, StructType):
        return any(_holds_file(f.type) for f in t.fields)
    return False
