"""Typed events decoded from the queue stream, and the job status callers see (no I/O)."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any, TypeAlias


class StatusCode(enum.Enum):
    """Where a job is in its life."""

    STARTING = "starting"  # submitted; nothing heard from the queue yet
    QUEUED = "queued"  # waiting in the app's queue (``rank``/``queue_size``/``eta`` set)
    PROCESSING = "processing"  # a worker runs it
    PROGRESS = "progress"  # running, with ``gr.Progress`` units
    ITERATING = "iterating"  # a generator produced an intermediate output
    FINISHED = "finished"  # completed successfully
    FAILED = "failed"  # the app raised, or the connection was lost
    CANCELLED = "cancelled"  # cancelled by the caller or the server


@dataclass(frozen=True, slots=True)
class ProgressUnit:
    """One ``gr.Progress`` bar: a fraction (``progress``) or a count (``index``/``length``)."""

    index: int | None = None
    length: int | None = None
    unit: str | None = None
    progress: float | None = None
    desc: str | None = None


@dataclass(frozen=True, slots=True)
class LogMessage:
    """A ``gr.Info`` / ``gr.Warning`` / ``gr.Success`` notice sent while the job ran."""

    message: str
    level: str = "info"
    title: str | None = None
    duration: float | None = None


@dataclass(frozen=True, slots=True)
class JobStatus:
    """A snapshot of a job's state (see :meth:`Job.status`)."""

    code: StatusCode = StatusCode.STARTING
    rank: int | None = None
    queue_size: int | None = None
    eta: float | None = None
    progress: tuple[ProgressUnit, ...] = ()
    logs: tuple[LogMessage, ...] = ()
    outputs: int = 0  # intermediate outputs received so far


# -- wire events -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Estimation:
    event_id: str
    rank: int | None
    queue_size: int | None
    eta: float | None


@dataclass(frozen=True, slots=True)
class Started:
    event_id: str
    eta: float | None


@dataclass(frozen=True, slots=True)
class Progress:
    event_id: str
    units: tuple[ProgressUnit, ...]


@dataclass(frozen=True, slots=True)
class Log:
    event_id: str
    log: LogMessage


@dataclass(frozen=True, slots=True)
class Output:
    """An intermediate (generator / streaming) output, one value per wire output: full values,
    or (``diff``) per output a list of edits against the job's previous output."""

    event_id: str
    data: list[Any]
    diff: bool = False
    #: ``process_streaming``: the event streams its inputs (``connection: "stream"``, 5.x/6.x)
    #: and waits for the next chunk; this answer completes the one-shot call.
    streaming: bool = False


@dataclass(frozen=True, slots=True)
class ErrorInfo:
    """The error payload of a failed job (``gr.Error`` fields; ``message`` None = hidden)."""

    message: str | None
    title: str | None = None
    duration: float | None = None
    visible: bool = True


@dataclass(frozen=True, slots=True)
class Completed:
    """The job finished: ``data`` on success, ``error`` on failure, neither when cancelled."""

    event_id: str
    data: list[Any] | None = None
    error: ErrorInfo | None = None

    @property
    def cancelled(self) -> bool:
        return self.data is None and self.error is None


@dataclass(frozen=True, slots=True)
class SessionFailed:
    """The server gave up on the whole session (``unexpected_error``)."""

    message: str
    session_not_found: bool = False


@dataclass(frozen=True, slots=True)
class StreamClosed:
    """The server ends this stream (``close_stream``); open a new one for later jobs."""


@dataclass(frozen=True, slots=True)
class Ignored:
    """A message the client does not need (``heartbeat``, unknown kinds)."""

    kind: str = field(default="heartbeat")


Event: TypeAlias = (
    Estimation
    | Started
    | Progress
    | Log
    | Output
    | Completed
    | SessionFailed
    | StreamClosed
    | Ignored
)
JobEvent: TypeAlias = Estimation | Started | Progress | Log | Output | Completed
