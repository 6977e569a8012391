"""A real Gradio server for the live runtime tests (module-scoped, loopback only)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from conformance_clients import instrument

from . import live_client

LIVE_APP = Path(__file__).with_name("live_app.py")

#: Every value the live clients return is checked against their annotations.
instrument(live_client)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def live_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Start ``live_app.py`` (gradio 6.31) on a free port; yield its URL; stop it."""
    port, logs = free_port(), tmp_path_factory.mktemp("live")
    env = {**os.environ, "GRADIO_ANALYTICS_ENABLED": "False", "GRADIO_TEMP_DIR": str(logs)}
    with (logs / "server.log").open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, str(LIVE_APP), str(port)], stdout=log, stderr=log, env=env
        )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(url, process, logs / "server.log")
        yield url
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)


def _wait_until_up(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"live app exited: {log.read_text(errors='replace')[-2000:]}")
        try:
            if httpx.get(f"{url}/config", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    pytest.fail("live app did not start within 180 s")
