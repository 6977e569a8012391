"""Every app of the shared corpora generates, imports, constructs offline and passes mypy --strict.

One mypy run over a package holding one module per app (fast enough for the default run).
"""

from __future__ import annotations

import asyncio
import importlib
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from gen_helpers import corpus_folders, mypy_strict

from spacegen.generator.api import generate
from spacegen.generator.render.names import snake

pytestmark = pytest.mark.slow
LOCAL_URL = "http://127.0.0.1:9"


def _module_name(folder: Path) -> str:
    return snake(f"{folder.parent.name}__{folder.name}", digit_prefix="m_", empty="app")


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    root = tmp_path_factory.mktemp("corpus")
    pkg = root / "corpus_clients"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("", encoding="utf-8")
    folders = corpus_folders()
    assert len(folders) >= 250, "the shared corpus is missing"
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
    for path in sorted(package.glob("*.py")):
        if path.stem == "__init__":
            continue
        module = importlib.import_module(f"corpus_clients.{path.stem}")
        with module.Client(LOCAL_URL) as client:
            assert client._app.endpoints == module.Client._app.endpoints
        asyncio.run(_construct_async(module.AsyncClient))


async def _construct_async(cls: type) -> None:
    async with cls(LOCAL_URL) as client:
        assert client._app is cls._app  # type: ignore[attr-defined]
