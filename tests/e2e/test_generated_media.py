"""Streaming media: the typed result is the media, never the HLS playlist; ``chunks()`` gives
its segments live; an event that streams its inputs answers a one-shot call at once.

``gr.Audio(streaming=True)`` / ``gr.Video(streaming=True)`` (video from 5.0) on 5.x/6.x answer
with FileData ``is_stream: true`` whose URL is an HLS playlist (``.../playlist.m3u8``); a
``RemoteFile`` reads the whole media (``.../playlist-file``) instead, and ``chunks()`` follows
the playlist. 4.44 streams the audio as one growing response. The server needs ffmpeg (a
Debian package): without it these tests are skipped with that reason; ffprobe checks that
what arrives plays.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest

from spacegen.runtime import RemoteFile

from . import generated

E2E_APPS = ("media",)
PLAYLIST = b"#EXTM3U"
TS_SYNC = 0x47  # first byte of every MPEG-TS packet
ONE_SHOT_LIMIT = 10.0  # seconds; the server would hold a streaming-input event for 30 s

pytestmark = [
    pytest.mark.slow,
    pytest.mark.anyio,
    pytest.mark.skipif(shutil.which("ffmpeg") is None, reason="the server needs ffmpeg"),
]
generated_client = generated.generated_client


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


def probe(path: Path) -> dict[str, Any]:
    """ffprobe's view of a media file: ``format`` (name, duration) and ``streams``."""
    command = ["ffprobe", "-v", "error", "-show_format", "-show_streams", "-of", "json"]
    done = subprocess.run([*command, str(path)], capture_output=True, text=True, check=True)
    found: dict[str, Any] = json.loads(done.stdout)
    return found


def video_file(value: Any) -> RemoteFile:
    """The file of a Video output (5.x types it ``VideoData``: ``{"video": ..., ...}``)."""
    file = value["video"] if isinstance(value, dict) else value
    assert isinstance(file, RemoteFile)
    return file


def needs_streamed_video(version: str) -> None:
    if version.startswith("4."):
        pytest.skip("gr.Video(streaming=True) exists from Gradio 5.0")


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


def test_streamed_video_is_the_whole_video(
    generated_client: generated.GeneratedFactory, gradio_version: str, tmp_path: Path
) -> None:
    needs_streamed_video(gradio_version)
    with generated_client("media", gradio_version).Client() as client:
        saved = video_file(client.clip(3)).save(tmp_path)
    found = probe(saved)
    assert "mp4" in found["format"]["format_name"]
    assert float(found["format"]["duration"]) == pytest.approx(1.5, abs=0.2)  # 3 x 0.5 s
    assert [s["codec_type"] for s in found["streams"]] == ["video"]


def test_video_chunks_arrive_live_one_per_step(
    generated_client: generated.GeneratedFactory, gradio_version: str, tmp_path: Path
) -> None:
    needs_streamed_video(gradio_version)
    with generated_client("media", gradio_version).Client() as client:
        job = client.submit_clip(3)
        first = video_file(next(iter(job)))
        chunks, running_at_first = [], None
        for chunk in first.chunks():
            running_at_first = not job.done() if running_at_first is None else running_at_first
            chunks.append(chunk)
        job.result()
    assert running_at_first  # the first segment came while the app was still yielding
    assert len(chunks) == 3 and all(chunk[0] == TS_SYNC for chunk in chunks)
    joined = tmp_path / "joined.ts"
    joined.write_bytes(b"".join(chunks))
    assert "mpegts" in probe(joined)["format"]["format_name"]


async def test_async_video_chunks(
    generated_client: generated.GeneratedFactory, gradio_version: str
) -> None:
    needs_streamed_video(gradio_version)
    async with generated_client("media", gradio_version).AsyncClient() as client:
        file = video_file(await client.clip(2))
        chunks = [chunk async for chunk in file.achunks()]
    assert len(chunks) == 2 and all(chunk[0] == TS_SYNC for chunk in chunks)


def test_audio_chunks_are_the_media(
    generated_client: generated.GeneratedFactory, gradio_version: str
) -> None:
    with generated_client("media", gradio_version).Client() as client:
        result = client.tone(2)
        assert isinstance(result, RemoteFile)
        chunks = list(result.chunks())
    assert chunks and all(chunks)
    if gradio_version.startswith("4."):  # one growing WAV response
        assert len(chunks) == 1 and chunks[0].startswith(b"RIFF")
    else:  # AAC segments (ADTS frames start with 12 set bits)
        assert all(chunk[0] == 0xFF and chunk[1] & 0xF0 == 0xF0 for chunk in chunks)


def wav(path: Path, samples: int, level: int) -> Path:
    """A 16 kHz mono WAV of ``samples`` samples at a constant ``level``."""
    import wave  # noqa: PLC0415  # only this helper writes audio

    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(16000)
        out.writeframes(level.to_bytes(2, "little", signed=True) * samples)
    return path


def test_streaming_input_event_answers_one_shot_calls(
    generated_client: generated.GeneratedFactory, gradio_version: str, tmp_path: Path
) -> None:
    module = generated_client("media", gradio_version)
    audio = wav(tmp_path / "a.wav", 1600, 1234)
    if not gradio_version.startswith("4."):  # 4.x has no connection: "stream"
        assert "does not stream them" in (module.Client.loudness.__doc__ or "")
    with module.Client() as client:
        for total in (5, 1605):  # back to back: the first call freed the event's worker
            started = time.monotonic()
            result = client.loudness(audio, total)
            assert time.monotonic() - started < ONE_SHOT_LIMIT
            assert (result.peak, result.total) == (1234, total + 1600)


async def test_async_streaming_input_event(
    generated_client: generated.GeneratedFactory, gradio_version: str, tmp_path: Path
) -> None:
    audio = wav(tmp_path / "a.wav", 800, -300)
    async with generated_client("media", gradio_version).AsyncClient() as client:
        started = time.monotonic()
        first = await client.loudness(audio, 0)
        second = await client.loudness(audio, first.total)
        assert time.monotonic() - started < 2 * ONE_SHOT_LIMIT
    assert (first.peak, first.total, second.total) == (300, 800, 1600)
