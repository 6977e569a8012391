"""Plain values: text, numbers, choices, checkbox groups, several outputs, JSON."""

from typing import Any

import gradio as gr

OPS = ["add", "sub", "mul"]
FRUITS = ["apple", "banana", "cherry"]


def echo_text(text: str) -> str:
    """Return the text unchanged."""
    return text


def numbers(a: float, b: float, scale: float) -> tuple[int, float]:
    """Integer sum of a and b (rounded) and their float product times scale."""
    return round(a + b), a * b * scale


def calc(op: str, a: float, b: float) -> float:
    """Apply the Radio-chosen operation."""
    return {"add": a + b, "sub": a - b, "mul": a * b}[op]


def choices(
    fruit: str, fruits: list[str], custom: str, sizes: list[str], flag: bool
) -> dict[str, Any]:
    """Echo every choice-like input as one JSON object."""
    return {"fruit": fruit, "fruits": fruits, "custom": custom, "sizes": sizes, "flag": flag}


def text_stats(text: str) -> tuple[str, int, bool]:
    """Three outputs: upper-cased text, its length, whether it is empty."""
    return text.upper(), len(text), text == ""


def json_echo(value: Any) -> Any:
    """JSON in, same JSON out."""
    return value


def json_path() -> dict[str, Any]:
    """A JSON value that looks like a file reference but is just data."""
    return {"path": "x", "items": [{"path": "y"}], "n": 1}


with gr.Blocks(title="basics") as demo:
    text_in = gr.Textbox(label="Text", value="hello")
    text_out = gr.Textbox(label="Echo")
    gr.Button("echo").click(echo_text, text_in, text_out, api_name="echo_text")

    a = gr.Number(label="A", value=2, precision=0)
    b = gr.Number(label="B", value=1.5)
    scale = gr.Slider(0, 10, value=1, step=0.5, label="Scale")
    total = gr.Number(label="Sum", precision=0)
    product = gr.Number(label="Product")
    gr.Button("numbers").click(numbers, [a, b, scale], [total, product], api_name="numbers")

    op = gr.Radio(OPS, value="add", label="Operation")
    result = gr.Number(label="Result")
    gr.Button("calc").click(calc, [op, a, b], result, api_name="calc")

    fruit = gr.Dropdown(FRUITS, value="apple", label="Fruit")
    fruits = gr.Dropdown(FRUITS, value=["banana"], multiselect=True, label="Fruits")
    custom = gr.Dropdown(FRUITS, value="cherry", allow_custom_value=True, label="Custom")
    sizes = gr.CheckboxGroup(["S", "M", "L"], value=["M"], label="Sizes")
    flag = gr.Checkbox(value=False, label="Flag")
    chosen = gr.JSON(label="Chosen")
    gr.Button("choices").click(
        choices, [fruit, fruits, custom, sizes, flag], chosen, api_name="choices"
    )

    upper = gr.Textbox(label="Upper")
    length = gr.Number(label="Length", precision=0)
    empty = gr.Checkbox(label="Empty")
    gr.Button("stats").click(text_stats, text_in, [upper, length, empty], api_name="text_stats")

    json_in = gr.JSON(label="JSON in", value={"a": 1})
    json_out = gr.JSON(label="JSON out")
    gr.Button("json").click(json_echo, json_in, json_out, api_name="json_echo")
    gr.Button("path").click(json_path, None, json_out, api_name="json_path")

if __name__ == "__main__":
    demo.launch()
