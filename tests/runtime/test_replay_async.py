"""The async shell on captured traffic: errors, updates, files, cancel, sessions."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Sequence
from pathlib import Path

import httpx
import pytest

from spacegen.runtime import (
    AppError,
    AuthenticationError,
    JobCancelledError,
    ProtocolError,
    StatusCode,
)

from .fakes import (
    FLIP,
    GEN,
    GREET,
    UPDATES,
    AsyncReplayClient,
    FakeGradio,
    aclient,
    capture_section,
    client,
    event_ids,
    sse_body,
    sse_messages,
)

pytestmark = pytest.mark.anyio


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


async def test_app_error() -> None:
    section = capture_section("e_errors.txt", "## gr.Error('bad input'")
    fake = FakeGradio(event_ids(section), [sse_body(sse_messages(section))])
    async with aclient(fake) as c:
        with pytest.raises(AppError) as info:
            await c.greet("zz")
    assert info.value.title == "Custom Title"


async def test_updates_and_session_continuity() -> None:
    def stream(eid: str, data: Sequence[object]) -> bytes:
        done = {"msg": "process_completed", "event_id": eid, "success": True,
                "output": {"data": data}}  # fmt: skip
        return sse_body([json.dumps(done), '{"msg":"close_stream","event_id":null}'])

    first = [{"__type__": "update", "value": "a"}, "b"]
    second = [{"__type__": "update"}, {"__type__": "update"}]
    fake = FakeGradio(["1" * 32, "2" * 32], [stream("1" * 32, first), stream("2" * 32, second)])
    async with aclient(fake) as c:
        assert await c._call(UPDATES, ("x",)) == ("a", "b")
        job = c._submit(UPDATES, ("y",))
        assert await job.result(5) == ("a", "b")
        assert [u.changed for u in job.updates()] == [False, False]
    assert len({j["session_hash"] for j in fake.joins()}) == 1


async def test_files_upload_and_async_download(tmp_path: Path) -> None:
    section = capture_section("c_files.txt", "## Call /flip with a FileData")
    fake = FakeGradio(event_ids(section), [sse_body(sse_messages(section))])
    fake.routes["/gradio_api/upload"] = lambda r: httpx.Response(200, json=["/tmp/gradio/a/x.png"])
    digest = "0403c9ec5bf5ee022240f66c343e6487e8fca583d707dffebc0947d732d17b6e"
    path = f"/gradio_api/file=/tmp/gradio/{digest}/flipped.png"
    fake.routes[path] = lambda r: httpx.Response(200, content=b"png!")
    async with aclient(fake, download_files=tmp_path) as c:
        image, width = await c._call(FLIP, (b"bytes in",))
        assert width == 40
        assert await image.aread() == b"png!"
        assert (await image.apath()) == tmp_path / "flipped.png"
    assert fake.joins()[0]["data"][0]["path"] == "/tmp/gradio/a/x.png"


async def test_cancel_and_async_iteration() -> None:
    section = capture_section("h_visibility_queue.txt", "## Cancel a running generator")
    messages = [m for m in sse_messages(section) if '"replace"' not in m]
    gate = asyncio.Event()

    async def body() -> AsyncIterator[bytes]:
        yield sse_body(messages[:3])
        await gate.wait()
        yield sse_body(messages[3:])

    async def handle(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/cancel"):
            gate.set()
            return httpx.Response(200, json={"success": True})
        if request.url.path.endswith("/queue/join"):
            return httpx.Response(200, json={"event_id": event_ids(section)[0]})
        return httpx.Response(200, content=body())

    async with AsyncReplayClient(httpx_kwargs={"transport": httpx.MockTransport(handle)}) as c:
        job = c._submit(GEN, ("g",))
        async for token in job:
            assert token == "g0"
            break
        assert await job.cancel() is True
        with pytest.raises(JobCancelledError):
            await job.result(5)
        assert job.status().code is StatusCode.CANCELLED


def oauth_fake() -> FakeGradio:
    section = capture_section("a_plain_text.txt", "## Queue flow")
    return FakeGradio(event_ids(section), [sse_body(sse_messages(section))])


def test_oauth_token_sent_only_where_declared() -> None:
    endpoint = GREET.replace(oauth_token="required")
    fake = oauth_fake()
    with client(fake, token="hf_abc") as c:
        assert c._call(endpoint, ("Ada", True)) == "Hello Ada!"
    assert fake.joins()[0]["oauth_token"] == "hf_abc"
    fake = oauth_fake()
    with client(fake, token="hf_abc") as c:
        c._call(GREET, ("Ada", True))
    assert "oauth_token" not in fake.joins()[0]
    with client(oauth_fake()) as c, pytest.raises(AuthenticationError, match="token"):
        c._call(endpoint, ("Ada", True))


async def test_malformed_stream_message_async() -> None:
    fake = FakeGradio(["e" * 32], [b"data: [1, 2\n\n"])
    async with aclient(fake) as c:
        with pytest.raises(ProtocolError):
            await c.greet("x")
