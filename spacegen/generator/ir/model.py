"""The intermediate representation: what an app's API *means*, free of Python spellings.

Everything here is a frozen dataclass, ordered deterministically, and JSON-serialisable through
:func:`spacegen.generator.ir.serialize.to_json`. The IR is the single seam of the generator:
``normalize`` builds it from raw Gradio payloads, ``render`` turns it into Python text, and
nothing after ``normalize`` looks at raw payloads again.

Names held here are *wire* names (``api_name``, ``parameter_name``, JSON object keys) exactly as
the app sent them. They are untrusted text; ``render`` sanitises them into identifiers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, TypeAlias

#: Field metadata: :func:`~spacegen.generator.ir.serialize.to_plain` leaves the field out while
#: it holds its default, so adding such a field changes no existing golden file or API hash.
OMIT_DEFAULT = {"omit_default": True}

IR_VERSION = 1

#: Widest union the IR carries. ``normalize`` widens a union with more options (after
#: flattening and de-duplication) to :class:`AnyType` with a warning, and ``render`` clips
#: hand-built IR the same way: ``A | B | ...`` nests one level per option in Python's syntax
#: tree, and about a thousand overflow ``compile()``. Real apps use at most 4.
MAX_UNION_OPTIONS = 32

#: A JSON value as decoded by :func:`json.loads` (defaults, examples, choices).
Json: TypeAlias = bool | int | float | str | list["Json"] | dict[str, "Json"] | None

PrimKind = Literal["str", "int", "float", "bool", "none"]
Visibility = Literal["public", "undocumented", "private"]
FileFormat = Literal["filedata", "filedata_unmarked", "v3"]
LiteralValue = str | int | float | bool


# --------------------------------------------------------------------------------------- types


@dataclass(frozen=True)
class Prim:
    """A JSON primitive: ``str``, ``int``, ``float``, ``bool`` or ``none`` (JSON null)."""

    kind: PrimKind


@dataclass(frozen=True)
class LiteralType:
    """One of a fixed set of values (Radio / Dropdown choices, ``const``, ``enum``)."""

    values: tuple[LiteralValue, ...]


@dataclass(frozen=True)
class ListType:
    """A JSON array of ``item``."""

    item: TypeRef


@dataclass(frozen=True)
class TupleType:
    """A JSON array of fixed length (``prefixItems``)."""

    items: tuple[TypeRef, ...]


@dataclass(frozen=True)
class MapType:
    """A JSON object with free-form string keys and ``value`` values."""

    value: TypeRef


@dataclass(frozen=True)
class UnionType:
    """Any one of ``options`` (``anyOf`` / ``oneOf`` / nullable)."""

    options: tuple[TypeRef, ...]


@dataclass(frozen=True)
class StructField:
    """One key of a :class:`StructType`. ``name`` is the wire key, untrusted."""

    name: str
    type: TypeRef
    required: bool
    description: str = ""


@dataclass(frozen=True)
class StructType:
    """A JSON object with known keys; rendered as a TypedDict.

    ``name`` is a hint (the schema title, e.g. ``"Message"``); render makes it a unique class
    name. Two structs with equal fields and names are the same type.
    """

    name: str
    fields: tuple[StructField, ...]
    description: str = ""


@dataclass(frozen=True)
class FileType:
    """A Gradio file (FileData / ImageData). Input: anything uploadable; output: a remote file."""

    kind: Literal["file", "image"] = "file"


@dataclass(frozen=True)
class JsonType:
    """Any JSON value (``gr.JSON``, plots, free-form ``{}`` schemas)."""


@dataclass(frozen=True)
class AnyType:
    """A schema that could not be mapped; ``reason`` says why (also emitted as a diagnostic)."""

    reason: str


TypeRef: TypeAlias = (
    Prim
    | LiteralType
    | ListType
    | TupleType
    | MapType
    | UnionType
    | StructType
    | FileType
    | JsonType
    | AnyType
)


def admits_none(t: TypeRef) -> bool:
    """May a value of type ``t`` be ``None`` (a ``None`` option, JSON or ``Any``)?"""
    if isinstance(t, UnionType):
        return any(admits_none(o) for o in t.options)
    return isinstance(t, (JsonType, AnyType)) or t == Prim("none")


def without_none(t: TypeRef) -> TypeRef | None:
    """The one type ``t`` allows besides ``None`` (``t`` itself if not a union), else None."""
    if not isinstance(t, UnionType):
        return t
    others = [o for o in t.options if o != Prim("none")]
    return others[0] if len(others) == 1 else None


# ----------------------------------------------------------------------------------- endpoints


@dataclass(frozen=True)
class Param:
    """One user-visible input of an endpoint, in wire order.

    ``default`` is meaningful only when ``has_default``; it is the app's value as JSON.
    """

    name: str
    label: str
    component: str
    type: TypeRef
    has_default: bool = False
    default: Json = None
    description: str = ""
    example: Json = None
    has_example: bool = False


@dataclass(frozen=True)
class Output:
    """One user-visible output of an endpoint, in wire order.

    ``initial`` is the component's initial value (``/config`` ``props.value``), ``None`` when it
    has none; ``type`` then admits ``None`` (an output the app leaves unchanged shows it).
    """

    label: str
    component: str
    type: TypeRef
    description: str = ""
    initial: Json = None


@dataclass(frozen=True)
class Endpoint:
    """One callable backend function (a Gradio dependency with an ``api_name``).

    ``input_slots`` has one entry per wire input (``dependency.inputs``): the index of the
    :class:`Param` that fills it, or ``None`` for a slot the server fills itself (State). Likewise
    ``output_slots`` maps each wire output to an index into ``outputs`` or ``None`` (hidden).
    """

    api_name: str
    fn_index: int
    visibility: Visibility
    description: str
    params: tuple[Param, ...]
    outputs: tuple[Output, ...]
    input_slots: tuple[int | None, ...]
    output_slots: tuple[int | None, ...]
    generator: bool = False
    oauth_token: Literal["required", "optional"] | None = None
    #: The Gradio component id behind each wire output, so the runtime can remember a
    #: component's value across endpoints (a ``gr.skip()`` keeps what another call set).
    output_components: tuple[int, ...] = ()
    #: The Gradio component type (``"textbox"``) of each wire input / output, State included:
    #: the signature a client checks against the live app before its first job.
    input_types: tuple[str, ...] = ()
    output_types: tuple[str, ...] = ()
    #: ``(param index, component id)`` of each ``gr.BrowserState`` input: left out, it takes the
    #: value the session keeps for that component, as a browser keeps it in local storage.
    browser_state: tuple[tuple[int, int], ...] = field(default=(), metadata=OMIT_DEFAULT)
    #: False when the function must be called without the queue (3.x: ``/run/predict``).
    queued: bool = field(default=True, metadata=OMIT_DEFAULT)


@dataclass(frozen=True)
class AppSpec:
    """The whole API of one app, as the generated module bakes it in."""

    source: str
    gradio_version: str
    protocol: str
    api_prefix: str
    title: str
    space_id: str | None
    max_file_size: int | None
    connect_heartbeat: bool
    endpoints: tuple[Endpoint, ...]
    ir_version: int = IR_VERSION
    #: How files travel on the wire: ``"filedata"`` (4.21+: FileData with its ``meta`` marker),
    #: ``"filedata_unmarked"`` (4.0-4.20: no marker) or ``"v3"`` (3.x: base64 / dicts).
    file_format: FileFormat = field(default="filedata", metadata=OMIT_DEFAULT)


# --------------------------------------------------------------------------------- diagnostics

Level = Literal["info", "warning", "error"]


@dataclass(frozen=True, order=True)
class Diagnostic:
    """Something the generator wants the user to know. ``where`` is e.g. ``"/predict: image"``."""

    level: Level
    where: str
    message: str


@dataclass(frozen=True)
class Normalized:
    """What ``normalize`` returns: the IR plus everything worth saying about it."""

    app: AppSpec
    diagnostics: tuple[Diagnostic, ...] = field(default_factory=tuple)
