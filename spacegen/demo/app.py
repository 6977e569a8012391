"""The Gradio app bundled for ``spacegen demo`` (needs ``spacegen[demo]``).

Run as ``python -m spacegen.demo.app PORT`` to serve it on 127.0.0.1:PORT. Endpoints:
``/greet`` (text), ``/count`` (a streaming generator), ``/shout_file`` (a file round trip),
``/remember`` (session state) and ``/divide`` (raises ``gr.Error`` when dividing by zero).
"""

from __future__ import annotations

import os
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import gradio as gr


def _output_dir() -> Path:
    """A fresh folder under GRADIO_TEMP_DIR (the launcher's temp folder) when that is set."""
    base = os.environ.get("GRADIO_TEMP_DIR")
    if base:
        Path(base).mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix="spacegen-demo-", dir=base))


_OUT = _output_dir()


def greet(name: str, excited: bool) -> str:
    """Greet someone by name."""
    return f"Hello, {name}{'!' if excited else '.'}"


def count(word: str, times: float) -> Iterator[str]:
    """Stream the word repeated one more time at each step."""
    for i in range(1, int(times) + 1):
        time.sleep(0.05)
        yield " ".join([word] * i)


def shout_file(file: str) -> str:
    """Return a copy of the uploaded text file in upper case."""
    source = Path(file)
    target = _OUT / f"shout_{source.name}"
    target.write_text(source.read_text(encoding="utf-8").upper(), encoding="utf-8")
    return str(target)


def remember(item: str, items: list[str]) -> tuple[list[str], list[str]]:
    """Add an item to this session's list and return the whole list."""
    items = [*items, item]
    return items, items


def divide(a: float, b: float) -> float:
    """Divide a by b; dividing by zero is reported as an app error."""
    if b == 0:
        raise gr.Error("Cannot divide by zero", title="Bad input")
    return a / b


def build() -> gr.Blocks:
    """The demo app (several small endpoints, each with a stable api_name)."""
    demo = gr.Blocks(title="spacegen demo")
    with demo:
        name = gr.Textbox(label="Name", value="Ada")
        excited = gr.Checkbox(label="Excited", value=True)
        text_out = gr.Textbox(label="Result")
        gr.Button("greet").click(greet, [name, excited], text_out, api_name="greet")

        word = gr.Textbox(label="Word", value="la")
        times = gr.Number(label="Times", value=3, precision=0)
        gr.Button("count").click(count, [word, times], text_out, api_name="count")

        file_in = gr.File(label="Text file", type="filepath")
        file_out = gr.File(label="Shouted file")
        gr.Button("shout").click(shout_file, file_in, file_out, api_name="shout_file")

        items = gr.State([])
        item = gr.Textbox(label="Item", value="apple")
        listed = gr.JSON(label="Remembered")
        gr.Button("remember").click(remember, [item, items], [listed, items], api_name="remember")

        a = gr.Number(label="A", value=1)
        b = gr.Number(label="B", value=2)
        quotient = gr.Number(label="A / B")
        gr.Button("divide").click(divide, [a, b], quotient, api_name="divide")
    return demo


def _exit_with_parent() -> None:
    """Stop serving when ``spacegen demo`` is gone, even if it was killed hard."""
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(0)

    threading.Thread(target=watch, name="demo-parent-watch", daemon=True).start()


def main(argv: list[str]) -> int:
    """Serve the demo on 127.0.0.1:``argv[0]`` until terminated (or the parent exits)."""
    port = int(argv[0])
    _exit_with_parent()
    build().launch(
        server_name="127.0.0.1",
        server_port=port,
        prevent_thread_lock=False,
        quiet=True,
        ssr_mode=False,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
