"""Side events of a job: gr.Progress updates and gr.Info / gr.Warning log messages."""

import time

import gradio as gr


def run_steps(steps: float, progress: gr.Progress = gr.Progress()) -> str:  # noqa: B008
    """Reports ``steps`` progress updates (``step i/n``), then returns ``done <n>``."""
    n = int(steps)
    for i in range(n):
        progress((i, n), desc=f"step {i + 1}/{n}")
        time.sleep(0.05)
    return f"done {n}"


def logs(text: str) -> str:
    """Emits one gr.Info and one gr.Warning mentioning ``text``, then returns it."""
    gr.Info(f"info: {text}")
    gr.Warning(f"warning: {text}")
    return text


with gr.Blocks(title="events") as demo:
    steps = gr.Number(label="Steps", value=3, precision=0)
    text = gr.Textbox(label="Text", value="hello")
    out = gr.Textbox(label="Out")
    gr.Button("progress").click(run_steps, steps, out, api_name="progress")
    gr.Button("logs").click(logs, text, out, api_name="logs")

if __name__ == "__main__":
    demo.launch()
