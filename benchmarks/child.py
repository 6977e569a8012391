"""Measurements that need a fresh process, run as ``python -m benchmarks.child ...``.

``upload URL CONTENDER FILE DEST [SPACEGEN_DIR SPACEGEN_MODULE]``: build two clients (one that
keeps outputs remote, one that downloads them into DEST), make one warm-up call, then time
(1) upload + ``/file_echo`` without download and (2) upload + ``/file_echo`` + download.
Prints one JSON object: ``upload_s``, ``round_trip_s``, ``rss_growth_mb`` (growth of the peak
RSS, ``VmHWM``, over both operations, relative to the peak after set-up).
"""

from __future__ import annotations

import importlib
import json
import sys
import time
from pathlib import Path

from benchmarks.contenders import FLOOR, GRADIO, Contender, Floor, GradioClient, Spacegen


def peak_rss_kb() -> int:
    """``VmHWM`` of this process (peak resident set size so far), in kB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    raise RuntimeError("no VmHWM in /proc/self/status")


def contender(name: str, url: str, extra: list[str]) -> Contender:
    if name == FLOOR:
        return Floor(url)
    if name == GRADIO:
        return GradioClient(url)
    sys.path.insert(0, extra[0])
    return Spacegen(url, importlib.import_module(extra[1]))


def upload(url: str, name: str, file: Path, dest: Path, extra: list[str]) -> dict[str, float]:
    who = contender(name, url, extra)
    remote, local = who.make(), who.make(download_dir=dest)
    who.echo(remote, "warm")
    base = peak_rss_kb()
    start = time.perf_counter()
    who.upload_call(remote, file)
    middle = time.perf_counter()
    out = who.round_trip(local, file, dest)
    end = time.perf_counter()
    size = out.stat().st_size
    out.unlink()
    if size != file.stat().st_size:
        raise AssertionError(f"downloaded {size} bytes, uploaded {file.stat().st_size}")
    return {
        "upload_s": middle - start,
        "round_trip_s": end - middle,
        "rss_growth_mb": (peak_rss_kb() - base) / 1024,
    }


def main(argv: list[str]) -> None:
    if argv[0] != "upload":
        raise SystemExit(f"unknown child command {argv[0]!r}")
    url, name, file, dest, *extra = argv[1:]
    print(json.dumps(upload(url, name, Path(file), Path(dest), extra)))


if __name__ == "__main__":
    main(sys.argv[1:])
