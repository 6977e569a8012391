"""Figures measured in fresh subprocesses: import cost, and big uploads with peak RSS growth."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

from benchmarks.contenders import FLOOR, GRADIO, SPACEGEN, Contender
from benchmarks.context import MB, Ctx, interleave
from benchmarks.report import Row, Target, median

T = TypeVar("T")
REPO = Path(__file__).resolve().parent.parent
# VmHWM, not ru_maxrss: the latter keeps the forking parent's peak across exec.
RSS_PROBE = "print([x for x in open('/proc/self/status') if x.startswith('VmHWM')][0].split()[1])"
CHILD_TIMEOUT = 900


def child_env(ctx: Ctx) -> dict[str, str]:
    """The environment of a measured interpreter: bytecode is cached, as in any installed
    environment (``PYTHONDONTWRITEBYTECODE`` dropped, caches kept in the run's work folder),
    so no contender pays for compiling its sources on every start."""
    env = dict(os.environ, GRADIO_ANALYTICS_ENABLED="False")
    env.pop("PYTHONPATH", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(ctx.work / "pycache")
    if ctx.spacegen_dir is not None:
        env["PYTHONPATH"] = str(ctx.spacegen_dir)
    return env


def import_targets(ctx: Ctx) -> dict[str, str]:
    """What each contender runs to import itself: ``import httpx`` stands for the floor."""
    targets = {FLOOR: "import httpx", GRADIO: "import gradio_client"}
    if ctx.spacegen_module is not None:
        targets[SPACEGEN] = f"import {ctx.spacegen_module}"
    return targets


def construct_targets(ctx: Ctx) -> dict[str, str]:
    """Import plus building a client object. spacegen defers httpx to construction, so this is
    the fair twin of the import row. gradio_client is left out: it connects while constructing."""
    targets = {FLOOR: "import httpx; httpx.Client()"}
    if ctx.spacegen_module is not None:
        mod = ctx.spacegen_module
        targets[SPACEGEN] = f"import {mod}; {mod}.Client('http://127.0.0.1:9')"
    return targets


def time_code(ctx: Ctx, code: str | None) -> tuple[float, float]:
    """(wall seconds, max RSS in kB) of a fresh interpreter running ``code``."""
    code = RSS_PROBE if code is None else f"{code}; {RSS_PROBE}"
    cwd = ctx.work / "import-cwd"
    cwd.mkdir(exist_ok=True)
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-P", "-c", code],
        cwd=cwd,
        env=child_env(ctx),
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return time.perf_counter() - start, float(done.stdout.strip())


def warm_up(run: Callable[[T], object], items: Iterable[T]) -> None:
    """Run each item once, untimed, so the bytecode caches exist before the timed repeats; a
    failure is left for the timed runs to report."""
    for item in items:
        with contextlib.suppress(Exception):
            run(item)


class _Probe(Contender):
    """An import target dressed as a contender so it can be interleaved."""

    def __init__(self, name: str) -> None:
        super().__init__("")
        self.name = name


def imports(ctx: Ctx) -> list[Row]:
    """Import (and import + construct) time and RSS above a bare interpreter, fresh process
    each repeat."""
    when = ctx.row(
        "import",
        "import_time",
        "import time (floor = import httpx)",
        "ms",
        target=Target("ratio_max", 1.1),
    )
    rss = ctx.row("import", "import_rss", "import RSS (floor = import httpx)", "MB")
    built = ctx.row(
        "import",
        "import_construct_time",
        "import + construct client (floor = httpx.Client())",
        "ms",
        target=Target("ratio_max", 1.1),
    )
    built.expected = [name for name in built.expected if name in construct_targets(ctx)]
    _fill_startup_rows(ctx, import_targets(ctx), when, rss)
    _fill_startup_rows(ctx, construct_targets(ctx), built, None)
    return [when, rss, built]


def _fill_startup_rows(ctx: Ctx, targets: dict[str, str], when: Row, rss: Row | None) -> None:
    """Interleave fresh-process runs of ``targets`` with a bare interpreter; store medians."""
    codes: dict[str, str | None] = {"bare": None, **targets}
    probes = [_Probe(name) for name in codes]
    warm_up(lambda p: time_code(ctx, codes[p.name]), probes)
    results, errors = interleave(
        ctx, ctx.mode.import_repeats, lambda p: time_code(ctx, codes[p.name]), probes
    )
    if "bare" in errors or not results["bare"]:
        raise RuntimeError(f"bare interpreter failed: {errors.get('bare')}")
    bare_t = median([t for t, _ in results["bare"]])
    bare_rss = median([r for _, r in results["bare"]])
    rows = [when] if rss is None else [when, rss]
    for name in targets:
        times = [t for t, _ in results[name]]
        sizes = [r for _, r in results[name]]
        when.put(
            name,
            (median(times) - bare_t) * 1e3 if times else None,
            [(t - bare_t) * 1e3 for t in times],
        )
        if rss is not None:
            rss.put(
                name,
                (median(sizes) - bare_rss) / 1024 if sizes else None,
                [(r - bare_rss) / 1024 for r in sizes],
            )
        for row in rows:
            if name in errors:
                row.notes[name] = errors[name]


def make_file(path: Path, size: int) -> None:
    """Write ``size`` bytes of incompressible data (a random MiB repeated)."""
    block = os.urandom(MB)
    with path.open("wb") as fh:
        for _ in range(size // MB):
            fh.write(block)
        fh.write(block[: size % MB])


def fresh_content(file: Path) -> None:
    """Overwrite the file's first MiB: the server then cannot reuse an earlier upload (it
    names stored files by content hash), whoever goes first."""
    with file.open("r+b") as fh:
        fh.write(os.urandom(min(MB, file.stat().st_size)))


def run_upload_child(ctx: Ctx, contender: Contender, file: Path) -> dict[str, float]:
    fresh_content(file)
    dest = ctx.work / f"download-{contender.name}"
    dest.mkdir(exist_ok=True)
    extra = [str(ctx.spacegen_dir), str(ctx.spacegen_module)] if contender.name == SPACEGEN else []
    cmd = [
        sys.executable,
        "-m",
        "benchmarks.child",
        "upload",
        ctx.url,
        contender.name,
        str(file),
        str(dest),
        *extra,
    ]
    try:
        done = subprocess.run(
            cmd,
            cwd=REPO,
            env=child_env(ctx),
            capture_output=True,
            text=True,
            timeout=CHILD_TIMEOUT,
            check=False,
        )
    finally:
        shutil.rmtree(dest, ignore_errors=True)
        if ctx.clear_uploads is not None:
            ctx.clear_uploads()
    if done.returncode != 0:
        raise RuntimeError(done.stderr.strip().splitlines()[-1] if done.stderr else "child failed")
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def size_label(size: int) -> str:
    return f"{size // 1024 // MB} GB" if size >= 1024 * MB else f"{size // MB} MB"


def uploads(ctx: Ctx) -> list[Row]:
    """Upload (+ download) of each configured size, one fresh process per contender and run."""
    rows: list[Row] = []
    for index, (size, repeats) in enumerate(ctx.mode.upload_sizes):
        rows += upload_size(ctx, f"upload{index}", size, repeats)
    return rows


def upload_size(ctx: Ctx, key: str, size: int, repeats: int) -> list[Row]:
    label = size_label(size)
    up = ctx.row(
        "upload", f"{key}_upload", f"{label} upload + call", "s", target=Target("ratio_max", 1.1)
    )
    trip = ctx.row(
        "upload",
        f"{key}_round_trip",
        f"{label} upload + call + download",
        "s",
        target=Target("ratio_max", 1.1) if size < 1024 * MB else None,
    )
    rss = ctx.row(
        "upload",
        f"{key}_rss",
        f"{label} peak RSS growth",
        "MB",
        target=Target("abs_max", 64) if size >= 1024 * MB else None,
    )
    file = ctx.work / f"upload-{key}.bin"
    try:
        make_file(file, size)
        results, errors = interleave(ctx, repeats, lambda c: run_upload_child(ctx, c, file))
    finally:
        file.unlink(missing_ok=True)
    for row, field in ((up, "upload_s"), (trip, "round_trip_s"), (rss, "rss_growth_mb")):
        row.notes.update(errors)
        for name, values in results.items():
            got = [v[field] for v in values]
            row.put(name, median(got) if got else None, got)
    return [up, trip, rss]
