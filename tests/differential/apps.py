"""Finding the shared demos and serving them from host processes (``_host.py``)."""

from __future__ import annotations

import importlib.util
import json
import os
import queue
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from tests.e2e.servers import server_env

REPO = Path(__file__).resolve().parents[2]
MARK = "@@host "  # as in _host.py
HOST = Path(__file__).resolve().parent / "_host.py"
#: Import names of requirement names that differ from them.
_IMPORT_NAMES = {"pillow": "PIL", "scikit-learn": "sklearn", "opencv-python": "cv2"}


def shared_dir() -> Path | None:
    """``../shared`` next to the repository (or ``$SPACEGEN_SHARED``), if it has demos."""
    env = os.environ.get("SPACEGEN_SHARED")
    candidates = [Path(env)] if env else []
    candidates += [parent / "shared" for parent in REPO.parents]
    return next((c for c in candidates if (c / "demos").is_dir()), None)


def demo_dirs(shared: Path) -> list[Path]:
    """Every app folder of ``shared/demos`` (those with a ``run.py``), sorted by name."""
    return sorted(p.parent for p in (shared / "demos").glob("*/run.py"))


def missing_requirements(app_dir: Path) -> list[str]:
    """Requirements of the demo that the running interpreter cannot import."""
    req = app_dir / "requirements.txt"
    if not req.is_file():
        return []
    missing = []
    for line in req.read_text(encoding="utf-8").splitlines():
        name = line.split("#")[0].split(";")[0].strip()
        for sep in "=<>~[ ":
            name = name.split(sep)[0]
        if name and importlib.util.find_spec(_import_name(name)) is None:
            missing.append(name)
    return missing


def _import_name(requirement: str) -> str:
    key = requirement.lower()
    return _IMPORT_NAMES.get(key, key.replace("-", "_"))


@dataclass
class Launched:
    """What a host process said about each app: its port, or why it failed."""

    ports: dict[str, int] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    auth: dict[str, tuple[str, str]] = field(default_factory=dict)


class Host:
    """One ``_host.py`` process serving several apps; stop it with :meth:`stop`."""

    def __init__(self, app_dirs: list[Path], workdir: Path) -> None:
        self.app_dirs = app_dirs
        workdir.mkdir(parents=True, exist_ok=True)
        self._log = (workdir / "host.log").open("ab")
        self._lines: queue.Queue[str] = queue.Queue()
        self._proc = subprocess.Popen(
            [sys.executable, str(HOST), *map(str, app_dirs)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._log,
            env=server_env(workdir),
            cwd=workdir,
            text=True,
        )
        threading.Thread(target=self._pump, daemon=True).start()

    def _pump(self) -> None:
        assert self._proc.stdout is not None
        for line in self._proc.stdout:
            self._lines.put(line)
        self._lines.put("")

    def wait(self, first_timeout: float, per_app_timeout: float) -> Launched:
        """Collect launch results; an app over its time limit stops the host (the rest fail)."""
        result = Launched()
        deadline = time.monotonic() + first_timeout
        for app_dir in self.app_dirs:
            line = self._next_line(deadline)
            if line is None:
                result.errors[app_dir.name] = "launch timed out"
                break
            message = json.loads(line)
            if "port" in message:
                result.ports[message["app"]] = message["port"]
                if message.get("auth"):
                    result.auth[message["app"]] = tuple(message["auth"])
            elif "error" in message:
                result.errors[message["app"]] = message["error"]
            deadline = time.monotonic() + per_app_timeout
        return result

    def _next_line(self, deadline: float) -> str | None:
        while True:
            try:
                line = self._lines.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                return None
            if not line:
                return None  # the host exited
            if line.startswith(MARK):
                return line[len(MARK) :]  # skip whatever an app printed

    def chdir(self, app_dir: Path) -> None:
        """Make ``app_dir`` the host's working directory (before calling that app)."""
        if self._proc.stdin is not None and self._proc.poll() is None:
            self._proc.stdin.write(f"cwd {app_dir}\n")
            self._proc.stdin.flush()

    def stop(self) -> None:
        """Close stdin (the host exits), then terminate -> kill if it lingers."""
        try:
            if self._proc.stdin is not None:
                self._proc.stdin.close()
            self._proc.wait(5)
        except (OSError, subprocess.TimeoutExpired):
            self._proc.terminate()
            try:
                self._proc.wait(5)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait(5)
        self._log.close()
