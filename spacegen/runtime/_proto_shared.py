"""Gradio 4.9-4.21: one shared event stream per session, before ``sse_v3`` (no I/O).

- ``sse_v1`` (4.9-4.16): as ``sse_v3`` but the server ends the stream without
  ``close_stream`` once the session has no pending job (:attr:`ends_silently`).
- ``sse_v2`` (4.17-4.20): v1 + generator outputs as diffs against the previous output
  (applied by the session core, see ``_diff``). ``simple_format`` (full values) exists only
  from 4.20 on, so diffs are always asked for: one code path for the whole family.
- ``sse_v2.1`` (4.21): v2, and FileData inputs must carry the ``meta`` marker (they always do).

None of them has ``/cancel`` (4.31+): :attr:`cancel_mode` is ``"none"``. Before 4.21 output
files carry no ``meta`` marker (``file_format == "filedata_unmarked"``): :func:`mark_files`
adds it to every dict shaped like a FileData (pydantic writes every field of the model, so
``path``, ``url``, ``size``, ``orig_name`` and ``mime_type`` are all present).
"""

from __future__ import annotations

from typing import Any

from spacegen.runtime._files import FILE_MARKER
from spacegen.runtime._messages import Event, Output
from spacegen.runtime._protocol import SseV3
from spacegen.runtime._sse import SSEEvent

_FILEDATA_KEYS = frozenset(("path", "url", "size", "orig_name", "mime_type"))


class SharedStreamV1(SseV3):
    """``sse_v1`` / ``sse_v2`` / ``sse_v2.1`` (see the module docstring)."""

    cancel_mode = "none"
    ends_silently = True
    heartbeat = False  # /heartbeat came with 4.25

    def __init__(self, name: str, prefix: str, gradio_version: str, file_format: str) -> None:
        super().__init__(prefix, gradio_version)
        self.name = name
        self.diffs = name != "sse_v1"
        self.unmarked = file_format == "filedata_unmarked"

    def join_body(
        self, fn_index: int, data: list[Any], session_hash: str, oauth_token: str | None = None
    ) -> dict[str, Any]:
        return {"data": data, "fn_index": fn_index, "session_hash": session_hash,
                "event_data": None}  # fmt: skip

    def parse(self, event: SSEEvent) -> Event:
        decoded = super().parse(event)
        if self.diffs and isinstance(decoded, Output):
            return Output(decoded.event_id, decoded.data, diff=True)
        return decoded

    def adapt(self, data: list[Any]) -> list[Any]:
        return mark_files(data) if self.unmarked else data


def mark_files(value: Any) -> Any:
    """``value`` with the FileData marker added to every unmarked FileData-shaped dict."""
    if isinstance(value, dict):
        if value.keys() >= _FILEDATA_KEYS and isinstance(value["path"], str):
            if "meta" not in value or not isinstance(value["meta"], dict):
                return {**value, "meta": {"_type": FILE_MARKER}}
            return value
        return {key: mark_files(item) for key, item in value.items()}
    if isinstance(value, list):
        return [mark_files(item) for item in value]
    return value
