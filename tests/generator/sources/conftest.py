"""Fixtures for the sources tests: corpus locations, a recorded Hub, a real Gradio server."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import httpx
import pytest
from sources_support import APP_SOURCE, HUB_DATA, free_port

# --- a recorded Hugging Face Hub on loopback ---------------------------------------------------


_NOT_FOUND = {"X-Error-Code": "RepoNotFound"}

#: Space ids for which the loopback Hub answers with a fixed failure instead of a record.
_SCRIPTED: dict[str, tuple[int, dict[str, str]]] = {
    "hub/rate-limited": (429, {"Retry-After": "7"}),
    "hub/unavailable": (503, {}),
}


class _HubHandler(BaseHTTPRequestHandler):
    """Answers ``GET /api/spaces/{owner}/{name}`` like the Hub, from tests/data/hub/spaces/."""

    spaces: ClassVar[dict[str, dict[str, Any]]] = {}
    seen_tokens: ClassVar[list[str | None]] = []

    def do_GET(self) -> None:
        token = self.headers.get("authorization")
        self.seen_tokens.append(token)
        prefix = "/api/spaces/"
        space_id = self.path.split("?")[0].removeprefix(prefix)
        record = self.spaces.get(space_id) if self.path.startswith(prefix) else None
        if space_id in _SCRIPTED:
            status, headers = _SCRIPTED[space_id]
            self._answer(status, {"error": "scripted"}, headers)
        elif record is not None and (token or not record.get("private")):
            self._answer(200, record, {})
        elif token is None:  # the Hub hides private and missing repos alike from anonymous users
            self._answer(
                401, {"error": "Invalid username or password."}, {"X-Error-Code": "RepoNotFound"}
            )
        else:
            self._answer(404, {"error": "Repository not found"}, {"X-Error-Code": "RepoNotFound"})

    def _answer(self, status: int, body: dict[str, Any], headers: dict[str, str]) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        for key, value in {"Content-Type": "application/json", **headers}.items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: Any) -> None:
        """Keep test output quiet."""


@pytest.fixture(scope="module")
def hub_endpoint() -> Iterator[str]:
    """Base URL of a loopback Hub serving the recorded answers in tests/data/hub/spaces/."""
    records = [json.loads(p.read_text("utf-8")) for p in sorted(HUB_DATA.glob("*.json"))]
    _HubHandler.spaces = {r["id"]: r for r in records}
    server = ThreadingHTTPServer(("127.0.0.1", 0), _HubHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture
def hub_tokens() -> list[str | None]:
    """Authorization headers the recorded Hub received during one test."""
    _HubHandler.seen_tokens.clear()
    return _HubHandler.seen_tokens


@pytest.fixture(autouse=True)
def _no_ambient_token(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No test sees the developer's own HF token (environment or saved file)."""
    monkeypatch.delenv("HF_TOKEN", raising=False)
    monkeypatch.setenv("HF_TOKEN_PATH", str(tmp_path / "no-token"))
    if "huggingface_hub" in sys.modules:
        import huggingface_hub.constants as hub_constants  # noqa: PLC0415

        monkeypatch.setattr(hub_constants, "HF_TOKEN_PATH", str(tmp_path / "no-token"))


# --- a real Gradio server --------------------------------------------------------------------


@pytest.fixture(scope="module")
def gradio_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """URL of a real gradio app with ``auth=("u", "p")``, started on a free loopback port."""
    port = free_port()
    workdir = tmp_path_factory.mktemp("gradio")
    (workdir / "app.py").write_text(APP_SOURCE, "utf-8")
    env = {**os.environ, "GRADIO_ANALYTICS_ENABLED": "False", "GRADIO_TEMP_DIR": str(workdir)}
    log = workdir / "server.log"
    with log.open("wb") as sink:
        proc = subprocess.Popen(
            [sys.executable, "app.py", str(port)], cwd=workdir, env=env, stdout=sink, stderr=sink
        )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(url, proc, log)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _wait_until_up(url: str, proc: subprocess.Popen[bytes], log: Path, limit: float = 60.0) -> None:
    """Poll ``/config`` until the server answers (401 counts: it is up, just protected)."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            err = log.read_text("utf-8", errors="replace")
            pytest.fail(f"gradio server exited with {proc.returncode}:\n{err[-3000:]}")
        try:
            httpx.get(f"{url}/config", timeout=1.0)
            return
        except httpx.TransportError:
            time.sleep(0.2)
    pytest.fail(f"gradio server at {url} did not start within {limit} s")
