"""Streaming media outputs: the typed result is the media, never the HLS playlist.

``gr.Audio(streaming=True)`` on 5.x/6.x answers with FileData ``is_stream: true`` whose URL is
an HLS playlist (``.../playlist.m3u8``); a ``RemoteFile`` reads the whole media
(``.../playlist-file``) instead. The server needs ffmpeg (a Debian package): without it these
tests are skipped with that reason.
"""

from __future__ import annotations

import shutil

import pytest

from spacegen.runtime import RemoteFile

from . import generated

E2E_APPS = ("media",)
PLAYLIST = b"#EXTM3U"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.anyio,
    pytest.mark.skipif(shutil.which("ffmpeg") is None, reason="the server needs ffmpeg"),
]
generated_client = generated.generated_client


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


def test_streamed_audio_is_read_as_media(generated_client: generated.GeneratedFactory) -> None:
    with generated_client("media").Client() as client:
        steps = list(client.stream_tone(3))
        result = client.tone(3)
        assert steps and all(isinstance(step, RemoteFile) for step in steps)
        assert isinstance(result, RemoteFile)
        assert result.url is not None and not result.url.endswith(".m3u8")
        data = result.read()
    assert not data.startswith(PLAYLIST) and len(data) > 10_000  # 0.75 s of 16-bit audio


async def test_async_streamed_audio(generated_client: generated.GeneratedFactory) -> None:
    async with generated_client("media").AsyncClient() as client:
        result = await client.tone(2)
        assert isinstance(result, RemoteFile)
        data = await result.aread()
    assert not data.startswith(PLAYLIST) and len(data) > 5_000
