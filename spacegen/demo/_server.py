"""The demo app in a child process on 127.0.0.1, with a bounded start and a clean stop."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from types import TracebackType

import httpx

#: Seconds the app may take to answer its first ``/config`` (gradio's import alone takes
#: several on a slow machine); ``spacegen demo --start-timeout`` overrides it.
START_TIMEOUT = 120.0
_STOP_TIMEOUT = 10.0


class DemoServerError(RuntimeError):
    """The demo app did not start (the message holds the end of its output)."""


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class DemoServer:
    """``with DemoServer(workdir) as server: server.url`` -- the app runs inside the block."""

    def __init__(
        self, workdir: Path, port: int | None = None, start_timeout: float = START_TIMEOUT
    ) -> None:
        self.workdir = workdir
        self.port = port or _free_port()
        self.start_timeout = start_timeout
        self._log = workdir / "server.log"
        self._proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> DemoServer:
        self.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    def start(self) -> None:
        env = dict(os.environ)
        env.update(
            GRADIO_ANALYTICS_ENABLED="False",
            GRADIO_TEMP_DIR=str(self.workdir / "gradio-tmp"),
            HF_HUB_OFFLINE="1",
            HF_HUB_DISABLE_TELEMETRY="1",
            NO_PROXY="127.0.0.1,localhost",
            no_proxy="127.0.0.1,localhost",
        )
        cmd = [sys.executable, "-m", "spacegen.demo.app", str(self.port)]
        with self._log.open("wb") as log:
            self._proc = subprocess.Popen(
                cmd, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, env=env
            )
        try:
            self._wait_ready()
        except BaseException:
            self.stop()
            raise

    def _wait_ready(self) -> None:
        assert self._proc is not None
        deadline = time.monotonic() + self.start_timeout
        while time.monotonic() < deadline:
            if self._proc.poll() is not None:
                raise DemoServerError(self._failure(f"exited with {self._proc.returncode}"))
            try:
                if httpx.get(f"{self.url}/config", timeout=2).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.2)
        raise DemoServerError(self._failure(f"did not answer within {self.start_timeout:.0f} s"))

    def _failure(self, what: str) -> str:
        output = self._log.read_text(errors="replace")[-3000:] if self._log.exists() else ""
        return f"the demo app {what}; its output:\n{output}"

    def stop(self) -> None:
        """terminate -> wait -> kill."""
        proc, self._proc = self._proc, None
        if proc is None or proc.poll() is not None:
            return
        proc.terminate()
        try:
            proc.wait(_STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(_STOP_TIMEOUT)
