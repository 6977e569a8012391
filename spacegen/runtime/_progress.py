"""A one-line progress bar on stderr for batches (drawn only on a terminal)."""

from __future__ import annotations

import sys
import time
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from spacegen.runtime._batch import BatchProgress

_WIDTH = 24
_EVERY = 0.1  # seconds between redraws


class Bar:
    """``\\r<name> [#####.....] 512/1000  3 failed  45.1/s  ETA 11 s``, redrawn at most 10x/s."""

    def __init__(self, name: str, stream: TextIO) -> None:
        self._name, self._stream = name, stream
        self._last = 0.0

    @classmethod
    def maybe(cls, wanted: bool | None, name: str, stream: TextIO | None = None) -> Bar | None:
        """A bar when ``wanted`` (None: when the stream is a terminal)."""
        out = stream if stream is not None else sys.stderr
        if wanted is None:
            wanted = _is_terminal(out)
        return cls(name, out) if wanted else None

    def show(self, progress: BatchProgress) -> None:
        now = time.monotonic()
        if now - self._last >= _EVERY or progress.done == progress.total:
            self._last = now
            self._stream.write("\r" + line(self._name, progress))
            self._stream.flush()

    def end(self, progress: BatchProgress) -> None:
        self._stream.write("\r" + line(self._name, progress) + "\n")
        self._stream.flush()


def line(name: str, p: BatchProgress) -> str:
    """The bar's text for one state of a batch."""
    filled = _WIDTH * p.done // p.total if p.total else _WIDTH
    bar = "#" * filled + "." * (_WIDTH - filled)
    text = f"{name} [{bar}] {p.done}/{p.total}"
    if p.failed:
        text += f"  {p.failed} failed"
    called = p.done - p.resumed
    if called and p.elapsed > 0:
        rate = called / p.elapsed
        text += f"  {rate:.1f}/s  ETA {(p.total - p.done) / rate:.0f} s"
    return text


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
