"""Streamed media outputs (``gr.Audio`` / ``gr.Video`` with ``streaming=True``) as byte chunks.

Gradio 5.x/6.x serve such an output as an HLS playlist (``.../playlist.m3u8``) that grows by
one segment (``.aac`` audio, ``.ts`` video) as the app yields, and ends with
``#EXT-X-ENDLIST``. A RemoteFile of it reads the whole media (``.../playlist-file``, see
``_files.media_url``); :func:`chunks` / :func:`achunks` follow the playlist instead and yield
each segment's bytes once, in order, as the server adds them. Gradio 4.44 has no playlist:
its stream URL answers the whole media, which comes as one chunk.

The playlist logic (:class:`SegmentCursor`) is sans-IO; the two generators only fetch.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Iterator, Mapping
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

from spacegen.runtime.errors import TimeoutError

if TYPE_CHECKING:
    from spacegen.runtime._files import Fetcher

_WHOLE = "/playlist-file"
_PLAYLIST = "/playlist.m3u8"
_END = "#EXT-X-ENDLIST"
POLL_SECONDS = 0.1  # between two looks at a playlist that has not grown
IDLE_SECONDS = 45.0  # a playlist that neither grows nor ends for this long: TimeoutError


def playlist_url(data: Mapping[str, Any]) -> str | None:
    """The HLS playlist behind a streamed media file, or None (4.44, or not streamed)."""
    url = data.get("url")
    if not data.get("is_stream") or not isinstance(url, str) or not url.endswith(_WHOLE):
        return None
    return url[: -len(_WHOLE)] + _PLAYLIST


class SegmentCursor:
    """Which segments of a growing playlist are new (no I/O)."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.seen = 0
        self.ended = False

    def update(self, text: str) -> list[str]:
        """The URLs of segments the playlist ``text`` lists beyond those already returned."""
        lines = [line.strip() for line in text.splitlines()]
        segments = [line for line in lines if line and not line.startswith("#")]
        self.ended = _END in lines
        new = segments[self.seen :]
        self.seen = max(self.seen, len(segments))
        return [urljoin(self.url, uri) for uri in new]


class _Idle:
    """Raises once a playlist has not grown for ``IDLE_SECONDS``."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.since = time.monotonic()

    def check(self, grew: bool) -> None:
        now = time.monotonic()
        if grew:
            self.since = now
        elif now - self.since > IDLE_SECONDS:
            raise TimeoutError(f"the media stream {self.url} stopped growing without ending")


def chunks(fetcher: Fetcher, data: Mapping[str, Any], url: str) -> Iterator[bytes]:
    """The media's segments as the server adds them (``url``: the file's own URL)."""
    playlist = playlist_url(data)
    if playlist is None:
        yield fetcher.fetch_bytes(url)
        return
    cursor, idle = SegmentCursor(playlist), _Idle(playlist)
    while not cursor.ended:
        new = cursor.update(fetcher.fetch_bytes(playlist).decode("utf-8", "replace"))
        for segment in new:
            yield fetcher.fetch_bytes(segment)
        idle.check(bool(new))
        if not new and not cursor.ended:
            time.sleep(POLL_SECONDS)


async def achunks(fetcher: Fetcher, data: Mapping[str, Any], url: str) -> AsyncIterator[bytes]:
    """Async :func:`chunks`."""
    playlist = playlist_url(data)
    if playlist is None:
        yield await fetcher.afetch_bytes(url)
        return
    cursor, idle = SegmentCursor(playlist), _Idle(playlist)
    while not cursor.ended:
        text = await fetcher.afetch_bytes(playlist)
        new = cursor.update(text.decode("utf-8", "replace"))
        for segment in new:
            yield await fetcher.afetch_bytes(segment)
        idle.check(bool(new))
        if not new and not cursor.ended:
            await _sleep(POLL_SECONDS)


async def _sleep(seconds: float) -> None:
    """``asyncio.sleep``, imported on use: a sync client never loads asyncio (import cost)."""
    import asyncio  # noqa: PLC0415

    await asyncio.sleep(seconds)
