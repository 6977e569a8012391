"""Error paths replayed from captures: every failure maps to one typed exception."""

from __future__ import annotations

import builtins
import json
import threading
from collections.abc import Iterator
from functools import partial

import httpx
import pytest

from spacegen.runtime import (
    AppError,
    AuthenticationError,
    ConnectError,
    ConnectionLostError,
    JobCancelledError,
    ProtocolError,
    QueueFullError,
    RateLimitedError,
    StatusCode,
    TimeoutError,
    ValidationError,
)
from spacegen.runtime._protocol import decode_message

from .fakes import (
    APP,
    GEN,
    GREET,
    FakeGradio,
    ReplayClient,
    capture_section,
    client,
    event_ids,
    sse_body,
    sse_messages,
)


def replay(heading: str, name: str = "e_errors.txt") -> FakeGradio:
    section = capture_section(name, heading)
    return FakeGradio(event_ids(section), [sse_body(sse_messages(section))])


def test_gr_error_with_title() -> None:
    with client(replay("## gr.Error('bad input'")) as c, pytest.raises(AppError) as info:
        c.greet("zz")
    assert info.value.message == "bad input 'zz'"
    assert info.value.title == "Custom Title"
    assert info.value.duration == 5
    assert "Custom Title: bad input 'zz'" in str(info.value)


def test_hidden_error_says_the_app_hides_details() -> None:
    with client(replay("## ValueError (non-gr.Error")) as c, pytest.raises(AppError) as info:
        c.greet("zz")
    assert info.value.message is None
    assert "show_error" in str(info.value)


def test_shown_error_message() -> None:
    section = capture_section("e_errors.txt", "## ValueError", after="show_error=True) =====")
    fake = FakeGradio(event_ids(section), [sse_body(sse_messages(section))])
    with client(fake) as c, pytest.raises(AppError) as info:
        c.greet("zz")
    assert info.value.message == "internal details zz"


def test_gradio4_error_repr_is_unquoted() -> None:
    message = {"msg": "process_completed", "event_id": "e", "success": False,
               "output": {"error": "'bad x'", "duration": 10, "visible": True}}  # fmt: skip
    event = decode_message(message, repr_errors=True)
    assert event.error is not None and event.error.message == "bad x"  # type: ignore[union-attr]


def json_reply(status: int, body: object, **headers: str) -> httpx.Response:
    return httpx.Response(status, content=json.dumps(body).encode(), headers=headers)


def test_validator_422_maps_per_parameter() -> None:
    detail = [
        {"__type__": "validate", "is_valid": True, "message": "x too short",
         "parameter_name": "x"},
        {"__type__": "validate", "is_valid": False, "message": "n must be >= 0",
         "parameter_name": "n"},
    ]  # fmt: skip
    fake = FakeGradio(join_status=[json_reply(422, {"detail": detail})])
    with client(fake) as c, pytest.raises(ValidationError) as info:
        c.greet("abc")
    assert info.value.errors == {"n": "n must be >= 0"}


def test_other_422_is_a_protocol_error() -> None:
    body = {"detail": [{"type": "missing", "loc": ["body", "data"], "msg": "Field required"}]}
    fake = FakeGradio(join_status=[json_reply(422, body)])
    with client(fake) as c, pytest.raises(ProtocolError) as info:
        c.greet("abc")
    assert info.value.status_code == 422 and "Field required" in info.value.body


def test_queue_full_503() -> None:
    reply = json_reply(503, {"detail": "Queue is full. Max size is 2 and size is 2."})
    fake = FakeGradio(join_status=[reply])
    with client(fake, max_retries=0) as c, pytest.raises(QueueFullError, match="full"):
        c.greet("x")


def test_rate_limited_429_with_retry_after() -> None:
    reply = json_reply(429, {}, **{"retry-after": "12"})
    fake = FakeGradio(join_status=[reply])
    with client(fake, max_retries=0) as c, pytest.raises(RateLimitedError) as info:
        c.greet("x")
    assert info.value.retry_after == 12.0


def test_unexpected_status_is_protocol_error_with_short_body() -> None:
    reply = httpx.Response(500, text="Internal Server Error")
    with client(FakeGradio(join_status=[reply])) as c, pytest.raises(ProtocolError) as info:
        c.greet("x")
    assert info.value.status_code == 500 and info.value.body == "Internal Server Error"


def auth_fake(password: str = "p") -> FakeGradio:
    section = capture_section("g_auth.txt", "## Authenticated requests")
    fake = FakeGradio(event_ids(section), [sse_body(sse_messages(section))])
    cookie = "access-token-unsecure-abc"
    original = fake.handle

    def login(request: httpx.Request) -> httpx.Response:
        form = dict(x.split("=") for x in request.content.decode().split("&"))
        if form != {"username": "u", "password": password}:
            return json_reply(400, {"detail": "Incorrect credentials."})
        headers = {"set-cookie": f"{cookie}=tok; HttpOnly; Path=/"}
        return httpx.Response(200, json={"success": True}, headers=headers)

    def guarded(request: httpx.Request) -> httpx.Response:
        if request.url.path != "/login" and cookie not in request.headers.get("cookie", ""):
            return json_reply(401, {"detail": {"error": "Not authenticated",
                                               "auth_message": "Use u/p"}})  # fmt: skip
        return original(request)

    fake.routes["/login"] = login
    fake.handle = guarded  # type: ignore[method-assign]
    return fake


def test_401_without_login() -> None:
    with client(auth_fake()) as c, pytest.raises(AuthenticationError, match="Use u/p"):
        c.greet("hello")


def test_lazy_login_then_cookies_on_every_request() -> None:
    fake = auth_fake()
    with client(fake, auth=("u", "p")) as c:
        assert fake.requests == []  # nothing before the first call
        assert c.greet("hello") == "hello from u"
    assert fake.paths()[0] == "POST /login"
    assert all("access-token" in r.headers.get("cookie", "") for r in fake.requests[1:])


def test_wrong_password_is_authentication_error() -> None:
    with client(auth_fake(), auth=("u", "wrong")) as c, pytest.raises(AuthenticationError):
        c.greet("hello")


CANCEL = "## Cancel a running generator"


def test_server_side_cancel_output_is_job_cancelled() -> None:
    section = capture_section("h_visibility_queue.txt", CANCEL)
    messages = [m for m in sse_messages(section) if '"replace"' not in m]
    fake = FakeGradio(event_ids(section), [sse_body(messages)])
    with client(fake) as c:
        job = c._submit(GEN, ("g",))
        with pytest.raises(JobCancelledError):
            job.result(5)
        assert job.status().code is StatusCode.CANCELLED
        assert job.outputs() == ["g0"]


def release(gate: threading.Event, request: httpx.Request) -> httpx.Response:
    gate.set()
    return json_reply(200, {"success": True})


def gated_stream(head: list[str], tail: list[str], gate: threading.Event) -> Iterator[bytes]:
    yield sse_body(head)
    gate.wait(5)
    yield sse_body(tail)


def test_cancel_posts_session_fn_and_event() -> None:
    section = capture_section("h_visibility_queue.txt", CANCEL)
    messages = [m for m in sse_messages(section) if '"replace"' not in m]
    gate = threading.Event()
    fake = FakeGradio(event_ids(section), [gated_stream(messages[:3], messages[3:], gate)])
    fake.routes["/gradio_api/cancel"] = partial(release, gate)
    with client(fake) as c:
        job = c._submit(GEN, ("g",))
        assert next(iter(job)) == "g0"
        assert job.cancel() is True
        with pytest.raises(JobCancelledError):
            job.result(5)
        assert list(job) == ["g0"]  # iteration of a cancelled job ends quietly
        sent = next(r for r in fake.requests if r.url.path.endswith("/cancel"))
        cancel = json.loads(sent.content)
        assert cancel == {"session_hash": c.session_hash, "fn_index": 1,
                          "event_id": event_ids(section)[0]}  # fmt: skip


def cut_stream(messages: list[str]) -> Iterator[bytes]:
    yield sse_body(messages)
    raise httpx.RemoteProtocolError("peer closed connection without sending complete message body")


def test_stream_cut_mid_job_is_connection_lost() -> None:
    text = capture_section("m_server_stop.txt", "# (m)")
    fake = FakeGradio(event_ids(text), [cut_stream(sse_messages(text)[:3])])
    with client(fake) as c:
        job = c._submit(GEN, ("z",))
        with pytest.raises(ConnectionLostError):
            job.result(5)
        assert job.outputs() == ["z0"]
        assert job.status().code is StatusCode.FAILED


def test_stream_end_without_completion_is_connection_lost() -> None:
    text = capture_section("m_server_stop.txt", "# (m)")
    fake = FakeGradio(event_ids(text), [sse_body(sse_messages(text)[:2])])
    with client(fake) as c, pytest.raises(ConnectionLostError, match="ended"):
        c._call(GEN, ("z",))


def test_session_not_found_is_connection_lost() -> None:
    section = capture_section("a_plain_text.txt", "## Opening queue/data for a session")
    fake = FakeGradio(["f" * 32], [sse_body(sse_messages(section))])
    with client(fake) as c, pytest.raises(ConnectionLostError, match="404"):
        c.greet("x")


def test_cancel_bug_mitigation_second_completion_ignored() -> None:
    section = capture_section("h_visibility_queue.txt", "## Cancel a job still WAITING")
    messages = sse_messages(section)[:7]  # a runs; b: cancelled output {}, then real data
    a_id, b_id = event_ids(section)
    fake = FakeGradio([a_id, b_id], [sse_body(messages)])
    with client(fake) as c:
        a, b = c.submit_greet("a"), c.submit_greet("b")
        with pytest.raises(JobCancelledError):
            b.result(5)
        with pytest.raises(ConnectionLostError):
            a.result(5)  # the server never completes "a" (its bug); the stream ends


def test_result_timeout() -> None:
    gate = threading.Event()
    text = capture_section("m_server_stop.txt", "# (m)")
    fake = FakeGradio(event_ids(text), [gated_stream(sse_messages(text)[:2], [], gate)])
    with client(fake) as c:
        job = c._submit(GEN, ("z",))
        with pytest.raises(TimeoutError):
            job.result(0.2)
        with pytest.raises(builtins.TimeoutError):
            job.result(0.01)
        gate.set()


def test_cancel_of_queued_job_behind_same_fn_is_local_only() -> None:
    a_id, b_id = "a" * 32, "b" * 32
    head = [
        json.dumps({"msg": "process_starts", "event_id": a_id, "eta": None}),
        json.dumps({"msg": "estimation", "event_id": b_id, "rank": 0, "queue_size": 1,
                    "rank_eta": None}),
    ]  # fmt: skip
    tail = [
        json.dumps({"msg": "process_completed", "event_id": a_id, "success": True,
                    "output": {"data": ["A"]}}),
        json.dumps({"msg": "process_completed", "event_id": b_id, "success": True,
                    "output": {"data": ["B"]}}),
        '{"msg":"close_stream","event_id":null}',
    ]  # fmt: skip
    gate = threading.Event()
    fake = FakeGradio([a_id, b_id], [gated_stream(head, tail, gate)])
    with client(fake) as c:
        a, b = c.submit_greet("a"), c.submit_greet("b")
        deadline = 50
        while b.status().code is not StatusCode.QUEUED and deadline:
            threading.Event().wait(0.02)
            deadline -= 1
        assert b.cancel() is True
        gate.set()
        assert a.result(5) == "A"  # the running job survives
        with pytest.raises(JobCancelledError):
            b.result(5)
    assert not any(r.url.path.endswith("/cancel") for r in fake.requests)


def test_unsupported_protocol_is_a_clear_protocol_error() -> None:
    class OldClient(ReplayClient):
        _app = APP.replace(protocol="sse_v9")

    with (
        OldClient() as c,
        pytest.raises(ProtocolError, match="unsupported Gradio protocol 'sse_v9'"),
    ):
        c.greet("x")


def test_gradio4_has_no_prefix() -> None:
    class V4Client(ReplayClient):
        _app = APP.replace(api_prefix="", gradio_version="4.44.1")

    section = capture_section("a_plain_text.txt", "## Queue flow")
    fake = FakeGradio(event_ids(section), [sse_body(sse_messages(section))], prefix="")
    with V4Client(httpx_kwargs={"transport": fake.transport()}) as c:
        assert c.greet("Ada", True) == "Hello Ada!"
    assert fake.paths() == ["POST /queue/join", "GET /queue/data"]


def test_unreachable_host_is_connect_error() -> None:
    with ReplayClient("http://127.0.0.1:9", timeout=5) as c, pytest.raises(ConnectError):
        c.greet("x")


def test_malformed_stream_message_fails_jobs_with_protocol_error() -> None:
    fake = FakeGradio(["e" * 32], [b"data: {not json\n\n"])
    with client(fake) as c:
        job = c.submit_greet("x")
        with pytest.raises(ProtocolError, match="invalid JSON"):
            job.result(5)


def test_raising_callback_does_not_break_the_job(capsys: pytest.CaptureFixture[str]) -> None:
    section = capture_section("a_plain_text.txt", "## Queue flow")
    fake = FakeGradio(event_ids(section), [sse_body(sse_messages(section))])

    def bad(_: object) -> None:
        raise RuntimeError("callback bug")

    with client(fake) as c:
        job = c._submit(GREET, ("Ada", True), on_status=bad)
        assert job.result(5) == "Hello Ada!"
    assert "callback bug" in capsys.readouterr().err
