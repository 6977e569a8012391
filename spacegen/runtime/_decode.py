"""Decoding queue messages into typed events (no I/O): shared by every protocol."""

from __future__ import annotations

import ast
from collections.abc import Mapping
from typing import Any

from spacegen.runtime._messages import (
    Completed,
    ErrorInfo,
    Estimation,
    Event,
    Ignored,
    Log,
    LogMessage,
    Output,
    Progress,
    ProgressUnit,
    SessionFailed,
    Started,
    StreamClosed,
)
from spacegen.runtime.errors import ProtocolError


def decode_message(message: Mapping[str, Any], repr_errors: bool = False) -> Event:
    """One ``queue/data`` JSON message → a typed event."""
    kind = message.get("msg")
    event_id = message.get("event_id")
    if kind == "close_stream":
        return StreamClosed()
    if kind == "unexpected_error":
        text = str(message.get("message") or "the server stopped the session")
        return SessionFailed(text, bool(message.get("session_not_found")))
    if not isinstance(event_id, str):
        return Ignored(str(kind))
    decoder = _DECODERS.get(str(kind))
    return decoder(event_id, message, repr_errors) if decoder else Ignored(str(kind))


def _estimation(event_id: str, m: Mapping[str, Any], _: bool) -> Event:
    return Estimation(event_id, m.get("rank"), m.get("queue_size"), m.get("rank_eta"))


def _started(event_id: str, m: Mapping[str, Any], _: bool) -> Event:
    return Started(event_id, m.get("eta"))


def _progress(event_id: str, m: Mapping[str, Any], _: bool) -> Event:
    units = m.get("progress_data") or []
    return Progress(event_id, tuple(_unit(u) for u in units if isinstance(u, dict)))


def _unit(u: Mapping[str, Any]) -> ProgressUnit:
    return ProgressUnit(
        u.get("index"), u.get("length"), u.get("unit"), u.get("progress"), u.get("desc")
    )


def _log(event_id: str, m: Mapping[str, Any], _: bool) -> Event:
    log = LogMessage(str(m.get("log", "")), str(m.get("level") or "info"), m.get("title"))
    return Log(event_id, LogMessage(log.message, log.level, log.title, m.get("duration")))


def _generating(event_id: str, m: Mapping[str, Any], _: bool) -> Event:
    output = m.get("output")
    data = output.get("data") if isinstance(output, dict) else None
    if not isinstance(data, list):
        raise ProtocolError(f"intermediate output without data for event {event_id}")
    return Output(event_id, data, streaming=m.get("msg") == "process_streaming")


def _completed(event_id: str, m: Mapping[str, Any], repr_errors: bool) -> Event:
    output = m.get("output")
    if not isinstance(output, dict):
        raise ProtocolError(f"process_completed without output for event {event_id}")
    if not m.get("success", False):
        return Completed(event_id, error=_error(output, m.get("title"), repr_errors))
    data = output.get("data")
    if data is None and not output:
        return Completed(event_id)  # cancelled: output == {}
    if not isinstance(data, list):
        raise ProtocolError(f"process_completed without data for event {event_id}")
    return Completed(event_id, data=data)


def _error(output: Mapping[str, Any], title: Any, repr_errors: bool) -> ErrorInfo:
    message = output.get("error")
    text = None if message is None else str(message)
    if text is not None and repr_errors:
        text = unrepr(text)
    title = output.get("title") or title
    duration = output.get("duration")
    return ErrorInfo(
        text,
        str(title) if title else None,
        float(duration) if isinstance(duration, int | float) else None,
        bool(output.get("visible", True)),
    )


def unrepr(text: str) -> str:
    """Gradio 4.x sends ``str(exc)`` as a Python repr (``"'bad x'"``): strip that."""
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        try:
            value = ast.literal_eval(text)
        except (ValueError, SyntaxError):
            return text
        return value if isinstance(value, str) else text
    return text


_DECODERS = {
    "estimation": _estimation,
    "process_starts": _started,
    "progress": _progress,
    "log": _log,
    "process_generating": _generating,
    "process_streaming": _generating,
    "process_completed": _completed,
}
