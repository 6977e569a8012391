"""Generated text is byte-identical whatever PYTHONHASHSEED is (no hash-order leaks)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from corpus_data import app_folder
from gen_helpers import ROOT

APPS = ["kitchen_sink", "chatbot_streaming", "blocks_flashcards", "state_change", "sepia_filter"]

SCRIPT = """
import hashlib, sys
from spacegen.generator.api import generate
for source in sys.argv[1:]:
    text = generate(source).module_text
    print(hashlib.sha256(text.encode()).hexdigest(), source)
"""


def _digests(seed: str, sources: list[str]) -> str:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, *sources],
        cwd=ROOT, env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    return done.stdout


@pytest.mark.slow
def test_byte_identical_across_hash_seeds() -> None:
    sources = [str(app_folder(f"corpus/{name}")) for name in APPS]
    outputs = {seed: _digests(seed, sources) for seed in ("0", "1", "random")}
    assert len(set(outputs.values())) == 1, outputs
