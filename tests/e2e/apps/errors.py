"""Failures: gr.Error with a title, a plain exception, a validator, an error mid-stream."""

import time
from collections.abc import Iterator

import gradio as gr
from e2e_compat import error, validator

ERROR_MESSAGE = "Something went wrong"
ERROR_TITLE = "Custom title"


def fail(text: str) -> str:
    """Always raises gr.Error (with a title where the server supports one)."""
    raise error(f"{ERROR_MESSAGE}: {text}", title=ERROR_TITLE)


def crash(text: str) -> str:
    """Raises a plain exception (the server hides its message unless show_error)."""
    raise ValueError(f"internal detail {text}")


def maybe_fail(text: str, should_fail: bool) -> str:
    """Returns the text, or raises gr.Error when ``should_fail``."""
    if should_fail:
        raise error(f"asked to fail: {text}", title=ERROR_TITLE)
    return text


def stream_then_fail(text: str) -> Iterator[str]:
    """Yields twice, then raises gr.Error."""
    yield f"{text} 1"
    time.sleep(0.01)
    yield f"{text} 2"
    raise error("stream broke", title=ERROR_TITLE)


def greet(name: str, age: float) -> str:
    """Returns a greeting; its validator rejects an empty name and negative ages (>= 5.45)."""
    return f"Hello {name}, {int(age)}"


def check_greet(name: str, age: float) -> list[object]:
    return [
        gr.validate(bool(name.strip()), "Name must not be empty"),
        gr.validate(age >= 0, "Age must be at least 0"),
    ]


with gr.Blocks(title="errors") as demo:
    text = gr.Textbox(label="Text", value="x")
    out = gr.Textbox(label="Out")
    should_fail = gr.Checkbox(label="Fail", value=False)
    gr.Button("fail").click(fail, text, out, api_name="fail")
    gr.Button("crash").click(crash, text, out, api_name="crash")
    gr.Button("maybe").click(maybe_fail, [text, should_fail], out, api_name="maybe_fail")
    gr.Button("stream").click(stream_then_fail, text, out, api_name="stream_then_fail")

    name = gr.Textbox(label="Name", value="Ada")
    age = gr.Number(label="Age", value=36)
    gr.Button("greet").click(greet, [name, age], out, api_name="greet", **validator(check_greet))

if __name__ == "__main__":
    demo.launch()
