"""A queue of size 1 and one worker: while a slow job runs and one waits, the next join gets 503."""

import time

import gradio as gr


def slow(seconds: float) -> str:
    """Sleeps ``seconds`` (at most 30), then returns ``slept <seconds>``."""
    time.sleep(min(max(seconds, 0.0), 30.0))
    return f"slept {seconds:g}"


def fast(text: str) -> str:
    """Return the text unchanged."""
    return text


with gr.Blocks(title="queue_full") as demo:
    seconds = gr.Number(label="Seconds", value=2)
    text = gr.Textbox(label="Text", value="x")
    out = gr.Textbox(label="Out")
    gr.Button("slow").click(slow, seconds, out, api_name="slow")
    gr.Button("fast").click(fast, text, out, api_name="fast")

demo.queue(max_size=1, default_concurrency_limit=1)

if __name__ == "__main__":
    demo.launch()
