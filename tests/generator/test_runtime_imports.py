"""``import spacegen.runtime`` (what generated code imports) never pulls in generator deps."""

from __future__ import annotations

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
