"""A Gradio app with a bounded capacity, for the scale-out figure: ``/work`` sleeps
``WORK_S`` and echoes its text, at most ``LIMIT`` at a time (``concurrency_limit``), so the
server can finish at most ``LIMIT / WORK_S`` calls per second however many clients call it.

Run as a script: ``python limited_app.py PORT`` (127.0.0.1 only).
"""

from __future__ import annotations

import sys
import time

import gradio as gr

LIMIT = 8
WORK_S = 0.05


def work(text: str) -> str:
    """Sleep ``WORK_S`` seconds, return the text."""
    time.sleep(WORK_S)
    return text


def build() -> gr.Blocks:
    with gr.Blocks(title="limited") as demo:
        text = gr.Textbox(label="Text")
        out = gr.Textbox(label="Out")
        gr.Button("work").click(work, text, out, api_name="work", concurrency_limit=LIMIT)
    demo.queue(default_concurrency_limit=LIMIT)
    return demo


def main(port: int) -> None:
    build().launch(
        server_name="127.0.0.1",
        server_port=port,
        prevent_thread_lock=False,
        show_error=True,
        quiet=True,
        ssr_mode=False,
    )


if __name__ == "__main__":
    main(int(sys.argv[1]))
