"""Sans-IO Gradio queue protocol: request builders, reply interpreters, message decoding.

Nothing here touches the network. The sync and async shells ask a :class:`Strategy` (one
per protocol version, chosen once per session) what to send and hand it what came back.
"""

from __future__ import annotations

import ast
import json
from collections.abc import Mapping, Sequence
from typing import Any, Protocol

import httpx

from spacegen.runtime._endpoint import NOT_GIVEN, Endpoint
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
from spacegen.runtime._sse import SSEEvent
from spacegen.runtime.errors import (
    AuthenticationError,
    NotGradioError,
    ProtocolError,
    QueueFullError,
    RateLimitedError,
    UnexpectedStatusError,
    ValidationError,
)

SUPPORTED = ("sse_v3",)
JOIN_HEADERS = {"x-gradio-user": "api"}


class Strategy(Protocol):
    """What differs between queue protocol versions."""

    name: str

    def join_path(self) -> str: ...
    def join_body(
        self, fn_index: int, data: list[Any], session_hash: str, oauth_token: str | None = None
    ) -> dict[str, Any]: ...
    def stream_path(self) -> str: ...
    def event_id(self, reply: httpx.Response) -> str: ...
    def parse(self, event: SSEEvent) -> Event: ...


class SseV3:
    """Gradio 4.22+ (``sse_v3``): join, one event stream per session, ``close_stream``."""

    name = "sse_v3"

    def __init__(self, prefix: str, gradio_version: str = "") -> None:
        self.prefix = prefix
        self.repr_errors = gradio_version.startswith(("4.", "3."))

    def join_path(self) -> str:
        return f"{self.prefix}/queue/join"

    def join_body(
        self, fn_index: int, data: list[Any], session_hash: str, oauth_token: str | None = None
    ) -> dict[str, Any]:
        body = {
            "data": data,
            "fn_index": fn_index,
            "session_hash": session_hash,
            "event_data": None,
            "trigger_id": None,
            "simple_format": True,
        }
        if oauth_token is not None:
            body["oauth_token"] = oauth_token
        return body

    def stream_path(self) -> str:
        return f"{self.prefix}/queue/data"

    def event_id(self, reply: httpx.Response) -> str:
        raise_for_reply(reply, "queue/join")
        body = _json(reply.content, "queue/join")
        event_id = body.get("event_id") if isinstance(body, dict) else None
        if not isinstance(event_id, str):
            raise ProtocolError("queue/join answered without an event_id", reply.status_code)
        return event_id

    def parse(self, event: SSEEvent) -> Event:
        message = _json(event.data.encode(), "queue/data")
        if not isinstance(message, dict):
            raise ProtocolError(f"queue/data sent a non-object message: {event.data[:200]!r}")
        return decode_message(message, self.repr_errors)


def strategy_for(protocol: str, prefix: str, gradio_version: str = "") -> Strategy:
    """The strategy for ``protocol`` (``config.protocol``); unsupported → ProtocolError."""
    if protocol == "sse_v3":
        return SseV3(prefix, gradio_version)
    supported = ", ".join(SUPPORTED)
    raise ProtocolError(f"unsupported Gradio protocol {protocol!r} (supported: {supported})")


# -- building requests -------------------------------------------------------------------


def fill_defaults(endpoint: Endpoint[Any], args: Sequence[object]) -> tuple[object, ...]:
    """``args`` with every :data:`NOT_GIVEN` replaced by the app's default (or None)."""
    if not any(value is NOT_GIVEN for value in args):  # identity: args may be arrays
        return tuple(args)
    defaults = dict(endpoint.defaults)
    return tuple(
        defaults.get(index) if value is NOT_GIVEN else value for index, value in enumerate(args)
    )


def build_data(endpoint: Endpoint[Any], args: Sequence[object]) -> list[Any]:
    """One wire value per input slot: State slots → null, NOT_GIVEN → the app's default."""
    args = fill_defaults(endpoint, args)
    return [None if slot is None or slot >= len(args) else args[slot] for slot in endpoint.slots]


def oauth_token_for(endpoint: Endpoint[Any], token: str | None) -> str | None:
    """The HF token to send as ``oauth_token`` (only to endpoints taking ``gr.OAuthToken``)."""
    if endpoint.oauth_token is None:
        return None
    if token is None and endpoint.oauth_token == "required":
        raise AuthenticationError(
            f"{endpoint.api_name} needs a Hugging Face token: pass token=... to the client"
        )
    return token


def cancel_body(session_hash: str, fn_index: int, event_id: str) -> dict[str, Any]:
    return {"session_hash": session_hash, "fn_index": fn_index, "event_id": event_id}


# -- interpreting replies ----------------------------------------------------------------


def raise_for_reply(reply: httpx.Response, what: str) -> None:
    """Map an unsuccessful HTTP reply to the typed error tree (2xx passes)."""
    status = reply.status_code
    if 200 <= status < 300:
        return
    text = _short(reply)
    if status == 401:
        message = f"{what}: not authenticated (HTTP 401){_auth_hint(reply)}"
        raise AuthenticationError(message, status, text)
    if status == 429:
        raise RateLimitedError(f"{what}: rate limited (HTTP 429)", retry_after(reply), text)
    if status == 503:
        detail = _detail(reply) or text
        raise QueueFullError(f"{what}: the app's queue refused the job: {detail}", status, text)
    if status == 422 and (errors := validation_errors(reply)) is not None:
        raise ValidationError(errors)
    if _is_web_page(reply):
        raise NotGradioError(
            f"{what}: HTTP {status} with a web page instead of Gradio's answer: "
            f"is {_site(reply)} a Gradio app (or a Space that is not running)?"
        )
    raise UnexpectedStatusError(f"{what}: unexpected HTTP {status}: {text}", status, text)


def _is_web_page(reply: httpx.Response) -> bool:
    kind = reply.headers.get("content-type", "").split(";")[0].strip().lower()
    return kind in ("text/html", "application/xhtml+xml") or _short(reply)[:1] == "<"


def _site(reply: httpx.Response) -> str:
    try:
        url = reply.request.url
    except RuntimeError:  # a reply built without its request (tests, replays)
        return "the server"
    return f"{url.scheme}://{url.netloc.decode('ascii', 'replace')}"


def validation_errors(reply: httpx.Response) -> dict[str, str] | None:
    """``{parameter: message}`` of the failed checks of a validator's 422, else None."""
    detail = _detail_json(reply)
    if not isinstance(detail, list) or not detail:
        return None
    errors: dict[str, str] = {}
    for index, item in enumerate(detail):
        if not isinstance(item, dict) or item.get("__type__") != "validate":
            return None
        if not item.get("is_valid", False):
            name = str(item.get("parameter_name") or f"parameter_{index}")
            errors[name] = str(item.get("message") or "invalid value")
    return errors


def retry_after(reply: httpx.Response) -> float | None:
    """``Retry-After`` in seconds (a number or an HTTP date)."""
    from spacegen.runtime._retry import parse_retry_after  # noqa: PLC0415  # keep imports light

    return parse_retry_after(reply.headers.get("retry-after"))


def _auth_hint(reply: httpx.Response) -> str:
    detail = _detail_json(reply)
    message = detail.get("auth_message") if isinstance(detail, dict) else None
    return f": {message}" if isinstance(message, str) and message else ""


def _detail(reply: httpx.Response) -> str:
    detail = _detail_json(reply)
    return detail if isinstance(detail, str) else ""


def _detail_json(reply: httpx.Response) -> Any:
    try:
        body = json.loads(reply.content)
    except (ValueError, UnicodeDecodeError):
        return None
    return body.get("detail") if isinstance(body, dict) else None


def _short(reply: httpx.Response) -> str:
    try:
        text = reply.content.decode("utf-8", "replace")
    except httpx.ResponseNotRead:
        return ""
    return text[:300].strip()


def _json(raw: bytes, what: str) -> Any:
    try:
        return json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        raise ProtocolError(f"{what}: invalid JSON: {raw[:200]!r}") from exc


# -- decoding stream messages ------------------------------------------------------------


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
    return Output(event_id, data)


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
