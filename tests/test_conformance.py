"""The type-conformance checker used on every value generated clients return in e2e/live tests."""

from __future__ import annotations

import asyncio
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from conformance import ConformanceError, return_annotation, walk
from conformance_clients import instrument

from spacegen.runtime import RemoteFile

#: Shaped like generated code: postponed annotations, TypedDicts, NamedTuple results.
SAMPLE = """
from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any, Literal, NamedTuple, NotRequired, TypedDict

from spacegen.runtime import App, AsyncSpaceClient, Json, RemoteFile, SpaceClient

_APP = App(
    source="sample", gradio_version="6.31.0", protocol="sse_v3", api_prefix="/gradio_api",
    api_hash="0", connect_heartbeat=True, endpoints=(),
)


class Meta(TypedDict):
    title: NotRequired[str]
    status: NotRequired[Literal["pending", "done"]]


class Message(TypedDict):
    role: Literal["user", "assistant"]
    content: str | RemoteFile
    metadata: NotRequired[Meta | None]


class Pair(NamedTuple):
    count: int
    history: list[Message]
    extra: dict[str, Json]


class Client(SpaceClient):
    _app = _APP

    def pair(self) -> Pair:
        return self._canned

    def history(self) -> list[Message] | None:
        return self._canned

    def stream_words(self) -> Iterator[str]:
        return iter(self._canned)


class AsyncClient(AsyncSpaceClient):
    _app = _APP

    async def pair(self) -> Pair:
        return self._canned

    def stream_words(self) -> AsyncIterator[str]:
        return _aiter(self._canned)


async def _aiter(items: Any) -> AsyncIterator[Any]:
    for item in items:
        yield item
"""


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    path = tmp_path_factory.mktemp("conformance") / "conformance_sample.py"
    path.write_text(textwrap.dedent(SAMPLE), encoding="utf-8")
    module = ModuleType("conformance_sample")
    module.__file__ = str(path)
    sys.modules[module.__name__] = module
    exec(compile(path.read_text(), str(path), "exec"), vars(module))
    yield module
    del sys.modules[module.__name__]


def check(module: ModuleType, value: Any, method: str) -> None:
    annotation = return_annotation(getattr(module.Client, method), module)
    walk(value, annotation, "result", vars(module))


def remote() -> RemoteFile:
    return RemoteFile({"path": "/tmp/x.png", "meta": {"_type": "gradio.FileData"}})


def message(**changes: Any) -> dict[str, Any]:
    return {"role": "user", "content": "hi", **changes}


def test_conforming_values_pass(sample: ModuleType) -> None:
    history = [message(), message(role="assistant", content=remote(), metadata={"title": "t"})]
    history.append(message(metadata={"status": "done"}))
    history.append(message(metadata=None))
    check(sample, sample.Pair(2, history, {"a": [1, 2.5, None, {"b": "c"}]}), "pair")
    check(sample, None, "history")
    check(sample, [], "history")


@pytest.mark.parametrize(
    ("value", "path", "expected"),
    [
        ((2.5, [], {}), "result.count", "int"),  # wrong NamedTuple field type
        (("3", [], {}), "result.count", "int"),  # str where int
        ((1, [{"content": "hi"}], {}), "result.history[0]['role']", "a key of Message"),
        ((1, [message(role="system")], {}), "result.history[0]['role']", "Literal"),
        ((1, [message(metadata={"status": "later"})], {}), "['metadata']['status']", "Literal"),
        ((1, [message(content=3)], {}), "result.history[0]['content']", "str | RemoteFile"),
        ((1, [message(extra=1)], {}), "result.history[0]['extra']", "no such key"),
        ((1, [], {"a": object()}), "result.extra['a']", "bool | int"),
        ((1, [], {"a": [1, {"b": {1, 2}}]}), "result.extra['a'][1]['b']", "bool | int"),
        ((1, ({},), {}), "result.history", "list[Message]"),
    ],
)
def test_wrong_values_are_rejected_with_their_path(
    sample: ModuleType, value: tuple[Any, ...], path: str, expected: str
) -> None:
    with pytest.raises(ConformanceError) as caught:
        check(sample, sample.Pair(*value), "pair")
    assert path in caught.value.path
    assert expected in caught.value.expected


def test_a_plain_tuple_is_not_the_namedtuple(sample: ModuleType) -> None:
    with pytest.raises(ConformanceError, match=r"result: expected Pair, got tuple"):
        check(sample, (1, [], {}), "pair")


def test_none_only_where_annotated(sample: ModuleType) -> None:
    with pytest.raises(ConformanceError, match=r"result: expected Pair"):
        check(sample, None, "pair")
    with pytest.raises(ConformanceError, match=r"result\[0\]\['role'\]"):
        check(sample, [message(role=None)], "history")


def test_instrumented_clients_fail_the_test_on_a_wrong_value(sample: ModuleType) -> None:
    instrument(sample)
    client = sample.Client("http://127.0.0.1:9")
    client._canned = [message()]
    assert client.history() == [message()]
    client._canned = [message(role=1)]
    with pytest.raises(
        pytest.fail.Exception, match=r"history\(\): result\[0\]\['role'\]: expected"
    ):
        client.history()
    client._canned = ["a", 2]
    words = client.stream_words()
    assert next(words) == "a"
    with pytest.raises(
        pytest.fail.Exception, match=r"stream_words\(\) item 1: result: expected str"
    ):
        next(words)


def test_instrumented_async_clients_are_checked(sample: ModuleType) -> None:
    instrument(sample)

    async def main() -> None:
        client = sample.AsyncClient("http://127.0.0.1:9")
        client._canned = ("x", [], {})
        with pytest.raises(pytest.fail.Exception, match=r"pair\(\): result: expected Pair"):
            await client.pair()
        client._canned = ["a", None]
        with pytest.raises(
            pytest.fail.Exception, match=r"item 1: result: expected str, got NoneType"
        ):
            [word async for word in client.stream_words()]

    asyncio.run(main())


def test_instrumenting_twice_wraps_once(sample: ModuleType) -> None:
    instrument(sample)
    first = sample.Client.history
    instrument(sample)
    assert sample.Client.history is first
    assert Path(sample.__file__ or "").name == "conformance_sample.py"
