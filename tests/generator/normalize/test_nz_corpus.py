"""Every app of the three corpora (gradio 4.44.1, 5.50.0, 6.31.0) maps to precise types."""

from __future__ import annotations

import statistics
import time
from pathlib import Path
from typing import Any

import pytest
from corpus_data import (
    FULL_FLOOR,
    SUBSET_SIZE,
    corpus_params,
    full_apps,
    need_shared,
    subset_apps,
)
from nz_cases import load_snapshot

from spacegen.generator.ir import Normalized, to_plain
from spacegen.generator.normalize import normalize
from spacegen.generator.normalize.endpoints import STREAMING_NOTE
from spacegen.generator.raw import RawSnapshot

#: The in-repo subset, plus the full corpora when ../shared is there.
APPS = subset_apps() + full_apps()

#: Warnings the real corpus legitimately produces (app-level facts, not mapping gaps).
EXPECTED_WARNINGS = {
    "the app has no public endpoint",
    "api_name shared by functions 7; using fn_index 13, the one /info describes",
    STREAMING_NOTE,  # stream_audio streams microphone input (connection: stream)
}


def any_types(value: Any) -> int:
    """How many AnyType nodes a plain IR tree holds."""
    if isinstance(value, dict):
        own = 1 if value.get("$kind") == "AnyType" else 0
        return own + sum(any_types(v) for v in value.values())
    if isinstance(value, list):
        return sum(any_types(v) for v in value)
    return 0


def run(folder: Path) -> Normalized:
    return normalize(load_snapshot(folder), include_undocumented=True)


def test_subset_is_present() -> None:
    assert len(subset_apps()) == SUBSET_SIZE


def test_full_corpus_is_present() -> None:
    need_shared("normalizing every corpus app")
    assert len(full_apps()) >= FULL_FLOOR


@pytest.mark.parametrize("folder", corpus_params(full=True))
def test_app_normalizes_without_any_type(folder: Path) -> None:
    result = run(folder)
    assert any_types(to_plain(result.app)) == 0
    unexpected = [
        d for d in result.diagnostics if d.level != "info" and d.message not in EXPECTED_WARNINGS
    ]
    assert unexpected == []


def test_every_public_endpoint_is_generated() -> None:
    assert len(APPS) >= SUBSET_SIZE
    missing = []
    for folder in APPS:
        snapshot = load_snapshot(folder)
        names = set(snapshot.info["named_endpoints"])
        built = {e.api_name for e in normalize(snapshot).app.endpoints}
        missing += [f"{folder.name}{name}" for name in sorted(names - built)]
    assert missing == []


def test_corpus_normalizes_fast() -> None:
    assert len(APPS) >= SUBSET_SIZE
    snapshots = [load_snapshot(folder) for folder in APPS]
    times = [min(_timed(snapshot) for _ in range(3)) for snapshot in snapshots]
    assert statistics.median(times) < 0.005
    assert max(times) < 0.1


def _timed(snapshot: RawSnapshot) -> float:
    start = time.perf_counter()
    normalize(snapshot, include_undocumented=True)
    return time.perf_counter() - start
