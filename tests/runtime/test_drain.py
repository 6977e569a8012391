"""Reading an ended stream to its body's end: bounded by chunks (and time, async), quiet."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Iterator

import httpx
import pytest

from spacegen.runtime import _drain
from spacegen.runtime._drain import adrain, drain


def counted(items: list[bytes], seen: list[bytes]) -> Iterator[bytes]:
    for item in items:
        seen.append(item)
        yield item


def test_drain_reads_at_most_the_budget() -> None:
    seen: list[bytes] = []
    drain(counted([b"a", b"b", b"c"], seen), 2)
    assert seen == [b"a", b"b"]
    drain(counted([b"a"], seen := []), 4)  # the body ended first
    assert seen == [b"a"]
    drain(counted([b"a"], seen := []), 0)
    assert seen == []


def test_drain_is_quiet_on_a_transport_failure() -> None:
    def broken() -> Iterator[bytes]:
        yield b"x"
        raise httpx.ReadError("reset")

    drain(broken(), 4)  # no exception: the connection is closed as before


async def forever(seen: list[bytes]) -> AsyncIterator[bytes]:
    while True:
        seen.append(b".")
        yield b"."
        await asyncio.sleep(0.01)


@pytest.mark.anyio
async def test_adrain_bounded_by_chunks_and_time(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[bytes] = []
    await adrain(forever(seen), 3)
    assert len(seen) == 3

    async def silent() -> AsyncIterator[bytes]:
        await asyncio.sleep(60)  # a server that keeps the stream open after its end
        yield b""

    monkeypatch.setattr(_drain, "DRAIN_SECONDS", 0.05)
    started = time.monotonic()
    await adrain(silent(), 4)
    assert time.monotonic() - started < 1.0


@pytest.mark.anyio
async def test_adrain_is_quiet_on_end_and_failure() -> None:
    async def short() -> AsyncIterator[bytes]:
        yield b"x"

    async def broken() -> AsyncIterator[bytes]:
        yield b"x"
        raise httpx.ReadError("reset")

    await adrain(short(), 4)
    await adrain(broken(), 4)
