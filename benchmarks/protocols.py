"""Per-protocol call latency: spacegen against a raw-httpx floor of the same protocol.

One row per queue protocol, each measured on a server of its own running
``apps/proto_app.py`` (one ``/echo``) with the Gradio version of that protocol: ``sse_v3``
(the venv's Gradio), ``sse_v2.1`` (4.21.0), ``sse_v2`` (4.20.1), ``sse_v1`` (4.15.0), ``sse``
(4.7.1) and ``ws`` (3.50.2). The old versions run from the e2e suite's environments
(``tests/e2e/envs.py``, under ``.cache/gradio-envs``) through its launcher
(``tests/e2e/_runner.py``). Contenders: the floor of that protocol (:class:`benchmarks.floor.Floor`
with the version's prefix for the shared-stream protocols, :mod:`benchmarks.floor_legacy` for
``sse`` and ``ws``), gradio_client (the venv's; left out, with the reason, where it cannot call
the app, e.g. 3.x) and the client spacegen generates from that server. Sequential calls on warm
clients, batches interleaved; the row is the p50 over all calls (spread: per-batch p50s),
target ≤ 1.15x the floor.

Quick mode measures ``ws`` only (when its environment already exists: CI runs the benchmarks
before the tests that create it); the other rows say "not run in quick mode" (``sse_v3`` is
what the echo figure measures). The full mode creates missing environments (minutes each on
a fresh machine).
"""

from __future__ import annotations

import importlib.util
import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

from benchmarks import floor, floor_legacy, spacegen_client
from benchmarks.contenders import FLOOR, GRADIO, SPACEGEN, Contender, GradioClient
from benchmarks.context import Ctx, interleave, short_error
from benchmarks.report import Row, Target, percentile
from benchmarks.server import Server
from tests.e2e import envs

REPO = Path(__file__).resolve().parent.parent
APP = Path(__file__).parent / "apps" / "proto_app.py"
RUNNER = REPO / "tests" / "e2e" / "_runner.py"
#: (protocol, Gradio version), newest first.
PROTOCOLS = (
    ("sse_v3", envs.CURRENT),
    ("sse_v2.1", "4.21.0"),
    ("sse_v2", "4.20.1"),
    ("sse_v1", "4.15.0"),
    ("sse", "4.7.1"),
    ("ws", "3.50.2"),
)
#: Quick mode boots one old server: the 3.x one, the most different protocol (sse_v3 is what
#: the echo figure measures against the same floor).
QUICK_PROTOCOLS = ("ws",)
WARMUP_CALLS = 3


class Caller(Contender):
    """A contender given by two functions: build a client, echo a text with it."""

    def __init__(self, name: str, make: Callable[[], Any], echo: Callable[[Any, str], Any]) -> None:
        super().__init__("")
        self.name, self._make, self._echo = name, make, echo

    def make(self, download_dir: Path | None = None) -> Any:
        return self._make()

    def echo(self, client: Any, text: str) -> str:
        return str(self._echo(client, text))


def protocols(ctx: Ctx) -> list[Row]:
    return [protocol_row(ctx, protocol, version) for protocol, version in PROTOCOLS]


def protocol_row(ctx: Ctx, protocol: str, version: str) -> Row:
    row = Row("protocols", f"proto_{protocol}", f"echo call p50, {protocol} (gradio {version})",
              "ms", [FLOOR, GRADIO, SPACEGEN], target=Target("ratio_max", 1.15))  # fmt: skip
    skipped = skip_reason(ctx, protocol, version)
    if skipped:
        row.expected = []
        row.notes.update(dict.fromkeys((FLOOR, GRADIO, SPACEGEN), skipped))
        return row
    try:
        python = envs.python_for(version)  # full mode: creates a missing environment
        with Server(APP, str(python), RUNNER) as server:
            measure(ctx, row, protocol, server.url)
    except Exception as exc:
        row.notes.update(dict.fromkeys(row.expected, short_error(exc)))
    return row


def skip_reason(ctx: Ctx, protocol: str, version: str) -> str | None:
    if ctx.mode.name == "quick" and protocol not in QUICK_PROTOCOLS:
        return "not run in quick mode"
    if ctx.mode.name == "quick" and not envs.env_ready(version):
        return f"not run in quick mode: the gradio {version} environment is not created yet"
    return None


def measure(ctx: Ctx, row: Row, protocol: str, url: str) -> None:
    """Warm every contender up, then interleaved batches of sequential calls."""
    clients: dict[str, Any] = {}
    pool = [c for c in contenders(ctx, row, protocol, url) if warm(c, clients, row)]
    try:
        results, errors = interleave(
            ctx, ctx.mode.echo_batches, lambda c: batch(ctx, c, clients[c.name]), pool,
            {GRADIO: ctx.mode.slow_batches},
        )  # fmt: skip
    finally:
        for contender in pool:
            contender.close(clients[contender.name])
    row.notes.update(errors)
    for name, batches in results.items():
        if batches and name not in errors:
            flat = [x for b in batches for x in b]
            row.put(name, percentile(flat, 50), [percentile(b, 50) for b in batches])


def warm(contender: Contender, clients: dict[str, Any], row: Row) -> bool:
    """Build ``contender``'s client and make the warm-up calls; False (and a note) if it fails.

    gradio_client is only expected where it can call the app at all."""
    try:
        clients[contender.name] = contender.make()
        for i in range(WARMUP_CALLS):
            if contender.echo(clients[contender.name], f"warm {i}") != f"warm {i}":
                raise AssertionError("wrong echo")
    except Exception as exc:
        row.notes[contender.name] = short_error(exc)
        if contender.name == GRADIO:
            row.expected.remove(GRADIO)
            row.notes[GRADIO] = f"cannot call this app: {short_error(exc)}"
        return False
    return True


def batch(ctx: Ctx, contender: Contender, client: Any) -> list[float]:
    """ms of each of ``echo_calls`` sequential calls."""
    times = []
    for i in range(ctx.mode.echo_calls):
        start = time.perf_counter()
        if contender.echo(client, f"hello {i}") != f"hello {i}":
            raise AssertionError("wrong echo")
        times.append((time.perf_counter() - start) * 1e3)
    return times


def contenders(ctx: Ctx, row: Row, protocol: str, url: str) -> list[Contender]:
    """Floor of ``protocol``, gradio_client and spacegen's client generated from ``url``."""
    fns = floor_legacy.fn_indexes(url)
    found: list[Contender] = [
        Caller(FLOOR, lambda: floor_client(protocol, url, fns),
               lambda c, t: c.call("/echo", [t])[0]),
        GradioClient(url),
    ]  # fmt: skip
    try:
        module = generated(ctx, url, protocol)
    except spacegen_client.UnavailableError as exc:
        row.notes[SPACEGEN] = str(exc)
        return found
    method = next(ep.method for ep in module.Client._app.endpoints if ep.api_name == "/echo")
    found.append(Caller(SPACEGEN, lambda: module.Client(url),
                        lambda c, t: getattr(c, method)(t)))  # fmt: skip
    return found


def floor_client(protocol: str, url: str, fns: dict[str, int]) -> Any:
    if protocol == "ws":
        return floor_legacy.WsFloor(url, fns)
    if protocol == "sse":
        return floor_legacy.SseFloor(url, fns)
    if protocol == "sse_v3":
        return floor.Floor(url, fns)
    return floor.Floor(url, fns, prefix="", simple=protocol != "sse_v1")


def generated(ctx: Ctx, url: str, protocol: str) -> ModuleType:
    """Generate spacegen's client for the server at ``url``; import it under its own name."""
    if ctx.generator_error:
        raise spacegen_client.UnavailableError(ctx.generator_error)
    root = ctx.work / f"proto-{protocol}"
    root.mkdir(exist_ok=True)
    try:
        path = root / f"{spacegen_client.write_files(spacegen_client.generate_files(url), root)}.py"
        name = "sg_proto_" + protocol.replace(".", "_")
        spec = importlib.util.spec_from_file_location(name, path)
        if spec is None or spec.loader is None:
            raise spacegen_client.UnavailableError(f"cannot import {path.name}")
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    except spacegen_client.UnavailableError:
        raise
    except Exception as exc:
        raise spacegen_client.UnavailableError(f"generating the client failed: {exc!r}") from exc
    return module
