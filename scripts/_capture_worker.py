"""Capture worker: ``python _capture_worker.py WORKDIR APP...`` inside one Gradio version's env.

Used by ``capture_corpus.py``; the standard library, gradio and httpx only. For each app, in
turn: reset Gradio's block-id counter (so ids do not depend on which apps ran before in this
process), import ``WORKDIR/apps/<app>/run.py`` with that folder as cwd, launch its ``demo`` on
127.0.0.1, save ``/config``, ``/info`` and ``/info?all_endpoints=true`` as they came, close it.
One status line (JSON) per app goes to ``WORKDIR/status.jsonl``; a ``start`` line first, so the
parent knows which app hung or crashed the process.
"""

from __future__ import annotations

import importlib
import importlib.util
import json
import os
import signal
import socket
import sys
import time
import traceback
from pathlib import Path
from types import FrameType, ModuleType
from typing import Any

import httpx

#: Seconds one app may take to import, launch and answer.
APP_SECONDS = int(os.environ.get("SPACEGEN_CAPTURE_APP_SECONDS", "60"))


class AppTimeoutError(Exception):
    """The app took longer than :data:`APP_SECONDS`."""


def _alarm(signum: int, frame: FrameType | None) -> None:
    raise AppTimeoutError(f"took longer than {APP_SECONDS} s")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _status(workdir: Path, **line: Any) -> None:
    with (workdir / "status.jsonl").open("a", encoding="utf-8") as handle:
        handle.write(json.dumps(line) + "\n")


def _reason(stage: str, exc: BaseException) -> str:
    """``stage: ExcType: first line of the message`` (the parent normalises paths)."""
    message = (str(exc).strip().splitlines() or [""])[0][:300]
    return f"{stage}: {type(exc).__name__}: {message}"


def _no_launch(self: Any, *args: Any, **kwargs: Any) -> None:
    """Stands in for ``Blocks.launch`` while a demo that launches at import time is imported."""


def _import_demo(folder: Path) -> ModuleType:
    importlib.import_module("gradio.context").Context.id = 0
    spec = importlib.util.spec_from_file_location(f"capture_{folder.name}", folder / "run.py")
    if spec is None or spec.loader is None:
        raise ImportError("run.py cannot be loaded")
    module = importlib.util.module_from_spec(spec)
    blocks = importlib.import_module("gradio.blocks").Blocks
    launch = blocks.launch
    blocks.launch = _no_launch
    try:
        spec.loader.exec_module(module)
    finally:
        blocks.launch = launch
    return module


def _get(url: str) -> tuple[int, Any]:
    """Status and JSON body (``None`` when not JSON); retries while the server starts."""
    for _ in range(40):
        try:
            response = httpx.get(url, timeout=30)
            break
        except httpx.ConnectError:
            time.sleep(0.25)
    else:
        return 0, None
    try:
        return response.status_code, response.json()
    except ValueError:
        return response.status_code, None


def _fetch(base: str, out: Path) -> str | None:
    """Save the three documents; the reason when /config or /info fails."""
    for name, path in (("config", "/config"), ("info", "/info")):
        status, body = _get(base + path)
        if status != 200 or not isinstance(body, dict):
            return f"http: GET {path} answered {status}"
        (out / f"{name}.json").write_text(json.dumps(body), encoding="utf-8")
    status, body = _get(base + "/info?all_endpoints=true")
    if status == 200 and isinstance(body, dict):
        (out / "info_all.json").write_text(json.dumps(body), encoding="utf-8")
    return None


def _launch_and_fetch(demo: Any, out: Path) -> str | None:
    port = _free_port()
    demo.launch(server_name="127.0.0.1", server_port=port, prevent_thread_lock=True, quiet=True)
    try:
        return _fetch(f"http://127.0.0.1:{port}", out)
    finally:
        demo.close()


def _capture(workdir: Path, app: str) -> str | None:
    """Capture one app; ``None`` when it ran, else why not."""
    folder = workdir / "apps" / app
    out = workdir / "raw" / app
    out.mkdir(parents=True, exist_ok=True)
    os.chdir(folder)
    sys.path.insert(0, str(folder))
    known = set(sys.modules)
    try:
        try:
            module = _import_demo(folder)
        except BaseException as exc:  # any failure of foreign code is a result
            return _reason("import", exc)
        demo = getattr(module, "demo", None)
        if demo is None or not hasattr(demo, "launch"):
            return "import: run.py defines no launchable `demo`"
        try:
            return _launch_and_fetch(demo, out)
        except BaseException as exc:
            return _reason("launch", exc)
    finally:
        sys.path.remove(str(folder))
        for name in set(sys.modules) - known:  # demo-local helper modules must not leak
            module_file = getattr(sys.modules[name], "__file__", None) or ""
            if module_file.startswith(str(folder)) or name.startswith("capture_"):
                del sys.modules[name]


def main(argv: list[str]) -> int:
    workdir = Path(argv[1])
    importlib.import_module("gradio.networking").url_ok = lambda url: True
    signal.signal(signal.SIGALRM, _alarm)
    for app in argv[2:]:
        _status(workdir, app=app, event="start")
        started = time.monotonic()
        signal.alarm(APP_SECONDS)
        try:
            reason = _capture(workdir, app)
        except AppTimeoutError as exc:
            reason = f"timeout: {exc}"
        except Exception:  # report and go on with the next app
            reason = "worker: " + traceback.format_exc().strip().splitlines()[-1][:300]
        finally:
            signal.alarm(0)
        took = round(time.monotonic() - started, 1)
        _status(workdir, app=app, event="done", reason=reason, seconds=took)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
