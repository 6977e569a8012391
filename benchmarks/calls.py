"""In-process figures: client construction, sequential echo, 16-way concurrency, streaming."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from functools import partial
from typing import Any

from benchmarks.contenders import GRADIO, Contender
from benchmarks.context import Ctx, interleave, short_error
from benchmarks.report import Row, Target, median, percentile

WARMUP_CALLS = 3


@contextmanager
def sync_clients(ctx: Ctx, notes: dict[str, str], concurrent: bool = False) -> Any:
    """One warmed-up sync client per contender (``{name: client}``); closed on exit."""
    clients: dict[str, Any] = {}
    try:
        for contender in ctx.contenders:
            try:
                make = contender.make_concurrent if concurrent else contender.make
                clients[contender.name] = make()
                for i in range(WARMUP_CALLS):
                    contender.echo(clients[contender.name], f"warm {i}")
            except Exception as exc:
                notes[contender.name] = short_error(exc)
        yield clients
    finally:
        for contender in ctx.contenders:
            if contender.name in clients:
                contender.close(clients[contender.name])


def slow_caps(ctx: Ctx) -> dict[str, int]:
    return {GRADIO: ctx.mode.slow_batches}


def usable(ctx: Ctx, clients: dict[str, Any]) -> list[Contender]:
    return [c for c in ctx.contenders if c.name in clients]


def construct(ctx: Ctx) -> list[Row]:
    """Time to build a client, and to build it and make a first call (lazy clients connect
    on the first call, eager ones while being built)."""
    row = ctx.row("construct", "construct", "client construction", "ms")
    first = ctx.row("construct", "construct_call", "construction + first echo call", "ms")

    def once(contender: Contender) -> tuple[float, float]:
        start = time.perf_counter()
        client = contender.make()
        built = time.perf_counter()
        contender.echo(client, "first")
        called = time.perf_counter()
        contender.close(client)
        return (built - start) * 1e3, (called - start) * 1e3

    results, errors = interleave(ctx, ctx.mode.construct_repeats, once)
    fill(row, {n: [b for b, _ in v] for n, v in results.items()}, errors, median)
    fill(first, {n: [c for _, c in v] for n, v in results.items()}, errors, median)
    return [row, first]


def fill(
    row: Row,
    results: dict[str, list[Any]],
    errors: dict[str, str],
    summary: Callable[[list[Any]], float],
    per_repeat: dict[str, list[float]] | None = None,
) -> None:
    """Set ``row.values`` from per-repeat results (their spread too, or ``per_repeat``'s when
    the values are not per repeat); contenders without results get a note."""
    row.notes.update(errors)
    for name, values in results.items():
        ok = bool(values) and name not in errors
        spread = (per_repeat or {}).get(name, values)
        row.put(name, summary(values) if ok else None, spread if ok else ())


def echo(ctx: Ctx) -> list[Row]:
    """Sequential ``/echo`` calls on one client: p50, p95 latency and CPU time per call."""
    p50 = ctx.row("echo", "echo_p50", "echo call p50", "ms", target=Target("ratio_max", 1.15))
    p95 = ctx.row("echo", "echo_p95", "echo call p95", "ms")
    cpu = ctx.row("echo", "echo_cpu", "CPU per echo call", "ms", target=Target("ratio_max", 1.0))
    with sync_clients(ctx, p50.notes) as clients:

        def batch(contender: Contender) -> tuple[list[float], float]:
            client, latencies = clients[contender.name], []
            cpu_start = time.process_time()
            for i in range(ctx.mode.echo_calls):
                start = time.perf_counter()
                if contender.echo(client, f"hello {i}") != f"hello {i}":
                    raise AssertionError("wrong echo")
                latencies.append((time.perf_counter() - start) * 1e3)
            return latencies, (time.process_time() - cpu_start) * 1e3 / ctx.mode.echo_calls

        results, errors = interleave(
            ctx, ctx.mode.echo_batches, batch, usable(ctx, clients), slow_caps(ctx)
        )
    lat = {n: [x for lats, _ in r for x in lats] for n, r in results.items()}
    for row, pct in ((p50, 50), (p95, 95)):
        each = {n: [percentile(lats, pct) for lats, _ in r] for n, r in results.items()}
        fill(row, lat, errors, partial(percentile, pct=pct), each)
    fill(cpu, {n: [c for _, c in r] for n, r in results.items()}, errors, median)
    for row in (p95, cpu):
        row.notes.update(p50.notes)
    return [p50, p95, cpu]


def concurrency(ctx: Ctx) -> list[Row]:
    """``conc_calls`` echo calls, ``concurrency`` in flight, sync (threads) and async."""
    width, calls = ctx.mode.concurrency, ctx.mode.conc_calls
    sync = ctx.row(
        "concurrency",
        "conc_sync",
        f"{width}-way sync throughput",
        "calls/s",
        target=Target("ratio_min", 0.9),
    )
    asyn = ctx.row(
        "concurrency",
        "conc_async",
        f"{width}-way async throughput",
        "calls/s",
        target=Target("ratio_min", 0.9),
    )
    fails = ctx.row(
        "concurrency",
        "conc_failed",
        failed_label(ctx),
        "calls",
        baseline=None,
        target=Target("zero"),
    )
    with sync_clients(ctx, sync.notes, concurrent=True) as clients:
        sync_res, sync_err = interleave(
            ctx,
            ctx.mode.conc_batches,
            lambda c: sync_batch(c, clients[c.name], calls, width),
            usable(ctx, clients),
            slow_caps(ctx),
        )
    async_res, async_err = interleave(
        ctx,
        ctx.mode.conc_batches,
        lambda c: asyncio.run(async_batch(c, calls, width)),
        caps=slow_caps(ctx),
    )
    fill(sync, {n: [r for r, _ in v] for n, v in sync_res.items()}, sync_err, median)
    fill(asyn, {n: [r for r, _ in v] for n, v in async_res.items()}, async_err, median)
    failed = {
        n: [e for _, errs in sync_res.get(n, []) + async_res.get(n, []) for e in errs]
        for n in ctx.names
    }
    for way, res in (("sync", sync_res), ("async", async_res)):
        for name, batches in res.items():
            errs = [e for _, batch in batches for e in batch]
            if errs:
                ctx.log(f"{name} {way}: {len(errs)} failed concurrent calls, first: {errs[0]}")
    fill(
        fails, {n: [float(len(e))] for n, e in failed.items()}, {**sync.notes, **async_err}, median
    )
    return [sync, asyn, fails]


def failed_label(ctx: Ctx) -> str:
    """The failed-calls label: how many calls, and fewer for gradio_client if capped."""
    mode = ctx.mode
    label = f"failed calls (of {2 * mode.conc_calls * mode.conc_batches}"
    if mode.slow_batches < mode.conc_batches:
        label += f"; {GRADIO}: {2 * mode.conc_calls * mode.slow_batches}"
    return label + ")"


def sync_batch(
    contender: Contender,
    client: Any,
    calls: int,
    width: int,
) -> tuple[float, list[str]]:
    """(calls per second, errors of failed calls) for ``calls`` calls over ``width`` threads."""

    def one(i: int) -> str | None:
        try:
            got = contender.echo(client, f"c{i}")
        except Exception as exc:
            return short_error(exc)
        return None if got == f"c{i}" else f"wrong echo {got!r}"

    with ThreadPoolExecutor(width) as pool:
        start = time.perf_counter()
        errors = [e for e in pool.map(one, range(calls)) if e is not None]
        wall = time.perf_counter() - start
    return calls / wall, errors


async def async_batch(contender: Contender, calls: int, width: int) -> tuple[float, list[str]]:
    """(calls per second, errors of failed calls): ``calls`` calls, ``width`` at a time."""
    client = await contender.amake()
    gate = asyncio.Semaphore(width)

    async def one(i: int) -> str | None:
        async with gate:
            try:
                got = await contender.aecho(client, f"a{i}")
            except (Exception, asyncio.CancelledError) as exc:
                return short_error(exc)
        return None if got == f"a{i}" else f"wrong echo {got!r}"

    try:
        start = time.perf_counter()
        errors = [e for e in await asyncio.gather(*(one(i) for i in range(calls))) if e]
        wall = time.perf_counter() - start
    finally:
        await contender.aclose(client)
    return calls / wall, errors


def stream(ctx: Ctx) -> list[Row]:
    """A generator endpoint yielding ``stream_tokens`` outputs: first output and total time."""
    n = ctx.mode.stream_tokens
    first = ctx.row(
        "stream",
        "stream_first",
        f"generator: first of {n} outputs",
        "ms",
        target=Target("ratio_max", 1.2),
    )
    total = ctx.row("stream", "stream_total", f"generator: all {n} outputs", "ms")
    with sync_clients(ctx, first.notes) as clients:

        def once(contender: Contender) -> tuple[float, float]:
            start = time.perf_counter()
            outputs = contender.stream(clients[contender.name], "go", n)
            next(outputs)
            t_first = time.perf_counter() - start
            last = None
            for last in outputs:  # noqa: B007 - the final output is checked below
                pass
            t_total = time.perf_counter() - start
            if not str(last).endswith(f"t{n - 1}"):
                raise AssertionError(f"wrong final output {last!r}")
            return t_first * 1e3, t_total * 1e3

        results, errors = interleave(ctx, ctx.mode.stream_repeats, once, usable(ctx, clients))
    fill(first, {k: [a for a, _ in v] for k, v in results.items()}, errors, median)
    fill(total, {k: [b for _, b in v] for k, v in results.items()}, errors, median)
    total.notes.update(first.notes)
    return [first, total]
