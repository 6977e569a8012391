"""Batch calls: one endpoint over many inputs (``client.batch_<endpoint>(inputs, ...)``).

Each item goes through the client's normal call path (its retry policy included), at most
``concurrency`` at a time (threads for the sync client, tasks for the async one). Results come
back in input order as :class:`Result`; an item that fails holds its typed error and the batch
goes on. A full queue (``QueueFullError``: the app refused the job before accepting it, so
nothing ran) is waited out with backoff, up to ``queue_wait`` seconds per item. With
``checkpoint``, every finished item is appended to a JSON-lines file (see ``_checkpoint``): run
the same batch again with the same file and the items done are restored, not called again.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Awaitable, Callable, Iterable
from typing import TYPE_CHECKING, Any, Generic, NamedTuple, TypedDict, TypeVar

from spacegen.runtime._endpoint import Endpoint
from spacegen.runtime._progress import Bar
from spacegen.runtime.errors import QueueFullError, SpacegenError, UsageError

if TYPE_CHECKING:
    from spacegen.runtime._checkpoint import Checkpoint
    from spacegen.runtime._files import Fetcher

T = TypeVar("T")
Args = tuple[object, ...]

DEFAULT_CONCURRENCY = 8
DEFAULT_QUEUE_WAIT = 600.0
_FIRST_BACKOFF, _MAX_BACKOFF = 0.2, 5.0


class BatchProgress(NamedTuple):
    """Where a batch stands: items finished (``done``, of them ``failed``) of ``total``.

    ``resumed`` counts items restored from the checkpoint (included in ``done``).
    """

    done: int
    failed: int
    total: int
    resumed: int
    elapsed: float


class BatchOptions(TypedDict, total=False):
    """Keyword options of every ``batch_*`` method.

    ``concurrency``: items in flight at once (default 8). ``on_progress``: called with a
    :class:`BatchProgress` after each item (from a worker thread in the sync client).
    ``progress_bar``: draw a progress line on stderr (default: only when stderr is a
    terminal). ``checkpoint``: a JSON-lines file recording finished items, so a batch run again
    with the same file resumes. ``queue_wait``: seconds an item keeps retrying a full queue
    before its ``QueueFullError`` is recorded (default 600; None = no limit).
    """

    concurrency: int
    on_progress: Callable[[BatchProgress], object]
    progress_bar: bool
    checkpoint: str | os.PathLike[str]
    queue_wait: float | None


class Result(Generic[T]):
    """One item of a batch: its ``index`` in the inputs and its value or typed error.

    ``value`` is the typed result (it raises the item's error if the item failed); ``error``
    is the :class:`SpacegenError` or None; ``ok`` tells which.
    """

    __slots__ = ("_value", "error", "index")

    def __init__(self, index: int, value: T | None = None, error: SpacegenError | None = None):
        self.index = index
        self._value = value
        self.error = error

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def value(self) -> T:
        if self.error is not None:
            raise self.error
        return self._value  # type: ignore[return-value]  # set whenever error is None

    def __repr__(self) -> str:
        shown = f"value={self._value!r}" if self.error is None else f"error={self.error!r}"
        return f"Result(index={self.index}, {shown})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Result):
            return NotImplemented
        same_error = repr(self.error) == repr(other.error)
        return (self.index, self._value) == (other.index, other._value) and same_error

    __hash__ = None  # type: ignore[assignment]  # mutable value inside

    def __reduce__(self) -> tuple[Any, ...]:
        return Result, (self.index, self._value, self.error)


def items_of(inputs: Iterable[Any], unary: bool, endpoint: Endpoint[Any]) -> list[Args]:
    """Every item as its argument tuple (a unary endpoint's items are bare values)."""
    if isinstance(inputs, str | bytes):
        raise UsageError(f"batch of {endpoint.api_name}: inputs must be a list of items")
    if unary:
        return [(value,) for value in inputs]
    arity = sum(1 for slot in endpoint.slots if slot is not None)
    out = []
    for index, item in enumerate(inputs):
        if not isinstance(item, tuple | list) or len(item) != arity:
            raise UsageError(
                f"batch of {endpoint.api_name}: item {index} must be a tuple of {arity} "
                f"arguments (parameter order), got {type(item).__name__}"
            )
        out.append(tuple(item))
    return out


class _Plan(Generic[T]):
    """A batch's shared state: results, checkpoint, progress (thread-safe)."""

    def __init__(
        self, endpoint: Endpoint[T], items: list[Args], opts: BatchOptions, fetcher: Fetcher
    ) -> None:
        _check(opts, endpoint)
        self.items, self.total = items, len(items)
        self.concurrency = opts.get("concurrency", DEFAULT_CONCURRENCY)
        self.queue_wait = opts.get("queue_wait", DEFAULT_QUEUE_WAIT)
        self.results: list[Result[T] | None] = [None] * self.total
        self.stopped = False
        self._lock = threading.Lock()
        self._book, self._keys = _open_book(opts, endpoint, items)
        self._restore(fetcher)
        self.pending = [i for i, r in enumerate(self.results) if r is None]
        self._resumed = self._done = self.total - len(self.pending)
        self._failed, self._start = 0, time.monotonic()
        self._on_progress = opts.get("on_progress")
        self._bar = Bar.maybe(opts.get("progress_bar"), endpoint.api_name)

    def _restore(self, fetcher: Fetcher) -> None:
        if self._book is not None:
            for index, value in self._book.load(self._keys, fetcher).items():
                self.results[index] = Result(index, value)

    def finish(self, result: Result[T]) -> None:
        """Store one item's result, record it, report progress."""
        index = result.index
        if self._book is not None:
            self._book.record(index, self._keys[index], result._value, result.error)
        with self._lock:
            self.results[index] = result
            self._done += 1
            self._failed += not result.ok
            progress = self.progress()
            if self._bar is not None:
                self._bar.show(progress)
            if self._on_progress is not None:
                self._on_progress(progress)

    def progress(self) -> BatchProgress:
        elapsed = time.monotonic() - self._start
        return BatchProgress(self._done, self._failed, self.total, self._resumed, elapsed)

    def close(self) -> list[Result[T]]:
        if self._book is not None:
            self._book.close()
        if self._bar is not None:
            self._bar.end(self.progress())
        return [r for r in self.results if r is not None]


def _check(opts: BatchOptions, endpoint: Endpoint[Any]) -> None:
    unknown = sorted(set(opts) - set(BatchOptions.__annotations__))
    if unknown:
        raise UsageError(f"batch of {endpoint.api_name}: unknown option(s) {', '.join(unknown)}")
    concurrency = opts.get("concurrency", DEFAULT_CONCURRENCY)
    if not isinstance(concurrency, int) or isinstance(concurrency, bool) or concurrency < 1:
        raise UsageError(f"batch of {endpoint.api_name}: concurrency must be an int >= 1")


def _open_book(
    opts: BatchOptions, endpoint: Endpoint[Any], items: list[Args]
) -> tuple[Checkpoint | None, list[str]]:
    path = opts.get("checkpoint")
    if path is None:
        return None, []
    from spacegen.runtime import _checkpoint  # noqa: PLC0415  # lazy: only with a checkpoint

    keys = [_checkpoint.input_key(args) for args in items]
    return _checkpoint.Checkpoint(path, endpoint, len(items)), keys


# -- sync ------------------------------------------------------------------------------------


def run(
    call: Callable[[Args], T],
    endpoint: Endpoint[T],
    items: list[Args],
    opts: BatchOptions,
    fetcher: Fetcher,
) -> list[Result[T]]:
    """The sync batch: ``call`` on every pending item from ``concurrency`` threads."""
    from concurrent.futures import ThreadPoolExecutor  # noqa: PLC0415  # lazy: batches only

    plan = _Plan(endpoint, items, opts, fetcher)
    pending = iter(plan.pending)
    take = threading.Lock()

    def worker() -> None:
        while not plan.stopped:
            with take:
                index = next(pending, None)
            if index is None:
                return
            plan.finish(_attempt(call, index, items[index], plan.queue_wait))

    try:
        with ThreadPoolExecutor(plan.concurrency, thread_name_prefix="spacegen-batch") as pool:
            workers = [pool.submit(worker) for _ in range(min(plan.concurrency, len(items)))]
            try:
                for future in workers:
                    future.result()
            except BaseException:
                plan.stopped = True  # the others finish their current item, then stop
                raise
    finally:
        results = plan.close()
    return results


def _attempt(call: Callable[[Args], T], index: int, args: Args, wait: float | None) -> Result[T]:
    backoff = _Backoff(wait)
    while True:
        try:
            return Result(index, call(args))
        except QueueFullError as error:
            delay = backoff.next()
            if delay is None:
                return Result(index, error=error)
            time.sleep(delay)
        except SpacegenError as error:
            return Result(index, error=error)


class _Backoff:
    """Delays between joins a full queue refused: doubling, jittered, within ``wait`` seconds."""

    def __init__(self, wait: float | None) -> None:
        self._deadline = None if wait is None else time.monotonic() + wait
        self._delay = _FIRST_BACKOFF

    def next(self) -> float | None:
        import random  # noqa: PLC0415  # lazy: only when a queue is full

        delay = self._delay * random.uniform(0.5, 1.0)  # jitter, not crypto
        self._delay = min(self._delay * 2, _MAX_BACKOFF)
        if self._deadline is not None and time.monotonic() + delay > self._deadline:
            return None
        return delay


# -- async -----------------------------------------------------------------------------------


async def arun(
    call: Callable[[Args], Awaitable[T]],
    endpoint: Endpoint[T],
    items: list[Args],
    opts: BatchOptions,
    fetcher: Fetcher,
) -> list[Result[T]]:
    """The async batch: ``concurrency`` tasks taking pending items in turn."""
    import asyncio  # noqa: PLC0415  # lazy: only the async client needs asyncio

    plan = _Plan(endpoint, items, opts, fetcher)
    pending = iter(plan.pending)

    async def worker() -> None:
        for index in pending:  # one iterator shared by the tasks: each item taken once
            plan.finish(await _aattempt(call, index, items[index], plan.queue_wait))

    tasks = [asyncio.ensure_future(worker()) for _ in range(min(plan.concurrency, len(items)))]
    try:
        await asyncio.gather(*tasks)
    except BaseException:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        raise
    finally:
        results = plan.close()
    return results


async def _aattempt(
    call: Callable[[Args], Awaitable[T]], index: int, args: Args, wait: float | None
) -> Result[T]:
    import asyncio  # noqa: PLC0415  # lazy (see arun)

    backoff = _Backoff(wait)
    while True:
        try:
            return Result(index, await call(args))
        except QueueFullError as error:
            delay = backoff.next()
            if delay is None:
                return Result(index, error=error)
            await asyncio.sleep(delay)
        except SpacegenError as error:
            return Result(index, error=error)
