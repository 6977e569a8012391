"""A streaming media output: ``gr.Audio(streaming=True)`` (served as an HLS playlist; the
server needs ffmpeg)."""

from typing import Any

import gradio as gr
import numpy as np


def tone(chunks: float) -> Any:
    """Yield ``chunks`` quarter seconds of a 440 Hz tone (16 kHz, 16-bit mono)."""
    rate = 16000
    t = np.arange(rate // 4) / rate
    wave = (np.sin(2 * np.pi * 440 * t) * 10000).astype(np.int16)
    for _ in range(int(chunks)):
        yield rate, wave


with gr.Blocks(title="media") as demo:
    chunks = gr.Number(label="Chunks", value=3, precision=0)
    audio = gr.Audio(label="Tone", streaming=True, autoplay=True)
    gr.Button("tone").click(tone, chunks, audio, api_name="tone")

if __name__ == "__main__":
    demo.launch()
