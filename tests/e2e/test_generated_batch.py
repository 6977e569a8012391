"""Batch calls of generated clients against real servers: input order, per-item typed errors,
progress, checkpoint round trips, queue-full back-pressure and resuming after a real kill.

The ``batch`` app counts every ``/square`` call per input, so "no item called twice, none
missing" is read from the server, not assumed.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import urlsplit

import pytest

from spacegen.runtime import (
    AppError,
    BatchProgress,
    QueueFullError,
    RemoteFile,
    UsageError,
    _async,
    _sync_io,
)

from . import generated
from .stand_in import client_sockets

E2E_APPS = ("batch", "queue_full", "files", "basics")

pytestmark = [pytest.mark.slow, pytest.mark.anyio]
generated_client = generated.generated_client

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


def counts(client: Any) -> dict[str, int]:
    value = client.counts()
    assert isinstance(value, dict)
    return {str(k): int(v) for k, v in value.items()}


def test_results_in_input_order_with_progress(generated_client: generated.GeneratedFactory) -> None:
    seen: list[BatchProgress] = []
    inputs = [(float(i), (30 - i) * 0.004) for i in range(30)]  # later items finish sooner
    with generated_client("batch").Client() as client:
        results = client.batch_square(inputs, concurrency=6, on_progress=seen.append)
    assert [r.index for r in results] == list(range(30))
    assert [r.value for r in results] == [float(i * i) for i in range(30)]
    assert all(r.ok and r.error is None for r in results)
    assert [p.done for p in seen] == list(range(1, 31))
    assert seen[-1].total == 30 and seen[-1].failed == 0 and seen[-1].resumed == 0


async def test_async_batch_in_input_order(generated_client: generated.GeneratedFactory) -> None:
    inputs = [(float(i), (20 - i) * 0.004) for i in range(20)]
    async with generated_client("batch").AsyncClient() as client:
        results = await client.batch_square(inputs, concurrency=5)
    assert [r.value for r in results] == [float(i * i) for i in range(20)]


def test_each_failure_is_its_typed_error(generated_client: generated.GeneratedFactory) -> None:
    with generated_client("batch").Client() as client:
        results = client.batch_square_or_fail([1, -2, 3, -4], concurrency=2)
    assert [r.ok for r in results] == [True, False, True, False]
    assert results[0].value == 1 and results[2].value == 9
    assert isinstance(results[1].error, AppError) and "negative: -2" in str(results[1].error)
    with pytest.raises(AppError, match="negative: -4"):
        _ = results[3].value


async def test_async_failures_do_not_abort(generated_client: generated.GeneratedFactory) -> None:
    async with generated_client("batch").AsyncClient() as client:
        results = await client.batch_square_or_fail([-1, 2], concurrency=2)
    assert isinstance(results[0].error, AppError) and results[1].value == 4


def test_bad_inputs_and_options_are_usage_errors(
    generated_client: generated.GeneratedFactory,
) -> None:
    with generated_client("batch").Client() as client:
        with pytest.raises(UsageError, match="item 1 must be a tuple of 2 arguments"):
            client.batch_square([(1.0, 0.0), 3.0])  # type: ignore[list-item]
        with pytest.raises(UsageError, match="concurrency must be an int >= 1"):
            client.batch_square([], concurrency=0)
        with pytest.raises(UsageError, match="unknown option"):
            client.batch_square([], workers=3)  # type: ignore[call-arg]
        assert client.batch_square([]) == []


def test_progress_bar_draws_when_asked(
    generated_client: generated.GeneratedFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    with generated_client("batch").Client() as client:
        client.batch_square_or_fail([1, -1, 2], progress_bar=True)
        client.batch_square_or_fail([1])  # stderr is not a terminal here: no bar
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "/square_or_fail [" in err
    assert "3/3  1 failed" in err.splitlines()[-1]


def test_checkpoint_restores_without_calling_again(
    generated_client: generated.GeneratedFactory, tmp_path: Path
) -> None:
    book = tmp_path / "squares.jsonl"
    inputs = [(float(1000 + i), 0.0) for i in range(12)]
    with generated_client("batch").Client() as client:
        client.reset_counts()
        first = client.batch_square(inputs, checkpoint=book)
        again = client.batch_square(inputs, checkpoint=book)
        assert counts(client) == {f"{1000 + i}": 1 for i in range(12)}
        with pytest.raises(UsageError, match="other inputs"):
            client.batch_square(list(reversed(inputs)), checkpoint=book)
        with pytest.raises(UsageError, match="belongs to a batch of '/square'"):
            client.batch_square_or_fail([1.0], checkpoint=book)
    assert again == first
    lines = book.read_text().splitlines()
    assert json.loads(lines[0]) == {"spacegen_batch": 1, "endpoint": "/square", "total": 12}
    assert len(lines) == 13


def test_checkpoint_round_trips_files_and_named_tuples(
    generated_client: generated.GeneratedFactory, tmp_path: Path
) -> None:
    files, basics = generated_client("files"), generated_client("basics")
    inputs, book = [("one", "a.txt"), ("two", "b.txt")], tmp_path / "f"
    with files.Client() as client:
        made = client.batch_make_file(inputs, checkpoint=book)
    with files.Client() as fresh:  # no call made: restored files get a detached fetcher
        restored = fresh.batch_make_file(inputs, checkpoint=book)
        assert restored[1].value.read() == b"two"
    for before, after in zip(made, restored, strict=True):
        assert isinstance(after.value, RemoteFile) and after.value.data == before.value.data
    with basics.Client() as client:
        inputs = [(1, 2.0, 3.0), (2, 2.0, 1.0)]  # a is a gr.Number(precision=0): int
        sums = client.batch_numbers(inputs, checkpoint=tmp_path / "n")
        back = client.batch_numbers(inputs, checkpoint=tmp_path / "n")
    assert back == sums and type(back[0].value) is type(sums[0].value)
    assert back[0].value == (3, 6.0)


def test_full_queue_slows_the_batch_down(generated_client: generated.GeneratedFactory) -> None:
    with generated_client("queue_full").Client(max_retries=0) as client:  # no client retries
        refused = client.batch_slow([0.3] * 5, concurrency=5, queue_wait=0)
        assert any(isinstance(r.error, QueueFullError) for r in refused)  # the queue does fill
        results = client.batch_slow([0.2] * 6, concurrency=6)
    assert [r.value for r in results] == ["slept 0.2"] * 6


async def test_async_full_queue_slows_the_batch_down(
    generated_client: generated.GeneratedFactory,
) -> None:
    async with generated_client("queue_full").AsyncClient() as client:
        results = await client.batch_slow([0.2] * 5, concurrency=5)
    assert [r.value for r in results] == ["slept 0.2"] * 5


class _PeakSockets:
    """The most sockets this process held to ``port`` at once, sampled from a thread."""

    def __init__(self, port: int) -> None:
        self.port, self.peak, self._stop = port, 0, threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def __enter__(self) -> _PeakSockets:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _sample(self) -> None:
        while not self._stop.wait(0.002):
            self.peak = max(self.peak, len(client_sockets(self.port)))


WIDE = 120  # items, all in flight at once
GATE = 4  # REQUESTS_IN_FLIGHT for these tests


@pytest.fixture
def small_gate(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_sync_io, "REQUESTS_IN_FLIGHT", GATE)
    monkeypatch.setattr(_async, "REQUESTS_IN_FLIGHT", GATE)


@pytest.mark.usefixtures("small_gate")
def test_a_wide_batch_shares_a_few_connections(
    generated_client: generated.GeneratedFactory,
) -> None:
    """Joins beyond REQUESTS_IN_FLIGHT wait for a connection instead of opening one each."""
    inputs = [(float(i), 0.0) for i in range(WIDE)]
    with generated_client("batch").Client() as client:
        client.batch_square(inputs[:2])  # session and event stream open: not counted
        with _PeakSockets(urlsplit(client.base_url).port or 80) as sockets:
            results = client.batch_square(inputs, concurrency=WIDE)
    assert [r.value for r in results] == [float(i * i) for i in range(WIDE)]
    assert 1 < sockets.peak <= GATE + 2  # + the event stream, + one closing


@pytest.mark.usefixtures("small_gate")
async def test_a_wide_async_batch_shares_a_few_connections(
    generated_client: generated.GeneratedFactory,
) -> None:
    inputs = [(float(i), 0.0) for i in range(WIDE)]
    async with generated_client("batch").AsyncClient() as client:
        await client.batch_square(inputs[:2])
        with _PeakSockets(urlsplit(client.base_url).port or 80) as sockets:
            results = await client.batch_square(inputs, concurrency=WIDE)
    assert [r.value for r in results] == [float(i * i) for i in range(WIDE)]
    assert 1 < sockets.peak <= GATE + 2


_RUNNER = textwrap.dedent(
    """
    import importlib.util, sys
    spec = importlib.util.spec_from_file_location("batch_client", sys.argv[1])
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    inputs = [(float(i), 0.03) for i in range(int(sys.argv[4]))]
    with module.Client(sys.argv[2]) as client:
        client.batch_square(inputs, concurrency=4, checkpoint=sys.argv[3])
    """
)


def _done_in(book: Path) -> set[int]:
    lines = [json.loads(x) for x in book.read_text().splitlines()[1:] if x.strip()]
    return {line["i"] for line in lines if line.get("ok")}


def _run_until_half(module: ModuleType, url: str, book: Path, total: int) -> None:
    """Start the batch in a child process and SIGKILL it once half the items are recorded."""
    script = book.with_suffix(".py")
    script.write_text(_RUNNER)
    args = [sys.executable, str(script), str(module.__file__), url, str(book), str(total)]
    child = subprocess.Popen(args, cwd=REPO, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    try:
        while not (book.exists() and len(_done_in_safe(book)) >= total // 2):
            assert child.poll() is None, child.stderr.read() if child.stderr else ""
            assert time.monotonic() < deadline, "the batch made no progress"
            time.sleep(0.01)
    finally:
        child.kill()
        child.communicate()


def _done_in_safe(book: Path) -> set[int]:
    try:
        return _done_in(book)
    except ValueError:  # a line being written
        return set()


def test_resume_after_kill_calls_nothing_twice(
    generated_client: generated.GeneratedFactory, tmp_path: Path
) -> None:
    module, book, total = generated_client("batch"), tmp_path / "book.jsonl", 80
    with module.Client() as client:
        client.reset_counts()
        _run_until_half(module, client.base_url, book, total)
        done = _done_in(book)
        time.sleep(0.5)  # calls in flight at the kill end on the server
        before = counts(client)
        results = client.batch_square([(float(i), 0.03) for i in range(total)], checkpoint=book)
        after = counts(client)
    assert total // 2 <= len(done) < total
    assert [r.value for r in results] == [float(i * i) for i in range(total)]
    resumed = {k: after.get(k, 0) - before.get(k, 0) for k in after}
    assert all(resumed.get(f"{i}", 0) == 0 for i in done)  # recorded items: not called again
    assert all(resumed.get(f"{i}", 0) == 1 for i in range(total) if i not in done)
    twice = [k for k, n in after.items() if n > 1]
    assert len(twice) <= 4 and not {int(k) for k in twice} & done  # only ones in flight at kill
    assert sorted(int(k) for k in after) == list(range(total))
