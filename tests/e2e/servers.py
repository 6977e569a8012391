"""Real Gradio servers on loopback for the end-to-end tests.

``GradioServer(app, version, workdir)`` launches ``tests/e2e/apps/<app>.py`` with the interpreter of
that Gradio version (see ``envs.py``) through ``_runner.py`` on a free port of 127.0.0.1, waits
until ``GET /config`` answers, and stops it with terminate -> wait -> kill. ``ServerPool`` starts
each (version, app) once and shares it; the pytest fixtures in ``conftest.py`` wrap it.
``snapshot_dir(server, folder)`` saves /config and /info in the offline corpus layout.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

import httpx

from .envs import CURRENT, python_for

APPS_DIR = Path(__file__).resolve().parent / "apps"
RUNNER = Path(__file__).resolve().parent / "_runner.py"

#: Every app of the suite, and the ones that also run on the old Gradio versions.
APPS: tuple[str, ...] = tuple(
    sorted(p.stem for p in APPS_DIR.glob("*.py") if not p.stem.startswith(("_", "e2e_")))
)
CORE_APPS: tuple[str, ...] = ("basics", "chat", "errors", "files", "state")

#: api_name of every endpoint of each app (identical on every Gradio version).
APP_ENDPOINTS: dict[str, tuple[str, ...]] = {
    "auth": ("echo", "request_info", "whoami"),
    "basics": ("calc", "choices", "echo_text", "json_echo", "json_path", "numbers", "text_stats"),
    "batch": ("counts", "reset_counts", "square", "square_or_fail"),
    "bench": ("echo", "stream_echo"),
    "browser_state": ("recall", "remember"),
    "big": ("file_echo",),
    "chat": ("chat", "count_up", "respond"),
    "errors": ("crash", "fail", "greet", "maybe_fail", "stream_then_fail"),
    "events": ("logs", "progress"),
    "media": ("clip", "loudness", "tone"),
    "legacy": (
        "chat",
        "choose",
        "count_up",
        "echo_text",
        "fail",
        "file_upper",
        "image_size",
        "increment",
        "make_image",
        "numbers",
        "quick",
        "slow",
        "table",
        "via_update",
    ),
    "files": (
        "file_info",
        "file_upper",
        "files_info",
        "gallery",
        "image_size",
        "invert",
        "make_file",
        "make_image",
    ),
    "queue_full": ("fast", "slow"),
    "stale_after": ("add", "greet", "leave_both", "new_name", "scale", "shout", "subtract"),
    "stale_before": ("add", "greet", "leave_both", "old_name", "pick", "scale", "secret", "shout"),
    "state": ("add_note", "increment", "reset"),
    "updates": ("props_only", "skip_first", "via_component", "via_update"),
}

#: Login of the ``auth`` app.
AUTH = ("user", "pass")

#: Bound on one server's boot (importing gradio dominates: ~5 s idle, 30 s on a busy 2-core box).
START_TIMEOUT = float(os.environ.get("SPACEGEN_E2E_START_TIMEOUT", "90"))
#: How many servers boot side by side (booting is CPU-bound).
BOOT_BATCH = max(2, os.cpu_count() or 2)
#: Seconds between an idle server's queue polls (Gradio 6: 0.001; 4.x/5.x: 0.05). ``0`` keeps
#: the version's own poll.
IDLE_POLL = "0.01"
_STOP_TIMEOUT = 10.0
_LOG_TAIL = 4000
#: What Gradio (4.x-6.x) says when the requested port is busy.
_PORT_TAKEN = b"Cannot find empty port"


class ServerStartError(RuntimeError):
    """The server did not answer /config in time (its log is in the message)."""


def free_port() -> int:
    """A TCP port of 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def server_env(workdir: Path) -> dict[str, str]:
    """Environment of a server process: offline, no analytics, temp files under ``workdir``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GRADIO_", "VIRTUAL_ENV"))}
    env.update(
        GRADIO_ANALYTICS_ENABLED="False",
        GRADIO_TEMP_DIR=str(workdir / "gradio-tmp"),
        GRADIO_SSR_MODE="False",
        HF_HUB_OFFLINE="1",
        HF_HUB_DISABLE_TELEMETRY="1",
        DO_NOT_TRACK="1",
        NO_PROXY="127.0.0.1,localhost",
        no_proxy="127.0.0.1,localhost",
        PYTHONUNBUFFERED="1",
        MPLBACKEND="Agg",
    )
    env.setdefault("SPACEGEN_E2E_IDLE_POLL", IDLE_POLL)  # see _runner._calm_idle_queue
    return env


class GradioServer:
    """One app on one Gradio version, running in a subprocess until :meth:`stop`."""

    def __init__(self, app: str, version: str, workdir: Path) -> None:
        if not (APPS_DIR / f"{app}.py").is_file():
            raise ValueError(f"no e2e app {app!r}; known: {', '.join(APPS)}")
        self.app = app
        self.version = version
        self.workdir = workdir / f"{app}-{version}"
        self.port = 0
        self.startup_seconds = 0.0
        self._proc: subprocess.Popen[bytes] | None = None
        self._python = Path()
        self._started = 0.0
        self._ready = False
        self._state_lock = threading.RLock()
        self._log = self.workdir / "server.log"

    @property
    def url(self) -> str:
        """Base URL without trailing slash, e.g. ``http://127.0.0.1:40123``."""
        return f"http://127.0.0.1:{self.port}"

    @property
    def api_prefix(self) -> str:
        """``/gradio_api`` on 5.x/6.x, empty on 4.x (where routes are unprefixed)."""
        return "" if self.version.startswith("4.") else "/gradio_api"

    @property
    def auth(self) -> tuple[str, str] | None:
        return AUTH if self.app == "auth" else None

    def start(self) -> GradioServer:
        """Spawn the process and wait until it answers."""
        return self.ensure_ready()

    def ensure_spawned(self) -> None:
        """Spawn unless already spawned (the pool spawns a batch, then waits for each)."""
        with self._state_lock:
            if self._proc is None and not self._ready:
                self.spawn()

    def ensure_ready(self) -> GradioServer:
        """Spawn if needed and wait for /config; a failed start is retried on the next call."""
        with self._state_lock:
            if not self._ready:
                if self._proc is None:
                    self.spawn()
                self.wait()
                self._ready = True
        return self

    @property
    def died(self) -> bool:
        """Was ready once and is not running any more."""
        return self._ready and not self.running

    def spawn(self) -> None:
        """Start the process without waiting (several servers can then boot side by side)."""
        self._python = python_for(self.version)
        self.workdir.mkdir(parents=True, exist_ok=True)
        self._started = time.monotonic()
        self.port = free_port()
        self._spawn(self._python)

    def wait(self) -> GradioServer:
        """Block until /config answers; respawn on another port if the port was taken."""
        for attempt in range(3):  # a free port can be taken between probe and bind
            if self._wait_ready(attempt == 2):
                self.startup_seconds = time.monotonic() - self._started
                return self
            self.port = free_port()
            self._spawn(self._python)
        raise AssertionError("unreachable")

    def _spawn(self, python: Path) -> None:
        self._log.write_bytes(b"")
        cmd = [str(python), str(RUNNER), str(APPS_DIR / f"{self.app}.py"), str(self.port)]
        with self._log.open("ab") as log:
            self._proc = subprocess.Popen(
                cmd,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                env=server_env(self.workdir),
                cwd=self.workdir,
            )

    def _wait_ready(self, last_attempt: bool) -> bool:
        """Poll /config until it answers; False means "died early, retry on another port"."""
        assert self._proc is not None
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            code = self._proc.poll()
            if code is not None:
                self.stop()  # forget the dead process: the next ensure_ready() respawns
                if not last_attempt and _PORT_TAKEN in self._log.read_bytes():
                    return False
                raise ServerStartError(self._failure(f"exited with {code}"))
            if self._answers():
                return True
            time.sleep(0.2)
        self.stop()
        raise ServerStartError(self._failure(f"no answer on /config within {START_TIMEOUT} s"))

    def _answers(self) -> bool:
        try:
            # 401 counts: the auth app answers /config only after login.
            return httpx.get(f"{self.url}/config", timeout=2).status_code in (200, 401)
        except httpx.TransportError:
            return False

    def _failure(self, what: str) -> str:
        log = self._log.read_text(errors="replace") if self._log.exists() else ""
        return f"gradio {self.version} app {self.app!r} {what}; server output:\n{log[-_LOG_TAIL:]}"

    def log_text(self) -> str:
        return self._log.read_text(errors="replace") if self._log.exists() else ""

    @property
    def running(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    def stop(self) -> None:
        """terminate -> wait -> kill; safe to call twice."""
        proc, self._proc = self._proc, None
        self._ready = False
        if proc is None or proc.poll() is not None:
            return
        proc.terminate()
        try:
            proc.wait(_STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(_STOP_TIMEOUT)

    def client(self, **kwargs: Any) -> httpx.Client:
        """An httpx client on this server, logged in when the app needs it."""
        kwargs.setdefault("timeout", 30)
        return httpx.Client(base_url=self.url, cookies=self.login_cookies(), **kwargs)

    def login_cookies(self) -> dict[str, str]:
        """Cookies of a fresh login (empty for apps without auth)."""
        if self.auth is None:
            return {}
        user, password = self.auth
        form = {"username": user, "password": password}
        response = httpx.post(f"{self.url}/login", data=form, timeout=30)
        response.raise_for_status()
        return dict(response.cookies)

    def __repr__(self) -> str:
        return f"GradioServer({self.app!r}, {self.version!r}, url={self.url!r})"


class ServerPool:
    """Starts each (version, app) once, shares it until :meth:`stop`; :meth:`close` stops all.

    Thread-safe: several threads may ask for servers at once; each server boots once.
    """

    def __init__(self, workdir: Path, on_use: Callable[[str, str], None] | None = None) -> None:
        self.workdir = workdir
        self._servers: dict[tuple[str, str], GradioServer] = {}
        self._lock = threading.Lock()
        self._on_use = on_use  # told (app, version) of every server asked for

    def get(self, app: str, version: str = CURRENT) -> GradioServer:
        """The running server of ``app`` on ``version`` (started on first use)."""
        return self.prestart([(app, version)])[0]

    def prestart(self, wanted: Iterable[tuple[str, str]]) -> list[GradioServer]:
        """Start every missing (app, version), ``BOOT_BATCH`` side by side; return all, ready."""
        keys = list(dict.fromkeys(wanted))
        for app, version in keys if self._on_use is not None else ():
            self._on_use(app, version)
        failures: list[ServerStartError] = []
        for i in range(0, len(keys), BOOT_BATCH):
            batch = [self._claim(app, version) for app, version in keys[i : i + BOOT_BATCH]]
            for server in batch:
                server.ensure_spawned()
            for server in batch:
                try:
                    server.ensure_ready()
                except ServerStartError as exc:  # keep booting the others, report at the end
                    failures.append(exc)
        if failures:
            raise failures[0]
        return [self._claim(app, version) for app, version in keys]

    def _claim(self, app: str, version: str) -> GradioServer:
        with self._lock:
            server = self._servers.get((version, app))
            if server is None or server.died:
                server = self._servers[(version, app)] = GradioServer(app, version, self.workdir)
            return server

    def running(self) -> list[tuple[str, str]]:
        """(app, version) of every server started and not stopped."""
        with self._lock:
            return [(app, version) for (version, app), s in self._servers.items() if s.running]

    def stop(self, app: str, version: str) -> None:
        """Stop one server; asking for it later boots it again."""
        with self._lock:
            server = self._servers.pop((version, app), None)
        if server is not None:
            server.stop()

    def close(self) -> None:
        with self._lock:
            servers, self._servers = list(self._servers.values()), {}
        for server in servers:
            server.stop()


def fetch_description(server: GradioServer) -> dict[str, Any]:
    """``config``, ``info`` and ``info_all`` of a running server (logging in if needed)."""
    prefix = server.api_prefix
    with server.client() as http:
        config = _get_json(http, "/config")
        info = _get_json(http, f"{prefix}/info")
        info_all = _get_json(http, f"{prefix}/info", {"all_endpoints": "true"})
    return {"config": config, "info": info, "info_all": info_all}


def _get_json(http: httpx.Client, path: str, params: Mapping[str, str] | None = None) -> Any:
    response = http.get(path, params=params)
    response.raise_for_status()
    return response.json()


def snapshot_dir(server: GradioServer, folder: Path) -> Path:
    """Write ``config.json``, ``info.json`` and ``info_all.json`` (the offline source layout)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, doc in fetch_description(server).items():
        text = json.dumps(doc, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
        (folder / f"{name}.json").write_text(text, encoding="utf-8")
    return folder
