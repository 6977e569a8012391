"""Streaming media: ``gr.Audio(streaming=True)`` and, from 5.0 on, ``gr.Video(streaming=True)``
outputs (served as HLS playlists; the server needs ffmpeg), and an event that streams its
input (``.stream()``, ``connection: "stream"`` from 5.0 on)."""

import subprocess
import tempfile
from pathlib import Path
from typing import Any

import gradio as gr
import numpy as np

VERSION = tuple(int(x) for x in gr.__version__.split(".")[:2])


def tone(chunks: float) -> Any:
    """Yield ``chunks`` quarter seconds of a 440 Hz tone (16 kHz, 16-bit mono)."""
    rate = 16000
    t = np.arange(rate // 4) / rate
    wave = (np.sin(2 * np.pi * 440 * t) * 10000).astype(np.int16)
    for _ in range(int(chunks)):
        yield rate, wave


def _segment(folder: Path, index: int) -> str:
    """A half-second MPEG-TS test picture (64x64, 10 fps), numbered ``index``."""
    path = folder / f"part{index}.ts"
    source = f"testsrc=duration=0.5:size=64x64:rate=10:decimals={index % 3}"
    command = ["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", source, "-c:v", "libx264"]
    subprocess.run([*command, "-pix_fmt", "yuv420p", "-f", "mpegts", str(path)], check=True)
    return str(path)


def clip(chunks: float) -> Any:
    """Yield ``chunks`` half-second video segments."""
    folder = Path(tempfile.mkdtemp(prefix="clip"))
    for index in range(int(chunks)):
        yield _segment(folder, index)


def loudness(audio: Any, total: float | None) -> tuple[int, float]:
    """Peak of the chunk, and the running count of samples (``total`` is fed back)."""
    if audio is None:
        return 0, total or 0
    _, data = audio
    return int(np.abs(data).max()), (total or 0) + len(data)


with gr.Blocks(title="media") as demo:
    chunks = gr.Number(label="Chunks", value=3, precision=0)
    audio = gr.Audio(label="Tone", streaming=True, autoplay=True)
    gr.Button("tone").click(tone, chunks, audio, api_name="tone")
    if VERSION >= (5, 0):
        video = gr.Video(label="Clip", streaming=True, autoplay=True)
        gr.Button("clip").click(clip, chunks, video, api_name="clip")
    mic = gr.Audio(label="Mic", sources=["microphone"], streaming=True)
    peak = gr.Number(label="Peak", precision=0)
    total = gr.Number(label="Total", value=0)
    mic.stream(loudness, [mic, total], [peak, total], api_name="loudness")

if __name__ == "__main__":
    demo.launch()
