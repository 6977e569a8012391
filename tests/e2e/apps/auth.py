"""An app behind ``auth=("user", "pass")``."""

import gradio as gr

LAUNCH_KWARGS = {"auth": ("user", "pass")}


def whoami(request: gr.Request) -> str:
    """The logged-in user's name."""
    return request.username or ""


def request_info(request: gr.Request) -> dict[str, object]:
    """What the app sees of the caller in ``gr.Request``."""
    return {
        "username": request.username,
        "session_hash": request.session_hash,
        "query": dict(request.query_params),
        "x_trace": request.headers.get("x-trace"),
        "user_agent": request.headers.get("user-agent"),
    }


def echo(text: str) -> str:
    """Return the text unchanged."""
    return text


with gr.Blocks(title="auth") as demo:
    text = gr.Textbox(label="Text", value="secret")
    out = gr.Textbox(label="Out")
    gr.Button("echo").click(echo, text, out, api_name="echo")
    gr.Button("whoami").click(whoami, None, out, api_name="whoami")
    seen = gr.JSON(label="Seen")
    gr.Button("request").click(request_info, None, seen, api_name="request_info")

demo.queue()  # 3.x: through the queue (its websocket) too; 4.0+ queue anyway

if __name__ == "__main__":
    demo.launch(**LAUNCH_KWARGS)
