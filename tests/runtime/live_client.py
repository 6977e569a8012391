"""Hand-written client for ``live_app.py``, shaped exactly like generated code."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Final, NamedTuple

from spacegen.runtime import (
    NOT_GIVEN,
    App,
    AsyncJob,
    AsyncSpaceClient,
    Endpoint,
    FileInput,
    Job,
    Json,
    NotGiven,
    RemoteFile,
    SpaceClient,
)


class CountResult(NamedTuple):
    total: float


class ReverseFileResult(NamedTuple):
    file: RemoteFile
    size: float


class UpdatesResult(NamedTuple):
    shout: str
    kept: str


_GREET: Final = Endpoint[str](
    api_name="/greet", fn_index=0, method="greet",
    signature="greet(name: str, exclaim: bool | NotGiven = NOT_GIVEN) -> str",
    slots=(0, 1), outputs=(0,), defaults=((1, False),),
)  # fmt: skip
_COUNT: Final = Endpoint[float](
    api_name="/count", fn_index=1, method="count", signature="count(step: float) -> float",
    slots=(0, None), outputs=(0, None),
)  # fmt: skip
_TOKENS: Final = Endpoint[str](
    api_name="/tokens", fn_index=2, method="tokens", signature="tokens(n: float) -> str",
    slots=(0,), outputs=(0,), generator=True,
)  # fmt: skip
_BOOM: Final = Endpoint[str](
    api_name="/boom", fn_index=3, method="boom", signature="boom(x: str) -> str",
    slots=(0,), outputs=(0,),
)  # fmt: skip
_WORK: Final = Endpoint[str](
    api_name="/work", fn_index=4, method="work", signature="work(steps: float) -> str",
    slots=(0,), outputs=(0,),
)  # fmt: skip
_REVERSE_FILE: Final = Endpoint[ReverseFileResult](
    api_name="/reverse_file", fn_index=5, method="reverse_file",
    signature="reverse_file(file: FileInput) -> ReverseFileResult",
    slots=(0,), outputs=(0, 1), files=((0,),), result=ReverseFileResult,
)  # fmt: skip
_UPDATES: Final = Endpoint[UpdatesResult](
    api_name="/updates", fn_index=6, method="updates",
    signature="updates(x: str) -> UpdatesResult",
    slots=(0,), outputs=(0, 1), result=UpdatesResult, output_ids=(9, 10),
)  # fmt: skip
_JSON_PATH: Final = Endpoint[Json](
    api_name="/json_path", fn_index=7, method="json_path", signature="json_path(x: str) -> Json",
    slots=(0,), outputs=(0,),
)  # fmt: skip
_ECHO: Final = Endpoint[str](
    api_name="/echo", fn_index=8, method="echo", signature="echo(x: str) -> str",
    slots=(0,), outputs=(0,),
)  # fmt: skip
_APP: Final = App(
    source="http://127.0.0.1:7860", gradio_version="6.31.0", protocol="sse_v3",
    api_prefix="/gradio_api", api_hash="0", connect_heartbeat=True,
    endpoints=(_GREET, _COUNT, _TOKENS, _BOOM, _WORK, _REVERSE_FILE, _UPDATES, _JSON_PATH, _ECHO),
)  # fmt: skip


class LiveClient(SpaceClient):
    _app = _APP

    def greet(self, name: str, exclaim: bool | NotGiven = NOT_GIVEN) -> str:
        return self._call(_GREET, (name, exclaim))

    def count(self, step: float) -> float:
        return self._call(_COUNT, (step,))

    def tokens(self, n: float) -> str:
        return self._call(_TOKENS, (n,))

    def stream_tokens(self, n: float) -> Iterator[str]:
        return self._stream(_TOKENS, (n,))

    def boom(self, x: str) -> str:
        return self._call(_BOOM, (x,))

    def submit_work(self, steps: float) -> Job[str]:
        return self._submit(_WORK, (steps,))

    def reverse_file(self, file: FileInput) -> ReverseFileResult:
        return self._call(_REVERSE_FILE, (file,))

    def submit_updates(self, x: str) -> Job[UpdatesResult]:
        return self._submit(_UPDATES, (x,))

    def json_path(self, x: str) -> Json:
        return self._call(_JSON_PATH, (x,))

    def echo(self, x: str) -> str:
        return self._call(_ECHO, (x,))

    def submit_echo(self, x: str) -> Job[str]:
        return self._submit(_ECHO, (x,))


class AsyncLiveClient(AsyncSpaceClient):
    _app = _APP

    async def greet(self, name: str, exclaim: bool | NotGiven = NOT_GIVEN) -> str:
        return await self._call(_GREET, (name, exclaim))

    async def count(self, step: float) -> float:
        return await self._call(_COUNT, (step,))

    def stream_tokens(self, n: float) -> AsyncIterator[str]:
        return self._stream(_TOKENS, (n,))

    async def boom(self, x: str) -> str:
        return await self._call(_BOOM, (x,))

    def submit_work(self, steps: float) -> AsyncJob[str]:
        return self._submit(_WORK, (steps,))

    async def reverse_file(self, file: FileInput) -> ReverseFileResult:
        return await self._call(_REVERSE_FILE, (file,))

    async def echo(self, x: str) -> str:
        return await self._call(_ECHO, (x,))
