"""One ``/echo`` endpoint through the queue, the same on every Gradio from 3.50 to 6.31.

For the per-protocol figure: the harness runs it with each old version's interpreter through
``tests/e2e/_runner.py`` (which launches ``demo`` on 127.0.0.1 and copes with each version's
``launch()``).
"""

import gradio as gr


def echo(text: str) -> str:
    """Return the text unchanged."""
    return text


with gr.Blocks(title="proto") as demo:
    text_in = gr.Textbox(label="text")
    text_out = gr.Textbox(label="echoed")
    gr.Button("echo").click(echo, text_in, text_out, api_name="echo")

demo.queue()
