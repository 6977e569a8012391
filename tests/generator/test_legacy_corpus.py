"""Demos captured on old Gradio versions generate, import, construct offline, pass mypy --strict.

Captures live in ``tests/data/corpus-legacy/<version>/<app>.json.gz`` (made by
``scripts/capture_corpus.py``; ``INDEX.tsv`` says which apps ran on that version and why not).
One mypy run covers every version's modules.
"""

from __future__ import annotations

import asyncio
import csv
import gzip
import importlib
import json
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from gen_helpers import ROOT, mypy_strict

from spacegen.generator.api import generate_from_snapshot
from spacegen.generator.ir import to_plain
from spacegen.generator.normalize import normalize
from spacegen.generator.raw import RawSnapshot
from spacegen.generator.render.names import snake

pytestmark = pytest.mark.slow
CORPUS = ROOT / "tests" / "data" / "corpus-legacy"
LOCAL_URL = "http://127.0.0.1:9"

#: Apps captured per version (what INDEX.tsv lists as ran); a change means a re-capture.
EXPECTED: dict[str, int] = {
    "3.50.2": 115,
    "4.7.1": 104,
    "4.15.0": 110,
    "4.20.1": 114,
    "4.21.0": 115,
}
#: ``App.protocol`` each version's clients must carry.
PROTOCOLS = {
    "3.50.2": "ws",
    "4.7.1": "sse",
    "4.15.0": "sse_v1",
    "4.20.1": "sse_v2",
    "4.21.0": "sse_v2.1",
}
FILE_FORMATS = {
    "3.50.2": "v3",
    "4.7.1": "filedata_unmarked",
    "4.15.0": "filedata_unmarked",
    "4.20.1": "filedata_unmarked",
    "4.21.0": "filedata",
}


def load_capture(path: Path) -> RawSnapshot:
    """One ``<app>.json.gz`` as a snapshot (source ``<version>/<app>``)."""
    doc = json.loads(gzip.decompress(path.read_bytes()))
    source = f"{path.parent.name}/{path.name.removesuffix('.json.gz')}"
    return RawSnapshot(source, doc["config"], doc["info"], doc["info_all"])


def captures(version: str) -> list[Path]:
    return sorted((CORPUS / version).glob("*.json.gz"))


def index_rows(version: str) -> list[dict[str, str]]:
    with (CORPUS / version / "INDEX.tsv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


def _module_name(path: Path) -> str:
    stem = f"v{path.parent.name}__{path.name.removesuffix('.json.gz')}"
    return snake(stem.replace(".", "_"), digit_prefix="m_", empty="app")


@pytest.mark.parametrize("version", sorted(EXPECTED))
def test_captures_match_their_index(version: str) -> None:
    rows = index_rows(version)
    ran = {row["app"] for row in rows if row["ran"] == "yes"}
    assert {p.name.removesuffix(".json.gz") for p in captures(version)} == ran
    assert len(ran) == EXPECTED[version] > 0
    assert all(row["reason"] for row in rows if row["ran"] == "no")


@pytest.mark.parametrize("version", sorted(EXPECTED))
def test_legacy_captures_normalise_fully_typed(version: str) -> None:
    """No AnyType, no skipped endpoint; at most ONE fallback warning per app."""
    paths = captures(version)
    assert paths
    for path in paths:
        result = normalize(load_capture(path))
        assert '"AnyType"' not in json.dumps(to_plain(result.app)), path
        assert not [d for d in result.diagnostics if d.level == "error"], path
        fallbacks = [d for d in result.diagnostics if "describes no structure" in d.message]
        assert len(fallbacks) <= (1 if version.startswith("3.") else 0), path


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    root = tmp_path_factory.mktemp("legacy")
    pkg = root / "legacy_clients"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("", encoding="utf-8")
    for version in EXPECTED:
        for path in captures(version):
            result = generate_from_snapshot(load_capture(path), module_name=_module_name(path))
            assert result.app.protocol == PROTOCOLS[version], path
            assert result.app.file_format == FILE_FORMATS[version], path
            (pkg / f"{_module_name(path)}.py").write_text(result.module_text, encoding="utf-8")
    sys.path.insert(0, str(root))
    yield pkg
    sys.path.remove(str(root))
    for name in [m for m in sys.modules if m.startswith("legacy_clients")]:
        del sys.modules[name]


def test_every_legacy_capture_passes_mypy_strict(package: Path) -> None:
    assert len(list(package.glob("*.py"))) == sum(EXPECTED.values()) + 1
    result = mypy_strict(package, cwd=package.parent)
    assert result.returncode == 0, result.stdout[-5000:]


def test_every_legacy_module_imports_and_constructs_offline(package: Path) -> None:
    modules = sorted(p.stem for p in package.glob("*.py") if p.stem != "__init__")
    assert modules
    for stem in modules:
        module = importlib.import_module(f"legacy_clients.{stem}")
        with module.Client(LOCAL_URL) as client:
            assert client._app.endpoints == module.Client._app.endpoints
        asyncio.run(_construct_async(module.AsyncClient))


async def _construct_async(cls: type) -> None:
    async with cls(LOCAL_URL) as client:
        assert client._app is cls._app  # type: ignore[attr-defined]
