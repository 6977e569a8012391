"""Helpers for generator tests: generate from IR, import generated text, run mypy --strict."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType

from spacegen.generator.api import GenerationResult, generate_from_app
from spacegen.generator.ir.model import AppSpec
from spacegen.generator.render import RenderOptions

ROOT = Path(__file__).resolve().parents[2]
MYPY_CACHE = ROOT / ".mypy_cache" / "generated-code"


def generate_text(app: AppSpec, **options: object) -> str:
    """Render + black + validate, with the version pinned so texts are stable."""
    opts = RenderOptions(generator_version="0.0.0", **options)  # type: ignore[arg-type]
    return generate_from_app(app, opts).module_text


def generated(app: AppSpec, **options: object) -> GenerationResult:
    return generate_from_app(app, RenderOptions(generator_version="0.0.0", **options))  # type: ignore[arg-type]


def import_text(text: str, path: Path) -> ModuleType:
    """Write ``text`` to ``path`` and import it as a fresh module (not kept in sys.modules)."""
    path.write_text(text, encoding="utf-8")
    name = f"_spacegen_test_{path.stem}_{abs(hash(path))}"
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def mypy_strict(*targets: Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    """``python -m mypy --strict`` with this interpreter; spacegen is found from the repo root.

    The cache (shared by these runs, keyed on file hashes) spares re-checking httpx and the
    runtime each time.
    """
    env = {**os.environ, "MYPYPATH": str(ROOT)}
    cmd = [sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(MYPY_CACHE)]
    return subprocess.run(
        [*cmd, *map(str, targets)], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )
