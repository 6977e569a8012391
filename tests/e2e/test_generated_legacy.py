"""Generated clients against every pre-4.22 protocol generation, sync and async.

One ordinary app (``apps/legacy.py``) on gradio 3.50.2 (``ws``), 4.7.1 (``sse``), 4.15.0
(``sse_v1``), 4.20.1 (``sse_v2``: generator diffs) and 4.21.0 (``sse_v2.1``), one server per
version, reused by every test here. ``SPACEGEN_E2E_VERSIONS`` narrows the versions as for the
rest of the suite (``SPACEGEN_E2E_VERSIONS=6.31.0`` skips them all).
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from types import ModuleType

import pytest

from spacegen.runtime import (
    AppError,
    CancelNotSupportedError,
    JobCancelledError,
    RemoteFile,
    StatusCode,
)

from . import generated
from .conftest import selected_versions
from .envs import LEGACY_VERSIONS

E2E_APPS = ("legacy",)
#: Versions that give each job a connection of its own (and so can cancel it by closing it).
CANCELS = ("3.50.2", "4.7.1")
PNG = b"\x89PNG\r\n\x1a\n"

pytestmark = [pytest.mark.slow, pytest.mark.anyio]
generated_client = generated.generated_client


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(scope="session", params=LEGACY_VERSIONS)
def legacy_version(request: pytest.FixtureRequest) -> str:
    version: str = request.param
    if version not in selected_versions():
        pytest.skip(f"gradio {version} not selected by SPACEGEN_E2E_VERSIONS")
    return version


@pytest.fixture
def module(generated_client: generated.GeneratedFactory, legacy_version: str) -> ModuleType:
    return generated_client("legacy", legacy_version)


def test_values_updates_chat_table_and_direct_calls(module: ModuleType) -> None:
    with module.Client() as client:
        assert client.echo_text("héllo ✓") == "echo: héllo ✓"
        numbers = client.numbers(3, 0.5, 4)
        assert (numbers.doubled, numbers.product) == (6, 2.0)
        assert isinstance(numbers.doubled, int)
        assert client.choose("sub", "pear") == "sub:pear"
        assert client.via_update("abc") == "ABC"
        table = client.table(2)
        assert table["data"] == [[0, "row 0"], [1, "row 1"]]
        assert client.quick("abc") == "cba"  # queue=False (3.x: POST /run/predict)


def test_chat(module: ModuleType) -> None:
    with module.Client() as client:  # 4.x pairs are typed tuple[...]: they arrive as tuples
        assert [list(pair) for pair in client.chat("hi", [])] == [["hi", "you said hi"]]


def test_generator_streams_every_step(module: ModuleType) -> None:
    """4.17+ send the second and later steps as diffs; the values must be whole."""
    with module.Client() as client:
        assert list(client.stream_count_up("a", 4)) == ["a0", "a0 a1", "a0 a1 a2", "a0 a1 a2 a3"]
        job = client.submit_count_up("b", 3)
        assert job.result(timeout=30) == "b0 b1 b2"
        assert job.outputs() == ["b0", "b0 b1", "b0 b1 b2"]


def test_files_in_and_out(module: ModuleType, tmp_path: Path) -> None:
    source = tmp_path / "in.txt"
    source.write_text("hello")
    with module.Client() as client:
        upper = client.file_upper(source)
        assert isinstance(upper, RemoteFile) and upper.read() == b"HELLO"
        again = client.file_upper(upper)  # an output file goes back in without a download
        assert isinstance(again, RemoteFile) and again.read() == b"HELLO"
        image = client.make_image(3)
        assert isinstance(image, RemoteFile) and image.read().startswith(PNG)
        saved = image.save(tmp_path)
        assert saved.read_bytes().startswith(PNG)
        assert client.image_size(saved) == "4x3"  # an image input (3.x: inline, base64)
        assert client.image_size(image) == "4x3"  # an output image goes back in


def test_state_across_calls_and_after_reset(module: ModuleType) -> None:
    with module.Client() as client:
        assert client.increment(2) == 2
        assert client.increment(3) == 5
        client.reset_session()
        assert client.increment(1) == 1


def test_app_error(module: ModuleType) -> None:
    with module.Client() as client, pytest.raises(AppError, match="bad x"):
        client.fail("x")


def test_jobs_and_cancel(module: ModuleType, legacy_version: str) -> None:
    with module.Client() as client:
        job = client.submit_slow(0.2)
        assert job.result(timeout=30) == "slept 0.2"
        assert job.status().code is StatusCode.FINISHED
        slow = client.submit_slow(3)
        if legacy_version in CANCELS:
            assert slow.cancel() is True
            assert slow.status().code is StatusCode.CANCELLED
            with pytest.raises(JobCancelledError):
                slow.result(timeout=5)
        else:
            with pytest.raises(CancelNotSupportedError, match=legacy_version):
                slow.cancel()
            assert slow.result(timeout=30) == "slept 3"


async def test_async_client(module: ModuleType, tmp_path: Path) -> None:
    source = tmp_path / "in.txt"
    source.write_text("async")
    async with module.AsyncClient() as client:
        texts = await asyncio.gather(*(client.echo_text(f"n{i}") for i in range(100)))
        assert texts == [f"echo: n{i}" for i in range(100)]
        assert [x async for x in client.stream_count_up("c", 3)] == ["c0", "c0 c1", "c0 c1 c2"]
        upper = await client.file_upper(source)
        assert await upper.aread() == b"ASYNC"
        image = await client.make_image(2)
        assert (await image.aread()).startswith(PNG)
        assert await client.image_size(image) == "3x2"
        assert await client.increment(4) == 4
        assert await client.increment(4) == 8
        await client.reset_session()
        assert await client.increment(1) == 1
        assert await client.quick("xy") == "yx"
        with pytest.raises(AppError, match="bad y"):
            await client.fail("y")
        job = client.submit_slow(0.1)
        assert await job.result() == "slept 0.1"


def test_login(generated_client: generated.GeneratedFactory, legacy_version: str) -> None:
    """The login cookie goes with every per-job channel (3.x: the websocket's handshake).
    The shared-stream versions use the sse_v3 code path, tested with this app on 4.44+."""
    if legacy_version not in CANCELS:
        pytest.skip("shared event stream: same code as sse_v3 (auth tested there)")
    module = generated_client("auth", legacy_version)
    with module.Client(auth=("user", "pass")) as client:
        assert client.echo("psst") == "psst"
        assert client.whoami() == "user"
