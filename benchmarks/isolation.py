"""A bench server process of its own for every figure that calls the app.

No figure inherits another's leftovers (queued work, open sessions, stored uploads, a warmed or
a tired server): :class:`Servers` hands out a freshly started :class:`~benchmarks.server.Server`
per figure, and :func:`bind` points the run's contenders at it. In quick mode the next server
boots in a background thread while the current figure runs (booting is ``import gradio``,
several seconds of CPU), so isolation costs little wall time there; quick-mode figures are a
smoke test, never a reported number. Full mode boots each server on an otherwise idle harness.
"""

from __future__ import annotations

import threading

from benchmarks.context import Ctx
from benchmarks.server import Server

#: Figures that call the bench app; each runs against a server started for it alone.
SERVED = frozenset(
    ("construct", "verify", "echo", "concurrency", "stream", "upload", "legacy", "batch",
     "coldstart")
)  # fmt: skip


class Servers:
    """Fresh bench servers, one per :meth:`take`; optionally one booting ahead."""

    def __init__(self, ahead: bool) -> None:
        self.ahead = ahead
        self._next: tuple[threading.Thread, list[Server | BaseException]] | None = None

    def take(self) -> Server:
        """A started server nobody has used yet (the one booting ahead, if any)."""
        pending, self._next = self._next, None
        if pending is None:
            return Server().start()
        thread, box = pending
        thread.join()
        if isinstance(box[0], BaseException):
            raise box[0]
        return box[0]

    def boot_ahead(self) -> None:
        """In ahead mode, start booting the next server now (no-op otherwise or if one is)."""
        if not self.ahead or self._next is not None:
            return
        box: list[Server | BaseException] = []

        def boot() -> None:
            try:
                box.append(Server().start())
            except BaseException as exc:  # handed to take()
                box.append(exc)

        thread = threading.Thread(target=boot, name="bench-server-boot", daemon=True)
        thread.start()
        self._next = (thread, box)

    def close(self) -> None:
        """Stop a server that booted ahead and was never taken."""
        pending, self._next = self._next, None
        if pending is not None:
            pending[0].join()
            if isinstance(pending[1][0], Server):
                pending[1][0].stop()


def bind(ctx: Ctx, server: Server) -> None:
    """Point the run (its URL, its contenders, upload clean-up) at ``server``."""
    ctx.url = server.url
    ctx.clear_uploads = server.clear_uploads
    ctx.contenders = [contender.at(server.url) for contender in ctx.contenders]
    ctx.log(f"fresh bench app at {server.url}; harness threads {threading.active_count()}")
