"""The async runtime against a real gradio 6.31 server."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from spacegen.runtime import AppError, JobCancelledError, JobStatus, StatusCode

from .live_client import AsyncLiveClient

pytestmark = [pytest.mark.e2e, pytest.mark.slow, pytest.mark.anyio]


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


async def test_text_state_and_reset(live_url: str) -> None:
    async with AsyncLiveClient(live_url, job_timeout=60) as c:
        assert await c.greet("Ada") == "Hello Ada."
        assert [await c.count(2), await c.count(3)] == [2, 5]
        await c.reset_session()
        assert await c.count(1) == 1


async def test_generator_and_error(live_url: str) -> None:
    async with AsyncLiveClient(live_url, job_timeout=60) as c:
        assert [t async for t in c.stream_tokens(3)] == ["tok0", "tok0 tok1", "tok0 tok1 tok2"]
        with pytest.raises(AppError) as info:
            await c.boom("y")
        assert info.value.title == "Custom Title"


async def test_progress_status(live_url: str) -> None:
    statuses: list[JobStatus] = []
    async with AsyncLiveClient(live_url, job_timeout=60) as c:
        job = c._submit(c._app.endpoints[4], (2,), on_status=statuses.append)
        assert await job.result() == "did 2"
    assert any(s.code is StatusCode.PROGRESS for s in statuses)


async def test_file_in_and_out(live_url: str, tmp_path: Path) -> None:
    source = tmp_path / "a b.txt"
    source.write_bytes(b"xyz")
    async with AsyncLiveClient(live_url, download_files=tmp_path / "dl") as c:
        result = await c.reverse_file(source)
        assert await result.file.aread() == b"zyx"
        saved = await result.file.asave(tmp_path / "out")
        assert saved.read_bytes() == b"zyx"


async def test_hundred_concurrent_jobs(live_url: str) -> None:
    async with AsyncLiveClient(live_url, job_timeout=60) as c:
        results = await asyncio.gather(*(c.echo(f"m{i}") for i in range(100)))
    assert results == [f"m{i}" for i in range(100)]


async def test_cancel_and_iterate(live_url: str) -> None:
    async with AsyncLiveClient(live_url, job_timeout=60) as c:
        job = c._submit(c._app.endpoints[2], (40,))
        async for token in job:
            assert token == "tok0"
            break
        assert await job.cancel() is True
        with pytest.raises(JobCancelledError):
            await job.result()
        assert await c.greet("after") == "Hello after."
