"""Sequential calls reuse the client's connections instead of opening one per call.

Every response's TCP connection is identified by its local address (``network_stream``
extension of httpx, read in a response hook of the ``http_client`` passed to the client): the
number of distinct addresses is the number of connections the client opened. A client that
closes the ``queue/data`` stream before its body ends throws that connection away and opens a
new one for each call; one that reads the body to its end (after ``close_stream``, or the
silent end of 4.9-4.21) keeps using the same few.

Per protocol (the server sources; see ``_protocol.DRAIN_CHUNKS``):

- 3.50 (``ws``): every job runs on a websocket of its own, and a websocket cannot go back
  to the pool: one connection per call by design (skipped).
- 4.7 (``sse``): every job has an event stream of its own, which the server ends right after
  the job's last message; the per-job channel reads it to the end and the next job's stream
  reuses the connection.
- 4.9-4.21 (``sse_v1``/``sse_v2``/``sse_v2.1``): the session's stream ends without a message
  once no job is pending; the next read sees the end.
- 4.22+ (``sse_v3``): ``close_stream`` is the stream's last message; the shell reads on to the
  body's end.
"""

from __future__ import annotations

from types import ModuleType
from typing import Any

import httpx
import pytest

from . import generated
from .conftest import selected_versions
from .envs import LEGACY_VERSIONS, VERSIONS

E2E_APPS = ("legacy",)
CALLS = 12
#: a call's join and the session's stream may overlap (the stream of call k is still open
#: when call k+1 joins), and 4.25+ hold a heartbeat stream for apps with State: 2 or 3
#: connections measured on every version; one spare for an async drain cut short by its time
#: bound on a loaded machine. A client without reuse opens CALLS + 1.
MAX_CONNECTIONS = 4
NO_REUSE = {"3.50.2": "gradio 3.x runs every job on a websocket of its own (no reuse possible)"}

pytestmark = [pytest.mark.slow, pytest.mark.anyio]
generated_client = generated.generated_client


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(scope="session", params=(*LEGACY_VERSIONS, *VERSIONS))
def gradio_version(request: pytest.FixtureRequest) -> str:
    version: str = request.param
    if version not in selected_versions():
        pytest.skip(f"gradio {version} not selected by SPACEGEN_E2E_VERSIONS")
    if version in NO_REUSE:
        pytest.skip(NO_REUSE[version])
    return version


@pytest.fixture
def module(generated_client: generated.GeneratedFactory, gradio_version: str) -> ModuleType:
    return generated_client("legacy", gradio_version)


class Connections:
    """The local addresses of the connections responses arrived on."""

    def __init__(self) -> None:
        self.seen: set[Any] = set()

    def record(self, response: httpx.Response) -> None:
        stream = response.extensions.get("network_stream")
        assert stream is not None, "httpx gave no network_stream: cannot count connections"
        self.seen.add(stream.get_extra_info("client_addr"))

    async def arecord(self, response: httpx.Response) -> None:
        self.record(response)


def test_sync_calls_reuse_connections(module: ModuleType) -> None:
    connections = Connections()
    http = httpx.Client(event_hooks={"response": [connections.record]})
    with http, module.Client(http_client=http) as client:
        for i in range(CALLS):
            assert client.echo_text(f"x{i}") == f"echo: x{i}"
    assert 1 <= len(connections.seen) <= MAX_CONNECTIONS, connections.seen


async def test_async_calls_reuse_connections(module: ModuleType) -> None:
    connections = Connections()
    http = httpx.AsyncClient(event_hooks={"response": [connections.arecord]})
    async with http, module.AsyncClient(http_client=http) as client:
        for i in range(CALLS):
            assert await client.echo_text(f"x{i}") == f"echo: x{i}"
    assert 1 <= len(connections.seen) <= MAX_CONNECTIONS, connections.seen
