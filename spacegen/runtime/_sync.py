"""Sync shell: one httpx.Client, one reader thread per session while it has work."""

from __future__ import annotations

import contextlib
import threading
import uuid
from pathlib import Path
from typing import Any

import httpx

from spacegen.runtime import _download
from spacegen.runtime._auth import login
from spacegen.runtime._core import JobState, SessionCore
from spacegen.runtime._endpoint import App
from spacegen.runtime._files import Upload, check_sizes
from spacegen.runtime._protocol import Strategy, cancel_body, raise_for_reply, strategy_for
from spacegen.runtime._transport import (
    Options,
    abort_stream,
    join_headers,
    mapped_errors,
    output_url,
    resolve_source,
)
from spacegen.runtime.errors import ConnectionLostError, SpacegenError, UsageError

IDLE_SECONDS = 10.0  # a session's reader thread waits this long for new jobs, then exits


class Transport:
    """The client's connection to one app: httpx.Client, base URL, login, files."""

    def __init__(self, app: App, opts: Options) -> None:
        self.app, self.opts = app, opts
        self.base_url = resolve_source(opts.src, app.source)
        self.prefix = app.api_prefix
        self.download_dir: Path | None = opts.download_dir
        self.strategy: Strategy = strategy_for(app.protocol, app.api_prefix, app.gradio_version)
        self.http = httpx.Client(**opts.client_kwargs())
        self._login_lock = threading.Lock()
        self._logged_in = opts.auth is None

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
            return self.http.post(self.base_url + path, **kwargs)

    def upload(self, uploads: list[Upload]) -> None:
        if not uploads:
            return
        check_sizes(uploads, self.app.max_file_size)
        with contextlib.ExitStack() as stack:
            files = _download.open_parts(uploads, stack)
            reply = self.post(f"{self.prefix}/upload", "upload", files=files)
        _download.upload_reply(uploads, reply, self.app.max_file_size)

    def fetch(self, url: str, dest: Path) -> None:
        self.ensure_login()
        _download.fetch(self.http, url, dest, self.base_url)

    async def afetch(self, url: str, dest: Path) -> None:
        async with httpx.AsyncClient(**self.opts.client_kwargs()) as client:
            client.cookies.update(self.http.cookies)
            await _download.afetch(client, url, dest, self.base_url)

    def close(self) -> None:
        self.http.close()


class Session:
    """One session hash: its jobs, its event-stream reader thread, its heartbeat."""

    def __init__(self, transport: Transport) -> None:
        self.transport = transport
        self.core = SessionCore(transport.strategy, uuid.uuid4().hex)
        self.memory: dict[Any, Any] = {}
        self._lock = threading.Lock()
        self._wake = threading.Condition(self._lock)
        self._reader: threading.Thread | None = None
        self._response: httpx.Response | None = None
        self._heartbeat: Heartbeat | None = None
        self.closed = False
        self.retired = False

    @property
    def session_hash(self) -> str:
        return self.core.session_hash

    def join(self, job: JobState[Any], data: list[Any]) -> None:
        """Join the queue (in the caller's thread) and hand the job to the reader."""
        strategy = self.transport.strategy
        body = strategy.join_body(job.endpoint.fn_index, data, self.session_hash)
        reply = self.transport.post(
            strategy.join_path(), "queue/join", json=body, headers=join_headers()
        )
        event_id = strategy.event_id(reply)
        with self._lock:
            if self.closed:
                raise UsageError("the client was closed")
            self.core.register(event_id, job)
            self._ensure_reader()
            self._wake.notify_all()
        job.notify()
        self._start_heartbeat()

    def cancel(self, job: JobState[Any]) -> bool:
        """Cancel ``job`` (see ``SessionCore.should_post_cancel``); False if already done."""
        with self._lock:
            if job.done:
                return False
            post = job.event_id is not None and self.core.should_post_cancel(job)
        if post and job.event_id is not None:
            body = cancel_body(self.session_hash, job.endpoint.fn_index, job.event_id)
            reply = self.transport.post(f"{self.transport.prefix}/cancel", "cancel", json=body)
            raise_for_reply(reply, "cancel")
        with self._lock:
            job.cancelled()
        job.notify()
        return True

    def retire(self) -> None:
        """``reset_session``: finish pending jobs, then stop reader and heartbeat."""
        with self._lock:
            self.retired = True
            idle = not self.core.pending
            self._wake.notify_all()
        if idle:
            self.close()

    def close(self) -> None:
        with self._lock:
            self.closed = True
            touched = self.core.lost("the client was closed")
            self._wake.notify_all()
            response, reader = self._response, self._reader
        abort_stream(response)
        for job in touched:
            job.notify()
        if self._heartbeat is not None:
            self._heartbeat.stop()
        if reader is not None and reader is not threading.current_thread():
            reader.join(timeout=2.0)

    # -- reader thread ------------------------------------------------------------------

    def _ensure_reader(self) -> None:
        if self._reader is None:
            self._reader = threading.Thread(
                target=self._run, name=f"spacegen-stream-{self.session_hash[:8]}", daemon=True
            )
            self._reader.start()

    def _run(self) -> None:
        while self._wait_for_work():
            self._read_stream()
        if self.retired and self._heartbeat is not None:
            self._heartbeat.stop()

    def _wait_for_work(self) -> bool:
        with self._lock:
            while not self.core.pending and not self.closed and not self.retired:
                if not self._wake.wait(IDLE_SECONDS) and not self.core.pending:
                    break
            if self.closed or not self.core.pending:
                self._reader = None
                return False
            self.core.new_stream()
            return True

    def _read_stream(self) -> None:
        transport = self.transport
        path = transport.base_url + transport.strategy.stream_path()
        params = {"session_hash": self.session_hash}
        timeout = transport.opts.stream_timeout()
        try:
            with mapped_errors("queue/data"), transport.http.stream(
                "GET", path, params=params, timeout=timeout
            ) as response:
                self._response = response
                if response.status_code != 200:
                    response.read()
                    raise_for_reply(response, "queue/data")
                for chunk in response.iter_bytes():
                    if self._feed(chunk):
                        return
            self._lose("the event stream ended before the job finished")
        except ConnectionLostError as exc:
            self._lose(str(exc))
        except SpacegenError as exc:
            self._lose(str(exc), exc)
        finally:
            self._response = None

    def _feed(self, chunk: bytes) -> bool:
        with self._lock:
            touched, ended = self.core.feed(chunk)
        for job in touched:
            job.notify()
        return ended

    def _lose(self, reason: str, error: SpacegenError | None = None) -> None:
        with self._lock:
            if self.closed:
                reason, error = "the client was closed", None
            touched = self.core.lost(reason, error)
        for job in touched:
            job.notify()

    def _start_heartbeat(self) -> None:
        if self.transport.app.connect_heartbeat and self._heartbeat is None:
            with self._lock:
                if self._heartbeat is None and not self.closed:
                    self._heartbeat = Heartbeat(self.transport, self.session_hash)


class Heartbeat:
    """Holds ``GET {P}/heartbeat/{session}`` open so the server keeps the session's State."""

    def __init__(self, transport: Transport, session_hash: str) -> None:
        self._transport = transport
        self._url = f"{transport.base_url}{transport.prefix}/heartbeat/{session_hash}"
        self._stop = threading.Event()
        self._response: httpx.Response | None = None
        self._thread = threading.Thread(target=self._run, name="spacegen-heartbeat", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        abort_stream(self._response)
        if self._thread is not threading.current_thread():
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
