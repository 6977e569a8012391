"""Faults on real servers.

- One failed call never poisons the next: after an error answer (HTTP 500) a server closes
  the connection without saying so; a client that put it back in its pool would fail the next
  call with "connection reset".
- A server that stops answering mid-stream (SIGSTOP) ends in spacegen's ``TimeoutError``
  within the caller's ``stream_idle_timeout``, the same error from both shells.
"""

from __future__ import annotations

import builtins
import contextlib
import os
import signal
import time
from collections.abc import Iterator
from typing import Any

import pytest

from spacegen.runtime import TimeoutError, UnexpectedStatusError

from . import generated
from .conftest import ServerFactory
from .servers import GradioServer

E2E_APPS = ("basics", "chat")

pytestmark = [pytest.mark.slow, pytest.mark.anyio]
generated_client = generated.generated_client


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


def test_a_500_answer_does_not_break_the_next_call(
    generated_client: generated.GeneratedFactory,
) -> None:
    module = generated_client("basics")
    missing = module._EP_ECHO_TEXT.replace(fn_index=10_000)  # the server answers 500
    with module.Client(verify_endpoints=False) as client:  # else the check finds the real index
        for attempt in range(4):
            with pytest.raises(UnexpectedStatusError) as info:
                client._call(missing, ("x",))
            assert info.value.status_code == 500
            assert client.echo_text(f"after {attempt}") == f"after {attempt}"


async def test_async_a_500_answer_does_not_break_the_next_call(
    generated_client: generated.GeneratedFactory,
) -> None:
    module = generated_client("basics")
    missing = module._EP_ECHO_TEXT.replace(fn_index=10_000)
    async with module.AsyncClient(verify_endpoints=False) as client:
        for attempt in range(4):
            with pytest.raises(UnexpectedStatusError):
                await client._call(missing, ("x",))
            assert await client.echo_text(f"after {attempt}") == f"after {attempt}"


@contextlib.contextmanager
def frozen(server: GradioServer) -> Iterator[None]:
    """The server process stops answering (SIGSTOP) until the block ends."""
    assert server._proc is not None
    os.kill(server._proc.pid, signal.SIGSTOP)
    try:
        yield
    finally:
        os.kill(server._proc.pid, signal.SIGCONT)


def _first_output(job: Any) -> None:
    deadline = time.monotonic() + 60
    while not job.outputs():
        assert time.monotonic() < deadline, "no output within 60 s"
        time.sleep(0.05)


def test_a_server_that_stops_answering_mid_stream_raises_timeout_error(
    generated_client: generated.GeneratedFactory, gradio_server: ServerFactory
) -> None:
    """The user's bound holds (no hidden 45 s floor), and the sync shell raises spacegen's
    TimeoutError itself, not a wrapped internal error."""
    module, server = generated_client("chat"), gradio_server("chat")
    with module.Client(timeout=5, stream_idle_timeout=2) as client:
        job = client.submit_count_up("x", 3000)
        _first_output(job)
        with frozen(server):
            started = time.monotonic()
            with pytest.raises(TimeoutError, match="no event for 2") as info:
                job.result(timeout=60)
            waited = time.monotonic() - started
    assert isinstance(info.value, builtins.TimeoutError)
    assert waited < 2 + 3, f"took {waited:.1f} s"


async def test_async_a_server_that_stops_answering_mid_stream_raises_timeout_error(
    generated_client: generated.GeneratedFactory, gradio_server: ServerFactory
) -> None:
    module, server = generated_client("chat"), gradio_server("chat")
    async with module.AsyncClient(timeout=5, stream_idle_timeout=2) as client:
        job = client.submit_count_up("x", 3000)
        async for _ in job:
            break
        with frozen(server):
            started = time.monotonic()
            with pytest.raises(TimeoutError, match="no event for 2"):
                await job.result(timeout=60)
            waited = time.monotonic() - started
    assert waited < 2 + 3, f"took {waited:.1f} s"
