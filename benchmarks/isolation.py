"""A bench server process of its own for every figure that calls the app.

No figure inherits another's leftovers (queued work, open sessions, stored uploads, a warmed or
a tired server): :class:`Servers` hands out a freshly started :class:`~benchmarks.server.Server`
per figure, and :func:`bind` points the run's contenders at it; each boots on an otherwise idle
harness. Quick mode, a smoke test whose numbers are never reported, shares one server among all
figures instead: booting is ``import gradio``, several seconds of CPU per server.
"""

from __future__ import annotations

import threading
from contextlib import AbstractContextManager, nullcontext

from benchmarks.context import Ctx
from benchmarks.server import Server

#: Figures that call the bench app; each runs against a server started for it alone.
SERVED = frozenset(
    ("construct", "verify", "echo", "concurrency", "stream", "upload", "legacy", "batch",
     "coldstart")
)  # fmt: skip


class Servers:
    """Bench servers for the figures: a fresh one per :meth:`take`, or one shared by all."""

    def __init__(self, shared: bool) -> None:
        self.shared = shared
        self._kept: Server | None = None

    def setup(self) -> AbstractContextManager[Server]:
        """The server of the set-up (generating and probing the clients)."""
        return self.take() if self.shared else Server()

    def take(self) -> AbstractContextManager[Server]:
        """A started server: one nobody has used yet, or in shared mode the shared one (which
        leaving the ``with`` block does not stop; :meth:`close` does)."""
        if not self.shared:
            return Server().start()
        if self._kept is None:
            self._kept = Server().start()
        return nullcontext(self._kept)

    def close(self) -> None:
        """Stop the shared server, if any."""
        kept, self._kept = self._kept, None
        if kept is not None:
            kept.stop()


def bind(ctx: Ctx, server: Server) -> None:
    """Point the run (its URL, its contenders, upload clean-up) at ``server``."""
    ctx.url = server.url
    ctx.clear_uploads = server.clear_uploads
    ctx.contenders = [contender.at(server.url) for contender in ctx.contenders]
    ctx.log(f"fresh bench app at {server.url}; harness threads {threading.active_count()}")
