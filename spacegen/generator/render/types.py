"""IR types -> Python type spellings (ARCHITECTURE.md's table), TypedDict registry, file paths."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from spacegen.generator.ir.model import (
    MAX_UNION_OPTIONS,
    AnyType,
    FileType,
    Json,
    JsonType,
    ListType,
    LiteralType,
    MapType,
    Prim,
    StructField,
    StructType,
    TupleType,
    TypeRef,
    UnionType,
)
from spacegen.generator.render.names import Allocator, camel
from spacegen.generator.render.text import literal

_PRIM = {"str": "str", "int": "int", "float": "float", "bool": "bool", "none": "None"}
_StructKey = tuple[str, tuple[StructField, ...]]


@dataclass
class StructInfo:
    """One generated TypedDict (and its ``...Input`` twin when inputs are spelled differently)."""

    struct: StructType
    name: str
    input_name: str | None


def needs_input(t: TypeRef) -> bool:
    """True when ``t``'s input spelling differs from its output spelling."""
    if isinstance(t, (FileType, ListType, MapType, JsonType, AnyType)):
        return True
    if isinstance(t, StructType):
        return any(needs_input(f.type) for f in t.fields)
    if isinstance(t, (TupleType, UnionType)):
        children = t.items if isinstance(t, TupleType) else t.options
        return any(needs_input(c) for c in children)
    return False


class Structs:
    """Every StructType of an app, deduplicated, named, in first-use order (dependencies first)."""

    def __init__(self, classes: Allocator) -> None:
        self._classes = classes
        self._by_key: dict[_StructKey, StructInfo] = {}
        self._inputs: set[_StructKey] = set()

    def mark_input(self, t: TypeRef) -> None:
        """Note that ``t`` is spelled in input position: its structs get ``...Input`` twins.

        Call it for every parameter before :meth:`register`; a struct only ever returned gets
        no twin (a TypedDict that no signature uses is not generated).
        """
        for child in _children(t):
            self.mark_input(child)
        if isinstance(t, StructType):
            self._inputs.add(_key(t))

    @property
    def ordered(self) -> list[StructInfo]:
        return list(self._by_key.values())

    def register(self, t: TypeRef, context: str = "") -> None:
        """Name every struct in ``t``; ``context`` (CamelCase, the endpoint's method) qualifies
        a name that is taken: the second ``Message`` met in ``chat`` becomes ``ChatMessage``."""
        for child in _children(t):
            self.register(child, context)
        if isinstance(t, StructType) and _key(t) not in self._by_key:
            self._by_key[_key(t)] = self._new(t, context)

    def _new(self, t: StructType, context: str) -> StructInfo:
        base = camel(t.name, empty="Struct")
        name = self._classes.take(base, qualified=f"{context}{base}" if context else None)
        input_name = None
        if needs_input(t) and _key(t) in self._inputs:
            twin = f"{name}Input"
            input_name = self._classes.take(twin, qualified=f"{name}InputDict")
        return StructInfo(t, name, input_name)

    def info(self, t: StructType) -> StructInfo:
        return self._by_key[_key(t)]


def _key(t: StructType) -> _StructKey:
    return (t.name, t.fields)


def _children(t: TypeRef) -> tuple[TypeRef, ...]:
    if isinstance(t, ListType):
        return (t.item,)
    if isinstance(t, MapType):
        return (t.value,)
    if isinstance(t, TupleType):
        return t.items
    if isinstance(t, UnionType):
        return t.options
    if isinstance(t, StructType):
        return tuple(f.type for f in t.fields)
    return ()


class Speller:
    """Spells types; records which names the module must import in ``used``."""

    def __init__(self, structs: Structs) -> None:
        self.structs = structs
        self.used: set[str] = set()

    def spell(self, t: TypeRef, inp: bool, *, nullable: bool = False) -> str:
        parts = self.parts(t, inp)
        if nullable and "None" not in parts:
            parts.append("None")
        return " | ".join(parts)

    def parts(self, t: TypeRef, inp: bool) -> list[str]:
        """The union members of ``t``'s spelling, deduplicated, in order."""
        if isinstance(t, UnionType):
            out: list[str] = []
            for option in t.options:
                out.extend(p for p in self.parts(option, inp) if p not in out)
            return out or [self._json(inp)]
        if isinstance(t, LiteralType):
            return self._literal(t, inp)
        if isinstance(t, StructType):
            return self._struct(t, inp)
        return [self._single(t, inp)]

    def _single(self, t: TypeRef, inp: bool) -> str:
        if isinstance(t, Prim):
            return _PRIM[t.kind]
        if isinstance(t, ListType):
            return self._generic("Sequence" if inp else "list", self.spell(t.item, inp))
        if isinstance(t, MapType):
            inner = f"str, {self.spell(t.value, inp)}"
            return self._generic("Mapping" if inp else "dict", inner)
        if isinstance(t, TupleType):
            inner = ", ".join(self.spell(i, inp) for i in t.items) or "()"
            return f"tuple[{inner}]"
        if isinstance(t, FileType):
            return self._use("FileInput" if inp else "RemoteFile")
        return self._json(inp)

    def _generic(self, name: str, inner: str) -> str:
        if name[0].isupper():
            self.used.add(name)
        return f"{name}[{inner}]"

    def _use(self, name: str) -> str:
        self.used.add(name)
        return name

    def _json(self, inp: bool) -> str:
        return self._use("JsonInput" if inp else "Json")

    def _literal(self, t: LiteralType, inp: bool) -> list[str]:
        exact = [literal(v) for v in t.values if not isinstance(v, float)]
        parts = [f"{self._use('Literal')}[{', '.join(dict.fromkeys(exact))}]"] if exact else []
        if any(isinstance(v, float) for v in t.values):
            parts.append("float")
        return parts or [self._json(inp)]

    def _struct(self, t: StructType, inp: bool) -> list[str]:
        info = self.structs.info(t)
        assert not (inp and info.input_name is None and needs_input(t)), "call mark_input first"
        if inp and info.input_name is not None:
            return [info.input_name, info.name]
        return [info.name]


def fits(t: TypeRef, value: Json) -> bool:
    """Can ``value`` be written as a plain literal default of a parameter typed ``t``?"""
    if isinstance(value, float) and not math.isfinite(value):
        return False
    if isinstance(t, UnionType):
        return any(fits(o, value) for o in t.options)
    if isinstance(t, (JsonType, AnyType)):
        return value is None or isinstance(value, (str, int, float, bool))
    if isinstance(t, LiteralType):
        return any(type(v) is type(value) and v == value for v in t.values)
    if isinstance(t, Prim):
        return _fits_prim(t.kind, value)
    return False


def _fits_prim(kind: str, value: Json) -> bool:
    if kind == "float":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    expected = {"str": str, "int": int, "bool": bool, "none": type(None)}[kind]
    return type(value) is expected


FilePath = tuple[str, ...]


def file_paths(t: TypeRef) -> list[FilePath]:
    """Where files sit inside a value of type ``t``: struct keys by name, ``"*"`` for every item."""
    if isinstance(t, FileType):
        return [()]
    if isinstance(t, StructType):
        return _dedupe((f.name, *p) for f in t.fields for p in file_paths(f.type))
    if isinstance(t, UnionType):
        return _dedupe(p for o in t.options for p in file_paths(o))
    return _dedupe(("*", *p) for c in _children(t) for p in file_paths(c))


def _dedupe(paths: Iterable[FilePath]) -> list[FilePath]:
    return list(dict.fromkeys(paths))


#: Deeper types are rendered as untyped JSON: Python's parser and black both have nesting limits.
MAX_DEPTH = 16


def clip(t: TypeRef, depth: int = 0) -> TypeRef:
    """``t`` with subtrees below :data:`MAX_DEPTH`, and too wide unions, as :class:`AnyType`."""
    if not _clipped(t, depth):
        return t
    if depth >= MAX_DEPTH:
        return AnyType("nested too deeply")
    if isinstance(t, UnionType) and len(t.options) > MAX_UNION_OPTIONS:
        return AnyType(f"a union of {len(t.options)} types")
    return _rebuild(t, lambda child: clip(child, depth + 1))


def _clipped(t: TypeRef, depth: int) -> bool:
    """Whether :func:`clip` changes ``t`` (most types: it then keeps them as they are)."""
    if depth >= MAX_DEPTH or (isinstance(t, UnionType) and len(t.options) > MAX_UNION_OPTIONS):
        return True
    return any(_clipped(child, depth + 1) for child in _children(t))


def _rebuild(t: TypeRef, f: Callable[[TypeRef], TypeRef]) -> TypeRef:
    """``t`` with ``f`` applied to each direct child type."""
    if isinstance(t, ListType):
        return ListType(f(t.item))
    if isinstance(t, MapType):
        return MapType(f(t.value))
    if isinstance(t, TupleType):
        return TupleType(tuple(map(f, t.items)))
    if isinstance(t, UnionType):
        return UnionType(tuple(map(f, t.options)))
    if isinstance(t, StructType):
        fields = tuple(dataclasses.replace(x, type=f(x.type)) for x in t.fields)
        return dataclasses.replace(t, fields=fields)
    return t
