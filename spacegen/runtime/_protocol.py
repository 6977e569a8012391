"""Sans-IO Gradio queue protocol: request builders, reply interpreters, message decoding.

Nothing here touches the network. The sync and async shells ask a :class:`Strategy` (one
per protocol version, chosen once per session) what to send and hand it what came back.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any, Protocol

import httpx

from spacegen.runtime._decode import decode_message
from spacegen.runtime._endpoint import NOT_GIVEN, Endpoint
from spacegen.runtime._messages import (
    Event,
    JobEvent,
)
from spacegen.runtime._record import Frozen
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

SUPPORTED = ("sse_v3", "sse_v2.1", "sse_v2", "sse_v1", "sse", "ws")
#: Once a stream has told all it will tell, the shell reads at most this many more chunks so
#: that the response ends and httpx puts its connection back in the pool (a response closed
#: before its body ends takes its connection with it: one new TCP connection per call). The
#: servers end the body right after (their ``routes.py``), so that read never waits on an open
#: stream: sse_v3 (checked in 4.44.1, 5.50.0, 6.31.0; ``queue_data_helper``'s ``sse_stream``)
#: yields ``close_stream`` as its last message and returns; sse (4.7.1, ``queue_join``'s
#: ``sse_stream``) returns on the end marker that ``send_message(..., final=True)`` queues
#: together with ``process_completed``. sse_v1/v2/v2.1 (4.15.0, 4.20.1, 4.21.0) send no
#: ``close_stream``: the body ends after the last ``process_completed`` and the shell reads that
#: end as it comes. ws (3.50.2) holds a websocket per job, which no pool can reuse. After an
#: ``unexpected_error`` the server raises instead of ending cleanly: no drain then.
DRAIN_CHUNKS = 4


class Strategy(Protocol):
    """What differs between queue protocol versions.

    Two delivery shapes: a *shared stream* (``conversation`` returns None: join with
    ``join_path``/``join_body``, read the event id with ``event_id``, then every job of the
    session arrives on one ``stream_path`` stream, decoded by ``parse``), or a *per-job
    channel* (``conversation`` returns the job's sans-IO :class:`Conversation`, which names
    the channel the shell opens for that job alone). ``cancel_mode``: ``"post"`` (``/cancel``),
    ``"disconnect"`` (close the job's own channel) or ``"none"`` (the server cannot cancel).
    ``ends_silently``: the server may end the shared stream without ``close_stream``.
    ``heartbeat``: the server has ``/heartbeat`` (held open when the app asks for it).
    """

    name: str
    cancel_mode: str
    ends_silently: bool
    heartbeat: bool

    def join_path(self) -> str: ...
    def join_body(
        self, fn_index: int, data: list[Any], session_hash: str, oauth_token: str | None = None
    ) -> dict[str, Any]: ...
    def stream_path(self) -> str: ...
    def event_id(self, reply: httpx.Response) -> str: ...
    def parse(self, event: SSEEvent) -> Event: ...
    def adapt(self, data: list[Any]) -> list[Any]: ...
    def conversation(
        self, endpoint: Endpoint[Any], data: list[Any], session_hash: str, key: str
    ) -> Conversation | None: ...


class Channel(Frozen):
    """The connection a per-job conversation needs; the shell opens it and moves the bytes.

    ``kind``: ``"sse"`` (``GET path?params``, server-sent events; replies are POSTed as JSON
    to ``reply_path``), ``"ws"`` (a websocket at ``path``; replies are sent on it as JSON
    text) or ``"post"`` (one ``POST path`` of ``body``; its answer is the outcome).
    ``drain_chunks``: how many more chunks to read once the job is done, to the body's end
    (see :data:`DRAIN_CHUNKS`; 0: close at once).
    """

    __match_args__ = ("kind", "path", "params", "body", "reply_path", "drain_chunks")
    __slots__ = __match_args__

    kind: str
    path: str
    params: Mapping[str, str]
    body: Any
    reply_path: str
    drain_chunks: int

    def __init__(  # noqa: PLR0917  # positional too, as the former dataclass
        self,
        kind: str,
        path: str,
        params: Mapping[str, str] | None = None,
        body: Any = None,
        reply_path: str = "",
        drain_chunks: int = 0,
    ) -> None:
        self._freeze(kind, path, {} if params is None else params, body, reply_path, drain_chunks)


class Conversation(Protocol):
    """One job's exchange on its own channel (sans-IO).

    ``feed`` takes what arrived (SSE bytes, or one websocket text message) and returns the
    job's events (keyed by ``key``) and the JSON replies to send; it raises a SpacegenError
    when the server refuses the job. ``answer`` reads the reply of a ``"post"`` channel.
    ``done`` is set once the job's outcome arrived (the shell then closes the channel).
    """

    key: str
    channel: Channel
    done: bool

    def feed(self, raw: bytes | str) -> tuple[list[JobEvent], list[Any]]: ...
    def answer(self, reply: httpx.Response) -> list[JobEvent]: ...


class SseV3:
    """Gradio 4.22+ (``sse_v3``): join, one event stream per session, ``close_stream``."""

    name = "sse_v3"
    cancel_mode = "post"
    ends_silently = False
    heartbeat = True

    def __init__(self, prefix: str, gradio_version: str = "") -> None:
        self.prefix = prefix
        self.repr_errors = gradio_version.startswith(("4.", "3."))
        if _version(gradio_version) < (4, 31):  # /cancel came with 4.31
            self.cancel_mode = "none"

    def conversation(
        self, endpoint: Endpoint[Any], data: list[Any], session_hash: str, key: str
    ) -> Conversation | None:
        return None  # every job arrives on the session's shared stream

    def adapt(self, data: list[Any]) -> list[Any]:
        """Output values as the rest of the runtime expects them (files carry the marker)."""
        return data

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
        message = _json(event.data, "queue/data")
        if not isinstance(message, dict):
            raise ProtocolError(f"queue/data sent a non-object message: {event.data[:200]!r}")
        return decode_message(message, self.repr_errors)


def _version(text: str) -> tuple[int, ...]:
    """``"4.29.0"`` → ``(4, 29, 0)``; unknown → the highest (assume a current server)."""
    try:
        return tuple(int(part) for part in text.split(".")[:2])
    except ValueError:
        return (9999,)


def strategy_for(
    protocol: str, prefix: str, gradio_version: str = "", file_format: str = "filedata"
) -> Strategy:
    """The strategy for ``protocol`` (``config.protocol``); unsupported → ProtocolError."""
    if protocol == "sse_v3":
        return SseV3(prefix, gradio_version)
    # the older protocols' modules load only for apps that speak them
    from spacegen.runtime import _proto_shared, _proto_sse, _proto_ws  # noqa: PLC0415

    if protocol in ("sse_v1", "sse_v2", "sse_v2.1"):
        return _proto_shared.SharedStreamV1(protocol, prefix, gradio_version, file_format)
    if protocol == "sse":
        return _proto_sse.SseV0(prefix, gradio_version, file_format)
    if protocol == "ws":
        return _proto_ws.Ws(prefix, gradio_version, file_format)
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


def _json(raw: bytes | str, what: str) -> Any:
    try:
        return json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        raise ProtocolError(f"{what}: invalid JSON: {raw[:200]!r}") from exc
