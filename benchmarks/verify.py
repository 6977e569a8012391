"""The cost of the endpoint check: a fresh client's first call reads ``/config`` once.

Three rows, floor vs spacegen: construction + first echo call with the check (the default),
the same with ``verify_endpoints=False``, and the median of later calls on that client (the
check is done once per session, so they should not change). gradio_client is not measured
here: it reads ``/config`` while being built (see the construct figure).
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from typing import Any

from benchmarks.contenders import FLOOR, SPACEGEN, Contender, Spacegen
from benchmarks.context import Ctx, interleave
from benchmarks.report import Row, Target, median

LATER_CALLS = 5


def verify(ctx: Ctx) -> list[Row]:
    pool = [c for c in ctx.contenders if c.name in (FLOOR, SPACEGEN)]
    names = [c.name for c in pool]
    rows = [
        Row("verify", "first_checked", "construct + first call, endpoint check", "ms", names,
            target=Target("ratio_max", 1.2)),
        Row("verify", "first_pinned", "construct + first call, verify_endpoints=False", "ms",
            names),
        Row("verify", "later_checked", f"later calls after the check (median of {LATER_CALLS})",
            "ms", names),
    ]  # fmt: skip
    results, errors = interleave(ctx, ctx.mode.construct_repeats, _once, pool)
    for index, row in enumerate(rows):
        row.notes.update(errors)
        for name, values in results.items():
            got = [v[index] for v in values]
            row.put(name, median(got) if got and name not in errors else None, got)
    return rows


def _once(contender: Contender) -> tuple[float, float, float]:
    checked, later = _first_call(contender, lambda: _make(contender, True), later=True)
    pinned, _ = _first_call(contender, lambda: _make(contender, False))
    return checked, pinned, later


def _make(contender: Contender, check: bool) -> Any:
    if isinstance(contender, Spacegen):
        return contender.module.Client(contender.url, verify_endpoints=check)
    return contender.make()


def _first_call(
    contender: Contender, make: Callable[[], Any], later: bool = False
) -> tuple[float, float]:
    """ms to build a client and make its first echo call; median ms of later calls if asked."""
    start = time.perf_counter()
    client = make()
    contender.echo(client, "first")
    first = (time.perf_counter() - start) * 1e3
    times = []
    for i in range(LATER_CALLS if later else 0):
        start = time.perf_counter()
        contender.echo(client, f"later {i}")
        times.append((time.perf_counter() - start) * 1e3)
    contender.close(client)
    return first, statistics.median(times) if times else 0.0
