"""A ``gr.BrowserState`` the API reads and writes (Gradio 5+)."""

import gradio as gr


def remember(name: str, saved: list[object]) -> list[object]:
    """Keep the name and count how often one was kept."""
    count = saved[1] if isinstance(saved[1], int) else 0
    return [name, count + 1]


def recall(saved: list[object]) -> str:
    """What the browser's storage holds."""
    return f"{saved[0]} ({saved[1]})"


with gr.Blocks(title="browser_state") as demo:
    name = gr.Textbox(label="Name")
    store = gr.BrowserState(["nobody", 0])
    out = gr.Textbox(label="Recalled")
    gr.Button("remember").click(remember, [name, store], store, api_name="remember")
    gr.Button("recall").click(recall, store, out, api_name="recall")

if __name__ == "__main__":
    demo.launch()
