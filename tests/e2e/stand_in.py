"""A loopback stand-in for the Hub's Space API and a Space's edge, with fault injection.

One threaded HTTP server plays both parts (``HF_ENDPOINT`` and the Space's host point at it):

- Hub: ``GET /api/spaces/{id}/host`` and ``/runtime`` (stage and message, token checked
  for a private Space) and ``GET /spaces/{id}`` (the Space's page: a visit wakes it).
- Edge: every other path. While the scripted stage is not RUNNING it answers 503 with a web
  page, as the Hub's proxy does; once running it forwards to a real Gradio server, except
  where a scripted :class:`Fault` applies (real sockets: cut, delayed, refused, corrupted).

``client_sockets(port)`` lists this process's open TCP sockets to ``port`` (from /proc): what
a closed client must not leave behind.
"""

from __future__ import annotations

import contextlib
import json
import socket
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx

SPACE_ID = "stand-in/space"
TOKEN = "hf_standintokenvalue0123"
_HOP = {"connection", "keep-alive", "transfer-encoding", "host", "content-length"}


@dataclass
class Fault:
    """One scripted fault on requests whose path contains ``path`` (used ``times`` times).

    kinds: ``status`` (answer ``status`` with ``headers``/``body``, not forwarded), ``delay``
    (wait ``seconds``, then forward), ``cut_stream`` (forward, close after ``after`` bytes),
    ``garbage`` (forward, insert a malformed event line after the first chunk),
    ``cut_upload`` (read half the request body, then close), ``lose_answer`` (forward the
    request, read the server's answer, close without passing it on).
    """

    path: str
    kind: str
    times: int = 1
    status: int = 503
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    seconds: float = 0.0
    after: int = 0


class StandIn:
    """The stand-in server; ``url`` is both the Hub and the Space's host."""

    def __init__(self, upstream: str, private: bool = False) -> None:
        self.upstream = upstream.rstrip("/")
        self.private = private
        self.faults: list[Fault] = []
        self.requests: list[str] = []  # "METHOD /path" of every request
        self.headers: list[tuple[str, dict[str, str]]] = []  # (path, headers) of each
        self.hub_auth: list[str | None] = []  # Authorization of each Hub request
        self.upstream_joins = 0  # joins that reached the Gradio server
        self.wakes = 0
        self.hub_message: str | None = None
        self._lock = threading.Lock()
        self._http = httpx.Client(timeout=None)
        self.script(())
        handler = type("Handler", (_Handler,), {"stand_in": self})
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def script(self, steps: tuple[tuple[str, float], ...], then: str = "RUNNING",
               asleep: bool = False) -> None:  # fmt: skip
        """Stages from now: each ``(stage, seconds)`` in turn, then ``then``; ``asleep``:
        SLEEPING first, until the Space's page is visited."""
        with self._lock:
            self._steps, self._then, self._asleep = steps, then, asleep
            self._t0 = time.monotonic()

    def stage(self) -> str:
        with self._lock:
            if self._asleep:
                return "SLEEPING"
            elapsed = time.monotonic() - self._t0
            for name, seconds in self._steps:
                if elapsed < seconds:
                    return name
                elapsed -= seconds
            return self._then

    def wake(self) -> None:
        with self._lock:
            if self._asleep:
                self._asleep, self._t0 = False, time.monotonic()
                self.wakes += 1

    def take_fault(self, path: str) -> Fault | None:
        with self._lock:
            for fault in self.faults:
                if fault.path in path and fault.times > 0:
                    fault.times -= 1
                    return fault
        return None

    def count(self, what: str) -> int:
        return sum(what in line for line in self.requests)

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(5)
        self._http.close()


class _Handler(BaseHTTPRequestHandler):
    stand_in: StandIn
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass

    def do_GET(self) -> None:
        self._route()

    def do_POST(self) -> None:
        self._route()

    def _route(self) -> None:
        self.close_connection = True
        owner = self.stand_in
        with owner._lock:
            owner.requests.append(f"{self.command} {self.path}")
            owner.headers.append((self.path, {k.lower(): v for k, v in self.headers.items()}))
        if self.path.startswith(("/api/spaces/", "/spaces/")):
            self._hub()
        elif owner.stage() != "RUNNING":
            self._reply(503, b"<html><body>This Space is starting</body></html>", "text/html")
        else:
            self._edge()

    # -- the Hub ---------------------------------------------------------------------------

    def _hub(self) -> None:
        owner = self.stand_in
        with owner._lock:
            owner.hub_auth.append(self.headers.get("authorization"))
        path = self.path.split("?")[0]
        known = path.rstrip("/").endswith(SPACE_ID) or f"/{SPACE_ID}/" in path
        if not known:
            self._json(404, {"error": "Repository not found"})
        elif owner.private and self.headers.get("authorization") != f"Bearer {TOKEN}":
            self._json(401, {"error": "Invalid credentials in Authorization header"})
        elif path.endswith("/host"):
            self._json(200, {"subdomain": "stand-in-space", "host": owner.url})
        elif path.endswith("/runtime"):
            self._json(200, {"stage": owner.stage(), "errorMessage": owner.hub_message})
        else:  # the Space's page
            owner.wake()
            self._reply(200, b"<html><body>Space page</body></html>", "text/html")

    # -- the Space's edge ------------------------------------------------------------------

    def _edge(self) -> None:
        fault = self.stand_in.take_fault(self.path)
        if fault is not None and fault.kind == "status":
            self._reply(fault.status, fault.body, "application/json", fault.headers)
            return
        if fault is not None and fault.kind == "cut_upload":
            self._read_body(half=True)
            self._cut()
            return
        if fault is not None and fault.kind == "delay":
            time.sleep(fault.seconds)
        self._forward(fault, self._read_body())

    def _forward(self, fault: Fault | None, body: bytes) -> None:
        owner = self.stand_in
        headers = {k: v for k, v in self.headers.items() if k.lower() not in _HOP}
        request = owner._http.build_request(
            self.command, owner.upstream + self.path, headers=headers, content=body or None
        )
        try:
            response = owner._http.send(request, stream=True)
        except httpx.HTTPError:
            self._cut()
            return
        if self.path.split("?")[0].endswith("/queue/join"):
            with owner._lock:
                owner.upstream_joins += 1
        with contextlib.closing(response):
            self._relay(fault, response)

    def _relay(self, fault: Fault | None, response: httpx.Response) -> None:
        if fault is not None and fault.kind == "lose_answer":
            response.read()
            self._cut()
            return
        self.send_response(response.status_code)
        for name, value in response.headers.multi_items():
            if name.lower() not in _HOP:
                self.send_header(name, value)
        self.send_header("Connection", "close")
        self.end_headers()
        sent = 0
        try:
            for chunk in response.iter_raw():
                if fault is not None and fault.kind == "cut_stream" and sent >= fault.after:
                    self._cut()
                    return
                self.wfile.write(chunk)
                sent += len(chunk)
                if fault is not None and fault.kind == "garbage":
                    self.wfile.write(b"data: {this is not json\n\n")
                    fault = None
        except OSError:
            return

    # -- plumbing ------------------------------------------------------------------------

    def _read_body(self, half: bool = False) -> bytes:
        length = int(self.headers.get("content-length") or 0)
        return self.rfile.read(length // 2 if half else length) if length else b""

    def _cut(self) -> None:
        """Close the client's connection abruptly (no answer, or half of one)."""
        with contextlib.suppress(OSError):
            self.connection.setsockopt(
                socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00"
            )
            self.connection.shutdown(socket.SHUT_RDWR)

    def _json(self, status: int, body: object) -> None:
        self._reply(status, json.dumps(body).encode(), "application/json")

    def _reply(self, status: int, body: bytes, kind: str,
               headers: dict[str, str] | None = None) -> None:  # fmt: skip
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        with contextlib.suppress(OSError):
            self.wfile.write(body)


def client_sockets(port: int) -> list[int]:
    """Inodes of this process's TCP sockets whose remote end is ``127.0.0.1:port``."""
    mine = set()
    for fd in Path("/proc/self/fd").iterdir():
        with contextlib.suppress(OSError):
            target = fd.readlink().as_posix()
            if target.startswith("socket:["):
                mine.add(int(target[8:-1]))
    found = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with contextlib.suppress(OSError):
            for line in Path(table).read_text().splitlines()[1:]:
                parts = line.split()
                remote_port = int(parts[2].rsplit(":", 1)[1], 16)
                inode = int(parts[9])
                if remote_port == port and inode in mine:
                    found.append(inode)
    return found
