"""``uv run python -m tests.differential REPORT.json [--apps a,b] [--quick]``: see README.md."""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/: conformance, corpus_data

from .apps import demo_dirs, shared_dir
from .report import summary
from .runner import Settings, run
from .subset import QUICK_APPS

NO_SHARED = "no ../shared/demos next to the repository (set SPACEGEN_SHARED)"


def _parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m tests.differential", description=__doc__)
    parser.add_argument("report", type=Path, help="where to write the JSON report")
    parser.add_argument("--apps", help="comma-separated app folder names (default: all)")
    parser.add_argument("--quick", action="store_true", help="only the CI subset")
    parser.add_argument("--call-timeout", type=float, default=30.0, help="seconds per call")
    parser.add_argument("--batch", type=int, default=10, help="apps per server process")
    return parser.parse_args(argv)


def main(argv: list[str]) -> int:
    args = _parse(argv)
    shared = shared_dir()
    if shared is None:
        print(NO_SHARED, file=sys.stderr)
        return 3
    dirs = demo_dirs(shared)
    wanted = QUICK_APPS if args.quick else (args.apps.split(",") if args.apps else None)
    if wanted is not None:
        unknown = sorted(set(wanted) - {d.name for d in dirs})
        if unknown:
            print(f"unknown apps: {', '.join(unknown)}", file=sys.stderr)
            return 2
        dirs = [d for d in dirs if d.name in wanted]
    start = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="spacegen-diff-") as work:
        settings = Settings(Path(work), call_timeout=args.call_timeout, batch=args.batch)
        rows = run(dirs, settings, log=lambda text: print(text, file=sys.stderr, flush=True))
    document = {"seconds": round(time.monotonic() - start, 1), "rows": rows}
    args.report.write_text(json.dumps(document, indent=1, ensure_ascii=False) + "\n", "utf-8")
    print(summary(rows, document["seconds"]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
