"""The batch checkpoint format (no network): tagged JSON round trips, cut-short lines, keys."""

from __future__ import annotations

import math
from pathlib import Path
from typing import NamedTuple

import pytest

from spacegen.runtime import NOT_GIVEN, BatchProgress, Endpoint, RemoteFile, Result, UsageError
from spacegen.runtime._checkpoint import Checkpoint, decode, encode, input_key
from spacegen.runtime._progress import line
from spacegen.runtime.errors import AppError


class Pair(NamedTuple):
    text: str
    count: int


EP: Endpoint[Pair] = Endpoint(
    api_name="/pair", fn_index=0, method="pair", signature="", slots=(0,), outputs=(0, 1),
    result=Pair,
)  # fmt: skip


def test_values_round_trip_through_tagged_json() -> None:
    file = RemoteFile(
        {"path": "/tmp/x.png", "url": "http://h/x.png", "meta": {"_type": "gradio.FileData"}}
    )
    value = {"$weird": [1, (2, "b")], "plain": {"k": None, "f": 1.5}, "file": file, "t": ()}
    back = decode(encode(value), None)
    assert back["$weird"] == [1, (2, "b")] and isinstance(back["$weird"][1], tuple)
    assert back["plain"] == {"k": None, "f": 1.5} and back["t"] == ()
    assert isinstance(back["file"], RemoteFile) and back["file"].data == file.data
    assert math.isnan(decode(encode(float("nan")), None))


def test_named_tuple_results_are_rebuilt(tmp_path: Path) -> None:
    book = Checkpoint(tmp_path / "b.jsonl", EP, 2)
    keys = [input_key(("a",)), input_key(("b",))]
    book.record(0, keys[0], Pair("a", 1), None)
    book.record(1, keys[1], None, AppError("boom"))
    book.close()
    done = Checkpoint(tmp_path / "b.jsonl", EP, 2).load(keys, None)
    assert done == {0: Pair("a", 1)} and type(done[0]) is Pair  # failed items run again


def test_a_line_cut_short_by_a_kill_is_ignored(tmp_path: Path) -> None:
    path = tmp_path / "b.jsonl"
    book = Checkpoint(path, EP, 2)
    keys = [input_key(("a",)), input_key(("b",))]
    book.record(0, keys[0], Pair("a", 1), None)
    book.close()
    path.write_text(path.read_text() + '{"i": 1, "key": "')
    again = Checkpoint(path, EP, 2)
    assert again.load(keys, None) == {0: Pair("a", 1)}
    again.record(1, keys[1], Pair("b", 2), None)  # appends on a fresh line
    again.close()
    assert Checkpoint(path, EP, 2).load(keys, None) == {0: Pair("a", 1), 1: Pair("b", 2)}


def test_keys_tell_inputs_apart() -> None:
    assert input_key(("a", NOT_GIVEN)) != input_key(("a", None))
    assert input_key((b"x",)) != input_key((b"y",))
    assert input_key((Path("/a"),)) == input_key((Path("/a"),))


def test_a_foreign_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "b.jsonl"
    path.write_text('{"not": "a checkpoint"}\n')
    with pytest.raises(UsageError, match="not a spacegen batch checkpoint"):
        Checkpoint(path, EP, 1).load([input_key(("a",))], None)


def test_result_value_raises_its_error() -> None:
    failed: Result[int] = Result(3, error=AppError("no"))
    assert not failed.ok and repr(failed) == "Result(index=3, error=AppError('no'))"
    with pytest.raises(AppError):
        _ = failed.value
    assert Result(0, 5).value == 5


def test_progress_line() -> None:
    text = line("/x", BatchProgress(done=5, failed=1, total=10, resumed=1, elapsed=2.0))
    assert text.startswith("/x [############............] 5/10  1 failed  2.0/s  ETA 2 s")
