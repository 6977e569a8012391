"""A batch's checkpoint file: JSON lines, one per finished item, so a batch can resume.

Format (one JSON object per line, UTF-8)::

    {"spacegen_batch": 1, "endpoint": "/predict", "total": 1000}        first line
    {"i": 17, "key": "<input digest>", "ok": true, "value": <encoded>}   an item that succeeded
    {"i": 18, "key": "<input digest>", "ok": false, "error": "AppError", "message": "..."}

``key`` is a digest of the item's arguments: resuming with other inputs at an index is refused.
On resume, items with an ``ok`` line are restored, never called again; failed items are called
again. A last line cut short by a kill is ignored.

Values are stored as JSON with tags where JSON has no form of their own: a tuple (a
NamedTuple result or a ``tuple[...]`` output) is ``{"$tuple": [...]}``, a :class:`RemoteFile`
is ``{"$file": <its FileData>, "local": <path of its local copy or null>}``, and a dict with a
key starting with ``$`` is ``{"$dict": {...}}``. TypedDicts are dicts, so they come back as
they were; a NamedTuple result is rebuilt by the endpoint's result class; restored files
download with the client's credentials.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from spacegen.runtime._endpoint import NOT_GIVEN, Endpoint
from spacegen.runtime._files import RemoteFile
from spacegen.runtime.errors import UsageError

if TYPE_CHECKING:
    from spacegen.runtime._files import Fetcher

_VERSION = 1


def encode(value: Any) -> Any:
    """``value`` (a typed result) as tagged JSON data."""
    if isinstance(value, RemoteFile):
        local = str(value._local) if value._local is not None else None
        return {"$file": dict(value.data), "local": local}
    if isinstance(value, tuple):
        return {"$tuple": [encode(item) for item in value]}
    if isinstance(value, list):
        return [encode(item) for item in value]
    if isinstance(value, dict):
        body = {str(key): encode(item) for key, item in value.items()}
        return {"$dict": body} if any(key.startswith("$") for key in body) else body
    return value


def decode(data: Any, fetcher: Fetcher | None) -> Any:
    """The inverse of :func:`encode`; files get ``fetcher`` to download with."""
    if isinstance(data, list):
        return [decode(item, fetcher) for item in data]
    if not isinstance(data, dict):
        return data
    if "$file" in data:
        restored = RemoteFile(data["$file"], fetcher)
        restored._local = Path(data["local"]) if data.get("local") else None
        return restored
    if "$tuple" in data:
        return tuple(decode(item, fetcher) for item in data["$tuple"])
    body = data.get("$dict", data)
    return {key: decode(item, fetcher) for key, item in body.items()}


def input_key(args: tuple[object, ...]) -> str:
    """A digest of one item's arguments (files by content, path or name)."""
    text = json.dumps(_keyable(args), sort_keys=True, ensure_ascii=True, default=_fallback)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def _keyable(value: Any) -> Any:
    if isinstance(value, tuple | list):
        return [_keyable(item) for item in value]
    if isinstance(value, dict):
        return {str(key): _keyable(item) for key, item in value.items()}
    return value


def _fallback(value: Any) -> str:
    if value is NOT_GIVEN:
        return "$not_given"
    if isinstance(value, bytes | bytearray):
        return "$bytes:" + hashlib.sha256(value).hexdigest()
    if isinstance(value, os.PathLike):
        return f"$path:{os.fspath(value)!s}"
    if isinstance(value, RemoteFile):
        return "$remote:" + value.server_path
    return f"${type(value).__name__}:{getattr(value, 'name', '')!s}"


class Checkpoint:
    """An open checkpoint file: what it already holds, and appending finished items."""

    def __init__(self, path: str | os.PathLike[str], endpoint: Endpoint[Any], total: int) -> None:
        self.path = Path(path)
        self.endpoint = endpoint
        self.total = total
        self._lock = threading.Lock()
        self._file: IO[str] | None = None

    def load(self, keys: list[str], fetcher: Fetcher | None) -> dict[int, Any]:
        """``{index: value}`` of the items this file records as done (checks it fits)."""
        if not self.path.exists():
            return {}
        lines = self.path.read_text(encoding="utf-8").splitlines()
        records = [r for r in (_parse(line) for line in lines) if r is not None]
        if records:
            self._check_header(records[0])
        done: dict[int, Any] = {}
        for record in records[1:]:
            index = self._index(record, keys)
            if record.get("ok") is True:
                done[index] = self._restore(record.get("value"), fetcher)
        return done

    def record(self, index: int, key: str, value: Any, error: BaseException | None) -> None:
        """Append one finished item (flushed at once, so a kill loses at most that line)."""
        if error is None:
            line: dict[str, Any] = {"i": index, "key": key, "ok": True, "value": encode(value)}
        else:
            line = {"i": index, "key": key, "ok": False}
            line |= {"error": type(error).__name__, "message": str(error)}
        text = json.dumps(line, ensure_ascii=True) + "\n"
        with self._lock:
            self._open().write(text)
            self._file.flush()  # type: ignore[union-attr]  # opened just above

    def close(self) -> None:
        with self._lock:
            if self._file is not None:
                self._file.close()
                self._file = None

    def _open(self) -> IO[str]:
        if self._file is None:
            fresh = not self.path.exists() or self.path.stat().st_size == 0
            self._file = self.path.open("a", encoding="utf-8")
            if not fresh:
                self._file.write("\n")  # ends a line a kill may have cut short
            else:
                header = {"spacegen_batch": _VERSION, "endpoint": self.endpoint.api_name}
                self._file.write(json.dumps(header | {"total": self.total}) + "\n")
        return self._file

    def _check_header(self, header: dict[str, Any]) -> None:
        if header.get("spacegen_batch") != _VERSION:
            raise UsageError(f"{self.path} is not a spacegen batch checkpoint")
        if header.get("endpoint") != self.endpoint.api_name:
            raise UsageError(
                f"checkpoint {self.path} belongs to a batch of {header.get('endpoint')!r}, "
                f"not {self.endpoint.api_name!r}: use another file"
            )

    def _index(self, record: dict[str, Any], keys: list[str]) -> int:
        index = record.get("i")
        if not isinstance(index, int) or not 0 <= index < len(keys):
            raise UsageError(f"checkpoint {self.path} records item {index!r}, not in this batch")
        if record.get("key") != keys[index]:
            raise UsageError(
                f"checkpoint {self.path} was written for other inputs (item {index} differs): "
                "use another file for another batch"
            )
        return index

    def _restore(self, data: Any, fetcher: Fetcher | None) -> Any:
        value = decode(data, fetcher)
        build = self.endpoint.result
        if build is not None and isinstance(value, tuple):
            return build(*value)
        return value


def _parse(line: str) -> dict[str, Any] | None:
    """One line's object; None for a blank or cut-short line."""
    if not line.strip():
        return None
    try:
        data = json.loads(line)
    except ValueError:
        return None
    return data if isinstance(data, dict) else None
