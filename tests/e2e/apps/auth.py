"""An app behind ``auth=("user", "pass")``."""

import gradio as gr

LAUNCH_KWARGS = {"auth": ("user", "pass")}


def whoami(request: gr.Request) -> str:
    """The logged-in user's name."""
    return request.username or ""


def echo(text: str) -> str:
    """Return the text unchanged."""
    return text


with gr.Blocks(title="auth") as demo:
    text = gr.Textbox(label="Text", value="secret")
    out = gr.Textbox(label="Out")
    gr.Button("echo").click(echo, text, out, api_name="echo")
    gr.Button("whoami").click(whoami, None, out, api_name="whoami")

demo.queue()  # 3.x: through the queue (its websocket) too; 4.0+ queue anyway

if __name__ == "__main__":
    demo.launch(**LAUNCH_KWARGS)
