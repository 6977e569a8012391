"""Job (sync) and AsyncJob: a submitted call, its status, outputs and result.

Generated modules import these names for annotations only, so importing this module loads
neither asyncio nor the protocol core (a job only exists once a client made a call).
"""

from __future__ import annotations

import builtins
import sys
import threading
import time
import traceback
from collections.abc import AsyncIterator, Callable, Coroutine, Iterator
from functools import partial
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeAlias, TypeVar

from spacegen.runtime.errors import JobCancelledError, TimeoutError, UsageError

if TYPE_CHECKING:
    import asyncio

    from spacegen.runtime._core import JobState
    from spacegen.runtime._messages import JobStatus
    from spacegen.runtime._outputs import OutputUpdate

    StatusCallback: TypeAlias = Callable[[JobStatus], object]
    OutputCallback: TypeAlias = Callable[[Any], object]

    class _Canceller(Protocol):  # annotations only: no Protocol class built at import
        def cancel(self, job: JobState[Any]) -> bool: ...

    class _AsyncCanceller(Protocol):
        async def acancel(self, job: JobState[Any]) -> bool: ...


T = TypeVar("T")


class _Watcher:
    """Fires ``on_status`` / ``on_output`` callbacks (and verbose lines) on changes."""

    def __init__(
        self,
        state: JobState[Any],
        on_status: StatusCallback | None,
        on_output: OutputCallback | None,
        verbose: bool,
    ) -> None:
        self._state, self._verbose = state, verbose
        self._on_status, self._on_output = on_status, on_output
        self._statuses = 1
        self._seen = 0
        self._lock = threading.RLock()  # a callback may cancel its own job

    def fire(self) -> None:
        with self._lock:
            self._fire()

    def _fire(self) -> None:
        history = self._state.history
        while self._statuses < len(history):
            status = history[self._statuses]
            self._statuses += 1
            if self._verbose:
                name = self._state.endpoint.api_name
                print(f"[spacegen] {name}: {_describe(status)}", file=sys.stderr)
            if self._on_status is not None:
                _safely(self._on_status, status)
        outputs = self._state.outputs
        while self._seen < len(outputs):
            self._seen += 1
            if self._on_output is not None:
                _safely(self._on_output, outputs[self._seen - 1])


def _watcher(
    state: JobState[Any],
    on_status: StatusCallback | None,
    on_output: OutputCallback | None,
    verbose: bool,
) -> _Watcher | None:
    """A watcher when someone watches (most calls have no callback: nothing to fire)."""
    if on_status is None and on_output is None and not verbose:
        return None
    return _Watcher(state, on_status, on_output, verbose)


def _safely(callback: Callable[[Any], object], value: Any) -> None:
    """Run a user callback; its exception is printed, never allowed to kill the reader."""
    try:
        callback(value)
    except Exception:
        traceback.print_exc()


def _describe(status: JobStatus) -> str:
    from spacegen.runtime._messages import StatusCode  # noqa: PLC0415  # loaded by any job

    if status.code is StatusCode.QUEUED:
        return f"queued (rank {status.rank}, queue size {status.queue_size}, eta {status.eta})"
    return str(status.code.value)


def no_result(api_name: str, limit: float | None) -> TimeoutError:
    """The error of a wait for a job's result that ran out of time."""
    return TimeoutError(f"{api_name}: no result within {limit} s")


def _more(state: JobState[Any], seen: int) -> bool:
    return len(state.outputs) > seen or state.done


class _JobBase(Generic[T]):
    _state: JobState[T]

    @property
    def event_id(self) -> str | None:
        return self._state.event_id

    @property
    def api_name(self) -> str:
        return str(self._state.endpoint.api_name)

    def status(self) -> JobStatus:
        """Current status: code, queue rank/size, ETA, progress units, log messages."""
        return self._state.status

    def done(self) -> bool:
        return self._state.done

    def outputs(self) -> list[T]:
        """Intermediate outputs so far (a generator's yields; else the result once done)."""
        return list(self._state.outputs)

    def updates(self) -> tuple[OutputUpdate, ...]:
        """Per visible output: was it changed (``changed``) and which props the app set."""
        return self._state.updates

    def __reduce__(self) -> tuple[Any, ...]:
        """A job is a live handle on its client's session: it does not travel."""
        raise UsageError(
            f"a {type(self).__name__} cannot be pickled (it is bound to its client's session): "
            "send its result() or the client itself (a client pickles as its configuration)"
        )

    def _end_of_iteration(self) -> None:
        error = self._state.error
        if error is not None and not isinstance(error, JobCancelledError):
            raise error


class Job(_JobBase[T]):
    """A submitted call (sync). Iterate it for a generator's intermediate outputs."""

    def __init__(
        self,
        state: JobState[T],
        session: _Canceller,
        timeout: float | None = None,
        *,
        on_status: StatusCallback | None = None,
        on_output: OutputCallback | None = None,
        verbose: bool = False,
    ) -> None:
        self._state, self._session, self._timeout = state, session, timeout
        self._cond = threading.Condition()
        self._watcher = _watcher(state, on_status, on_output, verbose)
        state.listener = self._changed

    def _changed(self) -> None:
        with self._cond:
            self._cond.notify_all()
        if self._watcher is not None:
            self._watcher.fire()

    def result(self, timeout: float | None = None) -> T:
        """Wait for the final result (``timeout`` defaults to the client's ``job_timeout``)."""
        self._wait(lambda: self._state.done, timeout)
        return self._state.outcome()

    def cancel(self) -> bool:
        """Ask the server to stop the job; False if it had already finished."""
        return self._session.cancel(self._state)

    def __iter__(self) -> Iterator[T]:
        seen = 0
        state = self._state
        while True:
            self._wait(partial(_more, state, seen), None)
            while seen < len(state.outputs):
                seen += 1
                yield state.outputs[seen - 1]
            if state.done and seen >= len(state.outputs):
                self._end_of_iteration()
                return

    def _wait(self, ready: Callable[[], bool], timeout: float | None) -> None:
        limit = self._timeout if timeout is None else timeout
        with self._cond:
            if not self._cond.wait_for(ready, limit):
                raise no_result(self.api_name, limit)


class AsyncJob(_JobBase[T]):
    """A submitted call (async). ``async for`` yields a generator's intermediate outputs."""

    def __init__(
        self,
        state: JobState[T],
        start: Coroutine[Any, Any, Any],
        session: Callable[[], _AsyncCanceller | None],
        timeout: float | None = None,
        *,
        on_status: StatusCallback | None = None,
        on_output: OutputCallback | None = None,
        verbose: bool = False,
    ) -> None:
        import asyncio  # noqa: PLC0415  # lazy: only async jobs need asyncio

        self._state, self._session, self._timeout = state, session, timeout
        self._event = asyncio.Event()
        self._watcher = _watcher(state, on_status, on_output, verbose)
        state.listener = self._changed
        try:
            self._task = asyncio.get_running_loop().create_task(start)
        except RuntimeError:
            start.close()
            raise UsageError(
                "submit_* of an async client must be called in a running loop"
            ) from None
        self._task.add_done_callback(self._started)

    def _started(self, task: asyncio.Task[Any]) -> None:
        """Upload + join finished: a failure there is the job's failure."""
        if task.cancelled():
            self._state.cancelled()
        elif (error := task.exception()) is not None:
            self._state.fail(error)
        else:
            return
        self._changed()

    def _changed(self) -> None:
        import asyncio  # noqa: PLC0415  # lazy: only async jobs need asyncio

        event, self._event = self._event, asyncio.Event()
        event.set()
        if self._watcher is not None:
            self._watcher.fire()

    async def result(self, timeout: float | None = None) -> T:
        await self._wait(lambda: self._state.done, timeout)
        return self._state.outcome()

    async def cancel(self) -> bool:
        """Ask the server to stop the job; False if it had already finished."""
        import asyncio  # noqa: PLC0415  # lazy: only async jobs need asyncio

        if self._state.done:
            return False
        await asyncio.wait([self._task])
        session = self._session()
        if session is None:
            return False
        return await session.acancel(self._state)

    async def __aiter__(self) -> AsyncIterator[T]:
        seen = 0
        state = self._state
        while True:
            await self._wait(partial(_more, state, seen), None)
            while seen < len(state.outputs):
                seen += 1
                yield state.outputs[seen - 1]
            if state.done and seen >= len(state.outputs):
                self._end_of_iteration()
                return

    async def _wait(self, ready: Callable[[], bool], timeout: float | None) -> None:
        import asyncio  # noqa: PLC0415  # lazy: only async jobs need asyncio

        limit = self._timeout if timeout is None else timeout
        deadline = None if limit is None else time.monotonic() + limit
        while not ready():
            remaining = None if deadline is None else deadline - time.monotonic()
            if remaining is not None and remaining <= 0:
                raise no_result(self.api_name, limit)
            try:
                await asyncio.wait_for(self._event.wait(), remaining)
            except builtins.TimeoutError:
                continue
