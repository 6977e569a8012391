"""What the old-protocol support (Gradio 3.x websocket, 4.0-4.21) costs a modern app: nothing.

spacegen only. Three rows, fresh interpreter each repeat:

- ``import spacegen.runtime`` + the generated bench module (an ``sse_v3`` app), in ms above a
  bare interpreter;
- how many old-protocol modules (``httpx_ws``, ``wsproto``, ``spacegen.runtime._proto_ws``,
  ``_proto_sse``, ``_proto_shared``, ``_diff`` is shared) that import *plus a first call* loaded:
  must be 0;
- what a 3.x app's first call adds on top: importing the websocket library and the old
  protocol modules, in ms.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time

from benchmarks.contenders import SPACEGEN
from benchmarks.context import Ctx
from benchmarks.processes import child_env
from benchmarks.report import Row, median

LEGACY_MODULES = (
    "httpx_ws",
    "wsproto",
    "spacegen.runtime._proto_ws",
    "spacegen.runtime._proto_sse",
    "spacegen.runtime._proto_shared",
)
_COUNT = """
import json, sys
import {module} as generated
with generated.Client({url!r}) as client:
    client.echo("x")
print(json.dumps(sorted(m for m in {names!r} if m in sys.modules)))
"""
_WS = "import httpx_ws, spacegen.runtime._proto_ws, spacegen.runtime._proto_shared"


def legacy(ctx: Ctx) -> list[Row]:
    names = [SPACEGEN]
    rows = [
        Row("legacy", "import_modern", "import runtime + generated module (sse_v3 app)", "ms",
            names, baseline=None),
        Row("legacy", "legacy_loaded", "old-protocol modules loaded by import + first call",
            "modules", names, baseline=None),
        Row("legacy", "import_ws", "a 3.x app's first call adds (websocket + old protocols)",
            "ms", names, baseline=None),
    ]  # fmt: skip
    module = ctx.spacegen_module
    if module is None:
        for row in rows:
            row.notes[SPACEGEN] = ctx.unavailable.get(SPACEGEN, "spacegen not available")
        return rows
    modern = f"import spacegen.runtime, {module}"
    times: dict[str, list[float]] = {code: [] for code in ("pass", modern, f"{modern}; {_WS}")}
    for _ in range(ctx.mode.import_repeats):
        for code, values in times.items():
            values.append(_wall(ctx, code))
    bare = median(times["pass"])
    rows[0].put(
        SPACEGEN, (median(times[modern]) - bare) * 1e3, [(t - bare) * 1e3 for t in times[modern]]
    )
    rows[2].values[SPACEGEN] = (median(times[f"{modern}; {_WS}"]) - median(times[modern])) * 1e3
    loaded = _loaded(ctx, module)
    rows[1].values[SPACEGEN] = float(len(loaded))
    if loaded:
        rows[1].notes[SPACEGEN] = "loaded: " + ", ".join(loaded)
    return rows


def _wall(ctx: Ctx, code: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-P", "-c", code], env=child_env(ctx), check=True,
                   capture_output=True, timeout=120)  # fmt: skip
    return time.perf_counter() - start


def _loaded(ctx: Ctx, module: str) -> list[str]:
    code = _COUNT.format(module=module, url=ctx.url, names=LEGACY_MODULES)
    done = subprocess.run([sys.executable, "-P", "-c", code], env=child_env(ctx), check=True,
                          capture_output=True, text=True, timeout=120)  # fmt: skip
    found: list[str] = json.loads(done.stdout.strip().splitlines()[-1])
    return found
