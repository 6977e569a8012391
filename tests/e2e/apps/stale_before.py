"""The app a client is generated from, before it changes (see ``stale_after.py``)."""

import gradio as gr


def add(a: float, b: float) -> float:
    return a + b


def pick(a: float, b: float) -> float:
    return a


def greet(name: str) -> str:
    return f"Hello {name}"


def scale(x: float) -> float:
    return x * 2


def shout(text: str) -> str:
    return text.upper()


def reverse(text: str) -> str:
    return text[::-1]


def secret(text: str) -> str:
    return f"secret {text}"


def leave_both(text: str) -> tuple[object, object]:
    """Leaves both outputs unchanged (gr.skip() where it exists, else a value-less update)."""
    unchanged = gr.skip() if hasattr(gr, "skip") else gr.update()
    return unchanged, unchanged


with gr.Blocks(title="stale") as demo:
    a, b, out = gr.Number(label="a"), gr.Number(label="b"), gr.Number(label="out")
    text, text_out = gr.Textbox(label="text"), gr.Textbox(label="text out")
    kept, empty = gr.Textbox(label="kept", value="initial text"), gr.Number(label="empty")
    gr.Button("add").click(add, [a, b], out, api_name="add")
    gr.Button("pick").click(pick, [a, b], out, api_name="pick")
    gr.Button("greet").click(greet, text, text_out, api_name="greet")
    gr.Button("scale").click(scale, a, out, api_name="scale")
    gr.Button("shout").click(shout, text, text_out, api_name="shout")
    gr.Button("reverse").click(reverse, text, text_out, api_name="old_name")
    gr.Button("secret").click(secret, text, text_out, api_name="secret")
    gr.Button("leave").click(leave_both, text, [kept, empty], api_name="leave_both")

if __name__ == "__main__":
    demo.launch()
