"""Goldens (tests/golden/) and examples (generated_examples/): regeneration must not differ.

After an intended change: ``uv run python scripts/regen_goldens.py``, review the diff, commit.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
from gen_helpers import ROOT, import_text, mypy_strict

SCRIPT = ROOT / "scripts" / "regen_goldens.py"


def _regen_module():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("regen_goldens", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("regen_goldens", module)
    spec.loader.exec_module(module)
    return module


REGEN = _regen_module()
CASES = sorted(REGEN.all_cases())


def test_there_are_goldens_and_six_examples() -> None:
    assert len(REGEN.GOLDEN_CASES) >= 5 and len(REGEN.EXAMPLE_CASES) >= 6
    for folder in CASES:
        assert (folder / "snapshot.json").is_file(), f"{folder}: run scripts/regen_goldens.py"


@pytest.mark.parametrize("folder", CASES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_regeneration_is_identical(folder: Path) -> None:
    on_disk = (folder / "client.py").read_text(encoding="utf-8")
    assert REGEN.expected_client(folder) == on_disk, (
        f"{folder} is stale: run `uv run python scripts/regen_goldens.py` and review the diff"
    )


def test_examples_import_and_pass_mypy_strict(tmp_path: Path) -> None:
    for folder in CASES:
        target = tmp_path / f"{folder.name}.py"
        module = import_text((folder / "client.py").read_text(encoding="utf-8"), target)
        assert module.Client._app.source.startswith("corpus")
    result = mypy_strict(*sorted(tmp_path.glob("*.py")), cwd=tmp_path)
    assert result.returncode == 0, result.stdout[-3000:]
