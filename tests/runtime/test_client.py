"""Client construction, options, public API, component updates."""

from __future__ import annotations

import asyncio
import contextlib
import http.server
import importlib.machinery
import json
import threading
from collections.abc import Iterator, Sequence
from types import SimpleNamespace
from typing import Any

import httpx
import pytest

from spacegen import runtime
from spacegen.runtime import UsageError
from spacegen.runtime._transport import join_headers, resolve_source

from .fakes import (
    APP,
    UPDATES,
    AsyncReplayClient,
    FakeGradio,
    ReplayClient,
    aclient,
    capture_section,
    client,
    event_ids,
    sse_body,
    sse_messages,
)


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


def exploding() -> httpx.MockTransport:
    def fail(request: httpx.Request) -> httpx.Response:
        raise AssertionError(f"unexpected request {request.url}")

    return httpx.MockTransport(fail)


def test_construction_makes_no_request_and_starts_no_thread() -> None:
    before = threading.active_count()
    clients = [ReplayClient(httpx_kwargs={"transport": exploding()}, token="t") for _ in range(5)]
    aclients = [AsyncReplayClient(httpx_kwargs={"transport": exploding()}) for _ in range(5)]
    assert threading.active_count() == before
    for c in clients:
        c.close()
    assert len(aclients) == 5
    assert threading.active_count() == before


def test_client_threads_stop_on_close() -> None:
    eid = "e" * 32
    done = {"msg": "process_completed", "event_id": eid, "success": True,
            "output": {"data": ["hi"]}}  # fmt: skip
    before = threading.active_count()
    fake = FakeGradio([eid], [sse_body([json.dumps(done), '{"msg":"close_stream"}'])])
    with client(fake) as c:
        assert c.greet("x") == "hi"
    assert threading.active_count() == before


@pytest.mark.parametrize(
    ("source", "url"),
    [("owner/name", "https://owner-name.hf.space"),
     ("Owner_X/My.App", "https://owner-x-my-app.hf.space"),
     ("http://127.0.0.1:7860/", "http://127.0.0.1:7860"),
     ("https://h.example/sub/app", "https://h.example/sub/app")],
)  # fmt: skip
def test_source_resolution(source: str, url: str) -> None:
    assert resolve_source(None, source, source) == url
    assert resolve_source(source, "anything/else") == url


def test_generated_source_that_only_looks_like_a_space_needs_a_url() -> None:
    with pytest.raises(UsageError, match="known Space"):
        resolve_source(None, "corpus-v4/interface_state", None)
    assert resolve_source(None, "Owner/App", "owner/app") == "https://owner-app.hf.space"


@pytest.mark.parametrize("source", ["./app", "/abs/folder", "~/x", "a/b/c", "snap.json", "x"])
def test_local_or_bad_source_needs_a_url(source: str) -> None:
    with pytest.raises(UsageError):
        resolve_source(None, source)
    assert resolve_source("http://given:1", source) == "http://given:1"


def test_view_api_lists_methods(capsys: pytest.CaptureFixture[str]) -> None:
    ReplayClient().view_api()
    out = capsys.readouterr().out
    assert "http://gradio.test" in out
    for endpoint in APP.endpoints:
        assert endpoint.api_name in out and endpoint.signature in out


def test_closed_client_refuses_calls() -> None:
    c = ReplayClient(httpx_kwargs={"transport": exploding()})
    c.close()
    with pytest.raises(UsageError):
        c.greet("x")


def test_forward_zero_gpu_headers_is_context_local() -> None:
    request = SimpleNamespace(headers={"x-ip-token": "ip123", "cookie": "private"})
    seen: dict[str, str] = {}

    def handler() -> None:
        runtime.forward_zero_gpu_headers(request)
        seen.update(join_headers() or {})

    thread = threading.Thread(target=handler)
    thread.start()
    thread.join()
    assert seen == {"x-ip-token": "ip123"}
    assert join_headers() is None


def update_stream(eid: str, data: Sequence[object]) -> bytes:
    done = {"msg": "process_completed", "event_id": eid, "success": True,
            "output": {"data": data}}  # fmt: skip
    return sse_body([json.dumps(done), '{"msg":"close_stream","event_id":null}'])


def test_updates_unwrap_value_and_report_unchanged() -> None:
    first = [{"visible": True, "value": "hi!", "__type__": "update"}, "kept"]
    second = [{"__type__": "update", "value": "again"}, {"__type__": "update"}]
    streams = [update_stream("a" * 32, first), update_stream("b" * 32, second)]
    fake = FakeGradio(["a" * 32, "b" * 32], streams)
    with client(fake) as c:
        job = c._submit(UPDATES, ("hi",))
        assert job.result(5) == ("hi!", "kept")
        shout, kept = job.updates()
        assert shout.changed and shout.is_update and shout.props == {"visible": True}
        assert kept.changed and not kept.is_update
        job = c._submit(UPDATES, ("x",))
        assert job.result(5) == ("again", "kept")  # skip → the session's last known value
        assert [u.changed for u in job.updates()] == [True, False]


def test_unchanged_without_known_value_is_none() -> None:
    data = [{"__type__": "update", "value": "v"}, {"__type__": "update", "visible": False}]
    fake = FakeGradio(["a" * 32], [update_stream("a" * 32, data)])
    with client(fake) as c:
        job = c._submit(UPDATES, ("hi",))
        assert job.result(5) == ("v", None)  # type: ignore[comparison-overlap]
        assert job.updates()[1].changed is False
        assert job.updates()[1].props == {"visible": False}


@pytest.mark.anyio
async def test_async_submit_join_error_surfaces_in_result() -> None:
    reply = httpx.Response(503, json={"detail": "Queue is full."})
    async with aclient(FakeGradio(join_status=[reply]), max_retries=0) as c:
        job = c._submit(UPDATES, ("x",))
        with pytest.raises(runtime.QueueFullError):
            await job.result(5)


def test_all_is_sorted_and_complete() -> None:
    names = runtime.__all__
    assert names == sorted(names, key=lambda n: (not n.isupper(), n))
    public = {n for n in dir(runtime) if not n.startswith("_")} - {"errors"}
    modules = {n for n, v in vars(runtime).items() if type(v) is type(runtime)}
    assert set(names) == public - modules
    assert all(getattr(runtime, name) is not None for name in names)  # lazy ones resolve
    with pytest.raises(AttributeError):
        _ = runtime.NoSuchName  # type: ignore[attr-defined]
    for name in dir(runtime.errors):
        value = getattr(runtime.errors, name)
        generator = isinstance(value, type) and issubclass(value, runtime.errors.GeneratorError)
        if isinstance(value, type) and issubclass(value, runtime.SpacegenError) and not generator:
            assert name in names


def test_timeout_error_is_also_builtin() -> None:
    assert issubclass(runtime.TimeoutError, TimeoutError)


LONG_SPACE = "some-organisation-name/" + "-".join(["a-very-long-space-name"] * 3)


class LongSpaceClient(ReplayClient):
    _app = APP.replace(source=LONG_SPACE, space_id=LONG_SPACE)


def test_space_id_too_long_for_a_dns_label_asks_the_hub_on_first_call() -> None:
    section = capture_section("a_plain_text.txt", "## Queue flow")
    fake = FakeGradio(event_ids(section), [sse_body(sse_messages(section))])
    fake.routes[f"/api/spaces/{LONG_SPACE}/host"] = lambda r: httpx.Response(
        200, json={"subdomain": "x", "host": "https://x-123.hf.space"}
    )
    c = LongSpaceClient(token="hf_t", httpx_kwargs={"transport": fake.transport()})
    assert c.base_url == "" and fake.requests == []
    assert c.greet("Ada", True) == "Hello Ada!"
    c.close()
    hub, join = fake.requests[0], fake.requests[1]
    assert hub.url.host == "huggingface.co" and hub.headers["authorization"] == "Bearer hf_t"
    assert str(join.url) == "https://x-123.hf.space/gradio_api/queue/join"


def test_missing_space_is_space_error() -> None:
    transport = FakeGradio().transport()
    with (
        ReplayClient(LONG_SPACE, httpx_kwargs={"transport": transport}) as c,
        pytest.raises(runtime.SpaceError, match="not found"),
    ):
        c.greet("x")


@pytest.mark.parametrize(
    ("source", "expected"),
    [("owner/name", True), ("a.b_c/d-e", True), ("a--b/c", False), ("-a/b", False),
     ("a/b.", False), ("a/b/c", False), ("a..b/c", False)],
)  # fmt: skip
def test_space_ids_follow_the_hub_repo_id_rules(source: str, expected: bool) -> None:
    from spacegen.runtime._space import is_space_id  # noqa: PLC0415

    assert is_space_id(source) is expected


def test_idle_connections_expire_before_the_server_closes_them() -> None:
    """Gradio's server (uvicorn) closes idle connections after 5 s; the pool drops them first, so
    no join goes out on a connection being closed (it could not be resent safely)."""
    from spacegen.runtime._transport import Options  # noqa: PLC0415

    limits = Options().client_kwargs()["limits"]
    assert limits.keepalive_expiry is not None and limits.keepalive_expiry < 5.0


async def _answer_ok(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    with contextlib.suppress(asyncio.IncompleteReadError, ConnectionError):
        while await reader.readuntil(b"\r\n\r\n"):
            writer.write(b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok")
            await writer.drain()
    writer.close()
    await writer.wait_closed()


async def _path_lookups_of_requests(count: int, monkeypatch: pytest.MonkeyPatch) -> int:
    from spacegen.runtime._transport import Options  # noqa: PLC0415

    server = await asyncio.start_server(_answer_ok, "127.0.0.1", 0)
    url = f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}/"
    lookups = 0
    real = importlib.machinery.PathFinder.find_spec

    def counting(*args: Any, **kwargs: Any) -> Any:
        nonlocal lookups
        lookups += 1
        return real(*args, **kwargs)

    async with server:
        async with httpx.AsyncClient(**Options().client_kwargs()) as http:
            await http.get(url)  # connection open, modules loaded
            monkeypatch.setattr(importlib.machinery.PathFinder, "find_spec", counting)
            for _ in range(count):
                assert (await http.get(url)).text == "ok"
            monkeypatch.undo()
        await asyncio.sleep(0.05)  # the handler sees the connection close and ends
    return lookups


def test_async_requests_search_no_module_path(monkeypatch: pytest.MonkeyPatch) -> None:
    """httpcore imports sniffio for each async lock; were it missing, every request would search
    sys.path for it several times (a fifth of an async call's CPU). spacegen depends on it."""
    assert asyncio.run(_path_lookups_of_requests(20, monkeypatch)) == 0


class _QueueFull(http.server.BaseHTTPRequestHandler):
    """Answers every POST 503, keeping the connection open (as Gradio does for a full queue)."""

    protocol_version = "HTTP/1.1"

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("content-length", 0)))
        body = b'{"detail": "Queue is full"}'
        self.send_response(503)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@contextlib.contextmanager
def _serving(handler: type[http.server.BaseHTTPRequestHandler]) -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def test_a_5xx_connection_leaves_the_pool_before_anyone_can_reuse_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The socket of a 5xx answer is shut while the answer still owns it. Shut after the read,
    it was already idle in the pool, where another thread's join could have taken it."""
    from spacegen.runtime import _transport  # noqa: PLC0415

    idle_at_shutdown: list[list[bool]] = []
    real = _transport.abort_stream
    with _serving(_QueueFull) as url, httpx.Client() as client:
        pool = client._transport._pool  # type: ignore[attr-defined]  # httpcore's, to look at

        def spy(reply: httpx.Response | None) -> None:
            idle_at_shutdown.append([c.is_idle() for c in pool.connections])
            real(reply)

        monkeypatch.setattr(_transport, "abort_stream", spy)
        request = client.build_request("POST", url, json={"data": []})
        reply = _transport.read_answer(client.send(request, stream=True))
        assert reply.status_code == 503 and reply.json() == {"detail": "Queue is full"}
        _transport.settle(client.post(url, json={}))  # the old order: read first, then shut
    assert idle_at_shutdown == [[False], [True]]
