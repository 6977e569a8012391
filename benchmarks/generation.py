"""Generation time (spacegen only): in-process ``generate(<corpus folder>)``.

The corpus is ``../shared/corpus`` (one folder per real app, ``config.json`` + ``info.json``).
The median-sized and the largest app are picked by the size of ``info.json``. Each timing is
taken after one untimed warm-up call (imports, template loading), median over repeats. Quick
mode times every n-th app of the corpus instead of all of it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from benchmarks.contenders import SPACEGEN
from benchmarks.context import Ctx, short_error
from benchmarks.report import Row, Target, median
from benchmarks.spacegen_client import generator_module

DEFAULT_CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"


def corpus_apps(corpus: Path) -> list[Path]:
    """Corpus folders holding both ``config.json`` and ``info.json``, by name."""
    return sorted(
        p for p in corpus.iterdir() if (p / "config.json").is_file() and (p / "info.json").is_file()
    )


def median_and_largest(apps: list[Path]) -> tuple[Path, Path]:
    """The app whose ``info.json`` size is the median, and the one with the largest."""
    by_size = sorted(apps, key=lambda p: ((p / "info.json").stat().st_size, p.name))
    return by_size[(len(by_size) - 1) // 2], by_size[-1]


def timed(fn: Callable[[], Any]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def generation(ctx: Ctx) -> list[Row]:
    """Rows for the median app, the largest app and the whole corpus."""
    corpus = ctx.corpus or DEFAULT_CORPUS
    apps = corpus_apps(corpus)
    mid, big = median_and_largest(apps)
    expected = [] if ctx.generator_error else [SPACEGEN]
    rows = [
        Row(
            "generate",
            "gen_median",
            f"generate median app ({mid.name})",
            "ms",
            expected,
            baseline=None,
            target=Target("abs_max", 150),
        ),
        Row(
            "generate",
            "gen_largest",
            f"generate largest app ({big.name})",
            "ms",
            expected,
            baseline=None,
            target=Target("abs_max", 500),
        ),
        Row("generate", "gen_corpus", corpus_label(ctx, apps), "s", expected, baseline=None),
        Row(
            "generate",
            "gen_corpus_failed",
            "corpus apps that failed to generate",
            "apps",
            expected,
            baseline=None,
        ),
    ]
    if ctx.generator_error:
        for row in rows:
            row.notes[SPACEGEN] = ctx.generator_error
        return rows
    generate = generator_module().generate
    generate(str(mid))  # warm-up: imports, template loading
    for row, app in ((rows[0], mid), (rows[1], big)):
        source = str(app)
        got = [timed(partial(generate, source)) * 1e3 for _ in range(ctx.mode.gen_repeats)]
        row.put(SPACEGEN, median(got), got)
    sample = apps[:: ctx.mode.corpus_stride]
    rows[2].values[SPACEGEN], rows[3].values[SPACEGEN] = whole_corpus(ctx, generate, sample)
    return rows


def corpus_label(ctx: Ctx, apps: list[Path]) -> str:
    if ctx.mode.corpus_stride == 1:
        return f"generate whole corpus ({len(apps)} apps)"
    sample = len(apps[:: ctx.mode.corpus_stride])
    return f"generate corpus sample (every {ctx.mode.corpus_stride}th: {sample} of {len(apps)})"


def whole_corpus(ctx: Ctx, generate: Callable[[str], Any], apps: list[Path]) -> tuple[float, float]:
    """(median seconds for all apps, number of apps that raised), failures do not stop it."""
    totals, failed = [], 0
    for _ in range(ctx.mode.corpus_repeats):
        start, failed = time.perf_counter(), 0
        for app in apps:
            try:
                generate(str(app))
            except Exception as exc:
                failed += 1
                ctx.log(f"generate {app.name}: {short_error(exc)}")
        totals.append(time.perf_counter() - start)
    return median(totals), float(failed)
