"""The floor: the least a correct client must do to call a Gradio 6 app through its queue.

Per call: ``POST {P}/queue/join`` (``data``, ``fn_index``, ``session_hash``,
``simple_format: true``) and then ``GET {P}/queue/data?session_hash=...``, reading the SSE
stream line by line until ``process_completed`` arrives for the event id the join returned.
Files: ``POST {P}/upload`` streaming the file object (multipart field ``files``), and a streamed
``GET`` of the output's ``url`` for downloads. Nothing else: no ``/config`` or ``/info`` at
construction (the fn_index values are given, as a generated client bakes them in), no heartbeat,
no diffs (``simple_format``), no retries.

Two designs, each used where it is the faster one:

- **One session per call** (:class:`Floor`, this module) for sequential calls, the generator and
  uploads. Every call gets a fresh ``session_hash`` and reads its own stream, so a call holds at
  most one connection at a time (the join's connection goes back to the pool and is reused for
  the stream). The stream is read to its end (the server sends ``close_stream`` and ends the
  body right after the last ``process_completed`` of a session), so that connection goes back
  to the pool too: sequential calls run over one kept-alive connection, with no thread hop.
- **One session per client** (:mod:`benchmarks.floor_shared`, sync and async) for 16-way
  concurrency: a reader demultiplexes the one stream by event id, so a call costs one join
  request instead of a join plus a stream. On the 2-core dev machine it did about 1.5x the calls
  per second of session-per-call, sync and async, so it is the stricter floor there; for one
  call at a time it only adds a thread hop.

Both keep connections alive in one ``httpx.Client``/``httpx.AsyncClient``. This module
deliberately does not import spacegen.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import IO, Any

import httpx

PREFIX = "/gradio_api"
TIMEOUT = httpx.Timeout(120.0, connect=10.0)
LIMITS = httpx.Limits(max_connections=64, max_keepalive_connections=64)
CHUNK = 1 << 20
FILE_META = {"_type": "gradio.FileData"}


class FloorError(RuntimeError):
    """The app reported a failure, or the stream ended before the job completed."""


def fn_indexes(url: str) -> dict[str, int]:
    """``api_name -> fn_index`` read from ``/config`` (done once, outside any timing)."""
    config = httpx.get(f"{url}/config", timeout=TIMEOUT).raise_for_status().json()
    return {f"/{dep['api_name']}": int(dep["id"]) for dep in config["dependencies"]}


def sse_messages(lines: Iterable[str]) -> Iterator[dict[str, Any]]:
    """The JSON payloads of the ``data:`` lines of an SSE stream."""
    for line in lines:
        if line.startswith("data:"):
            yield json.loads(line[5:])


def job_outputs(messages: Iterable[dict[str, Any]], event_id: str) -> Iterator[list[Any]]:
    """Output lists of one job: each ``process_generating``, then ``process_completed``."""
    for msg in messages:
        done = completed_outputs(msg, event_id)
        if done is not None:
            yield done
            return
        if msg.get("event_id") == event_id and msg.get("msg") == "process_generating":
            yield msg["output"]["data"]
    raise FloorError("stream ended before the job completed")


def join_body(fn_index: int, data: list[Any], session: str, simple: bool = True) -> dict[str, Any]:
    """The JSON body of ``queue/join`` (``simple_format`` exists from Gradio 4.20 on)."""
    body = {"data": data, "fn_index": fn_index, "session_hash": session}
    return {**body, "simple_format": True} if simple else body


def file_data(server_path: str, name: str) -> dict[str, Any]:
    """A FileData input value for a file already uploaded."""
    return {"path": server_path, "orig_name": name, "meta": FILE_META}


class Floor:
    """Synchronous floor client; thread-safe (httpx.Client is).

    ``prefix`` and ``simple`` serve the older shared-stream protocols too (``sse_v1`` to
    ``sse_v2.1``, Gradio 4.9-4.21: no prefix, no ``simple_format`` before 4.20, and the
    server ends the stream without ``close_stream``, which reading to the end covers).
    """

    def __init__(
        self, url: str, fns: Mapping[str, int], prefix: str = PREFIX, simple: bool = True
    ) -> None:
        self.fns, self.simple = fns, simple
        self.http = httpx.Client(base_url=url + prefix, timeout=TIMEOUT, limits=LIMITS)

    def close(self) -> None:
        self.http.close()

    def stream(self, api_name: str, data: list[Any]) -> Iterator[list[Any]]:
        """Join a job on a new session and yield its outputs as they arrive."""
        session = uuid.uuid4().hex
        body = join_body(self.fns[api_name], data, session, self.simple)
        event_id = self.http.post("/queue/join", json=body).raise_for_status().json()["event_id"]
        params = {"session_hash": session}
        with self.http.stream("GET", "/queue/data", params=params) as resp:
            resp.raise_for_status()
            lines = resp.iter_lines()
            yield from job_outputs(sse_messages(lines), event_id)
            for _ in lines:  # close_stream, then the end of the body: keeps the connection
                pass

    def call(self, api_name: str, data: list[Any]) -> list[Any]:
        """Run a job and return its final outputs."""
        return list(self.stream(api_name, data))[-1]

    def upload(self, path: Path) -> dict[str, Any]:
        """Upload a local file (streamed from disk); return the FileData input value."""
        with path.open("rb") as fh:
            files = {"files": (path.name, fh)}
            resp = self.http.post("/upload", files=files).raise_for_status()
        return file_data(resp.json()[0], path.name)

    def download(self, url: str, dest: IO[bytes]) -> int:
        """Stream a file URL into ``dest``; return the byte count."""
        size = 0
        with self.http.stream("GET", url) as resp:
            resp.raise_for_status()
            for chunk in resp.iter_bytes(CHUNK):
                size += dest.write(chunk)
        return size


def completed_outputs(msg: dict[str, Any], event_id: str) -> list[Any] | None:
    """The outputs if ``msg`` completes ``event_id``; raise on failure; else None."""
    if msg.get("msg") in ("close_stream", "unexpected_error"):
        raise FloorError(f"stream ended before the job completed: {msg}")
    if msg.get("event_id") != event_id or msg.get("msg") != "process_completed":
        return None
    if not msg.get("success"):
        raise FloorError(f"job failed: {msg.get('output')}")
    return list(msg["output"]["data"])
