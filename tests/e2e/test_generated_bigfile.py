"""A 200 MB file through a generated client with bounded memory.

The round trip (upload to the ``big`` app, which returns the same file, then download) runs in
a fresh interpreter that reports its peak resident memory (``VmHWM``) before and after, so the
test measures the client alone. The file is written sparsely and streamed, never held in memory.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from . import generated
from .conftest import ServerFactory
from .envs import REPO_ROOT

E2E_APPS = ("big",)

pytestmark = [pytest.mark.slow]
generated_client = generated.generated_client

SIZE = 200 * 1024 * 1024
RSS_LIMIT = 64 * 1024 * 1024
ROUND_TRIP_TIMEOUT = 300.0
MARKS = {0: b"first", SIZE // 2: b"middle", SIZE - 4: b"last"}  # data in a sparse file

#: Runs in the child: argv = generated module, server URL, input file, download folder.
PROBE = """
import importlib.util, json, sys

def peak_rss():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    raise RuntimeError("no VmHWM")

module_path, url, src, folder = sys.argv[1:5]
spec = importlib.util.spec_from_file_location("big_client", module_path)
module = importlib.util.module_from_spec(spec)
sys.modules["big_client"] = module
spec.loader.exec_module(module)
before = peak_rss()
with module.Client(url, timeout=120) as client:
    echoed = client.file_echo(src)
    saved = echoed.save(folder)
after = peak_rss()
print(json.dumps({"before": before, "after": after, "saved": str(saved), "size": echoed.size}))
"""


def sparse_file(path: Path) -> Path:
    """A SIZE-byte file that is mostly holes, with a few marks to check the content by."""
    with path.open("wb") as out:
        out.truncate(SIZE)
        for offset, data in MARKS.items():
            out.seek(offset)
            out.write(data)
    return path


def file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def test_200_mb_round_trip_keeps_client_memory_flat(
    generated_client: generated.GeneratedFactory,
    gradio_server: ServerFactory,
    tmp_path: Path,
) -> None:
    if not Path("/proc/self/status").is_file():
        pytest.skip("needs /proc/self/status (Linux) to read the peak RSS")
    module = generated_client("big")
    src = sparse_file(tmp_path / "big input.bin")
    probe = tmp_path / "probe.py"
    probe.write_text(PROBE, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    try:
        done = subprocess.run(
            [sys.executable, str(probe), str(module.__file__), gradio_server("big").url,
             str(src), str(tmp_path / "dl")],
            capture_output=True, text=True, timeout=ROUND_TRIP_TIMEOUT, cwd=tmp_path, env=env,
            check=False,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr[-3000:]
        report = json.loads(done.stdout.strip().splitlines()[-1])
        saved = Path(report["saved"])
        growth = report["after"] - report["before"]
        print(f"200 MB round trip: client peak RSS grew by {growth / 2**20:.1f} MiB")
        assert growth < RSS_LIMIT, f"peak RSS grew by {growth / 2**20:.1f} MiB"
        assert saved.stat().st_size == SIZE
        assert file_digest(saved) == file_digest(src)
    finally:
        for leftover in (src, *tmp_path.glob("dl/**/*.bin")):
            leftover.unlink(missing_ok=True)
