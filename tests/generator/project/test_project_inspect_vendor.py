"""``inspect`` output, vendored runtime files and the ``--package`` README (offline sources)."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

from spacegen import __version__
from spacegen.cli import main
from spacegen.generator.project.vendor import vendor_files

ROOT = Path(__file__).resolve().parents[3]
CHAT = ROOT / "generated_examples" / "chatbot_streaming" / "snapshot.json"


def test_inspect_text_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["inspect", str(CHAT)]) == 0
    text = capsys.readouterr().out
    assert "3 endpoint(s):" in text and "/bot  [streams]" in text
    assert main(["inspect", str(CHAT), "--json", "--class-name", "Chat"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["client"] == "Chat"
    bot = {e["api_name"]: e for e in doc["endpoints"]}["/bot"]
    assert bot["method"] == "bot" and bot["streaming"] is True
    assert bot["signature"].startswith("bot(") and bot["returns"] in bot["signature"]
    assert "Message" in doc["types"]


def test_vendored_runtime_is_rewritten_and_deterministic() -> None:
    files = vendor_files("app.clients._sg")
    assert files == vendor_files("app.clients._sg")
    assert files["_sg/VERSION"] == f"spacegen {__version__}\n"
    assert "_sg/py.typed" in files and "_sg/__init__.py" in files
    for name, text in files.items():
        if name.endswith(".py"):
            assert "spacegen.runtime" not in text
            ast.parse(text)
            assert text.startswith(f"# Vendored from the runtime of spacegen {__version__};")
    assert "from app.clients._sg._client import" in files["_sg/__init__.py"]


def test_bad_vendor_and_package_names(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out = str(tmp_path / "m.py")
    assert main(["generate", str(CHAT), "-o", out, "--vendor-runtime", "a-b"]) == 2
    assert "is not a dotted package name" in capsys.readouterr().err
    assert main(["generate", str(CHAT), "-o", str(tmp_path), "--package", "no good"]) == 2
    assert "is not a Python package name" in capsys.readouterr().err


def test_package_readme_has_one_example_per_endpoint(tmp_path: Path) -> None:
    assert main(["generate", str(CHAT), "-o", str(tmp_path), "--package", "chat_client"]) == 0
    package = tmp_path / "chat_client"
    readme = (package / "README.md").read_text(encoding="utf-8")
    assert readme.count("result = client.") == 3
    assert "from chat_client import Client" in readme
    code = readme.split("```python\n", 1)[1].split("\n```", 1)[0]
    ast.parse(code)  # the usage block is valid Python
    assert (package / "py.typed").read_text() == ""
    assert "from spacegen.runtime import" in (package / "__init__.py").read_text()
