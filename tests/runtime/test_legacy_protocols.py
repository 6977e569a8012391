"""The sans-IO parts of the pre-4.22 protocols: diffs, shared-stream variants, per-job
conversations (sse v0, 3.x websocket, /run/predict) and 3.x files. The same code runs against
real 3.50 / 4.7 / 4.15 / 4.20 / 4.21 servers in tests/e2e/test_generated_legacy.py."""

from __future__ import annotations

import base64
import json
from typing import Any

import httpx
import pytest

from spacegen.runtime import AppError, ProtocolError, QueueFullError
from spacegen.runtime._core import JobState, SessionCore
from spacegen.runtime._dataurl import data_url_bytes
from spacegen.runtime._diff import apply_diffs, apply_edits
from spacegen.runtime._download import inline
from spacegen.runtime._endpoint import Endpoint
from spacegen.runtime._files import RemoteFile, is_file_data, locate_files, media_url, wrap_files
from spacegen.runtime._messages import Completed, Estimation, Output
from spacegen.runtime._outputs import OutputMapper
from spacegen.runtime._proto_shared import mark_files
from spacegen.runtime._proto_ws import outputs_from_v3, to_v3
from spacegen.runtime._protocol import strategy_for
from spacegen.runtime.errors import ConnectionLostError

TEXT: Endpoint[str] = Endpoint("/t", 3, "t", "t(x: str) -> str", (0,), (0,), generator=True)
IMAGE: Endpoint[Any] = Endpoint(
    "/img", 5, "img", "img() -> RemoteFile", (), (0, 1), output_types=("image", "file")
)
QUICK: Endpoint[str] = Endpoint("/q", 7, "q", "q(x: str) -> str", (0,), (0,), queued=False)
MARK = {"_type": "gradio.FileData"}


def sse(*messages: dict[str, Any]) -> bytes:
    return b"".join(f"data: {json.dumps(m)}\n\n".encode() for m in messages)


# -- diffs -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "edits", "new"),
    [
        ("tok", [["append", [], " more"]], "tok more"),
        ("a", [["replace", [], 3]], 3),
        ([1, 2], [["add", [2], 3]], [1, 2, 3]),
        ({"a": 1, "b": 2}, [["delete", ["b"], None], ["add", ["c"], 3]], {"a": 1, "c": 3}),
        (
            [["hi", "there"]],
            [["append", [0, 1], "!"], ["add", [1], ["x", None]]],
            [["hi", "there!"], ["x", None]],
        ),
        # 4.17-4.21 list the deletes of a shrinking list in ascending order
        (
            ["a", "b", "c", "d"],
            [["delete", [1], None], ["delete", [2], None], ["delete", [3], None]],
            ["a"],
        ),
        ([[1, 2, 3]], [["delete", [0, 1], None], ["delete", [0, 2], None]], [[1]]),
        ("same", [], "same"),
    ],
)
def test_apply_edits(old: Any, edits: list[Any], new: Any) -> None:
    before = json.dumps(old)
    assert apply_edits(old, edits) == new
    assert json.dumps(old) == before  # the previous value is never modified


def test_apply_diffs_per_output_and_new_outputs() -> None:
    assert apply_diffs(["a", 1], [[["append", [], "b"]], []]) == ["ab", 1]
    assert apply_diffs(["a"], [[], [["replace", [], 5]]]) == ["a", 5]


@pytest.mark.parametrize(
    "edits",
    [
        "nope",
        [["append", [], 1, 2]],
        [["frobnicate", [0], 1]],
        [["replace", [5, 1], 1]],
        [["add", [], 1]],
    ],
)
def test_malformed_diffs_are_protocol_errors(edits: Any) -> None:
    with pytest.raises(ProtocolError):
        apply_edits(["x"], edits)


# -- shared stream: sse_v1 / sse_v2 / sse_v2.1 -------------------------------------------


def core_with_job(
    protocol: str, file_format: str = "filedata"
) -> tuple[SessionCore, JobState[Any]]:
    strategy = strategy_for(protocol, "", "4.20.1", file_format)
    core = SessionCore(strategy, "s")
    job: JobState[Any] = JobState(OutputMapper(TEXT, None, lambda p, u: u or p, {}))
    core.register("e1", job)
    core.new_stream()
    return core, job


def test_sse_v2_generator_diffs_become_full_values() -> None:
    core, job = core_with_job("sse_v2")
    touched, ended = core.feed(
        sse(
            {"msg": "process_generating", "event_id": "e1", "output": {"data": ["a0"]}},
            {
                "msg": "process_generating",
                "event_id": "e1",
                "output": {"data": [[["append", [], " a1"]]]},
            },
            {
                "msg": "process_completed",
                "event_id": "e1",
                "success": True,
                "output": {"data": ["a0 a1"]},
            },
        )
    )
    assert touched == {job} and not ended
    assert job.outputs == ["a0", "a0 a1"]
    assert job.outcome() == "a0 a1"


def test_sse_v1_ends_streams_silently_and_cannot_cancel() -> None:
    core, _ = core_with_job("sse_v1")
    assert core.strategy.cancel_mode == "none"
    assert core.stream_ended() is not None  # nothing heard: the stream is broken
    core.feed(sse({"msg": "heartbeat"}))
    assert core.stream_ended() is None  # the server's normal end: open a new stream
    core.new_stream()
    v3 = SessionCore(strategy_for("sse_v3", ""), "s")
    v3.new_stream()
    v3.feed(sse({"msg": "heartbeat", "event_id": None}))
    assert v3.stream_ended() is not None


def test_sse_v1_and_v2_do_not_ask_for_simple_format() -> None:
    for name in ("sse_v1", "sse_v2", "sse_v2.1"):
        body = strategy_for(name, "").join_body(3, ["x"], "s")
        assert body == {"data": ["x"], "fn_index": 3, "session_hash": "s", "event_data": None}


def test_unmarked_files_are_marked_by_shape() -> None:
    core, job = core_with_job("sse_v1", "filedata_unmarked")
    file = {
        "path": "/tmp/a.txt",
        "url": "http://h/file=/tmp/a.txt",
        "size": 3,
        "orig_name": "a.txt",
        "mime_type": None,
    }
    core.feed(
        sse(
            {
                "msg": "process_completed",
                "event_id": "e1",
                "success": True,
                "output": {"data": [file]},
            }
        )
    )
    result = job.outcome()
    assert isinstance(result, RemoteFile) and result.orig_name == "a.txt"
    data = {"path": "x", "other": 1}  # data, not a file
    assert mark_files([data, [file]]) == [data, [{**file, "meta": MARK}]]


# -- per-job: sse v0 (4.0-4.8) -----------------------------------------------------------


def test_sse_v0_conversation() -> None:
    conv = strategy_for("sse", "", "4.7.1").conversation(TEXT, ["x"], "s", "k")
    assert conv is not None
    assert (conv.channel.kind, conv.channel.path, conv.channel.reply_path) == (
        "sse",
        "/queue/join",
        "/queue/data",
    )
    assert dict(conv.channel.params) == {"fn_index": "3", "session_hash": "s"}
    events, replies = conv.feed(sse({"msg": "send_data", "event_id": "srv"}))
    assert events == [] and replies == [
        {"data": ["x"], "event_data": None, "fn_index": 3, "session_hash": "s", "event_id": "srv"}
    ]
    events, _ = conv.feed(sse({"msg": "estimation", "rank": 0, "queue_size": 1}))
    assert events == [Estimation("k", 0, 1, None)]
    assert not conv.done
    events, _ = conv.feed(
        sse({"msg": "process_completed", "success": False, "output": {"error": "'bad x'"}})
    )
    assert conv.done and isinstance(events[0], Completed)
    assert events[0].error is not None and events[0].error.message == "bad x"


def test_sse_v0_queue_full_and_server_failure() -> None:
    conv = strategy_for("sse", "").conversation(TEXT, [], "s", "k")
    assert conv is not None
    with pytest.raises(QueueFullError):
        conv.feed(sse({"msg": "queue_full"}))
    with pytest.raises(ConnectionLostError):
        conv.feed(sse({"msg": "unexpected_error", "message": "stopped"}))


# -- per-job: 3.x websocket and /run/predict ---------------------------------------------


def test_ws_conversation() -> None:
    upload = {"path": "/tmp/gradio/x/in.txt", "orig_name": "in.txt", "meta": MARK}
    conv = strategy_for("ws", "", "3.50.2").conversation(IMAGE, [upload], "s", "k")
    assert conv is not None and conv.channel.kind == "ws" and conv.channel.path == "/queue/join"
    assert conv.feed('{"msg": "send_hash"}') == ([], [{"fn_index": 5, "session_hash": "s"}])
    v3_file = {"name": "/tmp/gradio/x/in.txt", "data": None, "is_file": True, "orig_name": "in.txt"}
    _, replies = conv.feed('{"msg": "send_data"}')
    assert replies == [{"fn_index": 5, "session_hash": "s", "data": [v3_file], "event_data": None}]
    png = "data:image/png;base64," + base64.b64encode(b"\x89PNG").decode()
    done = {
        "msg": "process_completed",
        "success": True,
        "output": {"data": [png, {**v3_file, "size": 5}]},
    }
    events, _ = conv.feed(json.dumps(done))
    assert conv.done
    image, file = events[0].data  # type: ignore[union-attr]
    assert is_file_data(image) and image["url"] == png and data_url_bytes(png) == b"\x89PNG"
    assert is_file_data(file) and file["path"] == v3_file["name"] and file["size"] == 5


def test_ws_queue_full() -> None:
    conv = strategy_for("ws", "").conversation(TEXT, [], "s", "k")
    assert conv is not None
    with pytest.raises(QueueFullError):
        conv.feed('{"msg": "queue_full"}')


def test_run_predict_conversation() -> None:
    conv = strategy_for("ws", "", "3.50.2").conversation(QUICK, ["abc"], "s", "k")
    assert conv is not None and conv.channel.kind == "post"
    assert conv.channel.path == "/run/predict"
    assert conv.channel.body == {
        "data": ["abc"],
        "fn_index": 7,
        "session_hash": "s",
        "event_data": None,
    }
    ok = conv.answer(httpx.Response(200, json={"data": ["cba"], "is_generating": False}))
    assert ok == [Completed("k", ["cba"])] and conv.done
    failed = conv.answer(httpx.Response(500, json={"error": "'boom'"}))
    assert isinstance(failed[0], Completed) and failed[0].error is not None
    assert failed[0].error.message == "boom"
    with pytest.raises(ProtocolError):
        conv.answer(httpx.Response(200, json={"nope": 1}))


def test_v3_files_only_in_file_slots() -> None:
    ep: Endpoint[Any] = Endpoint(
        "/x", 0, "x", "", (), (0, 1, 2), output_types=("video", "json", "gallery")
    )
    video = {"name": "/tmp/v.mp4", "data": None, "is_file": True}
    looks_like_file = {"name": "n", "is_file": True}
    gallery = [[{"name": "/tmp/g.png", "data": None, "is_file": True}, "caption"]]
    out = outputs_from_v3(ep, [[video, None], looks_like_file, gallery])
    assert is_file_data(out[0]) and out[0]["path"] == "/tmp/v.mp4"
    assert out[1] == looks_like_file  # a JSON output is data
    assert is_file_data(out[2][0][0]) and out[2][0][1] == "caption"
    assert to_v3({"a": [{"path": "p", "meta": MARK}]}) == {
        "a": [{"name": "p", "data": None, "is_file": True, "orig_name": "p"}]
    }


def test_completed_outputs_of_a_job_on_its_own_channel() -> None:
    core = SessionCore(strategy_for("ws", ""), "s")
    job: JobState[Any] = JobState(OutputMapper(TEXT, None, lambda p, u: u or p, {}))
    core.register("k", job)
    assert core.deliver([Output("k", ["a"]), Completed("k", ["ab"])]) == {job}
    assert job.outputs == ["a"] and job.outcome() == "ab" and not core.pending
    other: JobState[Any] = JobState(OutputMapper(TEXT, None, lambda p, u: u or p, {}))
    core.register("k2", other)
    core.end(other, AppError("x"))
    assert other.done and not core.pending
    with pytest.raises(AppError):
        other.outcome()


def test_v3_image_inputs_travel_inline(tmp_path: Any) -> None:
    png = tmp_path / "p.png"
    png.write_bytes(b"\x89PNG-bytes")
    wire, uploads = locate_files((png, png), ((0,), (1,)), inline=frozenset({0}))
    assert [u.inline for u in uploads] == [True, False]
    assert inline(uploads) == [uploads[1]]  # only the non-inline file is uploaded
    url = uploads[0].wire["url"]
    assert url.startswith("data:image/png;base64,") and data_url_bytes(url) == b"\x89PNG-bytes"
    assert to_v3(wire[0], "image") == url
    assert to_v3(wire[0], "file") == {"name": "p.png", "data": url, "is_file": False}


def test_streamed_media_is_read_whole_not_as_playlist() -> None:
    base = "http://h/gradio_api/stream/s/r/2"
    stream = {
        "path": "s/r/2/playlist.m3u8",
        "url": f"{base}/playlist.m3u8",
        "is_stream": True,
        "meta": MARK,
    }
    wrapped = wrap_files([stream], None, lambda p, u: u or p)
    assert wrapped[0].url == f"{base}/playlist-file"
    plain = {**stream, "is_stream": False}
    assert media_url(f"{base}/playlist.m3u8", plain) == f"{base}/playlist.m3u8"


@pytest.mark.parametrize(
    ("version", "mode"),
    [("4.22.0", "none"), ("4.30.9", "none"), ("4.31.0", "post"), ("6.31.0", "post"), ("", "post")],
)
def test_sse_v3_cancels_from_4_31(version: str, mode: str) -> None:
    assert strategy_for("sse_v3", "", version).cancel_mode == mode
