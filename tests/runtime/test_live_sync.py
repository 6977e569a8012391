"""The sync runtime against a real gradio 6.31 server (hand-written generated-style client)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from spacegen.runtime import AppError, JobCancelledError, JobStatus, RemoteFile, StatusCode

from .live_client import LiveClient

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


@pytest.fixture
def c(live_url: str, tmp_path: Path) -> Iterator[LiveClient]:
    with LiveClient(live_url, download_files=tmp_path, job_timeout=60) as client:
        yield client


def test_text_and_default(c: LiveClient) -> None:
    assert c.greet("Ada") == "Hello Ada."
    assert c.greet("Bob", True) == "Hello Bob!"


def test_state_across_calls_and_reset(c: LiveClient) -> None:
    assert [c.count(2), c.count(3)] == [2, 5]
    c.reset_session()
    assert c.count(10) == 10


def test_generator_streams_each_yield(c: LiveClient) -> None:
    assert list(c.stream_tokens(3)) == ["tok0", "tok0 tok1", "tok0 tok1 tok2"]
    assert c.tokens(2) == "tok0 tok1"


def test_gr_error_with_title(c: LiveClient) -> None:
    with pytest.raises(AppError) as info:
        c.boom("x")
    assert (info.value.message, info.value.title) == ("bad x", "Custom Title")


def test_progress_status(c: LiveClient) -> None:
    statuses: list[JobStatus] = []
    job = c._submit(c._app.endpoints[4], (3,), on_status=statuses.append)
    assert job.result(30) == "did 3"
    units = [s.progress[0] for s in statuses if s.code is StatusCode.PROGRESS]
    assert units and units[-1].length == 3 and units[-1].unit == "steps"
    assert job.status().code is StatusCode.FINISHED


def test_file_in_and_out(c: LiveClient, tmp_path: Path) -> None:
    source = tmp_path / "my notes.txt"
    source.write_bytes(b"hello world")
    result = c.reverse_file(source)
    assert isinstance(result.file, RemoteFile) and result.size == 11
    assert result.file.read() == b"dlrow olleh"
    assert result.file.path().read_bytes() == b"dlrow olleh"
    again = c.reverse_file(result.file)  # a returned file goes back in without a download
    assert again.file.read() == b"hello world"
    assert c.reverse_file(b"abc").file.read() == b"cba"


def test_updates_and_skip(c: LiveClient) -> None:
    job = c.submit_updates("hi")
    assert job.result(30).shout == "hi!"
    shout, kept = job.updates()
    assert shout.changed and shout.props.get("visible") is True
    assert not kept.changed


def test_json_with_path_key_is_not_a_file(c: LiveClient) -> None:
    assert c.json_path("abc") == {"path": "not/a/file.txt", "n": 3}


def test_hundred_concurrent_jobs_one_client(c: LiveClient) -> None:
    jobs = [c.submit_echo(f"m{i}") for i in range(100)]
    assert [job.result(60) for job in jobs] == [f"m{i}" for i in range(100)]
    with ThreadPoolExecutor(10) as pool:
        results = list(pool.map(c.echo, [f"t{i}" for i in range(100)]))
    assert results == [f"t{i}" for i in range(100)]


def test_threads_stop_after_close(live_url: str) -> None:
    before = threading.active_count()
    with LiveClient(live_url) as client:
        assert client.greet("x") == "Hello x."
        assert threading.active_count() > before  # stream reader + heartbeat
    assert threading.active_count() == before


def test_cancel_a_running_generator(c: LiveClient) -> None:
    job = c._submit(c._app.endpoints[2], (40,))
    first = next(iter(job))
    assert first == "tok0"
    assert job.cancel() is True
    with pytest.raises(JobCancelledError):
        job.result(10)
    assert job.status().code is StatusCode.CANCELLED
    assert c.greet("after") == "Hello after."  # the session still works
