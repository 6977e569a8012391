"""huggingface_hub is imported only when a Space id is actually resolved."""

from __future__ import annotations

import subprocess
import sys

import pytest


@pytest.mark.parametrize("module", ["spacegen.runtime", "spacegen.generator.sources"])
def test_importing_does_not_import_huggingface_hub(module: str) -> None:
    code = f"import sys, {module}; print('huggingface_hub' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


def test_public_api() -> None:
    from spacegen.generator import sources  # noqa: PLC0415

    assert {"load", "save", "HubClient", "SourceError"} <= set(sources.__all__)
    for name in sources.__all__:
        assert hasattr(sources, name)
