"""A tiny Gradio app for the runtime's live tests: ``python live_app.py PORT``."""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import gradio as gr


def greet(name: str, exclaim: bool) -> str:
    return f"Hello {name}" + ("!" if exclaim else ".")


def count(step: float, total: float | None) -> tuple[float, float]:
    total = (total or 0) + step
    return total, total


def tokens(n: float):  # type: ignore[no-untyped-def]
    for i in range(int(n)):
        time.sleep(0.05)
        yield " ".join(f"tok{j}" for j in range(i + 1))


def boom(x: str) -> str:
    raise gr.Error(f"bad {x}", title="Custom Title")


def work(steps: float, progress: gr.Progress = gr.Progress()) -> str:  # noqa: B008
    for _ in progress.tqdm(range(int(steps)), desc="Looping", unit="steps"):
        time.sleep(0.15)
    return f"did {int(steps)}"


def reverse_file(path: str) -> tuple[str, int]:
    data = Path(path).read_bytes()
    out = Path(tempfile.mkdtemp()) / f"reversed {Path(path).name}"
    out.write_bytes(data[::-1])
    return str(out), len(data)


def updates(x: str):  # type: ignore[no-untyped-def]
    return gr.update(value=x + "!", visible=True), gr.skip()


def json_path(x: str) -> dict[str, object]:
    return {"path": "not/a/file.txt", "n": len(x)}


def echo(x: str) -> str:
    time.sleep(0.005)
    return x


def build() -> gr.Blocks:
    with gr.Blocks() as demo:
        text, flag, out = gr.Textbox(), gr.Checkbox(), gr.Textbox()
        num, state, total = gr.Number(), gr.State(), gr.Number()
        f_in, f_out = gr.File(type="filepath"), gr.File()
        upd_a, upd_b, js = gr.Textbox(), gr.Textbox(value="keep"), gr.JSON()
        btn = gr.Button()
        btn.click(greet, [text, flag], out, api_name="greet")  # 0
        btn.click(count, [num, state], [total, state], api_name="count")  # 1
        btn.click(tokens, num, out, api_name="tokens")  # 2
        btn.click(boom, text, out, api_name="boom")  # 3
        btn.click(work, num, out, api_name="work")  # 4
        btn.click(reverse_file, f_in, [f_out, total], api_name="reverse_file")  # 5
        btn.click(updates, text, [upd_a, upd_b], api_name="updates")  # 6
        btn.click(json_path, text, js, api_name="json_path")  # 7
        btn.click(echo, text, out, api_name="echo", concurrency_limit=None)  # 8
    return demo  # type: ignore[no-any-return]


if __name__ == "__main__":
    build().queue().launch(server_name="127.0.0.1", server_port=int(sys.argv[1]))
