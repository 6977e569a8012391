"""Sync I/O pieces: the client's connection (httpx.Client, login, files) and the heartbeat."""

from __future__ import annotations

import contextlib
import threading
from pathlib import Path
from typing import Any

import httpx

from spacegen.runtime import _download
from spacegen.runtime._api_check import ApiChange, api_changes, parse_info, raise_for_changes
from spacegen.runtime._auth import login, token_headers
from spacegen.runtime._endpoint import App
from spacegen.runtime._files import Upload, check_sizes
from spacegen.runtime._protocol import Strategy, raise_for_reply, strategy_for
from spacegen.runtime._space import host_request, parse_host
from spacegen.runtime._transport import (
    Options,
    abort_stream,
    hub_space_id,
    mapped_errors,
    output_url,
    resolve_source,
    settle,
)
from spacegen.runtime._verify import LiveApp, config_path


class Transport:
    """The client's connection to one app: httpx.Client, base URL, login, files."""

    def __init__(self, app: App, opts: Options) -> None:
        self.app, self.opts = app, opts
        self.base_url = resolve_source(opts.src, app.source, app.space_id)
        self.prefix = app.api_prefix
        self.download_dir: Path | None = opts.download_dir
        self.strategy: Strategy = strategy_for(
            app.protocol, app.api_prefix, app.gradio_version, app.file_format
        )
        self.http = httpx.Client(**opts.client_kwargs())
        if not self.base_url:
            space_id = hub_space_id(opts.src, app.source)
            with mapped_errors("Hub lookup"):
                reply = self.http.send(host_request(space_id, token_headers(opts.token)))
            self.base_url = parse_host(reply, space_id)
        self._login_lock = threading.Lock()
        self._logged_in = opts.auth is None
        self.api_checked = False  # verify_api: /info read and compared

    def file_url(self, path: str, url: str | None = None) -> str:
        return output_url(self.base_url, self.prefix, path, url)

    def ensure_login(self) -> None:
        if self._logged_in or self.opts.auth is None:
            return
        with self._login_lock, mapped_errors("login"):
            if not self._logged_in:
                login(self.http, self.base_url, *self.opts.auth)
                self._logged_in = True

    def post(self, path: str, what: str, **kwargs: Any) -> httpx.Response:
        self.ensure_login()
        with mapped_errors(what):
            return settle(self.http.post(self.base_url + path, **kwargs))

    def live_app(self) -> LiveApp:
        """The app as it runs now (one ``GET /config``)."""
        self.ensure_login()
        with mapped_errors("config"):
            reply = self.http.get(self.base_url + config_path())
        raise_for_reply(reply, "config")
        return LiveApp.parse(reply.content)

    def api_changes(self) -> tuple[ApiChange, ...]:
        """The app's live API against the baked one (one ``GET /info``); breaking → error."""
        self.ensure_login()
        with mapped_errors("info"):
            reply = settle(self.http.get(f"{self.base_url}{self.prefix}/info"))
        raise_for_reply(reply, "info")
        changes = api_changes(self.app, parse_info(reply.content))
        self.api_checked = True
        raise_for_changes(self.app, changes, self.opts.src or self.app.source)
        return changes

    def upload(self, uploads: list[Upload]) -> None:
        check_sizes(uploads, self.app.max_file_size)
        uploads = _download.inline(uploads)
        if not uploads:
            return
        with contextlib.ExitStack() as stack:
            files = _download.open_parts(uploads, stack)
            reply = self.post(f"{self.prefix}/upload", "upload", files=files)
        _download.upload_reply(uploads, reply, self.app.max_file_size)

    def fetch(self, url: str, dest: Path) -> None:
        self.ensure_login()
        _download.fetch(self.http, url, dest, self.base_url)

    def fetch_bytes(self, url: str) -> bytes:
        self.ensure_login()
        return _download.fetch_bytes(self.http, url, self.base_url)

    async def afetch_bytes(self, url: str) -> bytes:
        """A sync client's file awaited: the client's own pool, in a worker thread (the event
        loop never blocks, and no second connection pool is made)."""
        import asyncio  # noqa: PLC0415  # lazy: only when awaited

        return await asyncio.to_thread(self.fetch_bytes, url)

    async def afetch(self, url: str, dest: Path) -> None:
        import asyncio  # noqa: PLC0415  # lazy: only when awaited

        await asyncio.to_thread(self.fetch, url, dest)

    def close(self) -> None:
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
            for _ in response.iter_bytes():
                if self._stop.is_set():
                    return
