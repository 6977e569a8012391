"""Every app of the three corpora (gradio 4.44.1, 5.50.0, 6.31.0) maps to precise types."""

from __future__ import annotations

import statistics
import time
from pathlib import Path
from typing import Any

import pytest
from nz_cases import CORPORA, corpus_apps, load_snapshot

from spacegen.generator.ir import Normalized, to_plain
from spacegen.generator.normalize import normalize
from spacegen.generator.normalize.endpoints import STREAMING_NOTE
from spacegen.generator.raw import RawSnapshot

APPS = [app for corpus in CORPORA for app in corpus_apps(corpus)]

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


def test_corpus_is_present() -> None:
    assert len(APPS) > 250, "expected the shared corpora under /work/shared"


@pytest.mark.parametrize("folder", APPS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_app_normalizes_without_any_type(folder: Path) -> None:
    result = run(folder)
    assert any_types(to_plain(result.app)) == 0
    unexpected = [
        d for d in result.diagnostics if d.level != "info" and d.message not in EXPECTED_WARNINGS
    ]
    assert unexpected == []


def test_every_public_endpoint_is_generated() -> None:
    missing = []
    for folder in APPS:
        snapshot = load_snapshot(folder)
        names = set(snapshot.info["named_endpoints"])
        built = {e.api_name for e in normalize(snapshot).app.endpoints}
        missing += [f"{folder.name}{name}" for name in sorted(names - built)]
    assert missing == []


def test_corpus_normalizes_fast() -> None:
    snapshots = [load_snapshot(folder) for folder in APPS]
    times = [min(_timed(snapshot) for _ in range(3)) for snapshot in snapshots]
    assert statistics.median(times) < 0.005
    assert max(times) < 0.1


def _timed(snapshot: RawSnapshot) -> float:
    start = time.perf_counter()
    normalize(snapshot, include_undocumented=True)
    return time.perf_counter() - start
