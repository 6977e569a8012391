"""Batch figures (spacegen only, against the raw-httpx floor).

``batch``: throughput of ``Client.batch_echo(texts, concurrency=N)`` (worker threads) and of
``await AsyncClient.batch_echo(...)`` against the floor's shared-session clients
(``floor_shared``: ``SharedFloor`` under N threads, ``AsyncSharedFloor`` under an
``asyncio.Semaphore(N)``), warm clients, for N = 1, 4, 16, 64, interleaved; results that
are missing, failed or wrong are counted (target 0). Peak memory: a fresh process builds one
``AsyncClient``, warms it up, then runs 1,000 jobs at once (``concurrency=1000``) and reports
the growth of its peak RSS (``VmHWM``) over the peak after warm-up (target <= 50 MB).

``scale``: ``spacegen.distributed.dask_batch`` on a local Dask cluster of 1, 2 and 4 worker
processes (one thread each, ``concurrency`` 4 per task) against ``apps/limited_app.py`` (at
most 8 calls at a time, 50 ms each: at most 160 calls/s whoever calls). Rows: 1 worker's
throughput and the 2- and 4-worker throughputs as ratios of it, plus lost results.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from benchmarks.contenders import FLOOR, SPACEGEN, Contender, Spacegen
from benchmarks.context import Ctx, interleave, short_error
from benchmarks.report import Row, Target, median
from benchmarks.server import Server

WIDTHS = (1, 4, 16, 64)
MEMORY_JOBS = 1000
LIMITED_APP = Path(__file__).parent / "apps" / "limited_app.py"
WORKERS = (1, 2, 4)
TASK_CONCURRENCY = 4
#: Runs per contender and width in the full mode: a run's throughput varies by about +-15% on a
#: 2-CPU machine (client and server share it), so the median needs more than a handful.
FULL_REPEATS = 9


def _calls(ctx: Ctx, width: int) -> int:
    quick = ctx.mode.name == "quick"
    return max(width * 2, 20) if quick else max(width * 16, 600)


def _spacegen(ctx: Ctx) -> Spacegen | None:
    found = [c for c in ctx.contenders if isinstance(c, Spacegen)]
    return found[0] if found else None


async def spacegen_batch(contender: Spacegen, calls: int, width: int) -> tuple[float, list[str]]:
    """(calls per second, problems): one ``batch_echo`` of ``calls`` texts on a fresh client."""
    texts = [f"b{i}" for i in range(calls)]
    async with contender.module.AsyncClient(contender.url) as client:
        batch = getattr(client, f"batch_{contender.echo_method}")
        await batch(["warm-up"])  # session, connection and endpoint check: not timed
        start = time.perf_counter()
        results = await batch(texts, concurrency=width, progress_bar=False)
        wall = time.perf_counter() - start
    return calls / wall, _problems(results, texts)


async def floor_batch(contender: Contender, calls: int, width: int) -> tuple[float, list[str]]:
    """The floor's twin of :func:`spacegen_batch`: a warm client, ``width`` calls at a time."""
    client = await contender.amake()
    gate = asyncio.Semaphore(width)

    async def one(text: str) -> str | BaseException:
        async with gate:
            try:
                return await contender.aecho(client, text)
            except Exception as exc:
                return exc

    texts = [f"b{i}" for i in range(calls)]
    try:
        await one("warm-up")
        start = time.perf_counter()
        got = await asyncio.gather(*(one(t) for t in texts))
        wall = time.perf_counter() - start
    finally:
        await contender.aclose(client)
    return calls / wall, [f"item {i}: {g!r}" for i, g in enumerate(got) if g != texts[i]]


def _problems(results: list[Any], expected: list[Any]) -> list[str]:
    if len(results) != len(expected):
        return [f"{len(expected) - len(results)} results missing"]
    pairs = enumerate(zip(results, expected, strict=True))
    return [f"item {i}: {r.error or r._value!r}" for i, (r, want) in pairs
            if not r.ok or r.value != want]  # fmt: skip


def batch(ctx: Ctx) -> list[Row]:
    """Throughput rows for each width (sync and async), lost results and the memory row."""
    expected = [FLOOR, SPACEGEN] if _spacegen(ctx) is not None else [FLOOR]
    lost = Row("batch", "batch_lost", "batch results lost or wrong", "items", expected,
               baseline=None, target=Target("zero"))  # fmt: skip
    rows = []
    if ctx.mode.name != "quick":
        _warm_server(ctx, expected)
    for way in ("sync", "async"):
        for width in WIDTHS:
            label = f"{way} batch throughput, concurrency {width}"
            row = Row("batch", f"batch_{way}_{width}", label, "calls/s", expected,
                      target=Target("ratio_min", 0.95))  # fmt: skip
            if width in ctx.mode.batch_widths:
                _fill(ctx, row, lost, way, width)
            else:
                _not_run(ctx, row)
            rows.append(row)
    return [*rows, lost, memory_row(ctx)]


def _warm_server(ctx: Ctx, names: list[str]) -> None:
    """One untimed run per contender and way (a fresh server's first seconds are slower)."""
    for contender in [c for c in ctx.contenders if c.name in names]:
        for way in ("sync", "async"):
            try:
                _measure(ctx, contender, 4, way)
            except Exception as exc:  # the timed runs report it
                ctx.log(f"batch warm-up {contender.name} {way}: {short_error(exc)}")


def _not_run(ctx: Ctx, row: Row) -> None:
    for name in row.expected:
        row.notes[name] = f"not run in {ctx.mode.name} mode"
    row.expected = []


def _fill(ctx: Ctx, row: Row, lost: Row, way: str, width: int) -> None:
    pool = [c for c in ctx.contenders if c.name in row.expected]
    repeats = 1 if ctx.mode.name == "quick" else FULL_REPEATS
    res, errs = interleave(ctx, repeats,
                           lambda c: _measure(ctx, c, width, way), pool)  # fmt: skip
    for name, runs in res.items():
        if runs:
            row.put(name, median([r for r, _ in runs]), [r for r, _ in runs])
    row.notes.update(errs)
    for name, runs in res.items():
        bad = [p for _, problems in runs for p in problems]
        lost.values[name] = (lost.values.get(name) or 0) + len(bad)
        if bad:
            ctx.log(f"batch {way} {name} width {width}: {len(bad)} problems, first: {bad[0]}")


def _measure(ctx: Ctx, contender: Contender, width: int, way: str) -> tuple[float, list[str]]:
    calls = _calls(ctx, width)
    if way == "sync":
        if isinstance(contender, Spacegen):
            return sync_spacegen_batch(contender, calls, width)
        return sync_floor_batch(contender, calls, width)
    if isinstance(contender, Spacegen):
        return asyncio.run(spacegen_batch(contender, calls, width))
    return asyncio.run(floor_batch(contender, calls, width))


def sync_spacegen_batch(contender: Spacegen, calls: int, width: int) -> tuple[float, list[str]]:
    """(calls per second, problems): one sync ``batch_echo`` (worker threads), warm client."""
    texts = [f"s{i}" for i in range(calls)]
    with contender.module.Client(contender.url) as client:
        batch = getattr(client, f"batch_{contender.echo_method}")
        batch(["warm-up"])
        start = time.perf_counter()
        results = batch(texts, concurrency=width, progress_bar=False)
        wall = time.perf_counter() - start
    return calls / wall, _problems(results, texts)


def sync_floor_batch(contender: Contender, calls: int, width: int) -> tuple[float, list[str]]:
    """The floor's ``SharedFloor`` (one session, one reader thread) under ``width`` threads."""
    texts = [f"s{i}" for i in range(calls)]
    client = contender.make_concurrent()

    def one(text: str) -> str | BaseException:
        try:
            return contender.echo(client, text)
        except Exception as exc:
            return exc

    try:
        one("warm-up")
        with ThreadPoolExecutor(width) as pool:
            start = time.perf_counter()
            got = list(pool.map(one, texts))
            wall = time.perf_counter() - start
    finally:
        contender.close(client)
    return calls / wall, [f"item {i}: {g!r}" for i, g in enumerate(got) if g != texts[i]]


def memory_row(ctx: Ctx) -> Row:
    row = Row("batch", "batch_memory", f"peak RSS growth, {MEMORY_JOBS:,} concurrent jobs",
              "MB", [SPACEGEN], baseline=None, target=Target("abs_max", 50))  # fmt: skip
    contender = _spacegen(ctx)
    if contender is None or ctx.spacegen_dir is None:
        row.expected = []
        row.notes[SPACEGEN] = ctx.unavailable.get(SPACEGEN, "not available")
        return row
    args = [sys.executable, "-m", "benchmarks.batch", "memory", contender.url,
            str(ctx.spacegen_dir), str(ctx.spacegen_module)]  # fmt: skip
    try:
        out = subprocess.run(args, capture_output=True, text=True, timeout=600, check=True,
                             cwd=Path(__file__).resolve().parent.parent)  # fmt: skip
        found = json.loads(out.stdout.strip().splitlines()[-1])
        row.values[SPACEGEN] = found["growth_mb"]
        if found["problems"]:
            row.notes[SPACEGEN] = f"{found['problems']} of {MEMORY_JOBS} jobs failed"
    except (subprocess.SubprocessError, ValueError, KeyError) as exc:
        row.notes[SPACEGEN] = short_error(exc)
    return row


def _peak_kb() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    raise RuntimeError("no VmHWM in /proc/self/status")


async def _memory(url: str, module: Any) -> dict[str, float]:
    texts = [f"m{i}" for i in range(MEMORY_JOBS)]
    async with module.AsyncClient(url) as client:
        method = getattr(client, f"batch_{_echo_method(module)}")
        await method(texts[:50], concurrency=50)  # warm-up: session, connections, imports
        before = _peak_kb()
        results = await method(texts, concurrency=MEMORY_JOBS, progress_bar=False)
        after = _peak_kb()
    return {"growth_mb": (after - before) / 1024, "problems": len(_problems(results, texts))}


def _echo_method(module: Any) -> str:
    return next(ep.method for ep in module.Client._app.endpoints if ep.api_name == "/echo")


# -- scale-out on Dask -------------------------------------------------------------------------


def scale(ctx: Ctx) -> list[Row]:
    """Throughput of dask_batch with 1, 2 and 4 worker processes, as ratios of 1 worker."""
    one = Row("scale", "dask_1", "dask_batch, 1 worker process", "calls/s", [SPACEGEN],
              baseline=None)  # fmt: skip
    ratios = [Row("scale", f"dask_{n}", f"dask_batch, {n} / 1 worker processes", "x",
                  [SPACEGEN], baseline=None) for n in WORKERS[1:]]  # fmt: skip
    lost = Row("scale", "dask_lost", "dask_batch results lost or wrong", "items", [SPACEGEN],
               baseline=None, target=Target("zero"))  # fmt: skip
    rows = [one, *ratios, lost]
    if _spacegen(ctx) is None:
        for row in rows:
            row.expected, row.notes[SPACEGEN] = [], ctx.unavailable.get(SPACEGEN, "n/a")
        return rows
    calls = 48 if ctx.mode.name == "quick" else 1000
    workers = ctx.mode.dask_workers
    with Server(LIMITED_APP) as server:
        speeds, bad = _dask_runs(_limited_client(ctx, server.url), server.url, calls, workers)
    one.values[SPACEGEN] = speeds[1]
    for row, n in zip(ratios, WORKERS[1:], strict=True):
        if n in speeds:
            row.values[SPACEGEN] = speeds[n] / speeds[1]
        else:
            _not_run(ctx, row)
    lost.values[SPACEGEN] = float(bad)
    return rows


def _limited_client(ctx: Ctx, url: str) -> str:
    """Generate the limited app's client into the run's folder (workers import it by name)."""
    from spacegen.generator.api import generate  # noqa: PLC0415  # spacegen[codegen]

    folder = ctx.work / "scale"
    folder.mkdir(exist_ok=True)
    (folder / "sg_limited_client.py").write_text(generate(url).module_text)
    os.environ["PYTHONPATH"] = os.pathsep.join(
        p for p in (str(folder), os.environ.get("PYTHONPATH")) if p
    )
    sys.path.insert(0, str(folder))
    return "sg_limited_client"


def _dask_runs(
    module_name: str, url: str, calls: int, steps: tuple[int, ...]
) -> tuple[dict[int, float], int]:
    """calls/s per worker count on one local cluster scaled up step by step; problems."""
    import importlib  # noqa: PLC0415

    from distributed import Client as DaskClient  # noqa: PLC0415  # spacegen[dask]
    from distributed import LocalCluster  # noqa: PLC0415

    module = importlib.import_module(module_name)
    speeds, bad = {}, 0
    cluster = LocalCluster(n_workers=steps[0], threads_per_worker=1, dashboard_address=None)
    with cluster, DaskClient(cluster) as dask, module.Client(url) as client:
        for workers in steps:
            cluster.scale(workers)
            dask.wait_for_workers(workers, timeout=120)
            speeds[workers], problems = _dask_run(dask, client.batch_work, workers, calls)
            bad += len(problems)
    return speeds, bad


def _dask_run(dask: Any, batch: Any, workers: int, calls: int) -> tuple[float, list[str]]:
    from spacegen.distributed import dask_batch  # noqa: PLC0415

    texts = [f"d{i}" for i in range(calls)]
    chunk = max(TASK_CONCURRENCY, calls // (workers * 4))
    dask_batch(dask, batch, texts[: workers * 4], chunk_size=4)  # every worker warmed up
    start = time.perf_counter()
    results = dask_batch(dask, batch, texts, chunk_size=chunk, concurrency=TASK_CONCURRENCY)
    wall = time.perf_counter() - start
    return calls / wall, _problems(results, texts)


def main(argv: list[str]) -> None:
    """``python -m benchmarks.batch memory URL DIR MODULE``: the memory figure's child."""
    if argv[:1] != ["memory"] or len(argv) != 4:
        raise SystemExit("usage: python -m benchmarks.batch memory URL DIR MODULE")
    import importlib  # noqa: PLC0415

    sys.path.insert(0, argv[2])
    module = importlib.import_module(argv[3])
    print(json.dumps(asyncio.run(_memory(argv[1], module))))


if __name__ == "__main__":
    main(sys.argv[1:])
