"""Captured queue traffic replayed through the real client (sync and async)."""

from __future__ import annotations

import inspect
import json
import threading
from collections.abc import Iterator

import httpx
import pytest

from spacegen.runtime import NOT_GIVEN, StatusCode
from spacegen.runtime._messages import JobStatus
from spacegen.runtime._protocol import build_data

from .fakes import (
    CALC,
    GEN,
    GREET,
    STATEFUL,
    FakeGradio,
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


def plain_fake() -> FakeGradio:
    section = capture_section("a_plain_text.txt", "## Queue flow")
    return FakeGradio(event_ids(section), [sse_body(sse_messages(section))])


def test_plain_call_and_join_body() -> None:
    fake = plain_fake()
    with client(fake, token="hf_x") as c:
        assert c.greet("Ada", True) == "Hello Ada!"
        session = c.session_hash
    (join,) = fake.joins()
    assert join == {
        "data": ["Ada", True], "fn_index": 0, "session_hash": session,
        "event_data": None, "trigger_id": None, "simple_format": True,
    }  # fmt: skip
    join_request, stream_request = fake.requests
    assert join_request.headers["x-gradio-user"] == "api"  # marks API use, as gradio_client
    assert stream_request.url.params["session_hash"] == session
    for request in fake.requests:  # the token goes on every request, the stream included
        assert request.headers["x-hf-authorization"] == "Bearer hf_x"


def test_not_given_takes_default_and_state_slot_is_null() -> None:
    assert build_data(GREET, ("x", NOT_GIVEN)) == ["x", False]
    assert build_data(STATEFUL, (2,)) == [2, None]


@pytest.mark.anyio
async def test_plain_call_async() -> None:
    async with aclient(plain_fake()) as c:
        assert await c.greet("Ada", True) == "Hello Ada!"


def test_two_jobs_on_one_stream() -> None:
    section = capture_section("a_plain_text.txt", "## Two jobs on ONE session_hash")
    fake = FakeGradio(event_ids(section), [sse_body(sse_messages(section))])
    with client(fake) as c:
        first = c.submit_greet("Bob")
        second = c.submit_calc(5, "sub", 2)
        assert (first.result(5), second.result(5)) == ("Hello Bob.", 3)
    assert fake.paths().count("GET /gradio_api/queue/data") == 1
    assert len({j["session_hash"] for j in fake.joins()}) == 1


def gen_fake() -> FakeGradio:
    text = capture_section("b2_generator_simple_format.txt", "# (b2)")
    wanted = "62a4cf525e5d4789821f247a60837c86"
    messages = [m for m in sse_messages(text) if wanted in m or "close_stream" in m][1:8]
    return FakeGradio([wanted], [sse_body(messages)])


def test_generator_outputs_in_order() -> None:
    fake = gen_fake()
    seen: list[str] = []
    with client(fake) as c:
        job = c._submit(GEN, (3,), on_output=seen.append)
        assert list(job) == ["tok0 ", "tok0 tok1 ", "tok0 tok1 tok2 "]
        assert job.result() == "tok0 tok1 tok2 "
        assert job.status().code is StatusCode.FINISHED
    assert seen == ["tok0 ", "tok0 tok1 ", "tok0 tok1 tok2 "]


def test_stream_yields_each_output_then_stops() -> None:
    with client(gen_fake()) as c:
        assert list(c._stream(GEN, (3,))) == ["tok0 ", "tok0 tok1 ", "tok0 tok1 tok2 "]


def test_generator_without_yields_terminates() -> None:
    eid = "a" * 32
    done = {"msg": "process_completed", "event_id": eid, "success": True,
            "output": {"data": [None]}}  # fmt: skip
    fake = FakeGradio([eid], [sse_body([json.dumps(done), '{"msg":"close_stream"}'])])
    with client(fake) as c:
        assert list(c._stream(GEN, (0,))) == []


@pytest.mark.anyio
async def test_generator_async_iteration() -> None:
    async with aclient(gen_fake()) as c:
        outs = [o async for o in c._stream(GEN, (3,))]
    assert outs == ["tok0 ", "tok0 tok1 ", "tok0 tok1 tok2 "]


def test_progress_and_status_callback() -> None:
    section = capture_section("f_progress.txt", "dependency.show_progress")
    fake = FakeGradio(event_ids(section)[:1], [sse_body(sse_messages(section)[:9])])
    statuses: list[JobStatus] = []
    with client(fake) as c:
        job = c._submit(CALC, (3, "x", 1), on_status=statuses.append)
        assert job.result(5) == "did 3"  # type: ignore[comparison-overlap]
    codes = [s.code for s in statuses]
    assert StatusCode.QUEUED in codes and StatusCode.PROGRESS in codes
    assert codes[-1] is StatusCode.FINISHED
    queued = next(s for s in statuses if s.code is StatusCode.QUEUED)
    assert (queued.rank, queued.queue_size) == (0, 1)
    units = [s.progress[0] for s in statuses if s.code is StatusCode.PROGRESS]
    assert units[0].progress == 0.0 and units[0].desc == "Starting"
    assert (units[1].index, units[1].length, units[1].unit) == (0, 3, "steps")


def test_log_messages() -> None:
    section = capture_section("e_errors.txt", "## gr.Info / gr.Warning")
    fake = FakeGradio(event_ids(section), [sse_body(sse_messages(section))])
    with client(fake) as c:
        job = c.submit_greet("hi")
        assert job.result(5) == "HI"
    logs = job.status().logs
    assert [(log.level, log.message, log.title) for log in logs] == [
        ("info", "info msg", "Info"),
        ("warning", "careful!", "Heads up"),
        ("success", "done ok", "Success"),
    ]


def test_session_is_kept_across_calls_and_reset() -> None:
    section = capture_section("a_plain_text.txt", "## Queue flow")
    body = sse_body(sse_messages(section))
    ids = event_ids(section)
    fake = FakeGradio(ids * 3, [body, body, body])
    with client(fake) as c:
        c.greet("Ada", True)
        c.greet("Ada", True)
        c.reset_session()
        c.greet("Ada", True)
    hashes = [j["session_hash"] for j in fake.joins()]
    assert hashes[0] == hashes[1] != hashes[2]


def test_stream_opened_after_join_and_reopened_after_close_stream() -> None:
    section = capture_section("a_plain_text.txt", "## Queue flow")
    body = sse_body(sse_messages(section))
    fake = FakeGradio(event_ids(section) * 2, [body, body])
    with client(fake) as c:
        c.greet("Ada", True)
        c.greet("Ada", True)
    assert fake.paths() == ["POST /gradio_api/queue/join", "GET /gradio_api/queue/data"] * 2


def test_messages_before_join_reply_are_not_lost() -> None:
    # The stream of job 1 also carries job 2's whole life before job 2's join returns.
    section = capture_section("a_plain_text.txt", "## Two jobs on ONE session_hash")
    fake = FakeGradio(event_ids(section), [sse_body(sse_messages(section))])
    gate = threading.Event()
    original = fake.handle

    def slow_second_join(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/queue/join") and len(fake.joins()) == 1:
            gate.wait(2)
        return original(request)

    fake.handle = slow_second_join  # type: ignore[method-assign]
    with client(fake) as c:
        first = c.submit_greet("Bob")
        assert first.result(5) == "Hello Bob."
        gate.set()
        assert c.submit_calc(5, "sub", 2).result(5) == 3


def test_server_cookies_are_kept_for_stickiness() -> None:
    section = capture_section("a_plain_text.txt", "## Queue flow")
    fake = FakeGradio([], [sse_body(sse_messages(section))])
    eid = event_ids(section)[0]

    def join(request: httpx.Request) -> httpx.Response:
        fake.requests.append(request)
        headers = {"set-cookie": "replica=r7; Path=/"}
        return httpx.Response(200, json={"event_id": eid}, headers=headers)

    fake.routes["/gradio_api/queue/join"] = join
    with client(fake, cookies={"mine": "1"}) as c:
        assert c.greet("Ada", True) == "Hello Ada!"
    stream = next(r for r in fake.requests if r.url.path.endswith("/queue/data"))
    assert "replica=r7" in stream.headers["cookie"] and "mine=1" in stream.headers["cookie"]


def test_leaving_a_stream_early_cancels_the_job() -> None:
    section = capture_section("h_visibility_queue.txt", "## Cancel a running generator")
    messages = [m for m in sse_messages(section) if '"replace"' not in m]
    gate = threading.Event()

    def stream() -> Iterator[bytes]:
        yield sse_body(messages[:3])
        gate.wait(5)
        yield sse_body(messages[3:])

    fake = FakeGradio(event_ids(section), [stream()])

    def cancel(request: httpx.Request) -> httpx.Response:
        gate.set()
        return httpx.Response(200, json={"success": True})

    fake.routes["/gradio_api/cancel"] = cancel
    with client(fake) as c:
        for token in c._stream(GEN, ("g",)):
            assert token == "g0"
            break
    assert any(r.url.path == "/gradio_api/cancel" for r in fake.requests)


def test_an_idle_stream_is_closed_with_its_session() -> None:
    """A session's open event stream (the job done, ``close_stream`` not read yet) is closed,
    generator included, when the session is: a chunk generator left to the garbage collector
    closes its stream from inside a later request under httpcore's pool lock (a deadlock)."""
    section = capture_section("a_plain_text.txt", "## Queue flow")
    messages = sse_messages(section)
    assert '"close_stream"' in messages[-1]

    def lazily(_: httpx.Request) -> httpx.Response:
        chunks = iter([sse_body(messages[:-1]), sse_body(messages[-1:])])
        headers = {"content-type": "text/event-stream"}
        return httpx.Response(200, content=chunks, headers=headers)

    fake = FakeGradio(event_ids(section), [])
    fake.routes["/gradio_api/queue/data"] = lazily
    with client(fake) as c:
        assert c.greet("Ada", True) == "Hello Ada!"
        session = c._root._session
        assert session is not None and session._stream is not None  # still open, idle
        chunks = session._stream.chunks
        assert inspect.getgeneratorstate(chunks) == inspect.GEN_SUSPENDED  # type: ignore[arg-type]
        c.reset_session()
        assert inspect.getgeneratorstate(chunks) == inspect.GEN_CLOSED  # type: ignore[arg-type]
        assert session._stream is None
