"""An ordinary app written with the gradio API that 3.50 and every 4.x/5.x/6.x share.

Used by ``test_generated_legacy.py`` on every old protocol generation (3.x websocket, 4.0-4.21
queue protocols). Text, numbers, choices, several outputs, a generator, files in and out,
State, an error, an update, a chat, a dataframe, a slow job and a function outside the queue.
"""

import time
from pathlib import Path
from typing import Any

import gradio as gr

V3 = gr.__version__.startswith("3.")


def echo_text(text: str) -> str:
    return f"echo: {text}"


def numbers(count: float, ratio: float, level: float) -> tuple[float, float]:
    return int(count) * 2, ratio * level


def choose(op: str, fruit: str) -> str:
    return f"{op}:{fruit}"


def count_up(text: str, steps: float) -> Any:
    out = ""
    for index in range(int(steps)):
        out += f"{text}{index} "
        time.sleep(0.05)
        yield out.strip()


def file_upper(path: Any) -> str:
    source = Path(path if isinstance(path, str) else path.name)
    target = source.with_name(f"upper-{source.name}")
    target.write_text(source.read_text().upper())
    return str(target)


def make_image(size: float) -> Any:
    import numpy as np  # noqa: PLC0415  # gradio depends on numpy

    return np.full((int(size), int(size) + 1, 3), 200, dtype=np.uint8)


def image_size(path: str) -> str:
    from PIL import Image  # noqa: PLC0415  # gradio depends on pillow

    with Image.open(path) as image:
        return f"{image.width}x{image.height}"


def increment(amount: float, total: int) -> tuple[int, int]:
    total = total + int(amount)
    return total, total


def fail(text: str) -> str:
    raise gr.Error(f"bad {text}")


def via_update(text: str) -> Any:
    return gr.update(value=text.upper())


def chat(message: str, history: list[Any]) -> list[Any]:
    return [*(history or []), [message, f"you said {message}"]]


def table(rows: float) -> list[list[Any]]:
    return [[index, f"row {index}"] for index in range(int(rows))]


def slow(seconds: float) -> str:
    time.sleep(seconds)
    return f"slept {seconds}"


def quick(text: str) -> str:
    return text[::-1]


with gr.Blocks(title="legacy") as demo:
    text_in = gr.Textbox(label="Text", value="hi")
    text_out = gr.Textbox(label="Out")
    gr.Button("echo").click(echo_text, text_in, text_out, api_name="echo_text")

    count = gr.Number(label="Count", value=2, precision=0)
    ratio = gr.Number(label="Ratio", value=0.5)
    level = gr.Slider(0, 10, value=4, label="Level")
    doubled = gr.Number(label="Doubled", precision=0)
    product = gr.Number(label="Product")
    gr.Button("num").click(numbers, [count, ratio, level], [doubled, product], api_name="numbers")

    op = gr.Radio(["add", "sub"], value="add", label="Op")
    fruit = gr.Dropdown(["apple", "pear"], value="apple", label="Fruit")
    gr.Button("choose").click(choose, [op, fruit], text_out, api_name="choose")

    steps = gr.Number(label="Steps", value=3, precision=0)
    streamed = gr.Textbox(label="Streamed")
    gr.Button("count").click(count_up, [text_in, steps], streamed, api_name="count_up")

    file_in = gr.File(label="Upload")
    file_out = gr.File(label="Upper")
    gr.Button("upper").click(file_upper, file_in, file_out, api_name="file_upper")

    size = gr.Number(label="Size", value=4, precision=0)
    image = gr.Image(label="Image")
    gr.Button("image").click(make_image, size, image, api_name="make_image")

    image_in = gr.Image(label="Picture", type="filepath")
    gr.Button("size").click(image_size, image_in, text_out, api_name="image_size")

    total = gr.State(0)
    amount = gr.Number(label="Amount", value=1, precision=0)
    shown = gr.Number(label="Total", precision=0)
    gr.Button("+").click(increment, [amount, total], [shown, total], api_name="increment")

    gr.Button("fail").click(fail, text_in, text_out, api_name="fail")
    gr.Button("update").click(via_update, text_in, text_out, api_name="via_update")

    chatbot = gr.Chatbot(label="Chat")
    gr.Button("chat").click(chat, [text_in, chatbot], chatbot, api_name="chat")

    rows = gr.Number(label="Rows", value=2, precision=0)
    frame = gr.Dataframe(label="Table", headers=["n", "label"])
    gr.Button("table").click(table, rows, frame, api_name="table")

    seconds = gr.Number(label="Seconds", value=1)
    gr.Button("slow").click(slow, seconds, text_out, api_name="slow")
    gr.Button("quick").click(quick, text_in, text_out, api_name="quick", queue=False)

if V3:
    demo.queue(concurrency_count=8)
else:
    demo.queue(default_concurrency_limit=8)

if __name__ == "__main__":
    demo.launch()
