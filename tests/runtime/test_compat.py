"""A generated module refuses, at import, a runtime that cannot run it (one clear message)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import spacegen
from spacegen.runtime import RuntimeVersionError, require_runtime
from spacegen.runtime._compat import OLDEST_API, RUNTIME_API

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "generated_examples" / "hello_world" / "client.py"


def test_the_current_interface_passes() -> None:
    require_runtime(RUNTIME_API, spacegen.__version__)
    require_runtime(OLDEST_API, "0.0.1")


def test_a_newer_module_names_both_versions() -> None:
    with pytest.raises(RuntimeVersionError) as caught:
        require_runtime(RUNTIME_API + 1, "9.9.9")
    message = str(caught.value)
    assert "spacegen 9.9.9" in message and f"runtime is {spacegen.__version__}" in message
    assert "upgrade spacegen" in message
    assert isinstance(caught.value, ImportError)


def test_a_module_older_than_the_runtime_serves_says_regenerate() -> None:
    with pytest.raises(RuntimeVersionError, match="regenerate the module with spacegen"):
        require_runtime(OLDEST_API - 1, "0.0.1")


def test_generated_modules_check_before_importing_anything_else() -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    check = f'require_runtime({RUNTIME_API}, "{spacegen.__version__}")'
    assert check in text
    assert text.index(check) < text.index("from spacegen.runtime import (")


def test_importing_a_too_new_module_fails_with_one_line(tmp_path: Path) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    newer = text.replace(
        f'require_runtime({RUNTIME_API}, "{spacegen.__version__}")',
        f'require_runtime({RUNTIME_API + 1}, "9.9.9")',
    )
    # and a name the installed runtime lacks: the check must speak before Python does
    newer = newer.replace("    App,\n", "    App,\n    FeatureOfTomorrow,\n", 1)
    (tmp_path / "newer_client.py").write_text(newer, encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-c", "import newer_client"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert run.returncode == 1
    last = run.stderr.strip().splitlines()[-1]
    assert last.startswith("spacegen.runtime.errors.RuntimeVersionError: this client was")
    assert "spacegen 9.9.9" in last and "FeatureOfTomorrow" not in run.stderr


def test_one_version_number() -> None:
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert 'path = "spacegen/runtime/_compat.py"' in pyproject
    assert spacegen.__version__ == spacegen.runtime._compat.__version__
