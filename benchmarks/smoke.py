"""What CI calls: run quick mode and check that every figure produced every value.

``run_quick()`` returns the results structure of :func:`benchmarks.run.run`;
``check_complete(results)`` raises AssertionError if a figure failed or a contender that was
available has no value on some row. Times are never asserted: CI machines are too noisy.
The command-line equivalent is ``python -m benchmarks --quick --check``.
"""

from __future__ import annotations

from typing import Any

from benchmarks.context import QUICK
from benchmarks.run import FIGURES, check_complete, run

__all__ = ["check_complete", "run_quick"]


def run_quick() -> dict[str, Any]:
    """Every figure in quick mode (under two minutes on two cores)."""
    return run(QUICK, list(FIGURES))
