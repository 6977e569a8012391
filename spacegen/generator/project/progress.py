"""Progress of a multi-client build: one rewritten status line on a terminal, plain lines in CI."""

from __future__ import annotations

import sys
import threading
from typing import TextIO


class Progress:
    """Thread-safe. ``live`` (default: the stream is a terminal) rewrites one status line while
    work runs; otherwise only finished items are printed, one plain line each."""

    def __init__(self, total: int, stream: TextIO | None = None, live: bool | None = None) -> None:
        self._stream = stream if stream is not None else sys.stderr
        self._live = self._stream.isatty() if live is None else live
        self._total, self._done = total, 0
        self._running: list[str] = []
        self._lock = threading.Lock()

    def start(self, name: str) -> None:
        with self._lock:
            self._running.append(name)
            self._status()

    def finish(self, name: str, message: str) -> None:
        """``name`` is done; ``message`` (already safe to print) says how it went."""
        with self._lock:
            if name in self._running:
                self._running.remove(name)
            self._done += 1
            self._clear()
            self._stream.write(f"[{self._done}/{self._total}] {name}: {message}\n")
            self._status()

    def close(self) -> None:
        with self._lock:
            self._clear()
            self._stream.flush()

    def _status(self) -> None:
        if self._live and self._running:
            shown = ", ".join(self._running)
            self._stream.write(f"\r\x1b[K  fetching {shown} ({self._done}/{self._total} done)")
            self._stream.flush()

    def _clear(self) -> None:
        if self._live:
            self._stream.write("\r\x1b[K")
