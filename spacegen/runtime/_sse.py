"""Incremental Server-Sent Events decoder (no I/O).

Feed it byte chunks split anywhere; it yields one :class:`SSEEvent` per dispatched event.
Handles LF, CRLF and lone CR line ends, comments, multi-line ``data`` and the ``event``/``id``
fields (``retry`` is accepted and ignored).
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator

from spacegen.runtime._record import Frozen

_EOL = re.compile("\r\n|\r|\n")


class SSEEvent(Frozen):
    """One event: ``data`` lines joined with newlines, ``event`` defaults to ``"message"``."""

    __match_args__ = ("data", "event", "id")
    __slots__ = __match_args__

    data: str
    event: str
    id: str | None

    def __init__(self, data: str, event: str = "message", id: str | None = None) -> None:
        self._freeze(data, event, id)


class SSEDecoder:
    """Turns byte chunks into events; keeps partial lines across chunks."""

    def __init__(self) -> None:
        self._text = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self._parts: list[str] = []
        self._pending_cr = False
        self._data: list[str] = []
        self._event = ""
        self._id: str | None = None

    def feed(self, chunk: bytes) -> list[SSEEvent]:
        """Decode ``chunk`` and return the events it completes."""
        return list(self._lines(self._text.decode(chunk)))

    def close(self) -> list[SSEEvent]:
        """End of stream: a final unterminated event is discarded, as the SSE spec says."""
        self._text.decode(b"", final=True)
        self._parts = []
        self._data, self._event = [], ""
        return []

    def _lines(self, text: str) -> Iterator[SSEEvent]:
        if self._pending_cr and text.startswith("\n"):
            text = text[1:]
        self._pending_cr = False
        if "\n" not in text and "\r" not in text:
            self._parts.append(text)
            return
        self._parts.append(text)
        buffer = "".join(self._parts)
        # Gradio ends lines with LF: str.split, cheaper than the regex, when there is no CR.
        *lines, rest = _EOL.split(buffer) if "\r" in buffer else buffer.split("\n")
        for line in lines:
            event = self._line(line)
            if event is not None:
                yield event
        self._pending_cr = buffer.endswith("\r")
        self._parts = [rest] if rest else []

    def _line(self, line: str) -> SSEEvent | None:
        if not line:
            return self._dispatch()
        if line.startswith(":"):
            return None
        name, sep, value = line.partition(":")
        if sep and value.startswith(" "):
            value = value[1:]
        if name == "data":
            self._data.append(value)
        elif name == "event":
            self._event = value
        elif name == "id" and "\0" not in value:
            self._id = value
        return None

    def _dispatch(self) -> SSEEvent | None:
        if not self._data:
            self._event = ""
            return None
        event = SSEEvent("\n".join(self._data), self._event or "message", self._id)
        self._data, self._event = [], ""
        return event
