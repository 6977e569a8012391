"""The floor's second design: one session per client, one reader demultiplexing its stream.

Calls join on the client's single ``session_hash``; one reader (a thread, or an asyncio task)
reads ``GET {P}/queue/data`` and hands each job's ``process_completed`` to its caller by event
id. The server ends the stream with ``close_stream`` whenever the session has no pending job;
the reader then stops, or reopens the stream if jobs are still waiting. Deciding that and
registering a new job happen under one lock, and messages that arrive before their job is
registered are kept, so no job is lost between two streams. Compared with one session per call
(:mod:`benchmarks.floor`) this halves the HTTP requests of concurrent calls; the harness uses it
as the floor of the concurrency figure (see ``floor.py`` for why).
"""

from __future__ import annotations

import asyncio
import json
import threading
import uuid
from collections.abc import Iterator
from typing import Any

import httpx

from benchmarks.floor import PREFIX, TIMEOUT, FloorError, completed_outputs, join_body

Message = dict[str, Any]


class _Demux:
    """Event id -> waiter, plus messages for ids nobody waits for yet. Not locked itself."""

    def __init__(self) -> None:
        self.waiters: dict[str, Any] = {}
        self.early: dict[str, Message] = {}

    def deliver(self, msg: Message) -> tuple[Any, list[Any] | BaseException] | None:
        """(waiter, outputs or error) if ``msg`` finishes a job, else None.

        Raises FloorError on ``unexpected_error`` (the server gave up on the session).
        """
        if msg.get("msg") == "unexpected_error":
            raise FloorError(f"stream failed: {msg}")
        event_id = msg.get("event_id")
        if event_id is None or msg.get("msg") != "process_completed":
            return None
        try:
            result: list[Any] | BaseException = completed_outputs(msg, event_id) or []
        except FloorError as exc:
            result = exc
        waiter = self.waiters.pop(event_id, None)
        if waiter is None:
            self.early[event_id] = msg
            return None
        return waiter, result


def _lines_to_messages(lines: Iterator[str]) -> Iterator[Message]:
    for line in lines:
        if line.startswith("data:"):
            yield json.loads(line[5:])


class SharedFloor:
    """Sync: threads call :meth:`call`; a reader thread runs while jobs are pending."""

    def __init__(self, url: str, fns: dict[str, int]) -> None:
        self.fns, self.session = fns, uuid.uuid4().hex
        limits = httpx.Limits(max_connections=64, max_keepalive_connections=64)
        self.http = httpx.Client(base_url=url + PREFIX, timeout=TIMEOUT, limits=limits)
        self.lock, self.demux, self.reading = threading.Lock(), _Demux(), False

    def close(self) -> None:
        self.http.close()

    def call(self, api_name: str, data: list[Any]) -> list[Any]:
        body = join_body(self.fns[api_name], data, self.session)
        event_id = self.http.post("/queue/join", json=body).raise_for_status().json()["event_id"]
        box: list[list[Any] | BaseException] = []
        done = threading.Event()
        with self.lock:
            early = self.demux.early.pop(event_id, None)
            if early is None:
                self.demux.waiters[event_id] = (box, done)
                if not self.reading:
                    self.reading = True
                    threading.Thread(target=self._read, daemon=True).start()
        if early is not None:
            return completed_outputs(early, event_id) or []
        if not done.wait(TIMEOUT.read):
            raise FloorError("no process_completed in time")
        if isinstance(box[0], BaseException):
            raise box[0]
        return box[0]

    def _read(self) -> None:
        while True:
            try:
                with self.http.stream(
                    "GET", "/queue/data", params={"session_hash": self.session}
                ) as resp:
                    for msg in _lines_to_messages(resp.iter_lines()):
                        self._dispatch(msg)
            except (httpx.HTTPError, FloorError) as exc:
                self._fail_all(exc)
            with self.lock:
                if not self.demux.waiters:
                    self.reading = False
                    return

    def _dispatch(self, msg: Message) -> None:
        with self.lock:
            hit = self.demux.deliver(msg)
        if hit is not None:
            (box, done), result = hit
            box.append(result)
            done.set()

    def _fail_all(self, exc: BaseException) -> None:
        with self.lock:
            waiters, self.demux.waiters = self.demux.waiters, {}
        for box, done in waiters.values():
            box.append(FloorError(f"stream failed: {exc}"))
            done.set()


class AsyncSharedFloor:
    """Async: tasks await :meth:`call`; a reader task runs while jobs are pending."""

    def __init__(self, url: str, fns: dict[str, int]) -> None:
        self.fns, self.session = fns, uuid.uuid4().hex
        limits = httpx.Limits(max_connections=64, max_keepalive_connections=64)
        self.http = httpx.AsyncClient(base_url=url + PREFIX, timeout=TIMEOUT, limits=limits)
        self.demux = _Demux()
        self.reader: asyncio.Task[None] | None = None

    async def aclose(self) -> None:
        await self.http.aclose()

    async def call(self, api_name: str, data: list[Any]) -> list[Any]:
        body = join_body(self.fns[api_name], data, self.session)
        resp = (await self.http.post("/queue/join", json=body)).raise_for_status()
        event_id = resp.json()["event_id"]
        early = self.demux.early.pop(event_id, None)
        if early is not None:
            return completed_outputs(early, event_id) or []
        future: asyncio.Future[list[Any]] = asyncio.get_running_loop().create_future()
        self.demux.waiters[event_id] = future
        if self.reader is None:
            self.reader = asyncio.create_task(self._read())
        return await asyncio.wait_for(future, TIMEOUT.read)

    async def _read(self) -> None:
        while self.demux.waiters:
            try:
                async with self.http.stream(
                    "GET", "/queue/data", params={"session_hash": self.session}
                ) as resp:
                    async for line in resp.aiter_lines():
                        if line.startswith("data:"):
                            self._dispatch(json.loads(line[5:]))
            except (httpx.HTTPError, FloorError) as exc:
                self._fail_all(exc)
        self.reader = None

    def _dispatch(self, msg: Message) -> None:
        hit = self.demux.deliver(msg)
        if hit is not None:
            future, result = hit
            if isinstance(result, BaseException):
                future.set_exception(result)
            else:
                future.set_result(result)

    def _fail_all(self, exc: BaseException) -> None:
        waiters, self.demux.waiters = self.demux.waiters, {}
        for future in waiters.values():
            future.set_exception(FloorError(f"stream failed: {exc}"))
