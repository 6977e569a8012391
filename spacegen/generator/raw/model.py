"""Typed mirror of the parts of Gradio's ``/config`` and ``/info`` that the normaliser reads.

Every value here has already been checked for shape and had its Gradio-version quirks removed
(``show_api`` vs ``api_visibility``, absent ``api_prefix``, ...). Strings are still untrusted
text; JSON schemas (:attr:`RawItem.schema`) are kept exactly as sent.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, TypeAlias

from spacegen.generator.ir.model import Diagnostic, FileFormat, Json, Visibility

OAuth: TypeAlias = Literal["required", "optional"]


@dataclass(frozen=True)
class RawComponent:
    """One ``config.components[j]`` entry."""

    id: int
    type: str
    props: Mapping[str, Any]
    skip_api: bool


@dataclass(frozen=True)
class RawDependency:
    """One ``config.dependencies[i]`` entry; ``visibility`` is normalised across versions."""

    fn_index: int
    api_name: str | None
    inputs: tuple[int, ...]
    outputs: tuple[int, ...]
    backend_fn: bool
    generator: bool
    visibility: Visibility
    api_description: str | None = None
    #: False when the function cannot go through the queue (3.x: ``enable_queue`` off for the
    #: app or ``queue: false`` on the event); such calls use ``/run/predict``.
    queued: bool = True
    #: The event streams its inputs (``connection: "stream"``: webcam / microphone streaming).
    streams_inputs: bool = False


@dataclass(frozen=True)
class RawConfig:
    """The ``/config`` document, defaults filled in for keys older servers leave out."""

    version: str
    protocol: str
    api_prefix: str
    title: str
    space_id: str | None
    max_file_size: int | None
    connect_heartbeat: bool
    components: Mapping[int, RawComponent]
    dependencies: tuple[RawDependency, ...]
    #: How files travel: ``"filedata"`` (4.21+ FileData with its ``meta`` marker),
    #: ``"filedata_unmarked"`` (4.0-4.20, no marker) or ``"v3"`` (3.x base64 / dict values).
    file_format: FileFormat = "filedata"


@dataclass(frozen=True)
class RawItem:
    """One entry of an endpoint's ``parameters`` or ``returns`` list.

    ``schema`` is the JSON schema (``type`` field) untouched; ``None`` when it was missing.
    ``valid`` is false when the entry was not an object at all (repaired to a placeholder).
    """

    label: str
    parameter_name: str | None
    component: str
    schema: Any
    python_type_description: str = ""
    has_default: bool = False
    default: Json = None
    has_example: bool = False
    example: Json = None
    valid: bool = True


@dataclass(frozen=True)
class RawEndpointInfo:
    """One ``named_endpoints["/name"]`` entry of ``/info``.

    ``problem`` is set when the entry cannot be used at all (e.g. ``parameters`` not a list).
    """

    name: str
    parameters: tuple[RawItem, ...]
    returns: tuple[RawItem, ...]
    visibility: Visibility | None
    description: str
    oauth_token: OAuth | None = None
    problem: str | None = None


@dataclass(frozen=True)
class RawApp:
    """Everything :func:`spacegen.generator.raw.parse` read from one snapshot.

    ``endpoints`` are the public ``/info`` endpoints in document order; ``undocumented`` the
    ones only ``info_all`` lists (``None`` when ``info_all`` was not fetched).
    """

    source: str
    config: RawConfig
    endpoints: tuple[RawEndpointInfo, ...]
    undocumented: tuple[RawEndpointInfo, ...] | None
    diagnostics: tuple[Diagnostic, ...] = field(default_factory=tuple)
