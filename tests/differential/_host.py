"""Serve several demo apps from one process: ``python _host.py APP_DIR...``.

Booting Gradio (``import gradio``) dominates a demo's start-up, so one process imports it once and
launches each app on its own port of 127.0.0.1. Each ``run.py`` runs as ``__main__`` with its folder
as the working directory and ``Blocks.launch`` replaced by a recorder, so module-level launches
and ``if __name__ == "__main__":`` blocks (with their ``queue(...)`` settings) both run; the
recorded Blocks is then launched for real with the app's own keyword arguments plus ours.

Protocol (stdout lines ``@@host {json}``): ``{"app", "port", "auth"}`` (auth: ``[user, password]``
of an app launched with a fixed login, else null) or ``{"app", "error"}`` per app,
then ``{"done": true}``. Stdin lines ``cwd PATH`` change the working directory (the driver calls
one app at a time, so apps that read relative paths while serving find their files); EOF exits.
Runs with the project's virtualenv and uses the standard library and gradio only.
"""

from __future__ import annotations

import importlib
import json
import os
import runpy
import socket
import sys
import threading
import time
import traceback
from pathlib import Path
from typing import Any

#: How long launch() may wait for the server it started to answer.
_SELF_CHECK_SECONDS = 60.0
#: Prefix of the protocol lines (apps may print too).
MARK = "@@host "
#: Launch options that cannot work here (no tunnels, no MCP extra) or that we set ourselves.
_DROPPED = (
    *("share", "mcp_server", "inbrowser", "debug"),
    *("server_name", "server_port", "prevent_thread_lock", "quiet", "ssr_mode"),
)


def _say(**fields: Any) -> None:
    sys.stdout.write(MARK + json.dumps(fields) + "\n")
    sys.stdout.flush()


def _exit_with_parent() -> None:
    """Exit when the driver is gone, even while still launching (stdin EOF comes later)."""
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(0)

    threading.Thread(target=watch, name="host-parent-watch", daemon=True).start()


def _patient_url_ok(url: str) -> bool:
    """Gradio's launch self-check (5 x 3 s on ``HEAD /``), with room for a busy machine."""
    import httpx  # noqa: PLC0415  # a dependency of gradio

    deadline = time.monotonic() + _SELF_CHECK_SECONDS
    while time.monotonic() < deadline:
        try:
            if httpx.get(url.rstrip("/") + "/config", timeout=10).status_code < 500:
                return True
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    return False


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _run_recorded(run_py: Path) -> tuple[Any, dict[str, Any]]:
    """Execute ``run_py`` as ``__main__``; return the last Blocks it launched and its kwargs."""
    import gradio as gr  # noqa: PLC0415

    recorded: list[tuple[Any, dict[str, Any]]] = []

    def record(self: Any, *args: Any, **kwargs: Any) -> tuple[None, str, None]:
        recorded.append((self, kwargs))
        return None, "http://127.0.0.1:0/", None

    original = gr.Blocks.launch
    gr.Blocks.launch = record  # type: ignore[method-assign]
    try:
        namespace = runpy.run_path(str(run_py), run_name="__main__")
    finally:
        gr.Blocks.launch = original  # type: ignore[method-assign]
    if recorded:
        return recorded[-1]
    demo = namespace.get("demo")
    if demo is None:
        raise RuntimeError("run.py defines no `demo` and launches nothing")
    return demo, {}


def _launch(app_dir: Path) -> tuple[int, list[str] | None]:
    """Launch the app of ``app_dir``; its port, and its login when it has a fixed one."""
    os.chdir(app_dir)
    sys.path.insert(0, str(app_dir))
    try:
        blocks, kwargs = _run_recorded(app_dir / "run.py")
    finally:
        sys.path.remove(str(app_dir))
    options = {k: v for k, v in kwargs.items() if k not in _DROPPED}
    options.setdefault("show_error", True)  # failures then say why
    allowed = [*(options.pop("allowed_paths", None) or ()), str(app_dir)]
    port = _free_port()
    blocks.launch(
        server_name="127.0.0.1",
        server_port=port,
        prevent_thread_lock=True,
        quiet=True,
        ssr_mode=False,
        allowed_paths=allowed,
        **options,
    )
    auth = kwargs.get("auth")
    fixed = isinstance(auth, (tuple, list)) and len(auth) == 2
    return port, [str(a) for a in auth] if fixed else None


def main(argv: list[str]) -> int:
    _exit_with_parent()
    importlib.import_module("gradio.networking").url_ok = _patient_url_ok
    for folder in argv[1:]:
        app_dir = Path(folder).resolve()
        try:
            port, auth = _launch(app_dir)
            _say(app=app_dir.name, port=port, auth=auth)
        except BaseException as exc:  # one broken demo must not stop the others
            detail = "".join(traceback.format_exception_only(type(exc), exc)).strip()
            _say(app=app_dir.name, error=detail[-600:])
    _say(done=True)
    for line in sys.stdin:
        command, _, arg = line.strip().partition(" ")
        if command == "cwd" and Path(arg).is_dir():
            os.chdir(arg)
    os._exit(0)  # server threads are not daemons


if __name__ == "__main__":
    sys.exit(main(sys.argv))
