"""Launch one e2e app: ``python _runner.py APP_FILE PORT``.

Runs inside the interpreter of the Gradio version under test (3.50 to 6.31, see ``envs.py``),
so it uses the standard library and gradio only. Launch options the version's ``launch()`` does
not take (``ssr_mode`` before 5.0, ``max_file_size`` on 3.x, ...) are dropped with a note.
The app module defines ``demo`` and may define
``LAUNCH_KWARGS`` (e.g. ``auth``). The apps folder is appended to ``sys.path`` so apps can share
``e2e_compat.py`` without shadowing standard modules.
"""

from __future__ import annotations

import importlib
import importlib.util
import inspect
import os
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import httpx  # a dependency of every gradio version

#: How long launch() may wait for its own "is localhost reachable" check.
_SELF_CHECK_SECONDS = 60.0


def _exit_with_parent() -> None:
    """Exit when the launching process (pytest) is gone, even if it was killed hard."""
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(0)

    threading.Thread(target=watch, name="e2e-parent-watch", daemon=True).start()


def _patient_url_ok(url: str) -> bool:
    """Gradio's launch self-check with room for a busy machine.

    Gradio probes ``HEAD /`` five times with a 3 s timeout and gives up with "localhost is not
    accessible"; rendering that page can take longer than that on a loaded 2-core box. The
    page of 3.50 fails (500) with the current starlette that installs beside it; its API
    routes work, so an answering ``/config`` counts too.
    """
    deadline = time.monotonic() + _SELF_CHECK_SECONDS
    while time.monotonic() < deadline:
        try:
            if httpx.head(url, timeout=10).status_code < 500:
                return True
            if httpx.get(url.rstrip("/") + "/config", timeout=10).status_code == 200:
                return True
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    return False


def _calm_idle_queue() -> None:
    """Poll an empty queue at most every ``SPACEGEN_E2E_IDLE_POLL`` seconds (e2e servers only).

    Gradio 6 polls its idle queue every millisecond and its progress every 10 ms (earlier
    versions every 50 / 100 ms): about 9% of a core per idle server, more than a suite running
    dozens of them on two cores can afford. A slower poll changes when an idle server notices a
    new job, never what it answers.
    """
    seconds = float(os.environ.get("SPACEGEN_E2E_IDLE_POLL", "0") or 0)
    if seconds <= 0:
        return
    queue_class = importlib.import_module("gradio.queueing").Queue
    original = queue_class.__init__

    def init(self: object, *args: object, **kwargs: object) -> None:
        original(self, *args, **kwargs)
        for poll in ("sleep_when_free", "progress_update_sleep_when_free"):
            setattr(self, poll, max(getattr(self, poll, seconds), seconds))

    queue_class.__init__ = init


def main(argv: list[str]) -> int:
    _exit_with_parent()
    _calm_idle_queue()
    app_file, port = Path(argv[1]).resolve(), int(argv[2])
    sys.path.append(str(app_file.parent))
    spec = importlib.util.spec_from_file_location(f"e2e_app_{app_file.stem}", app_file)
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot load {app_file}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)

    importlib.import_module("gradio.networking").url_ok = _patient_url_ok
    kwargs = dict(getattr(module, "LAUNCH_KWARGS", {}))
    if int(sys.modules["gradio"].__version__.split(".")[0]) >= 5:  # the app imported it
        kwargs.setdefault("ssr_mode", False)
    module.demo.launch(
        server_name="127.0.0.1",
        server_port=port,
        prevent_thread_lock=False,
        **_supported(module.demo.launch, {"quiet": True, **kwargs}),
    )
    return 0


def _supported(launch: Callable[..., object], kwargs: dict[str, object]) -> dict[str, object]:
    """``kwargs`` that ``launch`` accepts; the others are reported on stderr and dropped."""
    accepted = inspect.signature(launch).parameters
    dropped = sorted(k for k in kwargs if k not in accepted)
    if dropped:
        print(f"e2e runner: this gradio's launch() lacks {', '.join(dropped)}", file=sys.stderr)
    return {k: v for k, v in kwargs.items() if k in accepted}


if __name__ == "__main__":
    sys.exit(main(sys.argv))
