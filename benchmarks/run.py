"""Entry point: ``uv run python -m benchmarks [--quick] [--only FIGURES] [--json OUT] [--check]``.

Starts the bench app, generates spacegen's client for it, measures every selected figure for
the three contenders (interleaved) and prints a table with ratios against the floor.
"""

from __future__ import annotations

import sys
from pathlib import Path

if __name__ == "__main__" and not __package__:  # run as ``python benchmarks/run.py``
    sys.path[0] = str(Path(__file__).resolve().parent.parent)

import argparse
import atexit
import json
import os
import shutil
import signal
import tempfile
import threading
import time
from collections.abc import Callable
from typing import Any

from benchmarks import (
    batch,
    calls,
    coldstart,
    generation,
    legacy,
    processes,
    protocols,
    spacegen_client,
    verify,
)
from benchmarks.contenders import SPACEGEN, Contender, Floor, GradioClient, Spacegen
from benchmarks.context import FULL, QUICK, Ctx, Mode, short_error
from benchmarks.isolation import SERVED, Servers, bind
from benchmarks.machine import machine_info
from benchmarks.report import SPREAD_NOTE, Row, note_lines, table_lines

FIGURES: dict[str, Callable[[Ctx], list[Row]]] = {
    "import": processes.imports,
    "coldstart": coldstart.coldstart,
    "construct": calls.construct,
    "verify": verify.verify,
    "echo": calls.echo,
    "concurrency": calls.concurrency,
    "stream": calls.stream,
    "upload": processes.uploads,
    "generate": generation.generation,
    "legacy": legacy.legacy,
    "protocols": protocols.protocols,
    "batch": batch.batch,
    "scale": batch.scale,
}
PROBE_TIMEOUT = 60.0


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small sizes, few repeats (CI)")
    parser.add_argument("--only", default="", help=f"comma-separated subset of {list(FIGURES)}")
    parser.add_argument("--json", type=Path, help="also write the results as JSON here")
    parser.add_argument(
        "--check",
        action="store_true",
        help="exit non-zero unless every figure ran for every available contender",
    )
    parser.add_argument(
        "--markdown",
        type=Path,
        help="also write a RESULTS.md-style report (machine, command, table)",
    )
    parser.add_argument("--corpus", type=Path, help="corpus folder (default ../shared/corpus)")
    parser.add_argument("-v", "--verbose", action="store_true", help="progress on stderr")
    return parser.parse_args(argv)


def select(only: str) -> list[str]:
    names = [n.strip() for n in only.split(",") if n.strip()] or list(FIGURES)
    unknown = [n for n in names if n not in FIGURES]
    if unknown:
        raise SystemExit(f"unknown figures {unknown}; choose from {list(FIGURES)}")
    return names


def generator_error() -> str | None:
    try:
        spacegen_client.generator_module()
    except spacegen_client.UnavailableError as exc:
        return str(exc)
    return None


def probe(contender: Contender) -> None:
    """One echo call on a fresh client, bounded in time (a hung runtime must not hang us)."""
    outcome: list[BaseException | None] = []

    def call() -> None:
        try:
            client = contender.make()
            try:
                if contender.echo(client, "probe") != "probe":
                    raise AssertionError("echo returned a different text")
            finally:
                contender.close(client)
            outcome.append(None)
        except BaseException as exc:
            outcome.append(exc)

    thread = threading.Thread(target=call, daemon=True)
    thread.start()
    thread.join(PROBE_TIMEOUT)
    if not outcome:
        raise TimeoutError(f"no answer in {PROBE_TIMEOUT:.0f} s")
    if outcome[0] is not None:
        raise outcome[0]


def add_spacegen(ctx: Ctx) -> None:
    """Generate, import and probe spacegen's client; on failure record why and go on."""
    try:
        module, name = spacegen_client.load(ctx.url, ctx.work / "spacegen")
    except spacegen_client.UnavailableError as exc:
        ctx.unavailable[SPACEGEN] = str(exc)
        return
    ctx.spacegen_dir, ctx.spacegen_module = ctx.work / "spacegen", name
    try:
        contender = Spacegen(ctx.url, module)
        probe(contender)
    except Exception as exc:
        ctx.unavailable[SPACEGEN] = f"generated client does not work: {short_error(exc)}"
        return
    ctx.contenders.append(contender)


def run_figures(ctx: Ctx, figures: list[str], servers: Servers) -> tuple[list[Row], dict[str, str]]:
    """Each figure in turn; the ones that call the bench app get a fresh server each."""
    rows: list[Row] = []
    errors: dict[str, str] = {}
    for name in figures:
        start = time.monotonic()
        try:
            rows += run_one(ctx, name, servers)
        except Exception as exc:
            errors[name] = short_error(exc)
        ctx.log(f"figure {name}: {time.monotonic() - start:.1f} s")
    return rows, errors


def run_one(ctx: Ctx, name: str, servers: Servers) -> list[Row]:
    if name not in SERVED:
        return FIGURES[name](ctx)
    with servers.take() as server:
        bind(ctx, server)
        return FIGURES[name](ctx)


def run(
    mode: Mode, figures: list[str], corpus: Path | None = None, verbose: bool = False
) -> dict[str, Any]:
    """Measure ``figures`` in ``mode``; the JSON-able results structure."""
    os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"
    started, load_before = time.monotonic(), os.getloadavg()
    work = Path(tempfile.mkdtemp(prefix="spacegen-bench-"))
    atexit.register(shutil.rmtree, work, True)
    servers = Servers(shared=mode.shared_server)
    try:
        with servers.setup() as server:  # generate and probe the clients
            ctx = Ctx(
                mode,
                server.url,
                work,
                [],
                corpus=corpus,
                verbose=verbose,
                clear_uploads=server.clear_uploads,
            )
            ctx.log(f"bench app up at {server.url} after {time.monotonic() - started:.1f} s")
            ctx.contenders += [Floor(server.url), GradioClient(server.url)]
            ctx.generator_error = generator_error()
            add_spacegen(ctx)
            ctx.log(
                f"contenders ready after {time.monotonic() - started:.1f} s; "
                f"unavailable: {ctx.unavailable or 'none'}"
            )
        rows, errors = run_figures(ctx, figures, servers)
    finally:
        servers.close()
        shutil.rmtree(work, ignore_errors=True)
    return {
        "mode": mode.name,
        "figures": figures,
        "rows": [r.to_json() for r in rows],
        "figure_errors": errors,
        "unavailable": ctx.unavailable,
        "generator_error": ctx.generator_error,
        "messages": ctx.messages,
        "duration_s": time.monotonic() - started,
        "machine": machine_info(load_before, os.getloadavg()),
    }


def render(results: dict[str, Any]) -> str:
    """The printed report: table, notes, figure errors."""
    rows = [Row.from_json(r) for r in results["rows"]]
    lines = table_lines(rows)
    lines += ["", SPREAD_NOTE, *note_lines(rows)]
    lines += [f"- figure {name} failed: {err}" for name, err in results["figure_errors"].items()]
    machine = results["machine"]
    lines.append(
        f"- mode {results['mode']}, {results['duration_s']:.0f} s, "
        f"load average {machine['load_before']} -> {machine['load_after']} "
        f"on {machine['nproc']} CPUs"
    )
    return "\n".join(lines)


def markdown_report(results: dict[str, Any], command: str) -> str:
    """A report page: date, machine, versions, command, table, notes."""
    m = results["machine"]
    versions = ", ".join(f"{k} {v}" for k, v in m["versions"].items())
    busy = max(m["load_before"][0], m["load_after"][0]) > 0.5 * (m["nproc"] or 1)
    lines = [
        f"# Benchmark results ({results['mode']} mode)",
        "",
        f"- Date: {m['date']}",
        f"- Machine: {m['nproc']} CPUs ({m['cpu']}), {m['ram_gb']} GB RAM",
        f"- Python {m['python']}; {versions}",
        f"- Command: `{command}` ({results['duration_s']:.0f} s)",
        f"- Load average (1/5/15 min) before {m['load_before']}, after {m['load_after']}",
    ]
    if busy:
        lines.append(
            "- **Preliminary**: the machine was busy with other work during the run; "
            "absolute times are inflated and ratios noisier than usual."
        )
    return "\n".join([*lines, "", render(results), ""])


def check_complete(results: dict[str, Any]) -> None:
    """Raise AssertionError unless every figure ran for every available contender."""
    problems = [f"figure {n} failed: {e}" for n, e in results["figure_errors"].items()]
    seen = {row["figure"] for row in results["rows"]}
    problems += [
        f"figure {n} produced no rows"
        for n in results["figures"]
        if n not in seen and n not in results["figure_errors"]
    ]
    for row in results["rows"]:
        missing = [c for c in row["expected"] if row["values"].get(c) is None]
        problems += [
            f"{row['key']}: no value for {c} ({row['notes'].get(c, '?')})" for c in missing
        ]
    if problems:
        raise AssertionError("incomplete benchmark results:\n" + "\n".join(problems))


def _exit_on_sigterm(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)  # unwinds: the server is stopped, temp files removed


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, _exit_on_sigterm)
    results = run(QUICK if args.quick else FULL, select(args.only), args.corpus, args.verbose)
    print(render(results))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    if args.markdown:
        words = argv if argv is not None else sys.argv[1:]
        command = " ".join(["uv run python -m benchmarks", *words])
        args.markdown.write_text(markdown_report(results, command))
    if args.check:
        try:
            check_complete(results)
        except AssertionError as exc:
            print(exc, file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
