"""Gradio 4.0-4.8 (``sse``, "v0"): one event stream per job (no I/O).

``GET {P}/queue/join?fn_index=&session_hash=`` opens the job's own stream (the route names
are swapped against later versions). The server asks for the inputs with
``{"msg": "send_data", "event_id": ...}``; the client answers with ``POST {P}/queue/data``
(``{data, event_data, fn_index, session_hash, event_id}``); then the usual messages follow,
without ``event_id``, until ``process_completed``. A full queue says ``queue_full`` on the
stream. No diffs; output files carry no ``meta`` marker. Cancelling closes the stream (the
server then drops the job).
"""

from __future__ import annotations

import json
from typing import Any, NoReturn

import httpx

from spacegen.runtime._decode import decode_message
from spacegen.runtime._endpoint import Endpoint
from spacegen.runtime._messages import (
    Completed,
    Estimation,
    Event,
    JobEvent,
    Log,
    Output,
    Progress,
    SessionFailed,
    Started,
)
from spacegen.runtime._proto_shared import mark_files
from spacegen.runtime._protocol import DRAIN_CHUNKS, Channel, Conversation
from spacegen.runtime._sse import SSEDecoder, SSEEvent
from spacegen.runtime.errors import ConnectionLostError, ProtocolError, QueueFullError


class PerJobStrategy:
    """Base of protocols whose jobs each arrive on a channel of their own."""

    name = "per-job"
    cancel_mode = "disconnect"
    ends_silently = False
    heartbeat = False

    def __init__(self, prefix: str, gradio_version: str = "", file_format: str = "") -> None:
        self.prefix = prefix
        self.repr_errors = gradio_version.startswith(("4.", "3."))
        self.file_format = file_format

    def join_path(self) -> str:
        self._shared_only()

    def join_body(
        self, fn_index: int, data: list[Any], session_hash: str, oauth_token: str | None = None
    ) -> dict[str, Any]:
        self._shared_only()

    def stream_path(self) -> str:
        self._shared_only()

    def event_id(self, reply: httpx.Response) -> str:
        self._shared_only()

    def parse(self, event: SSEEvent) -> Event:
        self._shared_only()

    def adapt(self, data: list[Any]) -> list[Any]:
        return data

    def _shared_only(self) -> NoReturn:
        raise ProtocolError(f"{self.name}: jobs have no shared event stream")


def job_event(message: dict[str, Any], key: str, repr_errors: bool) -> JobEvent | None:
    """A per-job channel's message as the job's event (its ``event_id`` is ``key``)."""
    event = decode_message({**message, "event_id": key}, repr_errors)
    if isinstance(event, SessionFailed):
        raise ConnectionLostError(f"the server gave up on the job: {event.message}")
    if isinstance(event, Estimation | Started | Progress | Log | Output | Completed):
        return event
    return None


def parse_json(raw: str, what: str) -> dict[str, Any]:
    try:
        message = json.loads(raw)
    except ValueError as exc:
        raise ProtocolError(f"{what}: invalid JSON: {raw[:200]!r}") from exc
    if not isinstance(message, dict):
        raise ProtocolError(f"{what}: a non-object message: {raw[:200]!r}")
    return message


class SseV0(PerJobStrategy):
    name = "sse"

    def conversation(
        self, endpoint: Endpoint[Any], data: list[Any], session_hash: str, key: str
    ) -> Conversation | None:
        return SseV0Conversation(self, endpoint.fn_index, data, session_hash, key)


class SseV0Conversation:
    """One job on its own ``queue/join`` stream."""

    def __init__(
        self, strategy: SseV0, fn_index: int, data: list[Any], session_hash: str, key: str
    ) -> None:
        self.key, self.done = key, False
        self._strategy = strategy
        self._body = {"data": data, "event_data": None, "fn_index": fn_index,
                      "session_hash": session_hash}  # fmt: skip
        params = {"fn_index": str(fn_index), "session_hash": session_hash}
        prefix = strategy.prefix
        self.channel = Channel("sse", f"{prefix}/queue/join", params, None,
                               f"{prefix}/queue/data", DRAIN_CHUNKS)  # fmt: skip
        self._decoder = SSEDecoder()

    def feed(self, raw: bytes | str) -> tuple[list[JobEvent], list[Any]]:
        chunk = raw.encode() if isinstance(raw, str) else raw
        events: list[JobEvent] = []
        replies: list[Any] = []
        for sse in self._decoder.feed(chunk):
            message = parse_json(sse.data, "queue/join")
            kind = message.get("msg")
            if kind == "send_data":
                replies.append({**self._body, "event_id": message.get("event_id")})
            elif kind == "queue_full":
                raise QueueFullError("queue/join: the app's queue is full", None)
            elif (event := self._event(message)) is not None:
                events.append(event)
        return events, replies

    def _event(self, message: dict[str, Any]) -> JobEvent | None:
        event = job_event(message, self.key, self._strategy.repr_errors)
        if isinstance(event, Output):
            return Output(event.event_id, mark_files(event.data))
        if isinstance(event, Completed):
            self.done = True
            if event.data is not None:
                return Completed(event.event_id, mark_files(event.data))
        return event

    def answer(self, reply: httpx.Response) -> list[JobEvent]:
        raise ProtocolError("sse: a job's answer comes on its stream")
