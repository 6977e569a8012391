"""``stale_before.py`` changed in every way that breaks a client generated before:

a listener added first (every fn_index moves), ``/pick`` removed, ``/greet`` takes one more
input, ``/scale`` takes a Slider instead of a Number, ``/shout`` returns one more output,
``/old_name`` renamed ``/new_name``, ``/secret`` made private. ``/add`` and ``/leave_both``
are unchanged (at new fn_indexes, over components with new ids).
"""

import gradio as gr

PRIVATE = (
    {"api_visibility": "private", "api_name": "secret"}
    if int(gr.__version__.split(".")[0]) >= 6
    else {"api_name": False}
)


def subtract(a: float, b: float) -> float:
    return a - b


def add(a: float, b: float) -> float:
    return a + b


def greet(name: str, polite: bool) -> str:
    return f"Good day {name}" if polite else f"Hello {name}"


def scale(x: float) -> float:
    return x * 2


def shout(text: str) -> tuple[str, int]:
    return text.upper(), len(text)


def reverse(text: str) -> str:
    return text[::-1]


def secret(text: str) -> str:
    return f"secret {text}"


def leave_both(text: str) -> tuple[object, object]:
    unchanged = gr.skip() if hasattr(gr, "skip") else gr.update()
    return unchanged, unchanged


with gr.Blocks(title="stale") as demo:
    gr.Markdown("Changed app")
    a, b, out = gr.Number(label="a"), gr.Number(label="b"), gr.Number(label="out")
    slider = gr.Slider(0, 100, label="x")
    polite = gr.Checkbox(label="polite")
    text, text_out = gr.Textbox(label="text"), gr.Textbox(label="text out")
    length = gr.Number(label="length")
    kept, empty = gr.Textbox(label="kept", value="initial text"), gr.Number(label="empty")
    gr.Button("subtract").click(subtract, [a, b], out, api_name="subtract")
    gr.Button("add").click(add, [a, b], out, api_name="add")
    gr.Button("greet").click(greet, [text, polite], text_out, api_name="greet")
    gr.Button("scale").click(scale, slider, out, api_name="scale")
    gr.Button("shout").click(shout, text, [text_out, length], api_name="shout")
    gr.Button("reverse").click(reverse, text, text_out, api_name="new_name")
    gr.Button("secret").click(secret, text, text_out, **PRIVATE)
    gr.Button("leave").click(leave_both, text, [kept, empty], api_name="leave_both")

if __name__ == "__main__":
    demo.launch()
