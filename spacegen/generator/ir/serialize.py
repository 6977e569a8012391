"""JSON form of the IR: golden files, the API hash in generated headers, debugging."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from typing import Any

from spacegen.generator.ir.model import AppSpec


def to_plain(value: Any) -> Any:
    """Turn IR dataclasses into plain JSON data, tagging each type node with its class name."""
    fields = _fields(type(value))
    if fields is not None:
        plain: dict[str, Any] = {"$kind": type(value).__name__}
        for name, omit_default, default in fields:
            item = getattr(value, name)
            if not (omit_default and item == default):
                plain[name] = to_plain(item)
        return plain
    if isinstance(value, (tuple, list)):
        return [to_plain(item) for item in value]
    if isinstance(value, dict):
        return {str(k): to_plain(v) for k, v in value.items()}
    return value


_Fields = tuple[tuple[str, bool, Any], ...] | None
_FIELDS: dict[type, _Fields] = {}


def _fields(cls: type) -> _Fields:
    """A dataclass's fields as (name, marked ``OMIT_DEFAULT``, default); ``None`` for other
    types. A field marked so is left out of the JSON form while it holds its default."""
    if cls not in _FIELDS:
        _FIELDS[cls] = None
        if dataclasses.is_dataclass(cls):
            fields: list[tuple[str, bool, Any]] = [
                (f.name, bool(f.metadata.get("omit_default")), f.default)
                for f in dataclasses.fields(cls)
            ]
            _FIELDS[cls] = tuple(fields)
    return _FIELDS[cls]


def to_json(value: Any) -> str:
    """Canonical, byte-stable JSON text of an IR value."""
    return json.dumps(to_plain(value), indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def api_hash(app: AppSpec) -> str:
    """sha256 of the normalised API, ignoring where it was read from."""
    stable = dataclasses.replace(app, source="")
    compact = json.dumps(to_plain(stable), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(compact.encode("utf-8")).hexdigest()
