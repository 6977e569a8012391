"""RawSnapshot: the app's API description exactly as fetched, in canonical saveable form."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from spacegen.generator.raw._coerce import load_json
from spacegen.runtime.errors import DescriptionError

SNAPSHOT_FORMAT = "spacegen.snapshot/1"

#: /config keys the generator never needs (front-end code, styling, layout); dropped on save.
_UNUSED_CONFIG_KEYS = frozenset(
    {
        "css",
        "js",
        "head",
        "body_css",
        "stylesheets",
        "theme",
        "theme_hash",
        "layout",
        "page",
        "i18n_translations",
        "footer_links",
        "run_history",
        "pwa",
        "deep_link_state",
        "app_id",
    }
)


@dataclass(frozen=True)
class RawSnapshot:
    """``/config`` and ``/info`` of one app plus where they came from.

    ``info_all`` is ``/info?all_endpoints=true`` when it was available, else ``None``.
    ``source`` is what the user asked for (Space id, URL or path), used in generated headers.
    ``meta`` holds provenance strings such as ``space_id``, ``sha`` and ``host`` (empty for
    folders and plain URLs); it is written to the snapshot file only when not empty.
    """

    source: str
    config: dict[str, Any]
    info: dict[str, Any]
    info_all: dict[str, Any] | None = None
    meta: Mapping[str, str] = field(default_factory=dict)

    @property
    def gradio_version(self) -> str:
        version = self.config.get("version")
        return version if isinstance(version, str) else "unknown"

    def to_json(self) -> str:
        """Canonical JSON: no timestamps, unused front-end keys removed.

        The envelope has a fixed key order; inside ``config`` and ``info`` the app's own order is
        kept (it is meaningful: endpoint order, struct field order) and is deterministic already.
        """
        doc = {
            "format": SNAPSHOT_FORMAT,
            "source": self.source,
            "gradio_version": self.gradio_version,
            "config": {k: v for k, v in self.config.items() if k not in _UNUSED_CONFIG_KEYS},
            "info": _strip_snippets(self.info),
            "info_all": None if self.info_all is None else _strip_snippets(self.info_all),
        }
        if self.meta:
            doc["meta"] = dict(sorted(self.meta.items()))
        return json.dumps(doc, indent=1, ensure_ascii=False) + "\n"

    @classmethod
    def from_json(cls, text: str, *, name: str = "snapshot") -> RawSnapshot:
        """Parse a snapshot file written by :meth:`to_json`.

        ``name`` (usually the file name) prefixes every error message. Only the envelope is
        checked here; the payloads are checked by whoever loads them.
        """
        doc = _parse_document(text, name)
        _check_envelope(doc, name)
        snapshot = cls(
            source=doc["source"],
            config=doc["config"],
            info=doc["info"],
            info_all=doc["info_all"],
            meta=doc.get("meta", {}),
        )
        if snapshot.gradio_version != doc["gradio_version"]:
            raise DescriptionError(
                f"{name}: gradio_version {doc['gradio_version']!r} does not match "
                f"config.version {snapshot.gradio_version!r}"
            )
        return snapshot


_ENVELOPE_KEYS = frozenset({"format", "source", "gradio_version", "config", "info", "info_all"})


def _parse_document(text: str, name: str) -> dict[str, Any]:
    """``json.loads`` with errors (absurd nesting, huge numbers) turned into DescriptionError."""
    doc = load_json(text, name)
    if not isinstance(doc, dict):
        raise DescriptionError(f"{name}: expected a JSON object, got {type(doc).__name__}")
    return doc


def _check_envelope(doc: dict[str, Any], name: str) -> None:
    """The top level of a snapshot file: format marker, known keys, field types."""
    fmt = doc.get("format")
    if fmt != SNAPSHOT_FORMAT:
        raise DescriptionError(
            f"{name}: not a spacegen snapshot (format is {fmt!r}, expected {SNAPSHOT_FORMAT!r})"
        )
    missing = sorted(_ENVELOPE_KEYS - doc.keys())
    unknown = sorted(doc.keys() - _ENVELOPE_KEYS - {"meta"})
    if missing:
        raise DescriptionError(f"{name}: missing key(s) {', '.join(missing)}")
    if unknown:
        raise DescriptionError(f"{name}: unknown key(s) {', '.join(unknown)}")
    for key, kind in (("source", str), ("gradio_version", str), ("config", dict), ("info", dict)):
        if not isinstance(doc[key], kind):
            raise DescriptionError(f"{name}: {key!r} must be {_KIND_NAMES[kind]}")
    if doc["info_all"] is not None and not isinstance(doc["info_all"], dict):
        raise DescriptionError(f"{name}: 'info_all' must be an object or null")
    _check_meta(doc.get("meta", {}), name)


_KIND_NAMES: dict[type, str] = {str: "a string", dict: "an object"}


def _check_meta(meta: object, name: str) -> None:
    if not isinstance(meta, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in meta.items()
    ):
        raise DescriptionError(f"{name}: 'meta' must be an object of strings")


def strip_snippets(info: dict[str, Any]) -> dict[str, Any]:
    """Public alias of the ``code_snippets`` stripper (sources compare /info variants with it)."""
    return _strip_snippets(info)


def _strip_snippets(info: dict[str, Any]) -> dict[str, Any]:
    """Drop ``code_snippets`` (present only on plain /info, and irrelevant to the API)."""
    out = dict(info)
    for key in ("named_endpoints", "unnamed_endpoints"):
        group = out.get(key)
        if isinstance(group, dict):
            out[key] = {
                name: {k: v for k, v in ep.items() if k != "code_snippets"}
                if isinstance(ep, dict)
                else ep
                for name, ep in group.items()
            }
    return out
