"""Per-job and per-session protocol state machines (no I/O, no threads, no locks).

:class:`JobState` folds a job's typed events into its status, intermediate outputs and
outcome. :class:`SessionCore` demultiplexes one session's event stream to its jobs (messages
that arrive before the join reply are buffered) and decides when the stream is finished.
The sync and async shells only move bytes and wake waiters.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from spacegen.runtime._diff import apply_diffs
from spacegen.runtime._endpoint import Endpoint
from spacegen.runtime._messages import (
    Completed,
    Estimation,
    Event,
    JobEvent,
    JobStatus,
    Log,
    Output,
    Progress,
    SessionFailed,
    Started,
    StatusCode,
    StreamClosed,
)
from spacegen.runtime._outputs import OutputMapper, OutputUpdate
from spacegen.runtime._protocol import DRAIN_CHUNKS, Strategy
from spacegen.runtime._quota import app_error
from spacegen.runtime._sse import SSEDecoder
from spacegen.runtime.errors import ConnectionLostError, JobCancelledError

T = TypeVar("T")
_MAX_ORPHANS = 1000
_RUNNING = (StatusCode.PROCESSING, StatusCode.PROGRESS, StatusCode.ITERATING)


class JobState(Generic[T]):
    """Everything known about one job."""

    def __init__(self, mapper: OutputMapper[T]) -> None:
        self.mapper = mapper
        self.endpoint = mapper.endpoint
        self.event_id: str | None = None
        self.status = JobStatus()
        self.history: list[JobStatus] = [self.status]  # every status, for callbacks
        self.outputs: list[T] = []
        self.updates: tuple[OutputUpdate, ...] = ()
        self.value: T | None = None
        self.error: BaseException | None = None
        self.done = False
        self.listener: Callable[[], None] | None = None  # set by the shell: wake waiters

    def rebind(self, endpoint: Endpoint[T]) -> None:
        """Use ``endpoint`` (the same one at its live ``fn_index``) before the job is joined."""
        self.endpoint = self.mapper.endpoint = endpoint

    def notify(self) -> None:
        if self.listener is not None:
            self.listener()

    def apply(self, event: JobEvent) -> None:
        if self.done:
            return
        if isinstance(event, Estimation):
            self._status(
                StatusCode.QUEUED, rank=event.rank, queue_size=event.queue_size, eta=event.eta
            )
        elif isinstance(event, Started):
            self._status(StatusCode.PROCESSING, rank=None, eta=event.eta)
        elif isinstance(event, Progress):
            self._status(StatusCode.PROGRESS, progress=event.units)
        elif isinstance(event, Log):
            self._set(self.status.replace(logs=(*self.status.logs, event.log)))
        elif isinstance(event, Output):
            self._output(event.data)
        else:
            self._completed(event)

    def _status(self, code: StatusCode, **changes: Any) -> None:
        self._set(self.status.replace(code=code, **changes))

    def _set(self, status: JobStatus) -> None:
        self.status = status
        self.history.append(status)

    def _output(self, data: list[Any]) -> None:
        value, self.updates = self.mapper.convert(data)
        self.outputs.append(value)
        self._status(StatusCode.ITERATING, outputs=len(self.outputs))

    def _completed(self, event: Completed) -> None:
        if event.error is not None:
            e = event.error
            self.fail(app_error(e.message, e.title, e.duration, e.visible))
        elif event.data is None:
            self.fail(JobCancelledError("the job was cancelled"), StatusCode.CANCELLED)
        else:
            self.value, self.updates = self.mapper.convert(event.data)
            if not self.endpoint.generator and not self.outputs:
                self.outputs.append(self.value)
            self._status(StatusCode.FINISHED)
            self.done = True

    def cancelled(self) -> None:
        self.fail(JobCancelledError("the job was cancelled"), StatusCode.CANCELLED)

    def fail(self, error: BaseException, code: StatusCode = StatusCode.FAILED) -> None:
        if not self.done:
            self.error, self.done = error, True
            self._status(code)

    def outcome(self) -> T:
        """The result, or raise the job's error (only valid once ``done``)."""
        if self.error is not None:
            raise self.error
        return self.value  # type: ignore[return-value]


class SessionCore:
    """One session's jobs and its event stream."""

    def __init__(self, strategy: Strategy, session_hash: str) -> None:
        self.strategy = strategy
        self.session_hash = session_hash
        self.jobs: dict[str, JobState[Any]] = {}
        self._orphans: OrderedDict[str, list[JobEvent]] = OrderedDict()
        self._finished: OrderedDict[str, None] = OrderedDict()
        self._previous: dict[str, list[Any]] = {}  # a generator's last full output (diffs)
        self._decoder = SSEDecoder()
        self._heard = False  # the current stream sent something
        self._streamed: OrderedDict[str, None] = OrderedDict()  # answered by process_streaming
        self._to_stop: list[tuple[str, int]] = []  # (event id, fn_index) the shell must cancel
        self.drain_chunks = 0  # chunks to read to the body's end once the stream is over

    @property
    def pending(self) -> bool:
        """Whether the server still owes some job a completion (keep a stream open)."""
        return bool(self.jobs)

    def register(self, event_id: str, job: JobState[Any]) -> None:
        """Attach a joined job; replay anything that arrived before the join reply."""
        job.event_id = event_id
        self.jobs[event_id] = job
        for event in self._orphans.pop(event_id, []):
            self._deliver(event)

    def new_stream(self) -> None:
        self._decoder = SSEDecoder()
        self._heard = False
        self.drain_chunks = 0

    def feed(self, chunk: bytes) -> tuple[set[JobState[Any]], bool]:
        """Process stream bytes: the jobs that changed, and whether the stream is over."""
        touched: set[JobState[Any]] = set()
        for sse in self._decoder.feed(chunk):
            self._heard = True
            event = self._full(self.strategy.parse(sse))
            if isinstance(event, StreamClosed):
                self.drain_chunks = DRAIN_CHUNKS  # the body ends right after (see there)
                return touched, True
            if isinstance(event, SessionFailed):
                touched |= self.lost(f"the server dropped the session: {event.message}")
                return touched, True
            if isinstance(event, Output) and event.streaming:
                event = self._one_shot(event)
            if isinstance(event, (Estimation, Started, Progress, Log, Output, Completed)):
                job = self._deliver(event)
                if job is not None:
                    touched.add(job)
        return touched, False

    def stream_ended(self) -> str | None:
        """The stream ended without ``close_stream``: why pending jobs are lost, or None
        when that is how the protocol ends a stream (the shell opens a new one if needed)."""
        if self.strategy.ends_silently and self._heard:
            return None
        return "the event stream ended before the job finished"

    def deliver(self, events: list[JobEvent]) -> set[JobState[Any]]:
        """Events of a job's own channel (per-job delivery): the jobs that changed."""
        touched: set[JobState[Any]] = set()
        for event in events:
            job = self._deliver(event)
            if job is not None:
                touched.add(job)
        return touched

    def _full(self, event: Event) -> Event:
        """Diffs applied (from the job's previous output) and files marked, per the strategy."""
        if isinstance(event, Output):
            data = event.data
            previous = self._previous.get(event.event_id)
            if event.diff and previous is not None:
                data = apply_diffs(previous, data)
            self._previous[event.event_id] = data
            return Output(event.event_id, self.strategy.adapt(data), streaming=event.streaming)
        if isinstance(event, Completed):
            self._previous.pop(event.event_id, None)
            adapted = event.data if event.data is None else self.strategy.adapt(event.data)
            if adapted is not event.data:  # modern apps' values need no adapting
                return Completed(event.event_id, adapted)
        return event

    def _one_shot(self, event: Output) -> Completed:
        """An event that streams its inputs (``connection: "stream"``, 5.x/6.x) answered the
        one input this client sends per call and now waits for the next chunk (up to its
        ``time_limit`` or 30 s). Its answer is the job's result; the shell then cancels the
        server's event (``jobs_to_stop``), which frees its worker at once."""
        self._streamed[event.event_id] = None
        while len(self._streamed) > _MAX_ORPHANS:
            self._streamed.popitem(last=False)
        return Completed(event.event_id, data=event.data)

    def jobs_to_stop(self) -> list[tuple[str, int]]:
        """(event id, fn_index) of answered streaming-input events to cancel (each once)."""
        due, self._to_stop = self._to_stop, []
        return due

    def should_post_cancel(self, job: JobState[Any]) -> bool:
        """Whether to send ``/cancel`` for ``job``.

        Server bug (PROTOCOL §3.8): ``/cancel`` first kills the *running* job of the same
        session and fn, so cancelling a job that is still queued behind a running one of the
        same fn would kill the wrong job. Then the job is only cancelled locally (the server
        still runs it; its result is ignored).
        """
        if job.status.code in _RUNNING:
            return True
        return not any(
            other is not job
            and other.endpoint.fn_index == job.endpoint.fn_index
            and other.status.code in _RUNNING
            for other in self.jobs.values()
        )

    def end(self, job: JobState[Any], error: BaseException | None = None) -> None:
        """``job`` is over without a completion message: failed with ``error``, or cancelled."""
        if error is None:
            job.cancelled()
        else:
            job.fail(error)
        if job.event_id is not None and self.jobs.get(job.event_id) is job:
            del self.jobs[job.event_id]
            self._finish(job.event_id)

    def lost(self, reason: str, error: Exception | None = None) -> set[JobState[Any]]:
        """The stream died: every pending job fails (ConnectionLostError unless ``error``)."""
        jobs = set(self.jobs.values())
        for job in jobs:
            job.fail(error or ConnectionLostError(reason))
            self._finish(job.event_id or "")
        self.jobs.clear()
        self._previous.clear()
        return jobs

    def _deliver(self, event: JobEvent) -> JobState[Any] | None:
        job = self.jobs.get(event.event_id)
        if job is None:
            if event.event_id not in self._finished:
                self._orphan(event)
            return None
        job.apply(event)
        if isinstance(event, Completed):
            del self.jobs[event.event_id]
            self._finish(event.event_id)
            if event.event_id in self._streamed:
                del self._streamed[event.event_id]
                self._to_stop.append((event.event_id, job.endpoint.fn_index))
        return job

    def _orphan(self, event: JobEvent) -> None:
        self._orphans.setdefault(event.event_id, []).append(event)
        while len(self._orphans) > _MAX_ORPHANS:
            self._orphans.popitem(last=False)

    def _finish(self, event_id: str) -> None:
        self._finished[event_id] = None
        while len(self._finished) > _MAX_ORPHANS:
            self._finished.popitem(last=False)
