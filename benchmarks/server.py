"""Start and stop a benchmark Gradio app in a subprocess on 127.0.0.1.

The server gets a free port, ``GRADIO_ANALYTICS_ENABLED=False``, its own temporary
``GRADIO_TEMP_DIR`` (removed on stop) and ``GRADIO_ANALYTICS_CACHE_FREQUENCY`` set past any run's
length. Gradio 6 otherwise rebuilds a pandas summary of its last 10,000 events after every event
(``Queue.compute_analytics_summary``, for its monitoring page): a server's cost per call grows
with the calls it has served, about 3x over one benchmark run, and whichever contender ran later
met a slower server. Older Gradio versions ignore the variable.

``stop()`` is also registered with :mod:`atexit`, so a crashed run still kills the server and
deletes its files.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

APP = Path(__file__).parent / "apps" / "bench_app.py"
START_TIMEOUT = 120.0
ANALYTICS_NEVER = str(10**12)  # events between two monitoring summaries (see above)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Server:
    """One running app; ``url`` is its base URL (no trailing slash)."""

    def __init__(
        self, app: Path = APP, python: str = sys.executable, runner: Path | None = None
    ) -> None:
        self.app, self.python, self.runner = app, python, runner
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.temp_dir = Path(tempfile.mkdtemp(prefix="spacegen-bench-server-"))
        self.proc: subprocess.Popen[bytes] | None = None
        self.log = self.temp_dir / "server.log"

    def start(self) -> Server:
        """Launch the app and wait until ``/config`` answers (a started server is kept: ``with``
        on a server that :class:`~benchmarks.isolation.Servers` already started must not start a
        second process and lose the first)."""
        if self.proc is not None:
            return self
        atexit.register(self.stop)
        env = dict(
            os.environ,
            GRADIO_ANALYTICS_ENABLED="False",
            GRADIO_ANALYTICS_CACHE_FREQUENCY=ANALYTICS_NEVER,
            HF_HUB_OFFLINE="1",
            GRADIO_TEMP_DIR=str(self.temp_dir / "gradio"),
            PYTHONUNBUFFERED="1",
        )
        env.pop("PYTHONPATH", None)
        script = [str(self.runner)] if self.runner else []
        with self.log.open("wb") as log:
            self.proc = subprocess.Popen(
                [self.python, *script, str(self.app), str(self.port)],
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self._wait_ready()
        return self

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.proc is not None and self.proc.poll() is not None:
                raise RuntimeError(f"bench app exited early:\n{self.log_tail()}")
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"{self.url}/config", timeout=2.0).status_code == 200:
                    return
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"bench app did not answer /config in {START_TIMEOUT:.0f} s")

    def log_tail(self, lines: int = 30) -> str:
        """The last lines the server printed."""
        with contextlib.suppress(OSError):
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        return ""

    def clear_uploads(self) -> None:
        """Delete the files the server has stored so far (big uploads fill the disk)."""
        root = self.temp_dir / "gradio"
        for entry in root.iterdir() if root.is_dir() else ():
            if entry.is_dir():
                shutil.rmtree(entry, ignore_errors=True)
            else:
                entry.unlink(missing_ok=True)

    def stop(self) -> None:
        """Kill the server (its process group) and delete its temporary files. Idempotent."""
        proc, self.proc = self.proc, None
        if proc is not None and proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=10)
        shutil.rmtree(self.temp_dir, ignore_errors=True)

    def __enter__(self) -> Server:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
