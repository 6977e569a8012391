"""Literal sets and unions: the small algebra shared by schema and component-prop mapping."""

from __future__ import annotations

from typing import Any

from spacegen.generator.ir.model import (
    LiteralType,
    LiteralValue,
    Prim,
    PrimKind,
    TypeRef,
    UnionType,
)
from spacegen.generator.raw import MAX_TEXT, writable_int

#: Most values a ``Literal[...]`` may list before it degrades to its base type.
MAX_CHOICES = 1_000


def literal_type(values: list[Any], kind: PrimKind = "str") -> TypeRef | str | None:
    """``Literal[values]`` (``| None`` when null is listed).

    Returns a message (``str``) when the values cannot make a useful literal and the base type
    ``kind`` should be used instead, and ``None`` when a value is an object or a list.
    """
    nullable = any(value is None for value in values)
    kept = unique_literals([value for value in values if value is not None])
    if kept is None:
        return None
    if not kept:
        return Prim("none") if nullable else f"no choices; typed as {kind}"
    if len(kept) > MAX_CHOICES or not all(map(_writable, kept)):
        return f"too many or too long choices; typed as {kind}"
    literal = LiteralType(tuple(kept))
    return union_of([literal, Prim("none")]) if nullable else literal


def _writable(value: LiteralValue) -> bool:
    """A choice short enough to be spelled in ``Literal[...]``."""
    if isinstance(value, str):
        return len(value) <= MAX_TEXT
    return not isinstance(value, int) or writable_int(value)


def unique_literals(values: list[Any]) -> list[LiteralValue] | None:
    """``values`` without repeats (``1``, ``1.0`` and ``True`` stay distinct), or ``None``."""
    seen: set[tuple[str, Any]] = set()
    kept: list[LiteralValue] = []
    for value in values:
        if not isinstance(value, (str, int, float, bool)):
            return None
        key = (type(value).__name__, value)
        if key not in seen:
            seen.add(key)
            kept.append(value)
    return kept


def union_of(options: list[TypeRef]) -> TypeRef:
    """A union flattened, de-duplicated in first-seen order, literals merged; one option alone."""
    flat: list[TypeRef] = []
    for option in options:
        flat.extend(option.options if isinstance(option, UnionType) else (option,))
    merged = _merge_literals(flat)
    unique = list(dict.fromkeys(merged))
    return unique[0] if len(unique) == 1 else UnionType(tuple(unique))


def _merge_literals(options: list[TypeRef]) -> list[TypeRef]:
    """All :class:`LiteralType` options folded into the first one's position."""
    literals = [option for option in options if isinstance(option, LiteralType)]
    if len(literals) < 2:
        return options
    values = unique_literals([v for literal in literals for v in literal.values]) or []
    first = options.index(literals[0])
    rest = [option for option in options if not isinstance(option, LiteralType)]
    return [*rest[:first], LiteralType(tuple(values)), *rest[first:]]
