"""The quick differential subset (``subset.QUICK_APPS``) against gradio_client, in CI.

Runs ``python -m tests.differential --quick`` in a subprocess (it serves the demos from its own
server process and imports the repository as ``tests.differential``), then checks its report.
Skipped when ``../shared/demos`` is absent, unless ``CI=true``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from .subset import KNOWN_CONFORMANCE, KNOWN_DIFFERENCES, QUICK_FLOOR

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

REPO = Path(__file__).resolve().parents[2]
#: Bound on the whole quick run (about 60-90 s on an idle 2-core box).
_RUN_TIMEOUT = float(os.environ.get("SPACEGEN_DIFF_TIMEOUT", "400"))
_NO_SHARED = 3  # the harness's exit code when ../shared/demos is absent

Rows = list[dict[str, Any]]


@pytest.fixture(scope="module")
def rows(tmp_path_factory: pytest.TempPathFactory) -> Rows:
    report = tmp_path_factory.mktemp("differential") / "report.json"
    cmd = [sys.executable, "-m", "tests.differential", str(report), "--quick"]
    done = subprocess.run(cmd, cwd=REPO, check=False,
                          capture_output=True, text=True, timeout=_RUN_TIMEOUT)  # fmt: skip
    if done.returncode == _NO_SHARED and os.environ.get("CI") != "true":
        pytest.skip(f"differential subset: {done.stderr.strip()}")
    assert done.returncode == 0, f"harness failed:\n{done.stdout}\n{done.stderr[-4000:]}"
    data: Rows = json.loads(report.read_text(encoding="utf-8"))["rows"]
    return data


def _key(row: dict[str, Any]) -> tuple[str, str]:
    return row["app"], row["endpoint"] or ""


def test_every_quick_app_launches_and_enough_endpoints_compare(rows: Rows) -> None:
    app_level = [r for r in rows if r["endpoint"] is None and r["outcome"] != "launched"]
    assert not app_level, app_level
    compared = [r for r in rows if r["outcome"] in ("equal", "differ")]
    assert len(compared) >= QUICK_FLOOR, [(_key(r), r["outcome"], r["reason"]) for r in rows]


def test_no_unexplained_difference(rows: Rows) -> None:
    unexplained = [r for r in rows if r["outcome"] == "differ" and _key(r) not in KNOWN_DIFFERENCES]
    assert not unexplained, unexplained


def test_no_unexplained_conformance_failure(rows: Rows) -> None:
    failing = [r for r in rows if r.get("conformance") and _key(r) not in KNOWN_CONFORMANCE]
    assert not failing, [(_key(r), r["conformance"]) for r in failing]


def test_no_spacegen_only_failure(rows: Rows) -> None:
    failing = [r for r in rows if r["outcome"] == "only spacegen failed"]
    assert not failing, [(_key(r), r["reason"]) for r in failing]


def test_the_fixed_defects_stay_fixed(rows: Rows) -> None:
    """Apps whose unchanged outputs, tuples and null values once broke their types (issue 7)."""
    once_broken = {("code", "/set_lang"), ("skip", "/lambda"), ("imageslider", "/img_to_slider"),
                   ("upload_and_download", "/upload_file")}  # fmt: skip
    seen = {_key(r): r for r in rows if _key(r) in once_broken}
    assert set(seen) == once_broken
    assert all(not r.get("conformance") and r["outcome"] != "differ" for r in seen.values())
