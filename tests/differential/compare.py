"""Normalising both clients' results to plain values, comparing them, checking annotations.

- spacegen: ``RemoteFile`` -> ``{"file": sha256}`` of its downloaded bytes; NamedTuples -> lists.
- gradio_client: a path inside its download folder -> ``{"file": sha256}``; an update dict
  (``{"__type__": "update", ...}``) -> its ``value``, or, when it has none (``gr.skip()``,
  ``gr.update(visible=...)``), the value the component holds: its initial value in ``/config``.
- FileData dicts (initial values in ``/config``) -> ``{"file": sha256}`` of the bytes at their URL.
Floats compare with a relative tolerance; ints and floats compare by value.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

from spacegen.runtime import RemoteFile
from spacegen.runtime._outputs import EMPTY_VALUES

from .inputs import is_file_data

_TOLERANCE = 1e-6


def file_digest(data: bytes) -> dict[str, str]:
    return {"file": hashlib.sha256(data).hexdigest()[:16]}


def from_spacegen(value: Any) -> Any:
    """spacegen's value as plain JSON-like data (files by content)."""
    if isinstance(value, RemoteFile):
        return file_digest(value.read())
    if isinstance(value, (tuple, list)):
        return [from_spacegen(v) for v in value]
    if isinstance(value, dict):
        return {k: from_spacegen(v) for k, v in value.items()}
    return value


class GradioSide:
    """Normalises one gradio_client session's values.

    Knows its download folder, the app's /config (initial values) and the last value each
    component showed in this session (what a value-less update leaves in place).
    """

    def __init__(self, downloads: Path, config: dict[str, Any], base_url: str) -> None:
        self.downloads = downloads.resolve()
        self.base_url = base_url
        self.shown = {c["id"]: c.get("props", {}).get("value") for c in config["components"]}
        self.kinds = {c["id"]: c.get("type", "") for c in config["components"]}
        self._plain_shown: dict[int, Any] = {}

    def outputs(self, value: Any, output_ids: tuple[int | None, ...]) -> list[Any]:
        """One normalised value per visible output component."""
        values = _split(value, len(output_ids))
        return [self.one(v, cid) for v, cid in zip(values, output_ids, strict=True)]

    def one(self, value: Any, component_id: int | None) -> Any:
        if isinstance(value, dict) and value.get("__type__") == "update" and "value" not in value:
            return self._current(component_id)
        if isinstance(value, dict) and value.get("__type__") == "update":
            value = value["value"]
        plain = self.page(self.plain(value), component_id)
        if component_id is not None:
            self._plain_shown[component_id] = plain
        return plain

    def page(self, plain: Any, component_id: int | None) -> Any:
        """What the page shows: an empty text box or list for a null one (as spacegen reports)."""
        if plain is None and component_id is not None:
            empty = EMPTY_VALUES.get(self.kinds.get(component_id, ""))
            return list(empty) if isinstance(empty, list) else empty
        return plain

    def _current(self, component_id: int | None) -> Any:
        if component_id is None:
            return None
        if component_id not in self._plain_shown:
            initial = self.plain(self.shown.get(component_id))
            self._plain_shown[component_id] = self.page(initial, component_id)
        return self._plain_shown[component_id]

    def plain(self, value: Any) -> Any:
        if isinstance(value, str) and self._downloaded(value):
            return file_digest(Path(value).read_bytes())
        if is_file_data(value):
            return self._fetch(value)
        if isinstance(value, (tuple, list)):
            return [self.plain(v) for v in value]
        if isinstance(value, dict):
            return {k: self.plain(v) for k, v in value.items()}
        return value

    def _downloaded(self, text: str) -> bool:
        if len(text) > 4096 or not text.startswith(str(self.downloads)):
            return False
        return Path(text).is_file()

    def _fetch(self, file_data: dict[str, Any]) -> Any:
        url = file_data.get("url") or f"{self.base_url}/gradio_api/file={file_data['path']}"
        try:
            response = httpx.get(url, timeout=30, follow_redirects=True)
            response.raise_for_status()
        except httpx.HTTPError as exc:
            return {"file": f"unreadable: {exc}"}
        return file_digest(response.content)


def spacegen_outputs(value: Any, count: int) -> list[Any]:
    """spacegen's result as one normalised value per output component."""
    return [from_spacegen(v) for v in _split(value, count)]


def _split(value: Any, count: int) -> list[Any]:
    if count == 0:
        return []
    if count == 1:
        return [value]
    return list(value) if isinstance(value, (tuple, list)) else [value]


def same(a: Any, b: Any) -> bool:
    """Deep equality; numbers by value with a tolerance, tuples equal to lists."""
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b if isinstance(a, bool) and isinstance(b, bool) else a == b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return a == b or math.isclose(a, b, rel_tol=_TOLERANCE, abs_tol=_TOLERANCE)
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    return bool(a == b)


def abbreviate(value: Any, limit: int = 240) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


# -- conformance -----------------------------------------------------------------------------


def return_hint(method: Callable[..., Any], namespace: dict[str, Any]) -> Any:
    """The resolved return annotation of a generated method (its parameters' are not needed)."""
    hint = method.__annotations__["return"]
    return eval(hint, namespace) if isinstance(hint, str) else hint  # our module


def conformance_error(value: Any, hint: Any, namespace: dict[str, Any]) -> str | None:
    """Why ``value`` does not conform to ``hint`` (None when it does): the suite's own checker
    (tests/conformance.py), so the differential run and the live tests judge alike."""
    from conformance import ConformanceError, walk  # noqa: PLC0415  (tests/ is on sys.path)

    try:
        walk(value, hint, "result", namespace)
    except ConformanceError as error:
        return f"{error} (value {abbreviate(value, 120)})"
    return None
