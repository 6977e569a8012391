"""Benchmark target: a text echo and a streaming echo; no artificial delays."""

from collections.abc import Iterator

import gradio as gr


def echo(text: str) -> str:
    """Return the text unchanged."""
    return text


def stream_echo(text: str, chunks: float) -> Iterator[str]:
    """Yield ``text`` ``chunks`` times, each time prefixed with its index (``0:text``...)."""
    for i in range(int(chunks)):
        yield f"{i}:{text}"


with gr.Blocks(title="bench") as demo:
    text = gr.Textbox(label="Text", value="ping")
    chunks = gr.Number(label="Chunks", value=10, precision=0)
    out = gr.Textbox(label="Out")
    gr.Button("echo").click(echo, text, out, api_name="echo", concurrency_limit=None)
    gr.Button("stream").click(
        stream_echo, [text, chunks], out, api_name="stream_echo", concurrency_limit=None
    )

demo.queue(default_concurrency_limit=None)

if __name__ == "__main__":
    demo.launch()
