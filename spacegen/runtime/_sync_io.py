"""Sync I/O pieces: the client's connection (httpx.Client, login, files) and the heartbeat."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TypeVar

import httpx

from spacegen.runtime import _download
from spacegen.runtime._api_check import ApiChange, api_changes, parse_info, raise_for_changes
from spacegen.runtime._auth import login
from spacegen.runtime._drain import chunks_of
from spacegen.runtime._endpoint import App
from spacegen.runtime._files import Upload, check_sizes
from spacegen.runtime._lifecycle import (
    SpaceStatus,
    SpaceWatch,
    parse_runtime,
    runtime_request,
    wake_request,
)
from spacegen.runtime._log import configure_from_env
from spacegen.runtime._protocol import Strategy, raise_for_reply, strategy_for
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
    abort_stream,
    call_kwargs,
    hub_space_id,
    mapped_errors,
    output_url,
    own_client,
    read_answer,
    resolve_source,
    space_id_of,
)
from spacegen.runtime._verify import LiveApp, config_path
from spacegen.runtime.errors import SpacegenError

R = TypeVar("R")


class Transport:
    """The client's connection to one app: httpx.Client, base URL, login, files, retries."""

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
        self.http: httpx.Client
        self.http, self._own_http = own_client(opts, httpx.Client)
        self._login_lock = threading.Lock()
        self._gate = threading.Semaphore(REQUESTS_IN_FLIGHT)  # see REQUESTS_IN_FLIGHT
        self._space_lock = threading.Lock()
        self._logged_in = opts.auth is None
        self.api_checked = False  # verify_api: /info read and compared
        if not self.base_url:
            space_id = hub_space_id(opts.src, app.source)
            self.base_url = self.retrying("Hub lookup", "safe", lambda: self._host(space_id))

    def _host(self, space_id: str) -> str:
        with mapped_errors("Hub lookup"):
            reply = self.http.send(host_request(space_id, hub_headers(self.opts)))
        return parse_host(reply, space_id)

    # -- retries and sleeping Spaces -----------------------------------------------------

    def retrying(self, what: str, kind: Kind, attempt: Callable[[], R]) -> R:
        """``attempt()``, again after retryable failures and once a sleeping Space woke."""
        recovery = Recovery(what, kind, self.opts, self.space_id if self.base_url else None)
        while True:
            try:
                return attempt()
            except SpacegenError as exc:
                delay = self._recover(recovery, exc)
                if delay is None:
                    raise
            time.sleep(delay)

    def _recover(self, recovery: Recovery, error: SpacegenError) -> float | None:
        if recovery.asks_hub(error) and self.await_space():
            return 0.0  # it slept or started: send again (not counted as a retry)
        return recovery.retry_delay(error)

    def await_space(self) -> bool:
        """Wait (waking it) until the Hub says the Space runs; False if it already did."""
        assert self.space_id is not None
        with self._space_lock:  # one waiter asks the Hub; the others queue behind it
            watch = SpaceWatch(self.space_id, self.opts.wake_timeout, time.monotonic())
            while True:
                stage, message = parse_runtime(self._hub(runtime_request), self.space_id)
                waited = time.monotonic() - watch.started
                report(self.opts, SpaceStatus(self.space_id, stage, message, waited))
                wake, delay = watch.step(stage, message, time.monotonic())
                if delay is None:
                    return watch.polls > 0
                if wake:
                    with contextlib.suppress(SpacegenError):
                        self._hub(wake_request)
                time.sleep(delay)

    def _hub(self, build: Callable[[str, dict[str, str]], httpx.Request]) -> httpx.Response:
        assert self.space_id is not None
        with mapped_errors("Hub"):
            reply = self.http.send(build(self.space_id, hub_headers(self.opts)))
            reply.read()
        return reply

    # -- requests ------------------------------------------------------------------------

    def file_url(self, path: str, url: str | None = None) -> str:
        return output_url(self.base_url, self.prefix, path, url)

    def ensure_login(self) -> None:
        if self._logged_in or self.opts.auth is None:
            return
        with self._login_lock:
            if not self._logged_in:
                self.retrying("login", "safe", self._login)
                self._logged_in = True

    def _login(self) -> None:
        assert self.opts.auth is not None
        with mapped_errors("login"):
            login(self.http, self.base_url, *self.opts.auth)

    def post(self, path: str, what: str, **kwargs: Any) -> httpx.Response:
        """POST (retried when that cannot run a job twice; see ``_retry``)."""
        self.ensure_login()
        kind = request_kind(path, self.strategy)
        return self.retrying(what, kind, lambda: self._post_once(path, what, kwargs))

    def _post_once(self, path: str, what: str, kwargs: dict[str, Any]) -> httpx.Response:
        with self._gate, mapped_errors(what):
            reply = self._send("POST", self.base_url + path, kwargs)
        return raise_if_retryable(reply, what, self.space_id)

    def _send(self, method: str, url: str, kwargs: dict[str, Any]) -> httpx.Response:
        """One request, its answer read whole (a 5xx one's connection leaves the pool first)."""
        request = self.http.build_request(method, url, **call_kwargs(kwargs))
        return read_answer(self.http.send(request, stream=True))

    def live_app(self) -> LiveApp:
        """The app as it runs now (one ``GET /config``, retried)."""
        self.ensure_login()
        return self.retrying("config", "safe", self._config_once)

    def _config_once(self) -> LiveApp:
        with mapped_errors("config"):
            reply = self.http.get(self.base_url + config_path(), **call_kwargs({}))
        return parse_config(reply)

    def api_changes(self) -> tuple[ApiChange, ...]:
        """The app's live API against the baked one (one ``GET /info``); breaking → error."""
        self.ensure_login()
        named = self.retrying("info", "safe", self._info_once)
        changes = api_changes(self.app, named)
        self.api_checked = True
        raise_for_changes(self.app, changes, self.opts.src or self.app.source)
        return changes

    def _info_once(self) -> Mapping[str, Any]:
        with mapped_errors("info"):
            reply = self._send("GET", f"{self.base_url}{self.prefix}/info", {})
        raise_for_reply(reply, "info")
        return parse_info(reply.content)

    def upload(self, uploads: list[Upload]) -> None:
        check_sizes(uploads, self.app.max_file_size)
        uploads = _download.inline(uploads)
        if not uploads:
            return
        marks = _download.marks(uploads)
        self.ensure_login()
        self.retrying(
            "upload",
            "safe" if marks is not None else "join",
            lambda: self._upload_once(uploads, marks),
        )

    def _upload_once(self, uploads: list[Upload], marks: list[int | None] | None) -> None:
        _download.rewind(uploads, marks)
        with contextlib.ExitStack() as stack:
            files = _download.open_parts(uploads, stack)
            reply = self._post_once(f"{self.prefix}/upload", "upload", {"files": files})
        _download.upload_reply(uploads, reply, self.app.max_file_size)

    def fetch(self, url: str, dest: Path) -> None:
        self.ensure_login()
        self.retrying(
            "download", "safe", lambda: _download.fetch(self.http, url, dest, self.base_url)
        )

    def fetch_bytes(self, url: str) -> bytes:
        self.ensure_login()
        return self.retrying(
            "download", "safe", lambda: _download.fetch_bytes(self.http, url, self.base_url)
        )

    async def afetch_bytes(self, url: str) -> bytes:
        """A sync client's file awaited: the client's own pool, in a worker thread (the event
        loop never blocks, and no second connection pool is made)."""
        import asyncio  # noqa: PLC0415  # lazy: only when awaited

        return await asyncio.to_thread(self.fetch_bytes, url)

    async def afetch(self, url: str, dest: Path) -> None:
        import asyncio  # noqa: PLC0415  # lazy: only when awaited

        await asyncio.to_thread(self.fetch, url, dest)

    def close(self) -> None:
        if self._own_http:
            self.http.close()


class Heartbeat:
    """Holds ``GET {P}/heartbeat/{session}`` open so the server keeps the session's State."""

    def __init__(self, transport: Transport, session_hash: str) -> None:
        self._transport = transport
        self._url = f"{transport.base_url}{transport.prefix}/heartbeat/{session_hash}"
        self._stop = threading.Event()
        self._response: httpx.Response | None = None
        self._thread = threading.Thread(target=self._run, name="spacegen-heartbeat", daemon=True)
        self._thread.start()

    def stop(self, wait: bool = True) -> None:
        self._stop.set()
        abort_stream(self._response)
        if wait and self._thread is not threading.current_thread():
            self._thread.join(timeout=2.0)

    def _run(self) -> None:
        delay = 1.0
        while not self._stop.is_set():
            with contextlib.suppress(httpx.HTTPError, OSError):
                self._hold()
                delay = 1.0
            if self._stop.wait(delay):
                return
            delay = min(delay * 2, 60.0)

    def _hold(self) -> None:
        timeout = self._transport.opts.stream_timeout()
        with self._transport.http.stream("GET", self._url, timeout=timeout) as response:
            self._response = response
            if self._stop.is_set():
                return
            with chunks_of(response) as chunks:
                for _ in chunks:
                    if self._stop.is_set():
                        return
