"""Gradio 4.44 differences, replayed: no API prefix, repr error messages, raw spaces in URLs."""

from __future__ import annotations

import httpx
import pytest

from spacegen.runtime import AppError, Endpoint, RemoteFile

from .fakes import APP, FakeGradio, ReplayClient, capture_section, event_ids, sse_body, sse_messages

V4_APP = APP.replace(api_prefix="", gradio_version="4.44.1", max_file_size=None)
BOOM: Endpoint[str] = Endpoint("/boom", 4, "boom", "boom(x) -> str", slots=(0,), outputs=(0,))
ECHO_FILE: Endpoint[RemoteFile] = Endpoint(
    "/echo_file", 2, "echo_file", "echo_file(f) -> RemoteFile", slots=(0,), outputs=(0,),
    files=((0,),),
)  # fmt: skip


class V4Client(ReplayClient):
    _app = V4_APP


def v4_fake(heading: str) -> FakeGradio:
    section = capture_section("v_version_compare.txt", heading, after="gradio 4.44.1 =====")
    return FakeGradio(event_ids(section), [sse_body(sse_messages(section))], prefix="")


def test_error_repr_is_unquoted() -> None:
    fake = v4_fake("## error via queue")
    transport = fake.transport()
    with V4Client(httpx_kwargs={"transport": transport}) as c, pytest.raises(AppError) as info:
        c._call(BOOM, ("x",))
    assert info.value.message == "bad x"
    assert fake.paths() == ["POST /queue/join", "GET /queue/data"]


def test_file_urls_with_raw_spaces_are_encoded() -> None:
    fake = v4_fake("## upload + file echo")
    server_path = "/tmp/gradio/2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"
    fake.routes["/upload"] = lambda r: httpx.Response(200, json=[f"{server_path}/a b.txt"])
    fake.routes[f"/file={server_path}/a b.txt"] = lambda r: httpx.Response(200, content=b"hi")
    with V4Client(httpx_kwargs={"transport": fake.transport()}) as c:
        remote = c._call(ECHO_FILE, (b"hi",))
        assert remote.url == f"http://gradio.test/file={server_path}/a%20b.txt"
        assert remote.read() == b"hi"
    download = fake.requests[-1]
    assert download.url.raw_path.endswith(b"/a%20b.txt")
