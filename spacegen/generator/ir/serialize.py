"""JSON form of the IR: golden files, the API hash in generated headers, debugging."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from typing import Any

from spacegen.generator.ir.model import AppSpec


def to_plain(value: Any) -> Any:
    """Turn IR dataclasses into plain JSON data, tagging each type node with its class name."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        plain = {
            f.name: to_plain(getattr(value, f.name))
            for f in dataclasses.fields(value)
            if not _omitted(f, getattr(value, f.name))
        }
        return {"$kind": type(value).__name__, **plain}
    if isinstance(value, (tuple, list)):
        return [to_plain(item) for item in value]
    if isinstance(value, dict):
        return {str(k): to_plain(v) for k, v in value.items()}
    return value


def _omitted(field: dataclasses.Field[Any], value: Any) -> bool:
    """A field marked ``OMIT_DEFAULT`` that holds its default (left out of the JSON form)."""
    return bool(field.metadata.get("omit_default")) and value == field.default


def to_json(value: Any) -> str:
    """Canonical, byte-stable JSON text of an IR value."""
    return json.dumps(to_plain(value), indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def api_hash(app: AppSpec) -> str:
    """sha256 of the normalised API, ignoring where it was read from."""
    stable = dataclasses.replace(app, source="")
    compact = json.dumps(to_plain(stable), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(compact.encode("utf-8")).hexdigest()
