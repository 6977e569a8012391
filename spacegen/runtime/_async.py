"""Async shell: one httpx.AsyncClient, one reader task per session while it has work."""

from __future__ import annotations

import asyncio
import contextlib
import time
import uuid
import weakref
from collections.abc import Awaitable, Callable, Mapping
from pathlib import Path
from typing import Any, TypeVar

import httpx

from spacegen.runtime import _download, errors
from spacegen.runtime._api_check import ApiChange, api_changes, parse_info, raise_for_changes
from spacegen.runtime._auth import alogin
from spacegen.runtime._channels import AsyncChannel
from spacegen.runtime._core import JobState, SessionCore
from spacegen.runtime._drain import adrain
from spacegen.runtime._endpoint import App, Endpoint
from spacegen.runtime._files import Upload, check_sizes
from spacegen.runtime._lifecycle import (
    SpaceStatus,
    SpaceWatch,
    parse_runtime,
    runtime_request,
    wake_request,
)
from spacegen.runtime._log import configure_from_env, logger
from spacegen.runtime._messages import JobEvent
from spacegen.runtime._protocol import (
    Conversation,
    Strategy,
    cancel_body,
    oauth_token_for,
    raise_for_reply,
    strategy_for,
)
from spacegen.runtime._recover import (
    Recovery,
    hub_headers,
    parse_config,
    raise_if_retryable,
    report,
    request_kind,
)
from spacegen.runtime._retry import Kind
from spacegen.runtime._space import host_request, parse_host
from spacegen.runtime._transport import (
    REQUESTS_IN_FLIGHT,
    Options,
    aread_answer,
    call_kwargs,
    hub_space_id,
    join_headers,
    mapped_errors,
    output_url,
    own_client,
    resolve_source,
    settle,
    space_id_of,
)
from spacegen.runtime._verify import LiveApp, config_path, initial_value, join_failed
from spacegen.runtime.errors import (
    CancelNotSupportedError,
    ConnectionLostError,
    ProtocolError,
    SpacegenError,
    UsageError,
)

T = TypeVar("T")
R = TypeVar("R")
IDLE_SECONDS = 10.0
_ASYNC_FILE = (
    "this file came from an AsyncClient: read it with await file.aread(), asave() or apath() "
    "(a blocking read would stall the event loop)"
)
_NO_CANCEL = (
    "Gradio {} cannot cancel a job (no /cancel route before 4.31 and jobs share the "
    "session's event stream): the job keeps running; wait for it or ignore its result"
)


class AsyncTransport:
    """The async client's connection to one app (retries as in the sync ``Transport``)."""

    def __init__(self, app: App, opts: Options) -> None:
        configure_from_env()
        self.app, self.opts = app, opts
        self.base_url = resolve_source(opts.src, app.source, app.space_id)
        self.prefix = app.api_prefix
        self.download_dir: Path | None = opts.download_dir
        self.strategy: Strategy = strategy_for(
            app.protocol, app.api_prefix, app.gradio_version, app.file_format
        )
        self.space_id = space_id_of(opts.src, app.source, app.space_id)
        self.http: httpx.AsyncClient
        self.http, self._own_http = own_client(opts, httpx.AsyncClient)
        self._login_lock = asyncio.Lock()
        self._space_lock = asyncio.Lock()
        self._gate = asyncio.Semaphore(REQUESTS_IN_FLIGHT)  # see REQUESTS_IN_FLIGHT
        self._logged_in = opts.auth is None
        self.api_checked = False  # verify_api: /info read and compared

    def file_url(self, path: str, url: str | None = None) -> str:
        return output_url(self.base_url, self.prefix, path, url)

    async def retrying(self, what: str, kind: Kind, attempt: Callable[[], Awaitable[R]]) -> R:
        """``await attempt()``, again after retryable failures and once a Space woke."""
        recovery = Recovery(what, kind, self.opts, self.space_id if self.base_url else None)
        while True:
            try:
                return await attempt()
            except SpacegenError as exc:
                delay = await self._recover(recovery, exc)
                if delay is None:
                    raise
            await asyncio.sleep(delay)

    async def _recover(self, recovery: Recovery, error: SpacegenError) -> float | None:
        if recovery.asks_hub(error) and await self.await_space():
            return 0.0  # it slept or started: send again (not counted as a retry)
        return recovery.retry_delay(error)

    async def await_space(self) -> bool:
        """Wait (waking it) until the Hub says the Space runs; False if it already did."""
        assert self.space_id is not None
        async with self._space_lock:
            watch = SpaceWatch(self.space_id, self.opts.wake_timeout, time.monotonic())
            while True:
                stage, message = parse_runtime(await self._hub(runtime_request), self.space_id)
                waited = time.monotonic() - watch.started
                report(self.opts, SpaceStatus(self.space_id, stage, message, waited))
                wake, delay = watch.step(stage, message, time.monotonic())
                if delay is None:
                    return watch.polls > 0
                if wake:
                    with contextlib.suppress(SpacegenError):
                        await self._hub(wake_request)
                await asyncio.sleep(delay)

    async def _hub(self, build: Callable[[str, dict[str, str]], httpx.Request]) -> httpx.Response:
        assert self.space_id is not None
        with mapped_errors("Hub"):
            reply = await self.http.send(build(self.space_id, hub_headers(self.opts)))
            await reply.aread()
        return reply

    async def ensure_login(self) -> None:
        if not self.base_url:
            await self._ask_hub()
        if self._logged_in or self.opts.auth is None:
            return
        async with self._login_lock:
            if not self._logged_in:
                await self.retrying("login", "safe", self._login)
                self._logged_in = True

    async def _login(self) -> None:
        assert self.opts.auth is not None
        with mapped_errors("login"):
            await alogin(self.http, self.base_url, *self.opts.auth)

    async def _ask_hub(self) -> None:
        async with self._login_lock:
            if not self.base_url:
                space_id = hub_space_id(self.opts.src, self.app.source)
                self.base_url = await self.retrying(
                    "Hub lookup", "safe", lambda: self._host(space_id)
                )

    async def _host(self, space_id: str) -> str:
        with mapped_errors("Hub lookup"):
            reply = await self.http.send(host_request(space_id, hub_headers(self.opts)))
        return parse_host(reply, space_id)

    async def post(self, path: str, what: str, **kwargs: Any) -> httpx.Response:
        """POST (retried when that cannot run a job twice; see ``_retry``)."""
        await self.ensure_login()
        kind = request_kind(path, self.strategy)
        return await self.retrying(what, kind, lambda: self._post_once(path, what, kwargs))

    async def _post_once(self, path: str, what: str, kwargs: dict[str, Any]) -> httpx.Response:
        async with self._gate:
            with mapped_errors(what):
                reply = await self._send("POST", self.base_url + path, kwargs)
        return raise_if_retryable(reply, what, self.space_id)

    async def _send(self, method: str, url: str, kwargs: dict[str, Any]) -> httpx.Response:
        """One request, its answer read whole (a 5xx one's connection leaves the pool first)."""
        request = self.http.build_request(method, url, **call_kwargs(kwargs))
        return await aread_answer(await self.http.send(request, stream=True))

    async def live_app(self) -> LiveApp:
        """The app as it runs now (one ``GET /config``, retried)."""
        await self.ensure_login()
        return await self.retrying("config", "safe", self._config_once)

    async def _config_once(self) -> LiveApp:
        with mapped_errors("config"):
            reply = await self.http.get(self.base_url + config_path(), **call_kwargs({}))
        return parse_config(reply)

    async def api_changes(self) -> tuple[ApiChange, ...]:
        """The app's live API against the baked one (one ``GET /info``); breaking → error."""
        await self.ensure_login()
        named = await self.retrying("info", "safe", self._info_once)
        changes = api_changes(self.app, named)
        self.api_checked = True
        raise_for_changes(self.app, changes, self.opts.src or self.app.source)
        return changes

    async def _info_once(self) -> Mapping[str, Any]:
        with mapped_errors("info"):
            reply = await self._send("GET", f"{self.base_url}{self.prefix}/info", {})
        raise_for_reply(reply, "info")
        return parse_info(reply.content)

    async def upload(self, uploads: list[Upload]) -> None:
        check_sizes(uploads, self.app.max_file_size)
        uploads = _download.inline(uploads)
        if not uploads:
            return
        marks = _download.marks(uploads)
        await self.ensure_login()
        await self.retrying(
            "upload",
            "safe" if marks is not None else "join",
            lambda: self._upload_once(uploads, marks),
        )

    async def _upload_once(self, uploads: list[Upload], marks: list[int | None] | None) -> None:
        _download.rewind(uploads, marks)
        with contextlib.ExitStack() as stack:
            files = _download.open_parts(uploads, stack)
            reply = await self._post_once(f"{self.prefix}/upload", "upload", {"files": files})
        _download.upload_reply(uploads, reply, self.app.max_file_size)

    def fetch(self, url: str, dest: Path) -> None:
        raise UsageError(_ASYNC_FILE)

    def fetch_bytes(self, url: str) -> bytes:
        raise UsageError(_ASYNC_FILE)

    async def afetch_bytes(self, url: str) -> bytes:
        await self.ensure_login()
        return await self.retrying(
            "download", "safe", lambda: _download.afetch_bytes(self.http, url, self.base_url)
        )

    async def afetch(self, url: str, dest: Path) -> None:
        await self.ensure_login()
        await self.retrying(
            "download", "safe", lambda: _download.afetch(self.http, url, dest, self.base_url)
        )

    async def aclose(self) -> None:
        if self._own_http:
            await self.http.aclose()


class AsyncSession:
    """One session hash on an async client: jobs, reader task, heartbeat task."""

    def __init__(self, transport: AsyncTransport) -> None:
        self.transport = transport
        self.core = SessionCore(transport.strategy, uuid.uuid4().hex)
        self.memory: dict[Any, Any] = {}
        self.live: LiveApp | None = None  # the app's /config, read before the first job
        self._verify_lock = asyncio.Lock()
        self._wake = asyncio.Event()
        self._reader: asyncio.Task[None] | None = None
        self._heartbeat: asyncio.Task[None] | None = None
        self._channels: dict[JobState[Any], asyncio.Task[None]] = {}  # per-job delivery
        self.closed = False
        self.retired = False

    @property
    def session_hash(self) -> str:
        return self.core.session_hash

    async def resolve(self, endpoint: Endpoint[T]) -> Endpoint[T]:
        """``endpoint`` at its live fn_index; the first job of the session reads /config
        (concurrent first jobs share that one read). Raises StaleClientError on a change."""
        opts = self.transport.opts
        if opts.verify_api and not self.transport.api_checked:
            async with self._verify_lock:
                if not self.transport.api_checked:
                    await self.transport.api_changes()
        if not opts.verify_endpoints:
            return endpoint
        if self.live is None:
            async with self._verify_lock:
                if self.live is None:
                    self.live = await self.transport.live_app()
        return self.live.resolve(endpoint, opts.src or self.transport.app.source)

    def initial_value(self, component_id: int) -> Any:
        return initial_value(self.live, self.transport.app, component_id)

    async def join(self, job: JobState[Any], data: list[Any]) -> None:
        strategy = self.transport.strategy
        token = oauth_token_for(job.endpoint, self.transport.opts.token)
        conv = strategy.conversation(job.endpoint, data, self.session_hash, uuid.uuid4().hex)
        if conv is not None:
            self._join_channel(job, conv)
            return
        body = strategy.join_body(job.endpoint.fn_index, data, self.session_hash, token)
        reply = await self.transport.post(
            strategy.join_path(), "queue/join", json=body, headers=join_headers()
        )
        try:
            event_id = strategy.event_id(reply)
        except ProtocolError as exc:
            raise join_failed(exc, self.transport.app) from exc
        if self.closed:
            raise UsageError("the client was closed")
        self.core.register(event_id, job)
        job.notify()
        loop = asyncio.get_running_loop()
        if self._reader is None:
            self._reader = loop.create_task(self._run())
        self._wake.set()
        beat = self.transport.app.connect_heartbeat and self.transport.strategy.heartbeat
        if beat and self._heartbeat is None:
            self._heartbeat = loop.create_task(_beat(self.transport, weakref.ref(self)))

    def _join_channel(self, job: JobState[Any], conv: Conversation) -> None:
        """A job on a channel of its own, run by a task of its own."""
        if self.closed:
            raise UsageError("the client was closed")
        channel = AsyncChannel(self.transport, conv, self._deliver, lambda e: self._end(job, e))
        self.core.register(conv.key, job)
        job.notify()
        task = asyncio.get_running_loop().create_task(channel.run())
        self._channels[job] = task
        task.add_done_callback(lambda _: self._channels.pop(job, None))

    def _deliver(self, events: list[JobEvent]) -> None:
        for job in self.core.deliver(events):
            job.notify()

    def _end(self, job: JobState[Any], error: BaseException | None) -> None:
        self.core.end(job, error)
        job.notify()

    async def acancel(self, job: JobState[Any]) -> bool:
        """Cancel ``job`` (see ``SessionCore.should_post_cancel``); False if already done."""
        if job.done:
            return False
        mode = self.transport.strategy.cancel_mode
        if mode == "none":
            raise CancelNotSupportedError(_NO_CANCEL.format(self.transport.app.gradio_version))
        task = self._channels.get(job) if mode == "disconnect" else None
        if task is not None:
            task.cancel()  # closes the job's connection: the server drops the job
        post = mode == "post" and job.event_id is not None and self.core.should_post_cancel(job)
        if post and job.event_id is not None:
            body = cancel_body(self.session_hash, job.endpoint.fn_index, job.event_id)
            reply = await self.transport.post(
                f"{self.transport.prefix}/cancel", "cancel", json=body
            )
            raise_for_reply(reply, "cancel")
        self._end(job, None)
        return True

    async def retire(self) -> None:
        """``reset_session``: finish pending jobs, then stop reader and heartbeat."""
        self.retired = True
        self._wake.set()
        if not self.core.pending:
            await self.aclose()

    async def aclose(self) -> None:
        self.closed = True
        for job in self.core.lost("the client was closed"):
            job.notify()
        for task in (self._reader, self._heartbeat, *self._channels.values()):
            if task is not None:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await task

    async def _run(self) -> None:
        try:
            while await self._wait_for_work():
                self.core.new_stream()
                await self._read_stream()
        except Exception as exc:  # a bug must not leave waiters hanging
            self._lose(f"internal error: {exc!r}", ProtocolError(f"internal error: {exc!r}"))
        finally:
            self._reader = None
            if self.retired and self._heartbeat is not None:
                self._heartbeat.cancel()

    async def _wait_for_work(self) -> bool:
        while not self.core.pending and not self.closed and not self.retired:
            self._wake.clear()
            try:
                await asyncio.wait_for(self._wake.wait(), IDLE_SECONDS)
            except TimeoutError:
                break
        return self.core.pending and not self.closed

    async def _read_stream(self) -> None:
        transport = self.transport
        path = transport.base_url + transport.strategy.stream_path()
        params = {"session_hash": self.session_hash}
        try:
            with mapped_errors("queue/data"):
                async with transport.http.stream(
                    "GET", path, params=params, timeout=transport.opts.stream_timeout()
                ) as response:
                    if response.status_code != 200:
                        await settle(response).aread()
                        raise_for_reply(response, "queue/data")
                    chunks = response.aiter_bytes()
                    async for chunk in chunks:
                        ended = self._feed(chunk)
                        for event_id, fn_index in self.core.jobs_to_stop():
                            await self._stop_event(event_id, fn_index)
                        if ended:
                            await adrain(chunks, self.core.drain_chunks)
                            return
            reason = self.core.stream_ended()
            if reason is not None:
                self._lose(reason)
        except ConnectionLostError as exc:
            self._lose(str(exc))
        except errors.TimeoutError:
            self._lose("silent stream", self.transport.opts.silent_stream("queue/data"))
        except SpacegenError as exc:
            self._lose(str(exc), exc)

    async def _stop_event(self, event_id: str, fn_index: int) -> None:
        """Cancel an answered streaming-input event (see ``SessionCore._one_shot``)."""
        body = cancel_body(self.session_hash, fn_index, event_id)
        try:
            await self.transport.post(f"{self.transport.prefix}/cancel", "cancel", json=body)
        except SpacegenError as exc:  # the server then ends the event after its own wait
            logger.info("cancelling the answered streaming event %s failed: %s", event_id, exc)

    def _feed(self, chunk: bytes) -> bool:
        touched, ended = self.core.feed(chunk)
        for job in touched:
            job.notify()
        return ended

    def _lose(self, reason: str, error: SpacegenError | None = None) -> None:
        for job in self.core.lost(reason, error):
            job.notify()


async def _beat(transport: AsyncTransport, ref: weakref.ref[AsyncSession]) -> None:
    """Hold the heartbeat stream open while the session lives (it is held weakly)."""
    url = f"{transport.base_url}{transport.prefix}/heartbeat/{_hash(ref)}"
    delay = 1.0
    while _alive(ref):
        with contextlib.suppress(httpx.HTTPError, OSError):
            async with transport.http.stream(
                "GET", url, timeout=transport.opts.stream_timeout()
            ) as response:
                async for _ in response.aiter_bytes():
                    delay = 1.0
                    if not _alive(ref):
                        return
        await asyncio.sleep(delay)
        delay = min(delay * 2, 60.0)


def _alive(ref: weakref.ref[AsyncSession]) -> bool:
    session = ref()
    return session is not None and not session.closed


def _hash(ref: weakref.ref[AsyncSession]) -> str:
    session = ref()
    return session.session_hash if session is not None else ""
