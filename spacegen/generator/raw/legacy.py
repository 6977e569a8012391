"""Gradio 3.x descriptions, rewritten into the shape the rest of ``raw`` reads (4.x and later).

What differs on 3.x (checked on 3.50.2) and what this module does about it:

- **No JSON schema for media.** An /info item's ``type`` is the *wire* form of its serializer:
  images are ``{"type": "string"}`` (base64), files a ``oneOf`` of path / ``{name, data, ...}``
  dict / list, JSON-like components ``{"type": {}}``. Items are retyped by component:
  Image → an image file, Audio / Video / File / UploadButton / Model3D → a file (a list of
  files when ``python_type`` says ``List[...]``), Gallery → ``[(image, caption | None)]``,
  Dropdown → ``str`` (sharpened later by its choices like on 4.x+). Files are expressed as the
  4.x FileData schema so the normaliser maps them to ``FileType`` as usual; *how* 3.x puts
  files on the wire is the runtime's business (``AppSpec.file_format == "v3"``).
- **Documented fallback.** Components whose 3.x serializer is ``JSONSerializable`` /
  ``SimpleSerializable`` (Chatbot, Dataframe, JSON, Label, HighlightedText, plots, ...) carry
  no schema at all; they stay any-JSON (``Json``), and the app gets ONE warning naming them.
- **Unnamed endpoints.** Blocks events have no ``api_name`` unless given one; /info lists them
  under ``unnamed_endpoints`` keyed by dependency position. Each gets the name
  ``fn_<position>`` (on the dependency too, so matching works); the 3.x protocol calls by
  ``fn_index`` only, so the name never goes on the wire.
- **No ``skip_api``.** /info silently leaves out State, layout blocks and Dataset; those
  components are marked ``skip_api`` so slots line up (the runtime sends ``null`` for them).
- ``fn_index`` is the dependency's position (no ``id`` key), ``protocol`` is absent (``"ws"``):
  both already defaults of :mod:`spacegen.generator.raw.config`.

Gradio 4.0-4.20 send FileData without the ``meta: {"_type": "gradio.FileData"}`` marker (added
in 4.21), in schemas and on the wire. :func:`mark_file_data` adds the marker's default to their
FileData schemas so the normaliser recognises files; ``AppSpec.file_format`` is then
``"filedata_unmarked"`` so the runtime knows output files carry no marker.
"""

from __future__ import annotations

from typing import Any

from spacegen.generator.ir.model import FileFormat
from spacegen.generator.raw._coerce import Problems
from spacegen.runtime._files import FILE_MARKER

#: Prefix of the names given to 3.x endpoints that have no ``api_name``.
UNNAMED_PREFIX = "fn_"


def _file_schema(title: str) -> dict[str, Any]:
    return {
        "title": title,
        "type": "object",
        "properties": {"path": {"type": "string"}, "meta": {"default": {"_type": FILE_MARKER}}},
        "required": ["path"],
    }


_FILE = _file_schema("FileData")
_IMAGE = _file_schema("ImageData")
_CAPTION = {"anyOf": [{"type": "string"}, {"type": "null"}]}
_FILE_COMPONENTS = frozenset({"audio", "video", "file", "uploadbutton", "model3d"})
#: Component types 3.x leaves out of /info (``gradio_client.utils.SKIP_COMPONENTS`` of 3.50).
_SKIPPED = frozenset(
    {"state", "row", "column", "tabs", "tab", "tabitem", "box", "form", "accordion", "group"}
    | {"interpretation", "dataset"}
)
_SCHEMAS: dict[str, dict[str, Any]] = {
    "image": _IMAGE,
    "gallery": {"type": "array", "items": {"type": "array", "prefixItems": [_IMAGE, _CAPTION]}},
    "dropdown": {"type": "string"},
}


def version_of(config: Any) -> tuple[int, int] | None:
    """``(major, minor)`` of ``config.version``, or ``None`` when it is not a version."""
    version = config.get("version") if isinstance(config, dict) else None
    parts = version.split(".")[:2] if isinstance(version, str) else []
    if len(parts) < 2 or not all(p.isdigit() for p in parts):
        return None
    return int(parts[0]), int(parts[1])


def is_v3(config: Any) -> bool:
    """Whether ``config`` comes from a Gradio 3.x (or older) server."""
    version = version_of(config)
    return version is not None and version < (4, 0)


def file_format(config: Any) -> FileFormat:
    """How the app's server puts files on the wire (see the module docstring)."""
    version = version_of(config)
    if version is None or version >= (4, 21):
        return "filedata"
    return "v3" if version < (4, 0) else "filedata_unmarked"


def mark_file_data(node: Any) -> Any:
    """``node`` (any JSON) with every unmarked FileData schema given the marker's default."""
    if isinstance(node, list):
        return [mark_file_data(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {key: mark_file_data(value) for key, value in node.items()}
    properties = out.get("properties")
    if isinstance(properties, dict) and _is_unmarked_file(out, properties):
        out["properties"] = {**properties, "meta": {"default": {"_type": FILE_MARKER}}}
    return out


def _is_unmarked_file(node: dict[str, Any], properties: dict[str, Any]) -> bool:
    """A 4.0-4.20 FileData schema: titled so, ``path``/``url``/``orig_name``, no ``meta``."""
    return (
        node.get("title") == "FileData"
        and {"path", "url", "orig_name"} <= properties.keys()
        and "meta" not in properties
    )


def adapt_v3(config: dict[str, Any], info: Any, problems: Problems) -> tuple[dict[str, Any], Any]:
    """``(config, info)`` rewritten as 4.x-shaped documents (copies; the inputs are untouched)."""
    if not isinstance(info, dict):
        return config, info
    names = _unnamed_names(config, info)
    config = {
        **config,
        "components": _marked_skipped(config.get("components")),
        "dependencies": _named_dependencies(config["dependencies"], names),
    }
    group = info.get("named_endpoints")
    named = dict(group) if isinstance(group, dict) else {}
    for position, name in names.items():
        named[f"/{name}"] = info["unnamed_endpoints"][str(position)]
    untyped: set[str] = set()
    info = {**info, "named_endpoints": {k: _retyped(v, untyped) for k, v in named.items()}}
    if untyped:
        problems.add("warning", "app", _fallback_message(untyped))
    return config, info


def _unnamed_names(config: dict[str, Any], info: dict[str, Any]) -> dict[int, str]:
    """Position → ``fn_<position>`` for each unnamed endpoint whose name is still free."""
    unnamed = info.get("unnamed_endpoints")
    if not isinstance(unnamed, dict):
        return {}
    taken = {d.get("api_name") for d in config["dependencies"] if isinstance(d, dict)}
    found: dict[int, str] = {}
    for key in unnamed:
        name = f"{UNNAMED_PREFIX}{key}"
        if isinstance(key, str) and key.isdigit() and name not in taken:
            found[int(key)] = name
    return found


def _marked_skipped(components: Any) -> Any:
    """Components with ``skip_api`` set where 3.x /info leaves them out."""
    if not isinstance(components, list):
        return components
    return [
        {**c, "skip_api": True} if isinstance(c, dict) and c.get("type") in _SKIPPED else c
        for c in components
    ]


def _named_dependencies(dependencies: list[Any], names: dict[int, str]) -> list[Any]:
    """The dependency list with the given positions named (others unchanged)."""
    return [
        {**d, "api_name": names[k]} if k in names and isinstance(d, dict) else d
        for k, d in enumerate(dependencies)
    ]


def _retyped(entry: Any, untyped: set[str]) -> Any:
    """One endpoint with every parameter / return retyped by its component."""
    if not isinstance(entry, dict):
        return entry
    out = dict(entry)
    for key in ("parameters", "returns"):
        items = entry.get(key)
        if isinstance(items, list):
            out[key] = [_retyped_item(item, untyped) for item in items]
    return out


def _retyped_item(item: Any, untyped: set[str]) -> Any:
    """One item with a 4.x-style schema for its component (see the module docstring)."""
    if not isinstance(item, dict) or not isinstance(item.get("component"), str):
        return item
    component = item["component"].lower()
    schema = _SCHEMAS.get(component)
    if component in _FILE_COMPONENTS:
        schema = {"type": "array", "items": _FILE} if _is_list(item) else _FILE
    if schema is not None:
        return {**item, "type": schema}
    if _is_any(item.get("type")):
        untyped.add(item["component"])
    return item


def _is_list(item: dict[str, Any]) -> bool:
    """``python_type`` says the component takes several files (``file_count`` not single)."""
    python_type = item.get("python_type")
    spelled = python_type.get("type") if isinstance(python_type, dict) else None
    return isinstance(spelled, str) and spelled.startswith("List[")


def _is_any(schema: Any) -> bool:
    """A 3.x "any value" schema (``{"type": {}}``, no other structure)."""
    return isinstance(schema, dict) and schema.get("type") in ({}, None) and len(schema) <= 2


def _fallback_message(components: set[str]) -> str:
    return (
        "gradio 3.x describes no structure for "
        + ", ".join(sorted(components))
        + "; their values are typed as any JSON (Json)"
    )


def note_unnamed_parameters(info: Any, problems: Problems) -> None:
    """One note when /info (Gradio before 4.x's ``parameter_name``) names no parameter at all.

    Parameters are then named after their labels and none has a default (all required).
    """
    group = info.get("named_endpoints") if isinstance(info, dict) else None
    entries = [e for e in group.values() if isinstance(e, dict)] if isinstance(group, dict) else []
    items = [p for e in entries if isinstance(e.get("parameters"), list) for p in e["parameters"]]
    if items and not any(isinstance(p, dict) and "parameter_name" in p for p in items):
        problems.add(
            "info",
            "app",
            "this Gradio version's /info gives no parameter names or defaults; parameters are "
            "named after their labels and all are required",
        )
