"""JSON schema (a parameter's or return's ``type``) → :data:`TypeRef`.

One :class:`SchemaMapper` per root schema: it resolves ``$ref`` against that root's ``$defs``
(caching each definition once), stops reference cycles and absurd nesting, and degrades what
it cannot map to :class:`AnyType` with a warning instead of raising.
"""

from __future__ import annotations

from typing import Any

from spacegen.generator.ir.model import (
    MAX_UNION_OPTIONS,
    AnyType,
    FileType,
    JsonType,
    ListType,
    MapType,
    Prim,
    PrimKind,
    StructField,
    StructType,
    TupleType,
    TypeRef,
    UnionType,
)
from spacegen.generator.normalize.literals import literal_type, union_of
from spacegen.generator.raw import Problems, clip, key_text
from spacegen.runtime._files import FILE_MARKER

#: Deepest schema nesting mapped before giving up on a node.
MAX_DEPTH = 32
#: Most type nodes one schema may expand to (references re-used many times multiply).
MAX_NODES = 20_000
#: Longest ``$ref`` chain followed when looking through references.
_MAX_HOPS = 16

_PRIMS: dict[str, PrimKind] = {
    "string": "str",
    "integer": "int",
    "number": "float",
    "boolean": "bool",
    "null": "none",
}
_UNSUPPORTED = ("not", "if", "then", "else", "dependentSchemas")


class SchemaMapper:
    """Maps the schemas under one root document; reports problems under ``where``."""

    def __init__(self, root: Any, where: str, problems: Problems) -> None:
        self.root = root
        self.where = where
        self.problems = problems
        self._done: dict[str, TypeRef] = {}
        self._active: set[str] = set()

    def map_root(self, hint: str) -> TypeRef:
        """The root schema's type, refused when shared ``$ref`` targets blow it up in size."""
        mapped = self.map(self.root, hint)
        if expanded_size(mapped, {}) > MAX_NODES:
            return self.unmapped(f"schema expands to more than {MAX_NODES} type nodes")
        return mapped

    def map(self, node: Any, hint: str, depth: int = 0) -> TypeRef:
        """The type of ``node``; ``hint`` names a struct that has no ``title``."""
        if depth > MAX_DEPTH:
            return self.unmapped(f"schema nested deeper than {MAX_DEPTH} levels")
        if node is True or node is None:
            return JsonType()
        if not isinstance(node, dict):
            return self.unmapped(f"schema node is a {type(node).__name__}, not an object")
        if "$ref" in node:
            return self._ref(node["$ref"], depth)
        if self.is_file(node):
            return FileType("image" if node.get("title") == "ImageData" else "file")
        return self._keyword(node, hint, depth)

    def unmapped(self, reason: str) -> AnyType:
        """An :class:`AnyType` plus the warning that says why."""
        self.problems.add("warning", self.where, f"untyped ({reason})")
        return AnyType(reason)

    def _keyword(self, node: dict[str, Any], hint: str, depth: int) -> TypeRef:
        """Dispatch on the schema keywords other than ``$ref``."""
        for keyword in _UNSUPPORTED:
            if keyword in node:
                return self.unmapped(f"schema keyword {keyword!r} is not supported")
        if "const" in node:
            return self._values([node["const"]], node)
        if "enum" in node:
            return self._values(node["enum"], node)
        for keyword in ("anyOf", "oneOf"):
            if keyword in node:
                return self._union(node[keyword], hint, depth)
        if "allOf" in node:
            return self._all_of(node["allOf"], hint, depth)
        return self._typed(node, node.get("type"), hint, depth)

    # ---------------------------------------------------------------------------- references

    def _ref(self, ref: Any, depth: int) -> TypeRef:
        """A ``$ref``: mapped once per definition; a cycle becomes :class:`JsonType`."""
        if not isinstance(ref, str):
            return self.unmapped("'$ref' is not a string")
        if ref in self._done:
            return self._done[ref]
        if ref in self._active:
            self.problems.add("warning", self.where, f"recursive {ref!r} typed as JSON")
            return JsonType()
        target = self.resolve(ref)
        if target is None:
            return self.unmapped(f"cannot resolve {ref!r}")
        self._active.add(ref)
        mapped = self.map(target, ref.rsplit("/", 1)[-1], depth + 1)
        self._active.discard(ref)
        self._done[ref] = mapped
        return mapped

    def resolve(self, ref: str) -> Any:
        """The node a local JSON pointer (``#/$defs/Name``) names, or ``None``."""
        if not ref.startswith("#"):
            return None
        node = self.root
        for part in ref[1:].split("/")[1:]:
            key = part.replace("~1", "/").replace("~0", "~")
            if not isinstance(node, dict) or key not in node:
                return None
            node = node[key]
        return node

    def deref(self, node: Any) -> Any:
        """``node`` with any chain of ``$ref`` followed (bounded), without mapping it."""
        for _ in range(_MAX_HOPS):
            if not (isinstance(node, dict) and isinstance(node.get("$ref"), str)):
                return node
            node = self.resolve(node["$ref"])
        return None

    # --------------------------------------------------------------------------------- files

    def is_file(self, node: dict[str, Any]) -> bool:
        """Gradio FileData: ``path`` + ``meta`` whose ``_type`` const or default marks a file."""
        properties = node.get("properties")
        if not isinstance(properties, dict) or "path" not in properties:
            return False
        meta = self.deref(properties.get("meta"))
        if not isinstance(meta, dict):
            return False
        default = meta.get("default")
        if isinstance(default, dict) and default.get("_type") == FILE_MARKER:
            return True
        fields = meta.get("properties")
        marker = self.deref(fields.get("_type")) if isinstance(fields, dict) else None
        return isinstance(marker, dict) and marker.get("const") == FILE_MARKER

    # --------------------------------------------------------------------- values and unions

    def _values(self, values: Any, node: dict[str, Any]) -> TypeRef:
        """``const`` / ``enum``: literals (plus ``None`` when null is allowed)."""
        if not isinstance(values, list):
            return self.unmapped("'enum' is not a list")
        base = _prim_of(node.get("type"))
        mapped = literal_type(values, base)
        if isinstance(mapped, str):
            self.problems.add("info", self.where, mapped)
            return Prim(base)
        if mapped is None:
            return self.unmapped("'enum' holds objects or lists")
        return mapped

    def _union(self, options: Any, hint: str, depth: int) -> TypeRef:
        """``anyOf`` / ``oneOf``: a flattened, de-duplicated union."""
        if not isinstance(options, list) or not options:
            return self.unmapped("'anyOf'/'oneOf' is not a non-empty list")
        return self._bounded(union_of([self.map(option, hint, depth + 1) for option in options]))

    def _bounded(self, mapped: TypeRef) -> TypeRef:
        """``mapped``, or :class:`AnyType` when it is a union wider than the IR carries."""
        if isinstance(mapped, UnionType) and len(mapped.options) > MAX_UNION_OPTIONS:
            count = len(mapped.options)
            return self.unmapped(f"a union of {count} types, over {MAX_UNION_OPTIONS}")
        return mapped

    def _all_of(self, options: Any, hint: str, depth: int) -> TypeRef:
        """``allOf`` with one member (how pydantic wraps a ``$ref``); more is not supported."""
        if isinstance(options, list) and len(options) == 1:
            return self.map(options[0], hint, depth + 1)
        return self.unmapped("'allOf' with several members is not supported")

    # --------------------------------------------------------------------------- typed nodes

    def _typed(self, node: dict[str, Any], kind: Any, hint: str, depth: int) -> TypeRef:
        """Dispatch on ``type``; a missing or ``{}`` type is inferred or means any JSON."""
        if isinstance(kind, str) and kind in _PRIMS:
            return Prim(_PRIMS[kind])
        if kind == "array" or (kind in (None, {}) and _looks_like_array(node)):
            return self._array(node, hint, depth)
        if kind == "object" or (kind in (None, {}) and "properties" in node):
            return self._object(node, hint, depth)
        if kind is None or kind == {}:
            return JsonType()
        if isinstance(kind, list) and kind and all(isinstance(each, str) for each in kind):
            return self._bounded(union_of([self._typed(node, each, hint, depth) for each in kind]))
        return self.unmapped(f"unknown schema type {_kind_text(kind)}")

    def _array(self, node: dict[str, Any], hint: str, depth: int) -> TypeRef:
        """``prefixItems`` (or an ``items`` list) → tuple, else a list of ``items``."""
        prefix = node.get("prefixItems")
        if not isinstance(prefix, list):
            prefix = node.get("items") if isinstance(node.get("items"), list) else None
        if prefix:
            return TupleType(tuple(self.map(item, hint, depth + 1) for item in prefix))
        items = node.get("items")
        return ListType(JsonType() if items is False else self.map(items, hint, depth + 1))

    def _object(self, node: dict[str, Any], hint: str, depth: int) -> TypeRef:
        """Known ``properties`` → struct; only ``additionalProperties`` → map."""
        properties = node.get("properties")
        if isinstance(properties, dict) and properties:
            return self._struct(node, properties, hint, depth)
        extra = node.get("additionalProperties")
        if isinstance(extra, dict):
            return MapType(self.map(extra, hint, depth + 1))
        if "patternProperties" in node:
            return self.unmapped("'patternProperties' is not supported")
        return MapType(JsonType())

    def _struct(
        self, node: dict[str, Any], properties: dict[str, Any], hint: str, depth: int
    ) -> TypeRef:
        """A struct named by its ``title`` (else ``hint``), fields in schema order."""
        required = node.get("required")
        needed = (
            {r for r in required if isinstance(r, str)} if isinstance(required, list) else set()
        )
        fields = tuple(
            StructField(
                name=key_text(key),
                type=self.map(value, _hint(key_text(key)), depth + 1),
                required=key in needed,
                description=_description(value),
            )
            for key, value in properties.items()
        )
        title = node.get("title")
        name = clip(title) if isinstance(title, str) and title else hint
        return StructType(name=name, fields=fields, description=_description(node))


def expanded_size(mapped: TypeRef, memo: dict[int, int]) -> int:
    """How many nodes ``mapped`` has written out as a tree (shared subtrees counted each time)."""
    key = id(mapped)
    if key not in memo:
        memo[key] = 1 + sum(expanded_size(child, memo) for child in _children(mapped))
    return memo[key]


def _children(mapped: TypeRef) -> tuple[TypeRef, ...]:
    """The type nodes directly inside ``mapped``."""
    if isinstance(mapped, ListType):
        return (mapped.item,)
    if isinstance(mapped, MapType):
        return (mapped.value,)
    if isinstance(mapped, (TupleType, UnionType)):
        return mapped.items if isinstance(mapped, TupleType) else mapped.options
    if isinstance(mapped, StructType):
        return tuple(field.type for field in mapped.fields)
    return ()


def _required(value: Any) -> set[str]:
    """The field names a ``required`` list holds (non-strings ignored)."""
    return {r for r in value if isinstance(r, str)} if isinstance(value, list) else set()


def _prim_of(kind: Any) -> PrimKind:
    """The primitive a ``type`` keyword names (``str`` when it names none)."""
    return _PRIMS.get(kind, "str") if isinstance(kind, str) else "str"


def _kind_text(kind: Any) -> str:
    """A ``type`` keyword for a message: a string quoted and cut, else its JSON kind."""
    return repr(clip(kind)[:60]) if isinstance(kind, str) else f"of kind {type(kind).__name__}"


def _looks_like_array(node: dict[str, Any]) -> bool:
    """A type-less node that only makes sense as an array."""
    return "items" in node or "prefixItems" in node


def _hint(key: str) -> str:
    """A struct-name hint from a field name: ``image_data`` → ``ImageData``."""
    return "".join(part[:1].upper() + part[1:] for part in key.split("_") if part)[:80] or "Value"


def _description(node: Any) -> str:
    """A node's ``description`` (clipped), or ``""``."""
    description = node.get("description") if isinstance(node, dict) else None
    return clip(description) if isinstance(description, str) else ""
