"""Generated clients on the venv's Gradio: jobs (status, progress, logs, timeouts, cancel,
iteration), queue limits, component updates and many concurrent jobs on one client.

Waits are bounded: ``wait_until`` polls a job's status with a deadline instead of sleeping a
fixed time, and every ``result()`` has a timeout.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from spacegen.runtime import (
    JobCancelledError,
    JobStatus,
    QueueFullError,
    StatusCode,
    TimeoutError,
)

from . import generated

E2E_APPS = ("events", "queue_full", "updates", "bench", "chat")

pytestmark = [pytest.mark.slow, pytest.mark.anyio]
generated_client = generated.generated_client

WAIT = 30.0  # s; upper bound of any single wait in this module


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


def wait_until(ready: Callable[[], bool], what: str, timeout: float = WAIT) -> None:
    """Poll ``ready`` until it holds; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while not ready():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout} s waiting for {what}")
        time.sleep(0.01)


async def async_wait_until(ready: Callable[[], bool], timeout: float = WAIT) -> None:
    """:func:`wait_until` for the event loop (yields to it between polls)."""

    async def poll() -> None:
        while not ready():
            await asyncio.sleep(0.01)

    await asyncio.wait_for(poll(), timeout)


# -- jobs: status, progress, logs, timeouts, cancel, iteration -----------------------------


def test_progress_updates_in_job_status(generated_client: generated.GeneratedFactory) -> None:
    with generated_client("events").Client() as client:
        job = client.submit_progress(4)
        seen: list[JobStatus] = []

        def finished() -> bool:
            seen.append(job.status())
            return job.done()

        wait_until(finished, "the progress job")
        assert job.result(timeout=WAIT) == "done 4"
        final = job.status()
        assert final.code is StatusCode.FINISHED
        (unit,) = final.progress  # the last gr.Progress update is kept
        assert (unit.index, unit.length, unit.desc) == (3, 4, "step 4/4")
        descriptions = {u.desc for s in seen for u in s.progress}
        assert descriptions <= {f"step {i}/4" for i in range(1, 5)}
        assert client.progress(2) == "done 2"


def test_verbose_prints_status_changes(
    generated_client: generated.GeneratedFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    with generated_client("events").Client(verbose=True) as client:
        assert client.progress(1) == "done 1"
    err = capsys.readouterr().err
    assert "/progress" in err
    assert "finished" in err


def test_info_and_warning_reach_status_logs(
    generated_client: generated.GeneratedFactory,
) -> None:
    with generated_client("events").Client() as client:
        job = client.submit_logs("hey")
        assert job.result(timeout=WAIT) == "hey"
        logs = job.status().logs
    assert [(log.level, log.message) for log in logs] == [
        ("info", "info: hey"),
        ("warning", "warning: hey"),
    ]


async def test_async_progress_and_logs(generated_client: generated.GeneratedFactory) -> None:
    async with generated_client("events").AsyncClient() as client:
        job = client.submit_progress(2)
        assert await job.result(timeout=WAIT) == "done 2"
        (unit,) = job.status().progress
        assert (unit.index, unit.length, unit.desc) == (1, 2, "step 2/2")
        logs = client.submit_logs("async")
        assert await logs.result(timeout=WAIT) == "async"
        assert [log.message for log in logs.status().logs] == ["info: async", "warning: async"]


def test_queue_rank_queue_full_timeout_and_cancel(
    generated_client: generated.GeneratedFactory,
) -> None:
    """One worker, queue of one: a running job, a queued one (rank 0), then a 503."""
    with generated_client("queue_full").Client(max_retries=0) as client:  # the 503 itself
        running = client.submit_slow(3)  # long enough to see the next job queued under load
        wait_until(lambda: running.status().code is StatusCode.PROCESSING, "the first job")
        queued = client.submit_slow(0)  # the same function: waits for the one worker
        wait_until(lambda: queued.status().code is StatusCode.QUEUED, "the second job queued")
        assert queued.status().rank == 0
        with pytest.raises(QueueFullError):
            client.fast("no room")
        with pytest.raises(TimeoutError):
            running.result(timeout=0.05)
        assert running.result(timeout=WAIT) == "slept 3"
        assert queued.result(timeout=WAIT) == "slept 0"

        doomed = client.submit_slow(0.5)
        assert doomed.cancel() is True
        with pytest.raises(JobCancelledError):
            doomed.result(timeout=WAIT)
        assert doomed.status().code is StatusCode.CANCELLED
        assert doomed.done()
        assert client.fast("after cancel") == "after cancel"


async def test_async_queue_full_and_cancel(generated_client: generated.GeneratedFactory) -> None:
    async with generated_client("queue_full").AsyncClient(max_retries=0) as client:
        running = client.submit_slow(3)
        await async_wait_until(lambda: running.status().code is StatusCode.PROCESSING)
        queued = client.submit_slow(0)  # the same function: waits for the one worker
        await async_wait_until(lambda: queued.status().code is StatusCode.QUEUED)
        with pytest.raises(QueueFullError):
            await client.fast("no room")
        assert await running.result(timeout=WAIT) == "slept 3"
        assert await queued.result(timeout=WAIT) == "slept 0"
        doomed = client.submit_slow(0.5)
        assert await doomed.cancel() is True
        with pytest.raises(JobCancelledError):
            await doomed.result(timeout=WAIT)


def test_job_iteration_and_stream_outputs(generated_client: generated.GeneratedFactory) -> None:
    module = generated_client("chat")
    with module.Client() as client:
        job = client.submit_count_up("x", 4)
        assert list(job) == ["x 1", "x 1 2", "x 1 2 3", "x 1 2 3 4"]
        assert job.result(timeout=WAIT) == "x 1 2 3 4"
        assert job.outputs() == ["x 1", "x 1 2", "x 1 2 3", "x 1 2 3 4"]
        assert job.status().outputs == 4
        long_job = client.submit_count_up("c", 500)  # ~5 s of yields
        assert next(iter(long_job)) == "c 1"
        assert long_job.cancel() is True
        with pytest.raises(JobCancelledError):
            long_job.result(timeout=WAIT)
        assert 0 < len(long_job.outputs()) < 500  # the server stopped the generator
        stream = client.stream_count_up("y", 50)
        assert next(stream) == "y 1"
        stream.close()  # leaving a stream early cancels its job
        assert client.count_up("z", 2) == "z 1 2"


def test_chat_history_with_a_file_part(
    generated_client: generated.GeneratedFactory, tmp_path: Path
) -> None:
    """A local path inside a chat message is uploaded (the endpoint's nested file locator)."""
    attachment = tmp_path / "note.txt"
    attachment.write_text("attached", encoding="utf-8")
    sent: list[httpx.Request] = []
    hooks = {"event_hooks": {"request": [sent.append]}}
    with generated_client("chat").Client(httpx_kwargs=hooks) as client:
        history = client.respond(
            "about the file", [{"role": "user", "content": [{"file": attachment}]}]
        )
    assert any(r.url.path.endswith("/upload") for r in sent)
    assert [m["role"] for m in history] == ["user", "user", "assistant"]
    assert history[-1]["content"] == [{"text": "You said: about the file", "type": "text"}]


# -- component updates and gr.skip() -------------------------------------------------------


def test_component_updates_and_skip(generated_client: generated.GeneratedFactory) -> None:
    with generated_client("updates").Client() as client:
        job = client.submit_skip_first("first")
        result = job.result(timeout=WAIT)
        # "First" was never set in this session: it holds its initial value, as the page shows
        assert (result.first, result.second) == ("initial", "first")
        first, second = job.updates()
        assert (first.changed, first.is_update) == (False, True)  # gr.skip()
        assert (second.changed, second.value) == (True, "first")
        assert client.via_update("abc") == "ABC"  # gr.update(value=...)
        assert client.via_component("abc") == "cba"  # a component instance as the output
        props = client.submit_props_only("q")
        props.result(timeout=WAIT)
        (update,) = props.updates()
        assert (update.changed, dict(update.props)) == (False, {"label": "label q"})


async def test_async_component_updates(generated_client: generated.GeneratedFactory) -> None:
    async with generated_client("updates").AsyncClient() as client:
        job = client.submit_skip_first("z")
        assert await job.result(timeout=WAIT) == ("initial", "z")
        assert [u.changed for u in job.updates()] == [False, True]
        assert await client.via_update("xy") == "XY"


def test_skip_reports_the_value_another_endpoint_set(
    generated_client: generated.GeneratedFactory,
) -> None:
    """runtime ``_outputs``: an unchanged output holds the component's last value in the session."""
    with generated_client("updates").Client() as client:
        assert client.via_component("abc") == "cba"  # sets "First"
        assert client.skip_first("x") == ("cba", "x")  # gr.skip() keeps "First" as it was


# -- many jobs on one client ---------------------------------------------------------------

JOBS = 100


def test_100_concurrent_jobs_on_one_client(generated_client: generated.GeneratedFactory) -> None:
    with generated_client("bench").Client() as client:
        jobs = [client.submit_echo(f"message {i}") for i in range(JOBS)]
        streams = [client.submit_stream_echo(f"s{i}", 3) for i in range(JOBS // 10)]
        assert [job.result(timeout=WAIT) for job in jobs] == [f"message {i}" for i in range(JOBS)]
        for i, stream in enumerate(streams):
            assert list(stream) == [f"0:s{i}", f"1:s{i}", f"2:s{i}"]
        assert len({job.event_id for job in jobs}) == JOBS


def test_one_client_shared_by_threads(generated_client: generated.GeneratedFactory) -> None:
    def calls(worker: int) -> list[str]:
        return [client.echo(f"{worker}-{i}") for i in range(JOBS // 8)]

    def streams(worker: int) -> list[str]:
        return list(client.stream_stream_echo(f"t{worker}", 3))

    with generated_client("bench").Client() as client, ThreadPoolExecutor(8) as pool:
        echoed = list(pool.map(calls, range(8)))
        streamed = list(pool.map(streams, range(16)))
    assert echoed == [[f"{w}-{i}" for i in range(JOBS // 8)] for w in range(8)]
    assert streamed == [[f"0:t{w}", f"1:t{w}", f"2:t{w}"] for w in range(16)]


async def test_100_concurrent_async_jobs_on_one_client(
    generated_client: generated.GeneratedFactory,
) -> None:
    async with generated_client("bench").AsyncClient() as client:
        texts = [f"async {i}" for i in range(JOBS)]
        results = await asyncio.wait_for(
            asyncio.gather(*(client.echo(text) for text in texts)), WAIT
        )
        assert results == texts

        async def collect(i: int) -> list[str]:
            return [value async for value in client.stream_stream_echo(f"a{i}", 2)]

        streamed = await asyncio.wait_for(asyncio.gather(*(collect(i) for i in range(20))), WAIT)
        assert streamed == [[f"0:a{i}", f"1:a{i}"] for i in range(20)]
