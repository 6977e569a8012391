"""Regenerate the raw→IR golden cases under tests/cases/ (snapshot.json, ir.json, diagnostics.txt).

Usage: ``uv run python scripts/regen_ir_goldens.py``; review the diff before committing.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HELPERS = ROOT / "tests" / "generator" / "normalize"


def main() -> int:
    """Rewrite every case and list the files written."""
    sys.path[:0] = [str(HELPERS), str(HELPERS.parents[1])]  # nz_cases, then tests/ (corpus_data)
    cases = importlib.import_module("nz_cases")
    for path in cases.regenerate():
        print(path.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
