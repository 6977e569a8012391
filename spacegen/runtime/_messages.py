"""Typed events decoded from the queue stream, and the job status callers see (no I/O).

Immutable records (:class:`~spacegen.runtime._record.Frozen`), not dataclasses: a one-shot script
creates these classes on its first call, and dataclasses cost about a millisecond each.
"""

from __future__ import annotations

import enum
from typing import Any, TypeAlias

from spacegen.runtime._record import Frozen


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


class ProgressUnit(Frozen):
    """One ``gr.Progress`` bar: a fraction (``progress``) or a count (``index``/``length``)."""

    __match_args__ = ("index", "length", "unit", "progress", "desc")
    __slots__ = __match_args__

    index: int | None
    length: int | None
    unit: str | None
    progress: float | None
    desc: str | None

    def __init__(
        self,
        index: int | None = None,
        length: int | None = None,
        unit: str | None = None,
        progress: float | None = None,
        desc: str | None = None,
    ) -> None:
        self._freeze(index, length, unit, progress, desc)


class LogMessage(Frozen):
    """A ``gr.Info`` / ``gr.Warning`` / ``gr.Success`` notice sent while the job ran."""

    __match_args__ = ("message", "level", "title", "duration")
    __slots__ = __match_args__

    message: str
    level: str
    title: str | None
    duration: float | None

    def __init__(
        self,
        message: str,
        level: str = "info",
        title: str | None = None,
        duration: float | None = None,
    ) -> None:
        self._freeze(message, level, title, duration)


class JobStatus(Frozen):
    """A snapshot of a job's state (see :meth:`Job.status`)."""

    __match_args__ = ("code", "rank", "queue_size", "eta", "progress", "logs", "outputs")
    __slots__ = __match_args__

    code: StatusCode
    rank: int | None
    queue_size: int | None
    eta: float | None
    progress: tuple[ProgressUnit, ...]
    logs: tuple[LogMessage, ...]
    outputs: int  # intermediate outputs received so far

    def __init__(  # noqa: PLR0917  # positional too, as the former dataclass
        self,
        code: StatusCode = StatusCode.STARTING,
        rank: int | None = None,
        queue_size: int | None = None,
        eta: float | None = None,
        progress: tuple[ProgressUnit, ...] = (),
        logs: tuple[LogMessage, ...] = (),
        outputs: int = 0,
    ) -> None:
        self._freeze(code, rank, queue_size, eta, progress, logs, outputs)


# -- wire events -------------------------------------------------------------------------


class Estimation(Frozen):
    __match_args__ = ("event_id", "rank", "queue_size", "eta")
    __slots__ = __match_args__

    event_id: str
    rank: int | None
    queue_size: int | None
    eta: float | None

    def __init__(
        self, event_id: str, rank: int | None, queue_size: int | None, eta: float | None
    ) -> None:
        self._freeze(event_id, rank, queue_size, eta)


class Started(Frozen):
    __match_args__ = ("event_id", "eta")
    __slots__ = __match_args__

    event_id: str
    eta: float | None

    def __init__(self, event_id: str, eta: float | None) -> None:
        self._freeze(event_id, eta)


class Progress(Frozen):
    __match_args__ = ("event_id", "units")
    __slots__ = __match_args__

    event_id: str
    units: tuple[ProgressUnit, ...]

    def __init__(self, event_id: str, units: tuple[ProgressUnit, ...]) -> None:
        self._freeze(event_id, units)


class Log(Frozen):
    __match_args__ = ("event_id", "log")
    __slots__ = __match_args__

    event_id: str
    log: LogMessage

    def __init__(self, event_id: str, log: LogMessage) -> None:
        self._freeze(event_id, log)


class Output(Frozen):
    """An intermediate (generator / streaming) output, one value per wire output: full values,
    or (``diff``) per output a list of edits against the job's previous output."""

    __match_args__ = ("event_id", "data", "diff", "streaming")
    __slots__ = __match_args__

    event_id: str
    data: list[Any]
    diff: bool
    #: ``process_streaming``: the event streams its inputs (``connection: "stream"``, 5.x/6.x)
    #: and waits for the next chunk; this answer completes the one-shot call.
    streaming: bool

    def __init__(
        self, event_id: str, data: list[Any], diff: bool = False, streaming: bool = False
    ) -> None:
        self._freeze(event_id, data, diff, streaming)


class ErrorInfo(Frozen):
    """The error payload of a failed job (``gr.Error`` fields; ``message`` None = hidden)."""

    __match_args__ = ("message", "title", "duration", "visible")
    __slots__ = __match_args__

    message: str | None
    title: str | None
    duration: float | None
    visible: bool

    def __init__(
        self,
        message: str | None,
        title: str | None = None,
        duration: float | None = None,
        visible: bool = True,
    ) -> None:
        self._freeze(message, title, duration, visible)


class Completed(Frozen):
    """The job finished: ``data`` on success, ``error`` on failure, neither when cancelled."""

    __match_args__ = ("event_id", "data", "error")
    __slots__ = __match_args__

    event_id: str
    data: list[Any] | None
    error: ErrorInfo | None

    def __init__(
        self, event_id: str, data: list[Any] | None = None, error: ErrorInfo | None = None
    ) -> None:
        self._freeze(event_id, data, error)

    @property
    def cancelled(self) -> bool:
        return self.data is None and self.error is None


class SessionFailed(Frozen):
    """The server gave up on the whole session (``unexpected_error``)."""

    __match_args__ = ("message", "session_not_found")
    __slots__ = __match_args__

    message: str
    session_not_found: bool

    def __init__(self, message: str, session_not_found: bool = False) -> None:
        self._freeze(message, session_not_found)


class StreamClosed(Frozen):
    """The server ends this stream (``close_stream``); open a new one for later jobs."""

    __match_args__ = ()
    __slots__ = __match_args__


class Ignored(Frozen):
    """A message the client does not need (``heartbeat``, unknown kinds)."""

    __match_args__ = ("kind",)
    __slots__ = __match_args__

    kind: str

    def __init__(self, kind: str = "heartbeat") -> None:
        self._freeze(kind)


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
