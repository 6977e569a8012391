"""Gradio 3.x (``ws``): one websocket per job, files as 3.x dicts and data URLs (no I/O).

The job's websocket at ``/queue/join``: the server says ``send_hash``, the client answers
``{fn_index, session_hash}``; ``estimation`` messages follow; on ``send_data`` the client sends
``{data, event_data, fn_index, session_hash}``; then ``process_starts``, ``progress``, ``log``,
``process_generating`` (full values) and ``process_completed``. ``queue_full`` refuses the job.
Functions outside the queue (``Endpoint(queued=False)``) are one ``POST /run/predict``
(``{data, fn_index, session_hash}`` → the output object, or HTTP 500 ``{"error": ...}``).

Files: inputs go up through ``/upload`` as everywhere; 3.x takes them as
``{name: <server path>, data: null, is_file: true, orig_name}``. Outputs: files come as such
dicts; images as base64 ``data:`` URLs; a video as ``[video, subtitles]``. They become
marked FileData (a data URL is kept as the file's URL and decoded on read, no download).
Which slots hold files is known from the endpoint's component types (``output_types``).
"""

from __future__ import annotations

from typing import Any

import httpx

from spacegen.runtime._decode import unrepr
from spacegen.runtime._endpoint import Endpoint
from spacegen.runtime._files import FILE_MARKER, is_file_data, safe_name
from spacegen.runtime._messages import Completed, ErrorInfo, JobEvent, Output
from spacegen.runtime._proto_sse import PerJobStrategy, job_event, parse_json
from spacegen.runtime._protocol import Channel, Conversation, raise_for_reply
from spacegen.runtime.errors import ProtocolError, QueueFullError

#: Component types whose 3.x values hold files (outputs of other types are left as sent).
FILE_COMPONENTS = frozenset(
    ("file", "image", "audio", "video", "gallery", "model3d", "uploadbutton", "annotatedimage")
)


class Ws(PerJobStrategy):
    name = "ws"

    def conversation(
        self, endpoint: Endpoint[Any], data: list[Any], session_hash: str, key: str
    ) -> Conversation | None:
        kinds = endpoint.input_types
        data = [to_v3(v, kinds[i] if i < len(kinds) else "") for i, v in enumerate(data)]
        if endpoint.queued:
            return WsConversation(self, endpoint, data, session_hash, key)
        return PredictConversation(self, endpoint, data, session_hash, key)


class WsConversation:
    """One job on its own websocket."""

    def __init__(
        self, strategy: Ws, endpoint: Endpoint[Any], data: list[Any], session_hash: str, key: str
    ) -> None:
        self.key, self.done = key, False
        self._strategy, self._endpoint = strategy, endpoint
        self._hash = {"fn_index": endpoint.fn_index, "session_hash": session_hash}
        self._body = {**self._hash, "data": data, "event_data": None}
        self.channel = Channel("ws", f"{strategy.prefix}/queue/join")

    def feed(self, raw: bytes | str) -> tuple[list[JobEvent], list[Any]]:
        text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else raw
        message = parse_json(text, "queue/join")
        kind = message.get("msg")
        if kind == "send_hash":
            return [], [self._hash]
        if kind == "send_data":
            return [], [self._body]
        if kind == "queue_full":
            raise QueueFullError("queue/join: the app's queue is full", None)
        event = job_event(message, self.key, self._strategy.repr_errors)
        if event is None:
            return [], []
        return [self._files(event)], []

    def _files(self, event: JobEvent) -> JobEvent:
        if isinstance(event, Output):
            return Output(event.event_id, outputs_from_v3(self._endpoint, event.data))
        if isinstance(event, Completed):
            self.done = True
            if event.data is not None:
                return Completed(event.event_id, outputs_from_v3(self._endpoint, event.data))
        return event

    def answer(self, reply: httpx.Response) -> list[JobEvent]:
        raise ProtocolError("ws: a job's answer comes on its websocket")


class PredictConversation:
    """A function outside the queue: one ``POST /run/predict``."""

    def __init__(
        self, strategy: Ws, endpoint: Endpoint[Any], data: list[Any], session_hash: str, key: str
    ) -> None:
        self.key, self.done = key, False
        self._strategy, self._endpoint = strategy, endpoint
        body = {"data": data, "fn_index": endpoint.fn_index, "session_hash": session_hash,
                "event_data": None}  # fmt: skip
        self.channel = Channel("post", f"{strategy.prefix}/run/predict", body=body)

    def feed(self, raw: bytes | str) -> tuple[list[JobEvent], list[Any]]:
        raise ProtocolError("run/predict: no stream")

    def answer(self, reply: httpx.Response) -> list[JobEvent]:
        self.done = True
        body = _error_body(reply)
        if body is not None:
            text = body.get("error")
            message = None if text is None else unrepr(str(text))
            return [Completed(self.key, error=ErrorInfo(message))]
        raise_for_reply(reply, "run/predict")
        output = parse_json(reply.content.decode("utf-8", "replace"), "run/predict")
        data = output.get("data")
        if not isinstance(data, list):
            raise ProtocolError(f"run/predict answered without data: {reply.content[:200]!r}")
        return [Completed(self.key, outputs_from_v3(self._endpoint, data))]


def _error_body(reply: httpx.Response) -> dict[str, Any] | None:
    """The ``{"error": ...}`` of a failed function (HTTP 500 with a JSON body)."""
    if reply.status_code != 500:
        return None
    try:
        body = parse_json(reply.content.decode("utf-8", "replace"), "run/predict")
    except ProtocolError:
        return None
    return body if "error" in body else None


# -- files -------------------------------------------------------------------------------


def to_v3(value: Any, kind: str = "") -> Any:
    """Input value with every FileData replaced by the 3.x file dict (an image by its
    ``data:`` URL: 3.x takes images inline only)."""
    if is_file_data(value):
        url = value.get("url")
        if isinstance(url, str) and url.startswith("data:"):
            return url if kind == "image" else {"name": value.get("orig_name") or "file",
                                                "data": url, "is_file": False}  # fmt: skip
        path = value["path"]
        name = value.get("orig_name") or safe_name(path)
        return {"name": path, "data": None, "is_file": True, "orig_name": name}
    if isinstance(value, dict):
        return {key: to_v3(item, kind) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [to_v3(item, kind) for item in value]
    return value


def outputs_from_v3(endpoint: Endpoint[Any], data: list[Any]) -> list[Any]:
    """Output values with 3.x files (dicts, data URLs) turned into marked FileData."""
    kinds = endpoint.output_types
    out = list(data)
    for index, value in enumerate(out):
        kind = kinds[index] if index < len(kinds) else ""
        if kind in FILE_COMPONENTS:
            out[index] = _from_v3(value, kind)
    return out


def _from_v3(value: Any, kind: str) -> Any:
    if isinstance(value, str) and value.startswith("data:"):
        return _data_url_file(value)
    if isinstance(value, dict):
        if value.get("is_file") is not None and isinstance(value.get("name"), str):
            return _file_dict(value)
        return {key: _from_v3(item, kind) for key, item in value.items()}
    if isinstance(value, list):
        if kind == "video" and len(value) == 2 and not isinstance(value[0], list):
            return _from_v3(value[0], kind)  # [video, subtitles]
        return [_from_v3(item, kind) for item in value]
    return value


def _file_dict(value: dict[str, Any]) -> dict[str, Any]:
    data = value.get("data")
    name = str(value["name"])
    url = data if isinstance(data, str) and data.startswith("data:") else None
    orig = value.get("orig_name") or safe_name(name)
    return {"path": name, "url": url, "size": value.get("size"), "orig_name": orig,
            "mime_type": None, "meta": {"_type": FILE_MARKER}}  # fmt: skip


def _data_url_file(url: str) -> dict[str, Any]:
    mime = url[5:].split(";", 1)[0].split(",", 1)[0] or "application/octet-stream"
    suffix = mime.rsplit("/", 1)[-1] if "/" in mime else "bin"
    name = safe_name(f"file.{suffix}")
    return {"path": name, "url": url, "size": None, "orig_name": name, "mime_type": mime,
            "meta": {"_type": FILE_MARKER}}  # fmt: skip
