"""Scale a batch out over worker processes or machines: Dask (``spacegen[dask]``) or Ray
(``spacegen[ray]``). spacegen brings no scheduler of its own.

Both helpers take a generated client's bound batch method and split the inputs into chunks;
each chunk is one task, which unpickles the client (a client travels as its configuration,
so each task has its own session), runs ``batch_<endpoint>(chunk, **options)`` with the
chunk's own ``concurrency``, closes that client and sends back its :class:`Result` list.
Results come back in input order, each ``index`` counting from the start of all inputs; an
item's failure is its typed error, as in a local batch::

    from distributed import Client as DaskClient
    from spacegen.distributed import dask_batch

    with DaskClient() as dask, Client("http://app:7860") as client:
        results = dask_batch(dask, client.batch_predict, prompts, chunk_size=100)

``checkpoint`` is a directory here: chunk ``n`` records into ``chunk-<n>.jsonl`` inside it
(it must be reachable from every worker, e.g. a shared disk); run the same call again to
resume. ``on_progress`` runs on the driver, once per finished chunk; ``progress_bar`` is not
drawn by workers. A plain ``executor.submit(client.predict, x)`` also works (the client
pickles), but each task then opens its own session and connection that nobody closes.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, Unpack

from spacegen.runtime._batch import BatchOptions, BatchProgress, Result
from spacegen.runtime.errors import UsageError

if TYPE_CHECKING:
    import distributed

I = TypeVar("I")  # noqa: E741  # one input item
T = TypeVar("T")
Batch = Callable[..., list[Result[T]]]

DEFAULT_CHUNK = 100


def run_chunk(
    batch: Batch[T], chunk: Sequence[Any], start: int, opts: BatchOptions
) -> list[Result[T]]:
    """One task: the chunk's batch on the worker's copy of the client, which is then closed."""
    try:
        results = batch(chunk, **opts)
    finally:
        _close(getattr(batch, "__self__", None))
    return [Result(start + r.index, r._value, r.error) for r in results]


def _close(client: Any) -> None:
    close = getattr(client, "close", None)
    if close is not None:
        close()


def chunks(
    inputs: Sequence[I], chunk_size: int, opts: BatchOptions
) -> list[tuple[Sequence[I], int, BatchOptions]]:
    """``(chunk, start, options)`` per task; a checkpoint directory becomes one file per chunk."""
    if not isinstance(chunk_size, int) or chunk_size < 1:
        raise UsageError("chunk_size must be an int >= 1")
    worker_opts: BatchOptions = {k: v for k, v in opts.items() if k not in _DRIVER_ONLY}  # type: ignore[assignment]
    worker_opts["progress_bar"] = False
    folder = opts.get("checkpoint")
    if folder is not None:
        Path(folder).mkdir(parents=True, exist_ok=True)
    out = []
    for n, start in enumerate(range(0, len(inputs), chunk_size)):
        task_opts = dict(worker_opts)
        if folder is not None:
            task_opts["checkpoint"] = os.path.join(folder, f"chunk-{n:05d}.jsonl")
        out.append((inputs[start : start + chunk_size], start, task_opts))
    return out  # type: ignore[return-value]  # task_opts holds BatchOptions keys only


_DRIVER_ONLY = ("on_progress", "progress_bar", "checkpoint")


class _Tally:
    """Driver-side progress: counts finished chunks' items, calls ``on_progress``."""

    def __init__(self, total: int, opts: BatchOptions) -> None:
        self._total, self._callback = total, opts.get("on_progress")
        self._done = self._failed = 0
        self._start = time.monotonic()

    def add(self, results: list[Result[Any]]) -> None:
        self._done += len(results)
        self._failed += sum(not r.ok for r in results)
        if self._callback is not None:
            elapsed = time.monotonic() - self._start
            self._callback(BatchProgress(self._done, self._failed, self._total, 0, elapsed))


def _merge(parts: list[list[Result[T]]]) -> list[Result[T]]:
    return sorted((r for part in parts for r in part), key=lambda r: r.index)


def dask_batch(
    executor: distributed.Client,
    batch: Batch[T],
    inputs: Sequence[Any],
    *,
    chunk_size: int = DEFAULT_CHUNK,
    **opts: Unpack[BatchOptions],
) -> list[Result[T]]:
    """``batch`` over ``inputs`` on a ``dask.distributed`` cluster, one task per chunk."""
    from distributed import as_completed  # noqa: PLC0415  # optional extra: spacegen[dask]

    tally, parts = _Tally(len(inputs), opts), []
    futures = [
        executor.submit(run_chunk, batch, chunk, start, task_opts, pure=False)
        for chunk, start, task_opts in chunks(inputs, chunk_size, opts)
    ]
    for future in as_completed(futures):  # type: ignore[no-untyped-call]
        part = future.result()
        tally.add(part)
        parts.append(part)
    return _merge(parts)


def ray_batch(
    batch: Batch[T],
    inputs: Sequence[Any],
    *,
    chunk_size: int = DEFAULT_CHUNK,
    **opts: Unpack[BatchOptions],
) -> list[Result[T]]:
    """``batch`` over ``inputs`` as Ray tasks (one per chunk) on the cluster ``ray.init`` joined."""
    import ray  # noqa: PLC0415  # optional extra: spacegen[ray]

    remote: Any = ray.remote(run_chunk)
    tally, parts = _Tally(len(inputs), opts), []
    pending = [remote.remote(batch, *task) for task in chunks(inputs, chunk_size, opts)]
    while pending:
        ready, pending = ray.wait(pending, num_returns=1)
        part = ray.get(ready[0])
        tally.add(part)
        parts.append(part)
    return _merge(parts)
