"""A client generated from an app that has changed since: it never runs the wrong function.

``stale_before`` is the app the client is generated from; ``stale_after`` is the same app
changed in every way that matters (see its docstring). Before a session's first job the
client reads ``/config`` once and calls each endpoint at its live ``fn_index``, or raises
``StaleClientError`` naming the change. Unchanged outputs show the component's initial value.
"""

from __future__ import annotations

import threading
import typing
from types import ModuleType
from typing import Any

import httpx
import pytest

from spacegen.runtime import ApiMismatchError, StaleClientError

from . import generated
from .conftest import ServerFactory

E2E_APPS = ("stale_before", "stale_after")

pytestmark = [pytest.mark.slow, pytest.mark.anyio]
generated_client = generated.generated_client


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


def _setup(
    generated_client: generated.GeneratedFactory, gradio_server: ServerFactory, version: str
) -> tuple[ModuleType, str]:
    """The client module generated from the app *before*, and the URL of the app *after*."""
    return generated_client("stale_before", version), gradio_server("stale_after", version).url


class Recorder:
    """Paths of the requests a client sends (an httpx event hook)."""

    def __init__(self) -> None:
        self.paths: list[str] = []
        self._lock = threading.Lock()

    def hook(self, request: httpx.Request) -> None:
        with self._lock:
            self.paths.append(request.url.path)

    async def ahook(self, request: httpx.Request) -> None:
        self.hook(request)

    def kwargs(self, is_async: bool = False) -> dict[str, Any]:
        return {"event_hooks": {"request": [self.ahook if is_async else self.hook]}}

    def configs(self) -> int:
        return self.paths.count("/config")


def test_moved_endpoint_runs_its_own_function(
    generated_client: generated.GeneratedFactory, gradio_server: ServerFactory, gradio_version: str
) -> None:
    module, after = _setup(generated_client, gradio_server, gradio_version)
    with module.Client(after) as client:
        assert client.add(1, 2) == 3  # moved from fn_index 0 to 1; 0 is now /subtract


def test_removed_endpoint_raises_and_others_keep_working(
    generated_client: generated.GeneratedFactory, gradio_server: ServerFactory, gradio_version: str
) -> None:
    module, after = _setup(generated_client, gradio_server, gradio_version)
    with module.Client(after) as client:
        with pytest.raises(StaleClientError) as caught:
            client.pick(1, 2)
        assert client.add(2, 3) == 5
    message = str(caught.value)
    assert caught.value.api_name == "/pick"
    assert "/pick is gone" in message
    assert "spacegen generate" in message and "spacegen check" in message


async def test_async_moved_and_removed(
    generated_client: generated.GeneratedFactory, gradio_server: ServerFactory, gradio_version: str
) -> None:
    module, after = _setup(generated_client, gradio_server, gradio_version)
    async with module.AsyncClient(after) as client:
        with pytest.raises(StaleClientError, match="/pick is gone"):
            await client.pick(1, 2)
        assert await client.add(1, 2) == 3
        assert await client.submit_add(4, 5).result(30) == 9


SIGNATURE_CHANGES = [
    ("greet", ("Ada",), "input 2 (checkbox) was added"),
    ("scale", (2,), "input 1 is now a slider (was a number)"),
    ("shout", ("hey",), "output 2 (number) was added"),
    ("old_name", ("abc",), "/old_name is gone"),
    ("secret", ("x",), "/secret is no longer callable"),
]


@pytest.mark.parametrize(("method", "args", "change"), SIGNATURE_CHANGES)
def test_changed_endpoint_names_the_change(
    generated_client: generated.GeneratedFactory,
    gradio_server: ServerFactory,
    method: str,
    args: tuple[Any, ...],
    change: str,
) -> None:
    module, after = _setup(generated_client, gradio_server, "6.31.0")
    with module.Client(after) as client:
        with pytest.raises(StaleClientError) as caught:
            getattr(client, method)(*args)
        assert any(change in line for line in caught.value.changes)
        assert client.add(1, 1) == 2


@pytest.mark.parametrize(("method", "args", "change"), SIGNATURE_CHANGES)
async def test_async_changed_endpoint_names_the_change(
    generated_client: generated.GeneratedFactory,
    gradio_server: ServerFactory,
    method: str,
    args: tuple[Any, ...],
    change: str,
) -> None:
    module, after = _setup(generated_client, gradio_server, "6.31.0")
    async with module.AsyncClient(after) as client:
        with pytest.raises(StaleClientError) as caught:
            await getattr(client, method)(*args)
        assert any(change in line for line in caught.value.changes)
        job = getattr(client, f"submit_{method}")(*args)
        with pytest.raises(StaleClientError):
            await job.result(30)


def test_unchanged_app_reads_config_once_per_session(
    generated_client: generated.GeneratedFactory, gradio_server: ServerFactory
) -> None:
    module = generated_client("stale_before")
    seen = Recorder()
    with module.Client(httpx_kwargs=seen.kwargs()) as client:
        assert seen.paths == []  # nothing at construction
        threads = [threading.Thread(target=client.add, args=(i, i)) for i in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
        assert client.pick(1, 2) == 1
        assert seen.configs() == 1
        assert seen.paths.index("/config") < min(
            i for i, p in enumerate(seen.paths) if p.endswith("/queue/join")
        )
        client.reset_session()
        assert client.greet("Ada") == "Hello Ada"
        assert seen.configs() == 2


async def test_async_concurrent_first_calls_share_one_config(
    generated_client: generated.GeneratedFactory, gradio_server: ServerFactory
) -> None:
    import asyncio  # noqa: PLC0415

    module = generated_client("stale_before")
    seen = Recorder()
    async with module.AsyncClient(httpx_kwargs=seen.kwargs(True)) as client:
        results = await asyncio.gather(*(client.add(i, 1) for i in range(4)))
        assert results == [1, 2, 3, 4]
    assert seen.configs() == 1


def test_opt_out_sends_no_config_and_calls_the_baked_index(
    generated_client: generated.GeneratedFactory, gradio_server: ServerFactory
) -> None:
    module, after = _setup(generated_client, gradio_server, "6.31.0")
    seen = Recorder()
    options = {"verify_endpoints": False, "httpx_kwargs": seen.kwargs()}
    with module.Client(**options) as client:
        assert client.add(1, 2) == 3
    with module.Client(after, **options) as client:
        assert client.add(1, 2) == -1  # the pinned-app contract: the app's fn_index 0 now subtracts
    assert seen.configs() == 0
    assert seen.paths.count("/gradio_api/queue/join") == 2


def test_unchanged_outputs_show_initial_values(
    generated_client: generated.GeneratedFactory, gradio_server: ServerFactory
) -> None:
    module, after = _setup(generated_client, gradio_server, "6.31.0")
    hints = typing.get_type_hints(module.LeaveBothResult)
    assert hints["kept"] is str
    assert hints["empty"] == float | None  # a Number without a value may stay empty
    for src in (None, after):  # the live ids differ on the changed app
        with module.Client(src) as client:
            assert tuple(client.leave_both("x")) == ("initial text", None)
    with module.Client(verify_endpoints=False) as client:  # baked initial values
        assert tuple(client.leave_both("x")) == ("initial text", None)


# -- verify_api: one /info request, every change classified ---------------------------------

EXPECTED_BREAKING = {
    "breaking (wire): /pick: endpoint removed",
    "breaking (wire): /greet: 2 inputs (was 1)",
    "breaking (wire): /scale: input 1 is now a slider (was a number)",
    "breaking (wire): /shout: 2 outputs (was 1)",
    "breaking (wire): /old_name: endpoint removed",
    "breaking (wire): /secret: endpoint removed",
}


def test_verify_api_raises_with_every_breaking_change_classified(
    generated_client: generated.GeneratedFactory, gradio_server: ServerFactory, gradio_version: str
) -> None:
    module, after = _setup(generated_client, gradio_server, gradio_version)
    recorder = Recorder()
    client = module.Client(after, verify_api=True, httpx_kwargs=recorder.kwargs())
    with client, pytest.raises(ApiMismatchError) as caught:
        client.add(1, 2)  # even an unchanged endpoint: the app as a whole no longer matches
    assert set(caught.value.changes) == EXPECTED_BREAKING
    assert caught.value.api_hash == module.Client._app.api_hash
    assert "spacegen generate" in str(caught.value)
    assert recorder.paths.count(f"{module.Client._app.api_prefix}/info") == 1
    assert not any(path.endswith("/queue/join") for path in recorder.paths)  # nothing ran


def test_check_api_lists_additive_changes_too(
    generated_client: generated.GeneratedFactory, gradio_server: ServerFactory, gradio_version: str
) -> None:
    module, after = _setup(generated_client, gradio_server, gradio_version)
    with module.Client(after) as client, pytest.raises(ApiMismatchError):
        client.check_api()
    with module.Client(gradio_server("stale_before", gradio_version).url) as same:
        assert same.check_api() == ()  # the app it was generated from: nothing to report


async def test_async_verify_api_and_check_api(
    generated_client: generated.GeneratedFactory, gradio_server: ServerFactory, gradio_version: str
) -> None:
    module, after = _setup(generated_client, gradio_server, gradio_version)
    async with module.AsyncClient(after, verify_api=True) as client:
        with pytest.raises(ApiMismatchError) as caught:
            await client.add(1, 2)
    assert set(caught.value.changes) == EXPECTED_BREAKING
    before = gradio_server("stale_before", gradio_version).url
    async with module.AsyncClient(before, verify_api=True) as same:
        assert await same.add(1, 2) == 3
        assert await same.check_api() == ()
