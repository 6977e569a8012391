"""Per-job channels: the I/O of a :class:`~spacegen.runtime._protocol.Conversation`.

A protocol whose jobs each arrive on a connection of their own (Gradio 3.x websockets, the
4.0-4.8 per-job event stream, a direct ``POST``) hands the shell a sans-IO conversation; this
module opens the channel the conversation names (``"sse"``, ``"ws"`` or ``"post"``), feeds it
what arrives and sends its replies. It knows channel kinds, never protocol names.

The websocket library (``httpx-ws``, the ``spacegen[legacy]`` extra) is imported only when a
``"ws"`` channel is opened: clients of modern apps never load it.
"""

from __future__ import annotations

import contextlib
import json
import threading
from collections.abc import AsyncIterator, Callable, Iterator
from typing import TYPE_CHECKING, Any

import httpx

from spacegen.runtime import errors
from spacegen.runtime._drain import adrain, chunks_of, drain
from spacegen.runtime._messages import JobEvent
from spacegen.runtime._protocol import Conversation, raise_for_reply
from spacegen.runtime._transport import abort_stream, join_headers, mapped_errors, settle
from spacegen.runtime.errors import ConnectionLostError, ProtocolError, SpacegenError, UsageError

if TYPE_CHECKING:
    from spacegen.runtime._async import AsyncTransport
    from spacegen.runtime._sync_io import Transport

Deliver = Callable[[list[JobEvent]], None]
Fail = Callable[[SpacegenError], None]
WHAT = "queue/join"
MAX_MESSAGE = 512 * 1024 * 1024  # 3.x sends images inline (base64): allow big messages


def ws_url(base_url: str, path: str) -> str:
    return base_url + path  # httpx-ws upgrades an http(s) URL


def _httpx_ws() -> Any:
    try:
        import httpx_ws  # noqa: PLC0415  # lazy: only Gradio 3.x apps need websockets
    except ImportError as exc:
        raise UsageError(
            "this app runs Gradio 3.x, which speaks websockets: pip install 'spacegen[legacy]'"
        ) from exc
    return httpx_ws


@contextlib.contextmanager
def _ws_errors() -> Iterator[None]:
    """Map the websocket library's failures into the error tree."""
    ws = _httpx_ws()
    try:
        yield
    except ws.WebSocketUpgradeError as exc:
        raise_for_reply(exc.response, WHAT)
        status = exc.response.status_code
        raise ProtocolError(f"{WHAT}: the websocket was refused (HTTP {status})") from exc
    except (ws.WebSocketDisconnect, ws.WebSocketNetworkError) as exc:
        raise ConnectionLostError(f"{WHAT}: the websocket closed: {exc!r}") from exc
    except ws.HTTPXWSException as exc:
        raise ProtocolError(f"{WHAT}: websocket failure: {exc!r}") from exc


def _lost(conv: Conversation) -> ConnectionLostError:
    return ConnectionLostError(f"{WHAT}: the connection ended before the job finished")


class SyncChannel:
    """Runs one conversation on its own connection, in the calling thread."""

    def __init__(self, transport: Transport, conv: Conversation, deliver: Deliver, fail: Fail):
        self.transport, self.conv = transport, conv
        self._deliver, self._fail = deliver, fail
        self._response: httpx.Response | None = None
        self._ws: Any = None
        self._lock = threading.Lock()
        self.aborted = False

    def run(self) -> None:
        """Until the job's outcome (or a failure, which fails the job)."""
        try:
            self.transport.ensure_login()
            with mapped_errors(WHAT):
                getattr(self, f"_run_{self.conv.channel.kind}")()
            if not self.conv.done:
                self._failed(_lost(self.conv))
        except errors.TimeoutError:
            self._failed(self.transport.opts.silent_stream(WHAT))
        except SpacegenError as exc:
            self._failed(exc)
        except Exception as exc:  # a bug must not leave waiters hanging
            self._failed(ProtocolError(f"internal error: {exc!r}"))

    def _failed(self, error: SpacegenError) -> None:
        if not self.aborted:  # after abort() the canceller ends the job
            self._fail(error)

    def abort(self) -> None:
        """Close the connection (from another thread): the server drops the job."""
        with self._lock:
            self.aborted = True
            response, ws = self._response, self._ws
        abort_stream(response)
        if ws is not None:
            with contextlib.suppress(Exception):
                abort_stream(ws.response)
                ws.close()

    def _run_post(self) -> None:
        channel = self.conv.channel
        reply = self.transport.post(channel.path, "predict", json=channel.body)
        self._deliver(self.conv.answer(reply))

    def _run_sse(self) -> None:
        transport, channel = self.transport, self.conv.channel
        request = transport.http.build_request(
            "GET", transport.base_url + channel.path, params=dict(channel.params),
            headers=join_headers(), timeout=transport.opts.stream_timeout(),
        )  # fmt: skip
        response = transport.http.send(request, stream=True)
        with self._lock:
            self._response = response
        try:
            if response.status_code != 200:
                settle(response).read()
                raise_for_reply(response, WHAT)
            with chunks_of(response) as chunks:
                for chunk in chunks:
                    if self._take(chunk, self._post_reply):
                        drain(chunks, channel.drain_chunks)
                        return
        finally:
            response.close()

    def _post_reply(self, body: Any) -> None:
        reply = self.transport.post(self.conv.channel.reply_path, "queue/data", json=body)
        raise_for_reply(reply, "queue/data")

    def _run_ws(self) -> None:
        transport = self.transport
        url = ws_url(transport.base_url, self.conv.channel.path)
        idle = transport.opts.stream_idle_timeout
        with _ws_errors(), _httpx_ws().connect_ws(
            url, transport.http, max_message_size_bytes=MAX_MESSAGE,
            keepalive_ping_interval_seconds=None,
        ) as ws:  # fmt: skip
            with self._lock:
                self._ws = ws
            while not self.aborted:
                text = _receive(ws, idle)
                if self._take(text, lambda body: ws.send_text(json.dumps(body))):
                    return

    def _take(self, raw: bytes | str, send: Callable[[Any], None]) -> bool:
        events, replies = self.conv.feed(raw)
        for body in replies:
            send(body)
        self._deliver(events)
        return self.conv.done


def _receive(ws: Any, idle: float | None) -> str:
    import queue  # noqa: PLC0415  # the library raises queue.Empty on a timeout

    try:
        return str(ws.receive_text(timeout=idle))
    except queue.Empty:
        raise errors.TimeoutError("silent websocket") from None


class AsyncChannel:
    """Runs one conversation on its own connection, in the current task."""

    def __init__(self, transport: AsyncTransport, conv: Conversation, deliver: Deliver, fail: Fail):
        self.transport, self.conv = transport, conv
        self._deliver, self._fail = deliver, fail

    async def run(self) -> None:
        try:
            await self.transport.ensure_login()
            with mapped_errors(WHAT):
                await getattr(self, f"_run_{self.conv.channel.kind}")()
            if not self.conv.done:
                self._fail(_lost(self.conv))
        except errors.TimeoutError:
            self._fail(self.transport.opts.silent_stream(WHAT))
        except SpacegenError as exc:
            self._fail(exc)
        except Exception as exc:  # a bug must not leave waiters hanging
            self._fail(ProtocolError(f"internal error: {exc!r}"))

    async def _run_post(self) -> None:
        channel = self.conv.channel
        reply = await self.transport.post(channel.path, "predict", json=channel.body)
        self._deliver(self.conv.answer(reply))

    async def _run_sse(self) -> None:
        transport, channel = self.transport, self.conv.channel
        async with transport.http.stream(
            "GET", transport.base_url + channel.path, params=dict(channel.params),
            headers=join_headers(), timeout=transport.opts.stream_timeout(),
        ) as response:  # fmt: skip
            if response.status_code != 200:
                await settle(response).aread()
                raise_for_reply(response, WHAT)
            chunks = response.aiter_bytes()
            async for chunk in chunks:
                events, replies = self.conv.feed(chunk)
                for body in replies:
                    reply = await transport.post(channel.reply_path, "queue/data", json=body)
                    raise_for_reply(reply, "queue/data")
                self._deliver(events)
                if self.conv.done:
                    await adrain(chunks, channel.drain_chunks)
                    return

    async def _run_ws(self) -> None:
        transport = self.transport
        url = ws_url(transport.base_url, self.conv.channel.path)
        async with self._connect(url) as ws:
            while True:
                events, replies = self.conv.feed(await _areceive(ws, transport))
                for body in replies:
                    await ws.send_text(json.dumps(body))
                self._deliver(events)
                if self.conv.done:
                    return

    @contextlib.asynccontextmanager
    async def _connect(self, url: str) -> AsyncIterator[Any]:
        with _ws_errors():
            async with _httpx_ws().aconnect_ws(
                url, self.transport.http, max_message_size_bytes=MAX_MESSAGE,
                keepalive_ping_interval_seconds=None,
            ) as ws:  # fmt: skip
                yield ws


async def _areceive(ws: Any, transport: AsyncTransport) -> str:
    try:
        return str(await ws.receive_text(timeout=transport.opts.stream_idle_timeout))
    except TimeoutError:
        raise errors.TimeoutError("silent websocket") from None
