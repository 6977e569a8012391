"""Replay helpers: captured Gradio traffic served through ``httpx.MockTransport``."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import httpx
from corpus_data import CAPTURES

_SSE_LINE = re.compile(r"^\[t\+\s*[\d.]+s\] \[SSE\] data: (.*)$")
_JOIN_REPLY = re.compile(r'^<<< \{"event_id":"([0-9a-f]{32})"\}$')


def capture_section(name: str, heading: str, after: str = "") -> str:
    """The text of the ``## heading...`` section of a capture file (in tests/data/captures/)."""
    path = CAPTURES / name
    assert path.is_file(), f"capture {name} is missing from {CAPTURES}"
    text = path.read_text(encoding="utf-8", errors="replace")
    start = text.index(heading, text.index(after) if after else 0)
    end = text.find("\n## ", start + 1)
    return text[start : end if end != -1 else None]


def sse_messages(section: str) -> list[str]:
    """The JSON payloads of the ``[SSE] data:`` lines of a section, in order."""
    return [m.group(1) for line in section.splitlines() if (m := _SSE_LINE.match(line))]


def event_ids(section: str) -> list[str]:
    return [m.group(1) for line in section.splitlines() if (m := _JOIN_REPLY.match(line))]


def sse_body(messages: list[str]) -> bytes:
    return "".join(f"data: {m}\n\n" for m in messages).encode()


Handler = Callable[[httpx.Request], httpx.Response]


@dataclass
class FakeGradio:
    """A scripted server: join replies, event streams and extra routes, all recorded."""

    event_ids: list[str] = field(default_factory=list)
    streams: Sequence[bytes | Iterator[bytes]] = field(default_factory=list)
    routes: dict[str, Handler] = field(default_factory=dict)
    join_status: list[httpx.Response] = field(default_factory=list)
    requests: list[httpx.Request] = field(default_factory=list)
    prefix: str = "/gradio_api"

    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self.handle)

    def handle(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        path = request.url.path
        if path in self.routes:
            return self.routes[path](request)
        if path == f"{self.prefix}/queue/join":
            if self.join_status:
                return self.join_status.pop(0)
            return httpx.Response(200, json={"event_id": self.event_ids.pop(0)})
        if path == f"{self.prefix}/queue/data" and self.streams:
            body, self.streams = self.streams[0], self.streams[1:]
            headers = {"content-type": "text/event-stream"}
            return httpx.Response(200, content=body, headers=headers)
        return httpx.Response(404, json={"detail": "Not Found"})

    def joins(self) -> list[dict[str, Any]]:
        return [json.loads(r.content) for r in self.requests if r.url.path.endswith("/queue/join")]

    def paths(self) -> list[str]:
        return [f"{r.method} {r.url.path}" for r in self.requests]


# -- hand-written clients for the captured apps -------------------------------------------

from spacegen.runtime import (  # noqa: E402
    App,
    AsyncSpaceClient,
    Endpoint,
    FileInput,
    Job,
    Json,
    RemoteFile,
    SpaceClient,
)

GREET: Endpoint[str] = Endpoint(
    api_name="/greet", fn_index=0, method="greet", signature="greet(name, exclaim) -> str",
    slots=(0, 1), outputs=(0,), defaults=((1, False),),
)  # fmt: skip
CALC: Endpoint[float] = Endpoint(
    api_name="/calc", fn_index=1, method="calc", signature="calc(a, op, b) -> float",
    slots=(0, 1, 2), outputs=(0,),
)  # fmt: skip
GEN: Endpoint[str] = Endpoint(
    api_name="/gen", fn_index=1, method="gen", signature="gen(n) -> str",
    slots=(0,), outputs=(0,), generator=True,
)  # fmt: skip
FLIP: Endpoint[tuple[RemoteFile, float]] = Endpoint(
    api_name="/flip", fn_index=0, method="flip", signature="flip(image) -> tuple",
    slots=(0,), outputs=(0, 1), files=((0,),),
)  # fmt: skip
ECHO_FILES: Endpoint[list[RemoteFile]] = Endpoint(
    api_name="/echo_file", fn_index=1, method="echo_file", signature="echo_file(files) -> list",
    slots=(0,), outputs=(0,), files=((0, "*"),),
)  # fmt: skip
JSON_OUT: Endpoint[Json] = Endpoint(
    api_name="/js", fn_index=2, method="js", signature="js(x) -> Json", slots=(0,), outputs=(0,),
)  # fmt: skip
UPDATES: Endpoint[tuple[str, str]] = Endpoint(
    api_name="/updates", fn_index=3, method="updates", signature="updates(x) -> tuple",
    slots=(0,), outputs=(0, 1), output_ids=(9, 10),
)  # fmt: skip
STATEFUL: Endpoint[float] = Endpoint(
    api_name="/count", fn_index=4, method="count", signature="count(step) -> float",
    slots=(0, None), outputs=(0, None),
)  # fmt: skip
APP = App(
    source="http://gradio.test", gradio_version="6.31.0", protocol="sse_v3",
    api_prefix="/gradio_api", api_hash="0", max_file_size=102400,
    endpoints=(GREET, CALC, GEN, FLIP, ECHO_FILES, JSON_OUT, UPDATES, STATEFUL),
)  # fmt: skip


class ReplayClient(SpaceClient):
    """Replays script only the queue: no /config check unless a test asks for one."""

    _app = APP

    def __init__(self, *args: Any, **options: Any) -> None:
        options.setdefault("verify_endpoints", False)
        super().__init__(*args, **options)

    def greet(self, name: str, exclaim: bool = False) -> str:
        return self._call(GREET, (name, exclaim))

    def submit_greet(self, name: str, exclaim: bool = False) -> Job[str]:
        return self._submit(GREET, (name, exclaim))

    def submit_calc(self, a: float, op: str, b: float) -> Job[float]:
        return self._submit(CALC, (a, op, b))

    def flip(self, image: FileInput) -> tuple[RemoteFile, float]:
        return self._call(FLIP, (image,))


class AsyncReplayClient(AsyncSpaceClient):
    _app = APP

    def __init__(self, *args: Any, **options: Any) -> None:
        options.setdefault("verify_endpoints", False)
        super().__init__(*args, **options)

    async def greet(self, name: str, exclaim: bool = False) -> str:
        return await self._call(GREET, (name, exclaim))


def client(fake: FakeGradio, **options: Any) -> ReplayClient:
    return ReplayClient(httpx_kwargs={"transport": fake.transport()}, **options)


def aclient(fake: FakeGradio, **options: Any) -> AsyncReplayClient:
    return AsyncReplayClient(httpx_kwargs={"transport": fake.transport()}, **options)
