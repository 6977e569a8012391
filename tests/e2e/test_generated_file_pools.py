"""Files download over their own client's pool, in that client's style, without blocking a loop.

A sync client's file reads synchronously (awaited, the same download runs in a worker thread);
an async client's file reads only asynchronously: its blocking twin is a UsageError, never a
second connection pool or a blocking read inside the event loop.
"""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest

from spacegen.runtime import UsageError

from . import generated

E2E_APPS = ("big",)

pytestmark = [pytest.mark.anyio, pytest.mark.slow]
generated_client = generated.generated_client

SIZE = 40 * 1024 * 1024
TICK = 0.01


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
def big_file(tmp_path: Path) -> Path:
    path = tmp_path / "big.bin"
    with path.open("wb") as out:
        out.truncate(SIZE)
        out.write(b"first")
    return path


async def _largest_gap(work: asyncio.Task[object]) -> float:
    """The longest the loop went without running a 10 ms ticker while ``work`` ran."""
    largest, last = 0.0, time.perf_counter()
    while not work.done():
        await asyncio.sleep(TICK)
        now = time.perf_counter()
        largest, last = max(largest, now - last - TICK), now
    await work
    return largest


async def test_async_download_keeps_the_loop_responsive(
    generated_client: generated.GeneratedFactory, big_file: Path, tmp_path: Path
) -> None:
    module = generated_client("big")
    async with module.AsyncClient() as client:
        echoed = await client.file_echo(big_file)
        assert echoed is not None
        with pytest.raises(UsageError, match=r"await file\.aread"):
            echoed.read()
        with pytest.raises(UsageError, match="AsyncClient"):
            echoed.save(tmp_path)
        reading = asyncio.ensure_future(echoed.aread())
        gap = await _largest_gap(reading)
        data = reading.result()
    assert len(data) == SIZE and data.startswith(b"first")
    assert gap < 0.5, f"the event loop stalled for {gap:.2f} s during the download"


async def test_sync_file_awaited_uses_a_thread_not_the_loop(
    generated_client: generated.GeneratedFactory, big_file: Path, tmp_path: Path
) -> None:
    module = generated_client("big")
    with module.Client() as client:
        echoed = client.file_echo(big_file)
        assert echoed is not None
        saving = asyncio.ensure_future(echoed.asave(tmp_path / "out"))
        gap = await _largest_gap(saving)
        saved = saving.result()
        assert saved.stat().st_size == SIZE and echoed.read()[:5] == b"first"
    assert gap < 0.5, f"the event loop stalled for {gap:.2f} s during the download"
