"""What every figure gets: the mode's sizes, the server, the contenders, and the interleaver."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from benchmarks.contenders import Contender
from benchmarks.report import Row

T = TypeVar("T")
MB = 1 << 20


@dataclass(frozen=True)
class Mode:
    """Repeat counts and sizes. ``FULL`` is the reported run, ``QUICK`` the CI smoke run."""

    name: str
    import_repeats: int
    construct_repeats: int
    echo_batches: int
    echo_calls: int
    conc_batches: int
    conc_calls: int
    stream_repeats: int
    upload_sizes: tuple[tuple[int, int], ...]  # (bytes, repeats)
    gen_repeats: int
    corpus_repeats: int
    corpus_stride: int = 1  # time every n-th corpus app for the whole-corpus figure
    # gradio_client is ~10x slower per call: it joins only the first n batches of the echo and
    # concurrency figures (still interleaved with the others), or a full run takes an hour.
    slow_batches: int = 1_000_000
    concurrency: int = 16
    stream_tokens: int = 50
    batch_widths: tuple[int, ...] = (1, 4, 16, 64)  # the batch figure's concurrencies
    dask_workers: tuple[int, ...] = (1, 2, 4)  # the scale figure's worker processes
    shared_server: bool = False  # one bench server for every figure (quick: a smoke test)
    cold_repeats: int = 20  # one-shot scripts: wall time of a whole process is noisy


FULL = Mode(
    "full",
    import_repeats=10,
    construct_repeats=20,
    echo_batches=10,
    echo_calls=50,
    conc_batches=10,
    conc_calls=200,
    stream_repeats=20,
    slow_batches=3,
    upload_sizes=((50 * MB, 3), (1024 * MB, 1)),
    gen_repeats=7,
    corpus_repeats=1,
)
QUICK = Mode(
    "quick",
    import_repeats=2,
    construct_repeats=5,
    echo_batches=2,
    echo_calls=10,
    conc_batches=1,
    conc_calls=64,
    stream_repeats=4,
    upload_sizes=((50 * MB, 1),),
    gen_repeats=1,
    corpus_repeats=1,
    corpus_stride=16,
    batch_widths=(1, 16),
    dask_workers=(1, 2),
    shared_server=True,
    cold_repeats=2,
)


@dataclass
class Ctx:
    """Shared state of one run."""

    mode: Mode
    url: str
    work: Path
    contenders: list[Contender]
    unavailable: dict[str, str] = field(default_factory=dict)
    spacegen_dir: Path | None = None
    spacegen_module: str | None = None
    generator_error: str | None = None
    corpus: Path | None = None
    verbose: bool = False
    clear_uploads: Callable[[], None] | None = None  # delete the files the server stored
    messages: list[str] = field(default_factory=list)

    def log(self, message: str) -> None:
        """Keep a diagnostic for the results; echo it to stderr in verbose mode."""
        self.messages.append(message)
        if self.verbose:
            print(message, file=sys.stderr, flush=True)

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.contenders]

    def row(self, figure: str, key: str, label: str, unit: str, **kw: Any) -> Row:
        """A row expecting a value from every available contender; notes for the others."""
        row = Row(figure, key, label, unit, expected=self.names, **kw)
        row.notes.update(self.unavailable)
        return row


def short_error(exc: BaseException) -> str:
    text = f"{type(exc).__name__}: {exc}".splitlines()[0]
    return text[:160]


def interleave(
    ctx: Ctx,
    repeats: int,
    measure: Callable[[Contender], T],
    items: Sequence[Contender] | None = None,
    caps: dict[str, int] | None = None,
) -> tuple[dict[str, list[T]], dict[str, str]]:
    """Run ``measure`` for each contender, round-robin, ``repeats`` times.

    The order rotates every repeat, so no contender always goes first. ``caps`` limits some
    contenders to their first n repeats. A contender that raises is dropped for the remaining
    repeats; its error is returned in the second dict.
    """
    caps = caps or {}
    pool = list(items if items is not None else ctx.contenders)
    results: dict[str, list[T]] = {c.name: [] for c in pool}
    errors: dict[str, str] = {}
    for rep in range(repeats):
        shift = rep % len(pool) if pool else 0
        for contender in pool[shift:] + pool[:shift]:
            if contender.name in errors or rep >= caps.get(contender.name, repeats):
                continue
            try:
                results[contender.name].append(measure(contender))
            except Exception as exc:
                errors[contender.name] = short_error(exc)
    return results, errors
