"""Faults injected on real sockets between a generated client and a real Gradio 6.31 server.

The stand-in (``stand_in.py``) forwards to the server and, where a test scripts a fault, cuts
a stream, loses an answer, refuses a join, stalls, corrupts the event stream or cuts an
upload. Each case ends in recovery or one typed error within a hard limit, and leaves no
client thread, task or socket behind. One case kills a live server mid-job.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from spacegen.runtime import (
    ConnectError,
    ConnectionLostError,
    ProtocolError,
    QueueFullError,
    TimeoutError,
    UsageError,
)

from . import generated
from .conftest import ServerFactory
from .living import TABLE, assert_no_tasks, assert_nothing_left, hard_limit, print_table
from .servers import AUTH, GradioServer
from .stand_in import Fault, StandIn

E2E_APPS = ("auth", "basics", "chat", "files")

pytestmark = [pytest.mark.slow, pytest.mark.anyio]
generated_client = generated.generated_client
QUEUE_FULL = json.dumps({"detail": "Queue is full! Please try again."}).encode()


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(scope="module", autouse=True)
def _print_table(request: pytest.FixtureRequest) -> Iterator[None]:
    yield
    print_table(request.config, "faults")


@pytest.fixture
def proxy(request: pytest.FixtureRequest, gradio_server: ServerFactory) -> Iterator[StandIn]:
    app = getattr(request, "param", "basics")
    stand_in = StandIn(gradio_server(app).url)
    yield stand_in
    stand_in.close()


def test_join_answer_lost_after_accept_is_never_resent(
    generated_client: generated.GeneratedFactory, proxy: StandIn
) -> None:
    module = generated_client("basics")
    proxy.faults.append(Fault("/queue/join", "lose_answer"))
    with (
        hard_limit(20, "join answer lost after the server accepted it"),
        module.Client(proxy.url) as client,
        pytest.raises(ConnectionLostError, match="queue/join"),
    ):
        client.echo_text("only once")
    assert proxy.upstream_joins == 1 and proxy.count("POST /gradio_api/queue/join") == 1
    assert_nothing_left(proxy)


async def test_async_join_answer_lost_is_never_resent(
    generated_client: generated.GeneratedFactory, proxy: StandIn
) -> None:
    module = generated_client("basics")
    proxy.faults.append(Fault("/queue/join", "lose_answer"))
    before = asyncio.all_tasks()
    with hard_limit(20, "async: join answer lost"):
        async with module.AsyncClient(proxy.url) as client:
            with pytest.raises(ConnectionLostError):
                await client.echo_text("only once")
    assert proxy.upstream_joins == 1 and proxy.count("queue/join") == 1
    await assert_no_tasks(before)
    assert_nothing_left(proxy)


def test_queue_full_join_is_retried_then_runs(
    generated_client: generated.GeneratedFactory, proxy: StandIn
) -> None:
    module = generated_client("basics")
    proxy.faults.append(Fault("/queue/join", "status", status=503, body=QUEUE_FULL))
    with hard_limit(20, "503 queue full once, then accepted"), module.Client(proxy.url) as client:
        assert client.echo_text("second try") == "second try"
    assert proxy.count("queue/join") == 2 and proxy.upstream_joins == 1
    assert_nothing_left(proxy)


async def test_async_queue_full_past_max_retries(
    generated_client: generated.GeneratedFactory, proxy: StandIn
) -> None:
    module = generated_client("basics")
    proxy.faults.append(Fault("/queue/join", "status", times=9, status=503, body=QUEUE_FULL))
    before = asyncio.all_tasks()
    with hard_limit(20, "503 queue full, always (max_retries=2)"):
        async with module.AsyncClient(proxy.url) as client:
            with pytest.raises(QueueFullError, match="Queue is full"):
                await client.echo_text("never")
    assert proxy.count("queue/join") == 3 and proxy.upstream_joins == 0
    await assert_no_tasks(before)
    assert_nothing_left(proxy)


@pytest.mark.parametrize("proxy", ["chat"], indirect=True)
def test_stream_dropped_mid_job(
    generated_client: generated.GeneratedFactory, proxy: StandIn
) -> None:
    module = generated_client("chat")
    proxy.faults.append(Fault("/queue/data", "cut_stream", after=600))
    with hard_limit(30, "event stream cut mid-job"), module.Client(proxy.url) as client:
        with pytest.raises(ConnectionLostError):
            list(client.stream_count_up("n", 300))
        assert client.count_up("again", 3) == "again 1 2 3"  # the next call recovers
    assert proxy.upstream_joins == 2
    assert_nothing_left(proxy)


def test_malformed_event_stream_lines(
    generated_client: generated.GeneratedFactory, proxy: StandIn
) -> None:
    module = generated_client("basics")
    proxy.faults.append(Fault("/queue/data", "garbage"))
    with hard_limit(20, "malformed event-stream line"), module.Client(proxy.url) as client:
        with pytest.raises(ProtocolError, match="queue/data"):
            client.echo_text("x")
        assert client.echo_text("clean") == "clean"
    assert_nothing_left(proxy)


def test_slow_answers_fire_the_timeout(
    generated_client: generated.GeneratedFactory, proxy: StandIn
) -> None:
    module = generated_client("basics")
    proxy.faults.append(Fault("/config", "delay", times=9, seconds=3.0))
    with (
        hard_limit(20, "/config answers after 3 s, timeout=0.5, max_retries=1"),
        module.Client(proxy.url, timeout=0.5, max_retries=1) as client,
        pytest.raises(TimeoutError, match="config"),
    ):
        client.echo_text("x")
    assert TABLE[-1][2] < 3.0 and proxy.count("/config") == 2
    assert_nothing_left(proxy)


def test_per_call_timeout_and_headers_with_options(
    generated_client: generated.GeneratedFactory, proxy: StandIn
) -> None:
    module = generated_client("basics")
    with hard_limit(30, "with_options(timeout=0.5) on a slow join"), module.Client(proxy.url) as c:
        assert c.echo_text("warm") == "warm"  # /config read, session made
        proxy.faults.append(Fault("/queue/join", "delay", seconds=2.0))
        hurried = c.with_options(timeout=0.5, max_retries=0, headers={"x-ip-token": "t0k"})
        with pytest.raises(TimeoutError, match="queue/join"):
            hurried.echo_text("late")
        assert c.echo_text("still fine") == "still fine"  # shares pool and session
        assert hurried.session_hash == c.session_hash
    sent = [h for path, h in proxy.headers if path.endswith("/queue/join")]
    assert [h.get("x-ip-token") for h in sent] == [None, "t0k", None]
    assert all(h["user-agent"].startswith("spacegen/") for _, h in proxy.headers)
    assert_nothing_left(proxy)


@pytest.mark.parametrize("proxy", ["files"], indirect=True)
def test_upload_cut_halfway_is_resent(
    generated_client: generated.GeneratedFactory, proxy: StandIn, tmp_path: Path
) -> None:
    module = generated_client("files")
    data = bytes(range(256)) * 4096  # 1 MiB
    path = tmp_path / "payload.bin"
    path.write_bytes(data)
    proxy.faults.append(Fault("/upload", "cut_upload"))
    with hard_limit(30, "upload cut halfway (then resent)"), module.Client(proxy.url) as client:
        info = client.file_info(path)
    assert info["sha256"] == hashlib.sha256(data).hexdigest()
    assert proxy.count("/upload") == 2
    assert_nothing_left(proxy)


def test_own_http_client_is_used_and_left_open(
    generated_client: generated.GeneratedFactory, proxy: StandIn
) -> None:
    module = generated_client("basics")
    sent: list[str] = []
    http = httpx.Client(event_hooks={"request": [lambda r: sent.append(r.url.path)]})
    with module.Client(proxy.url, http_client=http) as client:
        assert client.echo_text("mine") == "mine"
    assert not http.is_closed and any(p.endswith("/queue/join") for p in sent)
    http.close()
    with pytest.raises(UsageError, match=r"httpx\.AsyncClient"), httpx.Client() as wrong:
        module.AsyncClient(proxy.url, http_client=wrong)  # refused at construction
    assert_nothing_left(proxy)


def test_connection_refused_is_retried_then_connect_error(
    generated_client: generated.GeneratedFactory, proxy: StandIn
) -> None:
    module = generated_client("basics")
    url = proxy.url
    proxy.close()  # nothing listens there any more
    with (
        hard_limit(20, "connection refused (max_retries=2)"),
        module.Client(url) as client,
        pytest.raises(ConnectError),
    ):
        client.echo_text("x")
    assert TABLE[-1][2] >= 0.5  # two backoffs: at least 0.375 + 0.75 s


def test_server_killed_mid_job(
    generated_client: generated.GeneratedFactory, tmp_path: Path
) -> None:
    """A live server (its own process) is killed while a job streams."""
    module = generated_client("chat")
    server = GradioServer("chat", "6.31.0", tmp_path).start()
    stand_in = StandIn(server.url)
    try:
        with hard_limit(60, "server killed mid-job"), module.Client(stand_in.url) as client:
            job = client.submit_count_up("n", 2000)
            next(iter(job))  # it runs
            server.stop()
            with pytest.raises((ConnectionLostError, TimeoutError)):
                job.result(30)
        assert_nothing_left(stand_in)
    finally:
        server.stop()
        stand_in.close()


@pytest.mark.parametrize("proxy", ["auth"], indirect=True)
def test_login_retried_and_password_never_logged(
    generated_client: generated.GeneratedFactory,
    proxy: StandIn,
    caplog: pytest.LogCaptureFixture,
) -> None:
    module = generated_client("auth")
    user, password = AUTH
    proxy.faults.append(Fault("/login", "status", status=502, body=b"Bad Gateway"))
    caplog.set_level(logging.DEBUG, logger="spacegen")
    with hard_limit(20, "502 on login once"), module.Client(proxy.url, auth=AUTH) as client:
        assert client.whoami() == user
    assert proxy.count("POST /login") == 2
    assert "login failed" in caplog.text and "retry 1 of 2" in caplog.text
    assert f"'{password}'" not in caplog.text and f"={password}" not in caplog.text
    assert_nothing_left(proxy)
