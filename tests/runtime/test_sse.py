"""The incremental SSE decoder: any chunking gives the same events."""

from __future__ import annotations

import pytest

from spacegen.runtime._sse import SSEDecoder, SSEEvent

STREAM = (
    b": a comment\r\n"
    b'data: {"msg":"estimation"}\r\n\r\n'
    b"event: complete\n"
    b"id: 7\n"
    b"data: line one\n"
    b"data:line two\n"
    b"retry: 10\n"
    b"\n"
    b"data: caf\xc3\xa9 \xe2\x9c\x93\r"
    b"\r"
    b"data\n"
    b"\n"
    b": only a comment\n\n"
    b"data: tail without blank line"
)
EXPECTED = [
    SSEEvent('{"msg":"estimation"}'),
    SSEEvent("line one\nline two", "complete", "7"),
    SSEEvent("café ✓", "message", "7"),
    SSEEvent("", "message", "7"),
]


def decode(chunks: list[bytes]) -> list[SSEEvent]:
    decoder = SSEDecoder()
    events = [event for chunk in chunks for event in decoder.feed(chunk)]
    return events + decoder.close()


def test_whole_stream() -> None:
    assert decode([STREAM]) == EXPECTED


@pytest.mark.parametrize("offset", range(len(STREAM) + 1))
def test_split_at_every_offset(offset: int) -> None:
    assert decode([STREAM[:offset], STREAM[offset:]]) == EXPECTED


def test_one_byte_at_a_time() -> None:
    assert decode([STREAM[i : i + 1] for i in range(len(STREAM))]) == EXPECTED


def test_three_way_splits() -> None:
    for a in range(0, len(STREAM), 7):
        for b in range(a, len(STREAM), 11):
            assert decode([STREAM[:a], STREAM[a:b], STREAM[b:]]) == EXPECTED


def test_crlf_split_between_cr_and_lf_is_one_line_end() -> None:
    assert decode([b"data: a\r", b"\n\r", b"\ndata: b\n\n"]) == [SSEEvent("a"), SSEEvent("b")]


def test_field_without_space_and_unknown_fields() -> None:
    assert decode([b"data:x\nfoo: bar\nid\n\n"]) == [SSEEvent("x", id="")]


def test_large_line_in_many_chunks() -> None:
    payload = b"x" * 100_000
    chunks = [b"data: "] + [payload[i : i + 1000] for i in range(0, len(payload), 1000)] + [b"\n\n"]
    assert decode(chunks) == [SSEEvent(payload.decode())]
