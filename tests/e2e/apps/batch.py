"""Batch target: every call of ``/square`` is counted per input, so tests can prove that no
item was called twice and none was missed; ``/counts`` reads the counts, ``/reset_counts``
clears them. ``/square_or_fail`` raises ``gr.Error`` for negative numbers."""

import threading
import time
from collections import Counter

import gradio as gr

_counts: Counter[str] = Counter()
_lock = threading.Lock()


def square(x: float, delay: float) -> float:
    """Count the call, sleep ``delay`` seconds (at most 5), return ``x * x``."""
    with _lock:
        _counts[f"{x:g}"] += 1
    time.sleep(min(max(delay, 0.0), 5.0))
    return x * x


def square_or_fail(x: float) -> float:
    """``x * x``, or a gr.Error for a negative ``x``."""
    if x < 0:
        raise gr.Error(f"negative: {x:g}")
    return x * x


def counts() -> dict[str, int]:
    """How many times ``/square`` ran for each input."""
    with _lock:
        return dict(_counts)


def reset_counts() -> dict[str, int]:
    """Clear the counts."""
    with _lock:
        _counts.clear()
    return {}


with gr.Blocks(title="batch") as demo:
    x = gr.Number(label="X", value=2)
    delay = gr.Number(label="Delay", value=0)
    out = gr.Number(label="Square")
    table = gr.JSON(label="Counts")
    gr.Button("square").click(square, [x, delay], out, api_name="square")
    gr.Button("square_or_fail").click(square_or_fail, x, out, api_name="square_or_fail")
    gr.Button("counts").click(counts, None, table, api_name="counts")
    gr.Button("reset").click(reset_counts, None, table, api_name="reset_counts")

demo.queue(default_concurrency_limit=16)

if __name__ == "__main__":
    demo.launch()
