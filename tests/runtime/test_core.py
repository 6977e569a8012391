"""The sans-IO core on its own: message decoding and the session state machine."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from spacegen.runtime import AuthenticationError, ProtocolError, StatusCode
from spacegen.runtime._core import JobState, SessionCore
from spacegen.runtime._messages import (
    Completed,
    Estimation,
    Ignored,
    Log,
    Output,
    Progress,
    SessionFailed,
    Started,
    StreamClosed,
)
from spacegen.runtime._outputs import OutputMapper
from spacegen.runtime._protocol import (
    DRAIN_CHUNKS,
    SseV3,
    decode_message,
    raise_for_reply,
    strategy_for,
)
from spacegen.runtime._sse import SSEEvent

from .fakes import CAPTURES, GEN, GREET, sse_body

KINDS = (
    Estimation, Started, Progress, Log, Output, Completed, SessionFailed, StreamClosed, Ignored,
)  # fmt: skip


def all_captured_messages() -> list[str]:
    paths = sorted(CAPTURES.glob("*.txt"))
    assert len(paths) >= 20, f"captures missing from {CAPTURES}"
    found = []
    for path in paths:
        for line in path.read_text(errors="replace").splitlines():
            _, sep, payload = line.partition("] data: ")
            if sep and payload.startswith('{"msg"') and "more chars>" not in payload:
                found.append(payload)
    return found


def test_every_captured_queue_message_decodes() -> None:
    messages = all_captured_messages()
    assert len(messages) > 100
    kinds = {type(decode_message(json.loads(m))) for m in messages}
    assert kinds <= set(KINDS)
    assert {Estimation, Started, Progress, Log, Output, Completed, StreamClosed} <= kinds


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ({"msg": "heartbeat", "event_id": None}, Ignored("heartbeat")),
        ({"msg": "close_stream", "event_id": None}, StreamClosed()),
        ({"msg": "something_new", "event_id": "e"}, Ignored("something_new")),
        ({"msg": "process_completed", "event_id": "e", "success": True, "output": {}},
         Completed("e")),
        ({"msg": "unexpected_error", "event_id": None, "message": "Server stopped unexpectedly.",
          "success": False}, SessionFailed("Server stopped unexpectedly.")),
    ],
)  # fmt: skip
def test_decode_special_messages(message: dict[str, Any], expected: object) -> None:
    assert decode_message(message) == expected


def test_completed_without_data_is_a_protocol_error() -> None:
    with pytest.raises(ProtocolError):
        decode_message({"msg": "process_completed", "event_id": "e", "success": True,
                        "output": {"is_generating": False}})  # fmt: skip


def test_unsupported_protocols() -> None:
    assert isinstance(strategy_for("sse_v3", "/gradio_api"), SseV3)
    for name in ("ws", "sse", "sse_v1", "sse_v2", "sse_v2.1"):
        assert strategy_for(name, "").name == name
    for name in ("", "sse_v4", "websocket"):
        with pytest.raises(ProtocolError, match="unsupported"):
            strategy_for(name, "")


def test_join_reply_without_event_id() -> None:
    with pytest.raises(ProtocolError):
        SseV3("").event_id(httpx.Response(200, json={"nope": 1}))


def test_raise_for_reply_401_names_the_auth_message() -> None:
    body = {"detail": {"error": "Not authenticated", "auth_message": "Use u/p"}}
    with pytest.raises(AuthenticationError, match="Use u/p"):
        raise_for_reply(httpx.Response(401, json=body), "x")


def job(endpoint: Any = GREET) -> JobState[Any]:
    return JobState(OutputMapper(endpoint, None, lambda p, u: p, {}))


def message(**fields: Any) -> str:
    return json.dumps(fields)


def test_session_core_orphans_duplicates_and_stream_end() -> None:
    core = SessionCore(SseV3(""), "s")
    done = message(msg="process_completed", event_id="b", success=True, output={"data": ["B"]})
    touched, ended = core.feed(sse_body([done]))  # before b's join reply: buffered
    assert touched == set() and not ended
    b = job()
    core.register("b", b)
    assert b.done and b.value == "B" and not core.pending
    again = message(msg="process_completed", event_id="b", success=True, output={"data": ["X"]})
    touched, ended = core.feed(sse_body([again, '{"msg":"close_stream","event_id":null}']))
    assert touched == set() and ended and b.value == "B"  # a second completion is ignored


def test_drain_only_after_a_clean_close_stream() -> None:
    """close_stream is the body's last message (the shell reads on to its end); a stream
    that failed (unexpected_error) or a new stream owes no drain."""
    core = SessionCore(SseV3(""), "s")
    assert core.drain_chunks == 0
    _, ended = core.feed(sse_body(['{"msg":"close_stream","event_id":null}']))
    assert ended and core.drain_chunks == DRAIN_CHUNKS > 0
    core.new_stream()
    assert core.drain_chunks == 0
    _, ended = core.feed(sse_body([message(msg="unexpected_error", message="boom")]))
    assert ended and core.drain_chunks == 0


def test_only_the_per_job_stream_of_4_7_drains() -> None:
    sse = strategy_for("sse", "", "4.7.1").conversation(GREET, [], "s", "k")
    ws = strategy_for("ws", "", "3.50.2").conversation(GREET, [], "s", "k")
    assert sse is not None and sse.channel.drain_chunks == DRAIN_CHUNKS
    assert ws is not None and ws.channel.drain_chunks == 0


def test_session_core_lost_fails_only_pending_jobs() -> None:
    core = SessionCore(SseV3(""), "s")
    a, b = job(), job(GEN)
    core.register("a", a)
    core.register("b", b)
    start = message(msg="process_starts", event_id="b", eta=1.5)
    gen = message(msg="process_generating", event_id="b", success=True, output={"data": ["x"]})
    core.feed(sse_body([start, gen]))
    assert b.status.code is StatusCode.ITERATING and b.outputs == ["x"]
    assert core.lost("cut") == {a, b}
    assert a.status.code is StatusCode.FAILED and not core.pending


def test_should_post_cancel_avoids_the_server_bug() -> None:
    core = SessionCore(SseV3(""), "s")
    running, queued, other = job(), job(), job(GEN)
    for eid, state in (("r", running), ("q", queued), ("o", other)):
        core.register(eid, state)
    core.feed(sse_body([message(msg="process_starts", event_id="r", eta=None)]))
    assert core.should_post_cancel(running)
    assert not core.should_post_cancel(queued)  # same fn running in the session
    assert core.should_post_cancel(other)  # another fn


def test_streaming_input_answer_completes_the_call_and_asks_to_stop_the_event() -> None:
    core = SessionCore(SseV3(""), "s")
    early, late = job(), job()
    core.register("a", early)
    out = {"data": ["A"], "is_generating": True}
    streaming = message(msg="process_streaming", event_id="a", success=True, output=out)
    touched, _ = core.feed(sse_body([streaming, streaming.replace('"a"', '"b"')]))
    assert touched == {early} and early.done and early.value == "A"
    assert core.jobs_to_stop() == [("a", 0)] and core.jobs_to_stop() == []
    core.register("b", late)  # answered before its join reply: replayed, then stopped
    assert late.value == "A" and core.jobs_to_stop() == [("b", 0)]
    cancelled = message(msg="process_completed", event_id="a", success=True, output={})
    assert core.feed(sse_body([streaming, cancelled])) == (set(), False)  # later ones ignored
    assert early.value == "A" and early.error is None and not core.pending


def test_sse_event_with_non_object_json() -> None:
    with pytest.raises(ProtocolError):
        SseV3("").parse(SSEEvent("[1]"))
