"""Sync shell: a session's jobs and its event stream.

Reading the stream is a role one thread holds at a time. A plain call (``_call``) reads in
the caller's thread when nobody else is reading, so a lone call costs no thread hand-off;
otherwise (submitted jobs, concurrent calls) a background reader thread, started on demand
and gone after ``IDLE_SECONDS`` without work, takes the role.
"""

from __future__ import annotations

import threading
import uuid
import weakref
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

import httpx

from spacegen.runtime._channels import SyncChannel
from spacegen.runtime._core import JobState, SessionCore
from spacegen.runtime._drain import close_iterator, drain
from spacegen.runtime._endpoint import Endpoint
from spacegen.runtime._log import logger
from spacegen.runtime._messages import JobEvent
from spacegen.runtime._protocol import Conversation, cancel_body, oauth_token_for, raise_for_reply
from spacegen.runtime._sync_io import Heartbeat, Transport
from spacegen.runtime._transport import abort_stream, join_headers, mapped_errors, settle
from spacegen.runtime._verify import LiveApp, initial_value, join_failed
from spacegen.runtime.errors import (
    CancelNotSupportedError,
    ConnectionLostError,
    ProtocolError,
    SpacegenError,
    TimeoutError,
    UsageError,
)

T = TypeVar("T")
IDLE_SECONDS = 10.0  # a session's reader thread waits this long for new jobs, then exits
_NO_CANCEL = (
    "Gradio {} cannot cancel a job (no /cancel route before 4.31 and jobs share the "
    "session's event stream): the job keeps running; wait for it or ignore its result"
)


class _Stream:
    """An open ``queue/data`` response and its chunk iterator."""

    def __init__(self, response: httpx.Response) -> None:
        self.response = response
        self.chunks: Iterator[bytes] = response.iter_bytes()

    def close(self) -> None:
        """Close the response and its chunk generator now (by the thread that reads them).

        A generator left suspended for the garbage collector can deadlock its thread (see
        ``close_iterator``; seen in CI after ``reset_session``).
        """
        self.response.close()
        close_iterator(self.chunks)


class Session:
    """One session hash: its jobs, its event stream, its heartbeat."""

    def __init__(self, transport: Transport) -> None:
        self.transport = transport
        self.core = SessionCore(transport.strategy, uuid.uuid4().hex)
        self.memory: dict[Any, Any] = {}
        self.live: LiveApp | None = None  # the app's /config, read before the first job
        self._verify_lock = threading.Lock()
        self._lock = threading.Lock()
        self._wake = threading.Condition(self._lock)
        self._reader: threading.Thread | None = None
        self._busy = False  # a thread holds the reading role
        self._stream: _Stream | None = None
        self._heartbeat: Heartbeat | None = None
        self._channels: dict[JobState[Any], SyncChannel] = {}  # jobs on a channel of their own
        self._inline: dict[JobState[Any], SyncChannel] = {}  # ... not started yet
        self.closed = False
        self.retired = False

    @property
    def session_hash(self) -> str:
        return self.core.session_hash

    def resolve(self, endpoint: Endpoint[T]) -> Endpoint[T]:
        """``endpoint`` at its live fn_index; the first job of the session reads /config
        (concurrent first jobs share that one read). Raises StaleClientError on a change."""
        opts = self.transport.opts
        if opts.verify_api and not self.transport.api_checked:
            with self._verify_lock:
                if not self.transport.api_checked:
                    self.transport.api_changes()
        if not opts.verify_endpoints:
            return endpoint
        with self._verify_lock:
            if self.live is None:
                self.live = self.transport.live_app()
        return self.live.resolve(endpoint, opts.src or self.transport.app.source)

    def initial_value(self, component_id: int) -> Any:
        return initial_value(self.live, self.transport.app, component_id)

    def join(self, job: JobState[Any], data: list[Any], background: bool = True) -> None:
        """Join the queue (in the caller's thread); ``background`` starts the reader."""
        strategy = self.transport.strategy
        token = oauth_token_for(job.endpoint, self.transport.opts.token)
        conv = strategy.conversation(job.endpoint, data, self.session_hash, uuid.uuid4().hex)
        if conv is not None:
            self._join_channel(job, conv, background)
            return
        body = strategy.join_body(job.endpoint.fn_index, data, self.session_hash, token)
        reply = self.transport.post(
            strategy.join_path(), "queue/join", json=body, headers=join_headers()
        )
        try:
            event_id = strategy.event_id(reply)
        except ProtocolError as exc:
            raise join_failed(exc, self.transport.app) from exc
        with self._lock:
            if self.closed:
                raise UsageError("the client was closed")
            self.core.register(event_id, job)
            if background:
                self._ensure_reader()
        job.notify()
        self._start_heartbeat()

    def wait_inline(self, job: JobState[Any]) -> None:
        """Read the stream in this thread until ``job`` is done, unless another thread reads
        (then the background reader is in charge and the caller waits for a wake-up)."""
        with self._lock:
            channel = self._inline.pop(job, None)
        if channel is not None:
            self._run_channel(job, channel)
            return
        while not job.done:
            if not self._drive(lambda: job.done):
                with self._lock:
                    if self.core.pending and not self.closed:
                        self._ensure_reader()
                return

    # -- jobs on a channel of their own (per-job delivery) -------------------------------

    def _join_channel(self, job: JobState[Any], conv: Conversation, background: bool) -> None:
        channel = SyncChannel(self.transport, conv, self._deliver, lambda e: self._end(job, e))
        with self._lock:
            if self.closed:
                raise UsageError("the client was closed")
            self.core.register(conv.key, job)
            self._channels[job] = channel
            if not background:
                self._inline[job] = channel
        job.notify()
        if background:
            name = f"spacegen-job-{conv.key[:8]}"
            threading.Thread(
                target=self._run_channel, args=(job, channel), name=name, daemon=True
            ).start()

    def _run_channel(self, job: JobState[Any], channel: SyncChannel) -> None:
        try:
            channel.run()
        finally:
            with self._lock:
                self._channels.pop(job, None)

    def _deliver(self, events: list[JobEvent]) -> None:
        with self._lock:
            touched = self.core.deliver(events)
        for job in touched:
            job.notify()

    def _end(self, job: JobState[Any], error: BaseException | None) -> None:
        with self._lock:
            self.core.end(job, error)
        job.notify()

    def cancel(self, job: JobState[Any]) -> bool:
        """Cancel ``job`` (see ``SessionCore.should_post_cancel``); False if already done."""
        mode = self.transport.strategy.cancel_mode
        channel: SyncChannel | None = None
        with self._lock:
            if job.done:
                return False
            if mode == "disconnect":
                channel = self._channels.get(job)
                self._inline.pop(job, None)
            post = mode == "post" and job.event_id is not None and self.core.should_post_cancel(job)
        if mode == "none":
            raise CancelNotSupportedError(_NO_CANCEL.format(self.transport.app.gradio_version))
        if mode == "disconnect" and channel is not None:
            channel.abort()
        if post and job.event_id is not None:
            body = cancel_body(self.session_hash, job.endpoint.fn_index, job.event_id)
            reply = self.transport.post(f"{self.transport.prefix}/cancel", "cancel", json=body)
            raise_for_reply(reply, "cancel")
        self._end(job, None)
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
            stream, reader = self._stream, self._reader
            idle = None if self._busy else stream  # else its reader closes it, once woken
            if idle is not None:
                self._stream = None
            channels = list(self._channels.values())
            self._inline.clear()
        for channel in channels:
            channel.abort()
        if stream is not None:
            abort_stream(stream.response)
        if idle is not None:
            idle.close()
        for job in touched:
            job.notify()
        if self._heartbeat is not None:
            self._heartbeat.stop()
        if reader is not None and reader is not threading.current_thread():
            reader.join(timeout=2.0)

    # -- the reading role ----------------------------------------------------------------

    def _drive(self, ready: Callable[[], bool]) -> bool:
        """Hold the reading role until ``ready()``; False if another thread holds it."""
        with self._lock:
            if self._busy or self.closed:
                return False
            self._busy = True
        try:
            while not ready() and self._step():
                pass
        finally:
            with self._lock:
                self._busy = False
                if self.core.pending and not self.closed:
                    self._ensure_reader()
                    self._wake.notify_all()
        return True

    def _step(self) -> bool:
        """Read one chunk (opening the stream first); False when no job is pending."""
        if self._stream is None:
            with self._lock:
                if not self.core.pending or self.closed:
                    return False
                self.core.new_stream()
            self._stream = self._open()
            if self._stream is None:
                return True
        try:
            with mapped_errors("queue/data"):
                chunk = next(self._stream.chunks)
        except StopIteration:
            self._close_stream(self.core.stream_ended())
        except ConnectionLostError as exc:
            self._close_stream(str(exc))
        except TimeoutError:
            self._close_stream(None)
            self._lose("silent stream", self.transport.opts.silent_stream("queue/data"))
        else:
            try:
                ended = self._feed(chunk)
            except SpacegenError as exc:  # the server broke the protocol: fail the session
                self._close_stream(None)
                self._lose(str(exc), exc)
            else:
                if ended:
                    self._end_stream()
        return True

    def _open(self) -> _Stream | None:
        transport = self.transport
        url = transport.base_url + transport.strategy.stream_path()
        try:
            with mapped_errors("queue/data"):
                request = transport.http.build_request(
                    "GET", url, params={"session_hash": self.session_hash},
                    timeout=transport.opts.stream_timeout(),
                )  # fmt: skip
                response = transport.http.send(request, stream=True)
            if response.status_code != 200:
                settle(response).read()
                response.close()
                raise_for_reply(response, "queue/data")
        except ConnectionLostError as exc:
            self._lose(str(exc))
            return None
        except SpacegenError as exc:
            self._lose(str(exc), exc)
            return None
        return _Stream(response)

    def _end_stream(self) -> None:
        """The stream is over: read its body to the end first (``SessionCore.drain_chunks``:
        the server ends it right after), so the connection goes back to the pool."""
        if self._stream is not None:
            drain(self._stream.chunks, self.core.drain_chunks)
        self._close_stream(None)

    def _close_stream(self, lost: str | None) -> None:
        stream, self._stream = self._stream, None
        if stream is not None:
            stream.close()
        if lost is not None:
            self._lose(lost)

    def _feed(self, chunk: bytes) -> bool:
        with self._lock:
            touched, ended = self.core.feed(chunk)
            stopping = self.core.jobs_to_stop()
        for event_id, fn_index in stopping:
            self._stop_event(event_id, fn_index)
        for job in touched:
            job.notify()
        return ended

    def _stop_event(self, event_id: str, fn_index: int) -> None:
        """Cancel an answered streaming-input event (see ``SessionCore._one_shot``)."""
        body = cancel_body(self.session_hash, fn_index, event_id)
        try:
            self.transport.post(f"{self.transport.prefix}/cancel", "cancel", json=body)
        except SpacegenError as exc:  # the server then ends the event after its own wait
            logger.info("cancelling the answered streaming event %s failed: %s", event_id, exc)

    def _lose(self, reason: str, error: SpacegenError | None = None) -> None:
        with self._lock:
            if self.closed:
                reason, error = "the client was closed", None
            touched = self.core.lost(reason, error)
        for job in touched:
            job.notify()

    # -- background reader thread --------------------------------------------------------

    def _ensure_reader(self) -> None:
        """Start the reader thread if needed (caller holds the lock)."""
        if self._reader is None:
            self._reader = threading.Thread(
                target=self._run, name=f"spacegen-stream-{self.session_hash[:8]}", daemon=True
            )
            self._reader.start()
        else:
            self._wake.notify_all()

    def _run(self) -> None:
        while self._wait_for_work():
            try:
                while self._step():
                    pass
            except Exception as exc:  # a bug must not leave waiters hanging
                self._close_stream(None)
                self._lose(f"internal error: {exc!r}", ProtocolError(f"internal error: {exc!r}"))
            finally:
                with self._lock:
                    self._busy = False
        if self.retired and self._heartbeat is not None:
            self._heartbeat.stop()

    def _wait_for_work(self) -> bool:
        """Wait until jobs are pending and nobody reads; then take the role."""
        with self._lock:
            while (not self.core.pending or self._busy) and not self.closed:
                if self.retired and not self.core.pending:
                    break
                if not self._wake.wait(IDLE_SECONDS) and not self.core.pending:
                    break
            if self.closed or not self.core.pending or self._busy:
                self._reader = None
                return False
            self._busy = True
            return True

    def _start_heartbeat(self) -> None:
        wanted = self.transport.app.connect_heartbeat and self.transport.strategy.heartbeat
        if wanted and self._heartbeat is None:
            with self._lock:
                if self._heartbeat is None and not self.closed:
                    self._heartbeat = Heartbeat(self.transport, self.session_hash)
                    # a client dropped without close() stops its heartbeat when collected
                    weakref.finalize(self, self._heartbeat.stop, False)
