"""Cold start of a one-shot script: spawn a fresh interpreter, make one ``/echo`` call, exit.

What a script user waits for, end to end (interpreter start, imports, client set-up, one call,
interpreter exit), measured from the parent around ``subprocess.run``:

- ``floor``: a minimal raw-httpx script (``queue/join`` then ``queue/data`` read to
  ``process_completed``, the fn_index baked in as a generated client bakes it in);
- ``gradio_client``: ``print(Client(url, verbose=False).predict("cold", api_name="/echo"))``;
- ``spacegen``: ``import <generated>; print(<generated>.Client(url).<echo>("cold"))``.

Each script runs once untimed first, so its bytecode is cached as in any installed
environment (see :func:`~benchmarks.processes.child_env`). Repeats are interleaved (the order
rotates), each one checks the printed text; median and spread over repeats. Target: spacegen
≤ 1.1x the raw script.
"""

from __future__ import annotations

import subprocess
import sys
import time
from typing import Any

from benchmarks.contenders import FLOOR, GRADIO, SPACEGEN, Contender, Floor, Spacegen
from benchmarks.context import Ctx, interleave
from benchmarks.processes import child_env, warm_up
from benchmarks.report import Row, Target, median

TEXT = "cold"
TIMEOUT = 120
_RAW = """\
import json, uuid, httpx
session = uuid.uuid4().hex
body = {{"data": [{text!r}], "fn_index": {fn}, "session_hash": session, "simple_format": True}}
with httpx.Client(base_url={base!r}, timeout=60) as http:
    event = http.post("/queue/join", json=body).raise_for_status().json()["event_id"]
    with http.stream("GET", "/queue/data", params={{"session_hash": session}}) as resp:
        for line in resp.iter_lines():
            msg = json.loads(line[5:]) if line.startswith("data:") else {{}}
            if msg.get("event_id") == event and msg.get("msg") == "process_completed":
                print(msg["output"]["data"][0])
                break
"""
_GRADIO = """\
from gradio_client import Client
print(Client({url!r}, verbose=False).predict({text!r}, api_name="/echo"))
"""
_SPACEGEN = """\
import {module}
print({module}.Client({url!r}).{method}({text!r}))
"""


def script(ctx: Ctx, contender: Contender) -> str:
    """The one-shot script ``contender`` stands for."""
    if isinstance(contender, Floor):
        base = f"{ctx.url}/gradio_api"
        return _RAW.format(text=TEXT, fn=contender.fns["/echo"], base=base)
    if isinstance(contender, Spacegen):
        method = contender.echo_method
        return _SPACEGEN.format(module=ctx.spacegen_module, url=ctx.url, method=method, text=TEXT)
    return _GRADIO.format(url=ctx.url, text=TEXT)


def run_script(ctx: Ctx, code: str) -> float:
    """ms from spawning ``python -c code`` to its exit; the script must print ``TEXT``."""
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", code], cwd=ctx.work, env=child_env(ctx),
                          capture_output=True, text=True, timeout=TIMEOUT, check=False)  # fmt: skip
    wall = (time.perf_counter() - start) * 1e3
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines or lines[-1] != TEXT:
        tail = (done.stderr.strip().splitlines() or ["no output"])[-1]
        raise RuntimeError(f"one-shot script failed (exit {done.returncode}): {tail}")
    return wall


def coldstart(ctx: Ctx) -> list[Row]:
    row = ctx.row("coldstart", "cold_start", "one-shot script: spawn, one call, exit", "ms",
                  target=Target("ratio_max", 1.1))  # fmt: skip
    codes: dict[str, Any] = {c.name: script(ctx, c) for c in ctx.contenders}
    warm_up(lambda c: run_script(ctx, codes[c.name]), ctx.contenders)
    results, errors = interleave(
        ctx, ctx.mode.cold_repeats, lambda c: run_script(ctx, codes[c.name])
    )
    row.notes.update(errors)
    for name in (FLOOR, GRADIO, SPACEGEN):
        got = results.get(name, [])
        if got and name not in errors:
            row.put(name, median(got), got)
    return [row]
