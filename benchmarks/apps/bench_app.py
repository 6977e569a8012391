"""The Gradio app the benchmarks run against.

Endpoints: ``/echo`` (text in, same text out), ``/stream_echo`` (a generator yielding ``n``
growing strings), ``/file_echo`` (a file in, the same file out).

Run as a script: ``python bench_app.py PORT``. Listens on 127.0.0.1 only. The harness sets
``GRADIO_ANALYTICS_ENABLED=False`` and a private ``GRADIO_TEMP_DIR`` in the environment.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator

import gradio as gr

MAX_FILE_SIZE = "4gb"
CONCURRENCY = 32


def echo(text: str) -> str:
    """Return the text unchanged."""
    return text


def stream_echo(text: str, n: float) -> Iterator[str]:
    """Yield ``n`` growing outputs: ``text``, then one token more each time."""
    out = text
    for i in range(int(n)):
        out = f"{out} t{i}"
        yield out


def file_echo(path: str) -> str:
    """Return the uploaded file unchanged."""
    return path


def build() -> gr.Blocks:
    """Wire the three endpoints to components (one event each, named by ``api_name``)."""
    demo = gr.Blocks()
    with demo:
        text_in = gr.Textbox(label="text")
        count = gr.Number(label="n", value=10, precision=0)
        text_out = gr.Textbox(label="echoed")
        file_in = gr.File(label="file", type="filepath")
        file_out = gr.File(label="echoed file")
        gr.Button("echo").click(echo, text_in, text_out, api_name="echo")
        gr.Button("stream").click(stream_echo, [text_in, count], text_out, api_name="stream_echo")
        gr.Button("file").click(file_echo, file_in, file_out, api_name="file_echo")
    return demo


def main(port: int) -> None:
    """Serve the app until killed."""
    demo = build().queue(default_concurrency_limit=CONCURRENCY)
    demo.launch(
        server_name="127.0.0.1",
        server_port=port,
        max_file_size=MAX_FILE_SIZE,
        prevent_thread_lock=False,
        show_error=True,
        quiet=True,
        ssr_mode=False,
    )


if __name__ == "__main__":
    main(int(sys.argv[1]))
