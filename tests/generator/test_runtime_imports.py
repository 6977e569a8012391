"""``import spacegen.runtime`` (what generated code imports) never pulls in generator deps."""

from __future__ import annotations

import ast
import json
import subprocess
import sys

from gen_helpers import ROOT

HEAVY = ["jinja2", "black", "huggingface_hub", "spacegen.generator"]
SCRIPT = """
import json, sys
import spacegen.runtime
import importlib.util, pathlib
path = pathlib.Path(sys.argv[1])
spec = importlib.util.spec_from_file_location("example_client", path)
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)
module.Client("http://127.0.0.1:9").close()
print(json.dumps(sorted(sys.modules)))
"""


def test_runtime_and_generated_module_import_no_generator_dependency() -> None:
    example = ROOT / "generated_examples" / "chatbot_streaming" / "client.py"
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(example)],
        cwd=ROOT, capture_output=True, text=True, check=True,
    )  # fmt: skip
    loaded = set(json.loads(done.stdout))
    offenders = sorted(m for m in loaded if any(m == h or m.startswith(h + ".") for h in HEAVY))
    assert offenders == []


def test_runtime_modules_import_only_the_runtime_package() -> None:
    """A vendored runtime has no ``spacegen`` package beside it: runtime modules may import
    ``spacegen.runtime...`` (rewritten when vendored) and nothing else of spacegen."""
    runtime = ROOT / "spacegen" / "runtime"
    offenders = []
    files = sorted(runtime.glob("*.py"))
    assert len(files) > 20
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            names += [a.name for a in node.names] if isinstance(node, ast.Import) else []
            bad = [
                n
                for n in names
                if n.split(".")[0] == "spacegen" and not n.startswith("spacegen.runtime")
            ]
            offenders += [f"{path.name}: {n}" for n in bad]
    assert offenders == []
