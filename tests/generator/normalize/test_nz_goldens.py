"""raw→IR golden cases: tests/cases/<case>/{snapshot.json, ir.json, diagnostics.txt}.

Regenerate with ``uv run python scripts/regen_ir_goldens.py`` and review the diff.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from nz_cases import CORPUS_CASES, HANDMADE_CASES, case_folders, expected_files, read_snapshot


def test_every_case_exists() -> None:
    names = {folder.name for folder in case_folders()}
    assert set(CORPUS_CASES) | set(HANDMADE_CASES) <= names


@pytest.mark.parametrize("folder", case_folders(), ids=lambda p: p.name)
def test_case_matches_golden(folder: Path) -> None:
    expected = expected_files(read_snapshot(folder / "snapshot.json"))
    for filename, text in expected.items():
        golden = (folder / filename).read_text(encoding="utf-8")
        assert text == golden, f"{folder.name}/{filename} drifted; run scripts/regen_ir_goldens.py"
