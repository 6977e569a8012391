"""Reading an ended stream's body to its end, so its connection goes back to the pool.

httpx keeps a connection for the next request only when the response on it was read to the
end; one closed earlier takes its connection with it. The protocol core says when the server
ends the body right after what the client needed (``DRAIN_CHUNKS`` in ``_protocol``) and how
many chunks that may take; these helpers read them, and give up quietly on any failure.
"""

from __future__ import annotations

import contextlib
import itertools
from collections.abc import AsyncIterator, Iterator

import httpx

#: Upper bound of an async drain (the servers end the body at once; see ``DRAIN_CHUNKS``).
DRAIN_SECONDS = 0.25
_QUIET = (httpx.HTTPError, OSError)


def drain(chunks: Iterator[bytes], budget: int) -> None:
    """Read at most ``budget`` more chunks (each read bounded by the stream's read timeout;
    the sync shell has no cheaper bound, and the servers send the body's end at once)."""
    with contextlib.suppress(*_QUIET):
        for _ in itertools.islice(chunks, budget):
            pass


@contextlib.contextmanager
def chunks_of(response: httpx.Response) -> Iterator[Iterator[bytes]]:
    """``response.iter_bytes()``, closed when the block ends (see :func:`close_iterator`)."""
    chunks = response.iter_bytes()
    try:
        yield chunks
    finally:
        close_iterator(chunks)


def close_iterator(chunks: Iterator[bytes]) -> None:
    """Close a chunk generator (httpx types it as a plain iterator), quietly, in this thread.

    One left suspended for the garbage collector closes its stream whenever a collection runs:
    inside another request of the same thread, under httpcore's pool lock, which that close
    takes again (a deadlock).
    """
    close = getattr(chunks, "close", None)
    if callable(close):
        with contextlib.suppress(*_QUIET):
            close()


async def adrain(chunks: AsyncIterator[bytes], budget: int) -> None:
    """Read at most ``budget`` more chunks, for at most ``DRAIN_SECONDS``."""
    import asyncio  # noqa: PLC0415  # a sync client's import stays free of asyncio

    with contextlib.suppress(StopAsyncIteration, TimeoutError, *_QUIET):
        async with asyncio.timeout(DRAIN_SECONDS):
            for _ in range(budget):
                await anext(chunks)
