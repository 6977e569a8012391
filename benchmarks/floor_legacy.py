"""Raw floors of the protocols that have one stream per job: ``sse`` (4.0-4.8) and ``ws`` (3.x).

The least a correct client of each does per call, on one kept-alive ``httpx.Client`` (see
``../shared/PROTOCOL.md`` section 3.5); no prefix (4.x and 3.x have none), no ``/config`` or
``/info`` per call (the fn_index values are given), no heartbeat, no retries.

- ``sse`` ("v0"): ``GET /queue/join?fn_index=&session_hash=`` opens the job's own event stream;
  on ``send_data`` the inputs go up with ``POST /queue/data`` (``data, event_data, fn_index,
  session_hash, event_id``); the stream is read to ``process_completed`` and on to its end (so
  its connection returns to the pool).
- ``ws`` (3.x): a websocket at ``/queue/join`` per job; ``send_hash`` is answered with
  ``{fn_index, session_hash}``, ``send_data`` with ``{data, event_data, fn_index,
  session_hash}``; the job ends with ``process_completed``. Websockets come from ``httpx-ws``
  (the ``legacy`` extra), without keep-alive pings.

The shared-stream protocols (``sse_v1`` to ``sse_v3``) use :class:`benchmarks.floor.Floor`
with their prefix. This module deliberately does not import spacegen.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from typing import Any

import httpx

from benchmarks.floor import LIMITS, TIMEOUT, FloorError


def fn_indexes(url: str) -> dict[str, int]:
    """``api_name -> fn_index`` from ``/config``; 3.x dependencies have no ``id``: position."""
    config = httpx.get(f"{url}/config", timeout=TIMEOUT).raise_for_status().json()
    deps = config["dependencies"]
    return {f"/{d['api_name']}": int(d.get("id", i)) for i, d in enumerate(deps)
            if d.get("api_name")}  # fmt: skip


def final_outputs(msg: dict[str, Any]) -> list[Any] | None:
    """The outputs if ``msg`` ends the job (a per-job channel's messages are all its own)."""
    kind = msg.get("msg")
    if kind == "queue_full":
        raise FloorError("queue full")
    if kind != "process_completed":
        return None
    if not msg.get("success"):
        raise FloorError(f"job failed: {msg.get('output')}")
    return list(msg["output"]["data"])


class _PerJob:
    def __init__(self, url: str, fns: Mapping[str, int]) -> None:
        self.url, self.fns = url, fns
        self.http = httpx.Client(base_url=url, timeout=TIMEOUT, limits=LIMITS)

    def close(self) -> None:
        self.http.close()


class SseFloor(_PerJob):
    """``sse`` (Gradio 4.0-4.8): one event stream per job, inputs posted on ``send_data``."""

    def call(self, api_name: str, data: list[Any]) -> list[Any]:
        fn, session = self.fns[api_name], uuid.uuid4().hex
        params = {"fn_index": fn, "session_hash": session}
        result: list[Any] | None = None
        with self.http.stream("GET", "/queue/join", params=params) as resp:
            resp.raise_for_status()
            for line in resp.iter_lines():
                if not line.startswith("data:") or result is not None:
                    continue  # after the result: read on to the end of the body
                msg = json.loads(line[5:])
                if msg.get("msg") == "send_data":
                    body = {**params, "data": data, "event_data": None,
                            "event_id": msg.get("event_id")}  # fmt: skip
                    self.http.post("/queue/data", json=body).raise_for_status()
                result = final_outputs(msg)
        if result is None:
            raise FloorError("stream ended before the job completed")
        return result


class WsFloor(_PerJob):
    """``ws`` (Gradio 3.x): one websocket per job."""

    def __init__(self, url: str, fns: Mapping[str, int]) -> None:
        super().__init__(url, fns)
        import httpx_ws  # noqa: PLC0415  # the legacy extra; only this floor needs it

        self.connect = httpx_ws.connect_ws
        self.ws_url = "ws" + url.removeprefix("http") + "/queue/join"

    def call(self, api_name: str, data: list[Any]) -> list[Any]:
        hello = {"fn_index": self.fns[api_name], "session_hash": uuid.uuid4().hex}
        with self.connect(self.ws_url, self.http, keepalive_ping_interval_seconds=None) as ws:
            while True:
                msg = json.loads(ws.receive_text())
                if msg.get("msg") == "send_hash":
                    ws.send_text(json.dumps(hello))
                elif msg.get("msg") == "send_data":
                    ws.send_text(json.dumps({**hello, "data": data, "event_data": None}))
                result = final_outputs(msg)
                if result is not None:
                    return result
