"""Every public type pickles, before and after use (what a worker process sends back and forth).

The samples are keyed by public name: every name in ``spacegen.runtime.__all__`` and in a
generated module's ``__all__`` must have one, so a new public type without pickling support
fails here. Clients travel as their configuration (the copy starts its own session); jobs
refuse with ``UsageError``.
"""

from __future__ import annotations

import inspect
import pickle
import typing
from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType
from typing import Any

import pytest

from spacegen import runtime
from spacegen.runtime import errors

from . import generated

E2E_APPS = ("basics", "files")

pytestmark = [pytest.mark.slow, pytest.mark.anyio]
generated_client = generated.generated_client


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@dataclass
class Used:
    """Objects made by real calls: used clients, their results, files and jobs."""

    basics: ModuleType
    sync_client: Any
    async_client: Any
    results: list[Any]
    sync_file: runtime.RemoteFile
    async_file: runtime.RemoteFile
    job: Any
    async_job: Any


def _error(cls: type[errors.SpacegenError]) -> errors.SpacegenError:
    special: dict[str, Callable[[], errors.SpacegenError]] = {
        "AppError": lambda: errors.AppError("bad input", "Custom", 5.0, False),
        "FileTooLargeError": lambda: errors.FileTooLargeError("a.bin", 10, 5),
        "ValidationError": lambda: errors.ValidationError({"x": "too long"}),
        "StaleClientError": lambda: errors.StaleClientError("/x", ("gone",), "o/a"),
        "ApiMismatchError": lambda: errors.ApiMismatchError(("breaking (wire): /x",), "ab", "o/a"),
    }
    return special.get(cls.__name__, lambda: cls("it happened"))()


def _samples(u: Used) -> dict[str, list[object]]:
    """At least one instance (or value) per public name of ``spacegen.runtime``."""
    status = u.job.status()
    table: dict[str, list[object]] = {
        "NOT_GIVEN": [runtime.NOT_GIVEN],
        "NotGiven": [runtime.NOT_GIVEN],
        "App": [u.basics._APP],
        "Endpoint": [u.basics._EP_NUMBERS],
        "FileLocator": [(0, "files", "*")],
        "SpaceClient": [u.sync_client, u.basics.Client()],
        "AsyncSpaceClient": [u.async_client, u.basics.AsyncClient()],
        "BatchOptions": [{"concurrency": 2, "checkpoint": "book.jsonl"}],
        "BatchProgress": [runtime.BatchProgress(3, 1, 10, 0, 1.5)],
        "Result": [runtime.Result(0, (3, 6.0)), runtime.Result(1, error=_error(errors.AppError))],
        "FileData": [u.sync_file.data],
        "FileInput": [b"bytes", u.sync_file],
        "RemoteFile": [u.sync_file, u.async_file],
        "Json": [{"a": [1, 2.5, None, "x"]}],
        "JsonInput": [[1, {"b": True}]],
        "JobStatus": [status],
        "StatusCode": list(runtime.StatusCode),
        "ProgressUnit": [runtime.ProgressUnit(1, 4, "steps", 0.25, "tick")],
        "LogMessage": [runtime.LogMessage("hello", "warning", "T", 2.0)],
        "OutputUpdate": list(u.job.updates()),
        "forward_zero_gpu_headers": [runtime.forward_zero_gpu_headers],
        "require_runtime": [runtime.require_runtime],
        "ClientBase": [u.sync_client, u.async_client],
        "SpaceStatus": [runtime.SpaceStatus("o/s", "BUILDING", "starting", 1.5)],
        "Job": [],  # refuses: see test_jobs_refuse_with_a_clear_error
        "AsyncJob": [],
    }
    for name in runtime.__all__:
        value = getattr(runtime, name)
        if isinstance(value, type) and issubclass(value, errors.SpacegenError):
            table[name] = [_error(value)]
    return table


@pytest.fixture
async def used(generated_client: generated.GeneratedFactory) -> Any:
    basics, files = generated_client("basics"), generated_client("files")
    sync_client, async_client = basics.Client(), basics.AsyncClient()
    with files.Client() as fc:
        sync_file = fc.make_file("sync", "s.txt")
        sync_file.read()  # the file's own state is used too
        async with files.AsyncClient() as afc:
            async_file = await afc.make_file("async", "a.txt")
            results: list[Any] = [sync_client.numbers(1, 2, 3), await async_client.echo_text("x")]
            results += [sync_client.text_stats("a b"), sync_client.json_echo({"k": [1]})]
            job = sync_client.submit_numbers(2, 2, 1)
            job.result(timeout=30)
            async_job = async_client.submit_numbers(1, 1, 1)
            await async_job.result(timeout=30)
            yield Used(basics, sync_client, async_client, results, sync_file, async_file,
                       job, async_job)  # fmt: skip
    sync_client.close()
    await async_client.aclose()


def _round_trip(value: object) -> object:
    return pickle.loads(pickle.dumps(value))


def _same(copy: object, value: object) -> bool:
    if isinstance(value, runtime.RemoteFile):
        return isinstance(copy, runtime.RemoteFile) and copy.data == value.data
    if isinstance(value, runtime.SpaceClient | runtime.AsyncSpaceClient):
        return type(copy) is type(value) and copy._opts == value._opts
    if isinstance(value, errors.SpacegenError):
        return type(copy) is type(value) and vars(copy) == vars(value)
    return bool(copy == value)


async def test_every_public_runtime_name_pickles(used: Used) -> None:
    samples = _samples(used)
    assert sorted(samples) == sorted(runtime.__all__), "a public name has no pickling sample"
    for name in runtime.__all__:
        obj = getattr(runtime, name)
        if isinstance(obj, type) or inspect.isfunction(obj):  # (aliases: their values below)
            assert _round_trip(obj) is obj, name  # by reference
        for value in samples[name]:
            assert _same(_round_trip(value), value), f"{name}: {value!r}"
    assert _round_trip(runtime.NOT_GIVEN) is runtime.NOT_GIVEN


async def test_every_public_name_of_a_generated_module_pickles(used: Used) -> None:
    module = used.basics
    for name in module.__all__:
        obj = getattr(module, name)
        assert _round_trip(obj) is obj, name
        for value in _module_samples(module, obj, used):
            assert _same(_round_trip(value), value), f"{name}: {value!r}"


def _module_samples(module: ModuleType, obj: Any, used: Used) -> list[object]:
    if isinstance(obj, type) and issubclass(obj, runtime.SpaceClient):
        return [obj(), used.sync_client]
    if isinstance(obj, type) and issubclass(obj, runtime.AsyncSpaceClient):
        return [obj(), used.async_client]
    if isinstance(obj, type) and issubclass(obj, tuple):  # a NamedTuple result class
        found = [r for r in used.results if isinstance(r, obj)]
        assert found, f"{module.__name__}.{obj.__name__}: no sample result"
        return list(found)
    if typing.is_typeddict(obj):
        return [r for r in used.results if isinstance(r, dict)]
    pytest.fail(f"{obj!r}: a public name of a generated module no test knows how to pickle")


async def test_a_used_client_travels_as_its_configuration(used: Used) -> None:
    copy = _round_trip(used.sync_client)
    assert used.sync_client.session_hash is not None and copy.session_hash is None
    assert copy.numbers(1, 2, 3) == used.results[0]
    assert copy.session_hash not in (None, used.sync_client.session_hash)  # its own session
    copy.close()
    acopy = _round_trip(used.async_client)
    assert await acopy.echo_text("y") == "y"
    await acopy.aclose()
    assert _round_trip(copy)._closed is False  # a closed client's copy is a fresh client


async def test_unpickled_files_download_on_their_own(used: Used) -> None:
    assert _round_trip(used.sync_file).read() == b"sync"
    copy = _round_trip(used.async_file)
    assert isinstance(copy, runtime.RemoteFile)
    assert await copy.aread() == b"async" and copy.read() == b"async"


async def test_jobs_refuse_with_a_clear_error(used: Used) -> None:
    for job in (used.job, used.async_job):
        with pytest.raises(errors.UsageError, match="cannot be pickled"):
            pickle.dumps(job)
