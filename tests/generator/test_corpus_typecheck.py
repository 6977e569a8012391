"""Every corpus app generates, imports, constructs offline and passes mypy --strict.

Over the in-repo subset always, and over the full ``../shared`` corpora when they are there
(``corpus_data``). One mypy run per set over a package holding one module per app.
"""

from __future__ import annotations

import asyncio
import importlib
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from corpus_data import FULL_FLOOR, SUBSET_SIZE, full_apps, need_shared, subset_apps
from gen_helpers import mypy_strict

from spacegen.generator.api import generate
from spacegen.generator.render.names import snake

pytestmark = pytest.mark.slow
LOCAL_URL = "http://127.0.0.1:9"


def _module_name(folder: Path) -> str:
    return snake(f"{folder.parent.name}__{folder.name}", digit_prefix="m_", empty="app")


def corpus_set(which: str) -> list[Path]:
    """``subset``: the in-repo apps (exactly); ``full``: ../shared's (skip or fail if absent)."""
    if which == "subset":
        folders = subset_apps()
        assert len(folders) == SUBSET_SIZE
        return folders
    need_shared("type-checking every corpus app")
    folders = full_apps()
    assert len(folders) >= FULL_FLOOR
    return folders


@pytest.fixture(scope="module", params=["subset", "full"])
def package(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Path]:
    folders = corpus_set(request.param)
    root = tmp_path_factory.mktemp(f"corpus-{request.param}")
    pkg = root / "corpus_clients"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("", encoding="utf-8")
    for folder in folders:
        result = generate(str(folder), module_name=_module_name(folder))
        (pkg / f"{_module_name(folder)}.py").write_text(result.module_text, encoding="utf-8")
    sys.path.insert(0, str(root))
    yield pkg
    sys.path.remove(str(root))
    for name in [m for m in sys.modules if m.startswith("corpus_clients")]:
        del sys.modules[name]


def test_every_corpus_app_passes_mypy_strict(package: Path) -> None:
    result = mypy_strict(package, cwd=package.parent)
    assert result.returncode == 0, result.stdout[-5000:]


def test_every_corpus_module_imports_and_constructs_offline(package: Path) -> None:
    paths = sorted(p for p in package.glob("*.py") if p.stem != "__init__")
    assert len(paths) >= SUBSET_SIZE
    for path in paths:
        module = importlib.import_module(f"corpus_clients.{path.stem}")
        with module.Client(LOCAL_URL) as client:
            assert client._app.endpoints == module.Client._app.endpoints
        asyncio.run(_construct_async(module.AsyncClient))


async def _construct_async(cls: type) -> None:
    async with cls(LOCAL_URL) as client:
        assert client._app is cls._app  # type: ignore[attr-defined]
