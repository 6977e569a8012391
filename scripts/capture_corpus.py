"""Capture ``/config`` + ``/info`` of the shared demos on an old Gradio version, as test data.

    uv run python scripts/capture_corpus.py 3.50.2 [--apps a,b] [--out DIR] [--python PY]

Each app of ``../shared/demos`` is copied to a scratch folder (demos may write files; the shared
copy stays untouched) and launched there, offline, on 127.0.0.1, by ``_capture_worker.py`` in
the version's environment (``tests/e2e/envs.py``, created on first use; ``--python`` overrides).
Several apps share one worker process; an app that hangs or kills its worker is recorded as
such and the next worker goes on with the rest.

Output (default ``tests/data/corpus-legacy/<version>/``): one ``<app>.json.gz`` per app that ran,
holding ``{"config": ..., "info": ..., "info_all": ...}`` (``info_all`` only where the version
answers ``?all_endpoints=true`` with something other than plain ``/info``), and ``INDEX.tsv``
(app, ran, endpoints, reason; paths into the gradio environment shortened to
``{site-packages}/``). Files are byte-stable across re-captures; see :func:`normalise`
for what is rewritten.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEMOS = ROOT.parent / "shared" / "demos"
OUT = ROOT / "tests" / "data" / "corpus-legacy"
WORKER = Path(__file__).with_name("_capture_worker.py")
#: Upper bound for one worker process (it moves on to the next app after each app's own limit).
WORKER_SECONDS = 1800

#: Front-end keys of /config the generator never reads (as in the shared corpus).
_DROPPED_CONFIG_KEYS = ("css", "js", "head", "stylesheets", "theme_css", "app_id")
_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")
_LOOPBACK = re.compile(r"http://127\.0\.0\.1:\d+")
#: A path ending in site-packages (bounded: documents hold long base64 strings full of "/").
_SITE_PACKAGES = re.compile(r"/[\w.+/-]{0,300}?/site-packages/")


def normalise(text: str, scratch: Path, app: str) -> str:
    """Rewrite what changes between launches into fixed placeholders.

    - memory addresses in reprs (``<function f at 0x7f...>``) → `` at 0x0``;
    - the scratch copy of the demo folder → ``{demo_dir}``, Gradio's temp dir → ``{gradio_tmp}``,
      anything else under the scratch root → ``{scratch}`` (JSON-escaped forms included);
    - the loopback URL with its random port (``root``) → ``http://127.0.0.1:7860``.
    """
    for path, mark in (
        (scratch / "apps" / app, "{demo_dir}"),
        (scratch / "gradio-tmp", "{gradio_tmp}"),
        (scratch, "{scratch}"),
    ):
        text = text.replace(json.dumps(str(path))[1:-1], mark).replace(str(path), mark)
    text = _ADDRESS.sub(" at 0x0", text)
    return _LOOPBACK.sub("http://127.0.0.1:7860", text)


def _document(raw: Path, scratch: Path, app: str) -> dict[str, Any]:
    """The app's three documents, normalised; ``info_all`` kept only when it says more."""
    docs = {
        name: json.loads(normalise((raw / f"{name}.json").read_text("utf-8"), scratch, app))
        for name in ("config", "info", "info_all")
        if (raw / f"{name}.json").is_file()
    }
    for key in _DROPPED_CONFIG_KEYS:
        docs["config"].pop(key, None)
    if docs.get("info_all") == docs["info"]:
        del docs["info_all"]
    return {"config": docs["config"], "info": docs["info"], "info_all": docs.get("info_all")}


def write_gzip_json(path: Path, doc: object) -> None:
    """Compact JSON, gzip with no name and mtime 0 (byte-stable)."""
    data = json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    with path.open("wb") as raw, gzip.GzipFile("", "wb", 9, raw, mtime=0) as handle:
        handle.write(data)


def _server_env(scratch: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GRADIO_", "VIRTUAL_ENV"))}
    env.update(
        GRADIO_ANALYTICS_ENABLED="False",
        GRADIO_TEMP_DIR=str(scratch / "gradio-tmp"),
        HF_HUB_OFFLINE="1",
        HF_HUB_DISABLE_TELEMETRY="1",
        TRANSFORMERS_OFFLINE="1",
        MPLBACKEND="Agg",
        NO_PROXY="127.0.0.1,localhost",
        no_proxy="127.0.0.1,localhost",
    )
    return env


def _statuses(scratch: Path) -> tuple[dict[str, str | None], str | None]:
    """Finished apps with their reason, and the app started but never finished (if any)."""
    done: dict[str, str | None] = {}
    started: str | None = None
    path = scratch / "status.jsonl"
    lines = path.read_text("utf-8").splitlines() if path.is_file() else []
    for line in map(json.loads, lines):
        if line["event"] == "start":
            started = line["app"]
        else:
            done[line["app"]] = line["reason"]
            started = None
    return done, started


def run_workers(python: Path, apps: list[str], scratch: Path) -> dict[str, str | None]:
    """Run workers until every app has a result (a crashing/hanging app is charged and skipped)."""
    results: dict[str, str | None] = {}
    while len(results) < len(apps):
        todo = [a for a in apps if a not in results]
        try:
            done = subprocess.run(
                [str(python), str(WORKER), str(scratch), *todo],
                env=_server_env(scratch),
                capture_output=True,
                timeout=WORKER_SECONDS,
                check=False,
            )
            exit_note = f"worker: process died (exit {done.returncode})"
        except subprocess.TimeoutExpired:
            exit_note = f"timeout: worker exceeded {WORKER_SECONDS} s"
        finished, hung = _statuses(scratch)
        results.update(finished)
        if hung is not None and hung not in results:
            results[hung] = exit_note
        elif len(results) < len(apps) and not set(todo) & set(finished):
            raise SystemExit(f"worker made no progress: {exit_note}")
    return results


def _endpoints(doc: dict[str, Any]) -> int:
    """Endpoints /info lists, named and (3.x Blocks) unnamed."""
    groups = (doc["info"].get(key) for key in ("named_endpoints", "unnamed_endpoints"))
    return sum(len(group) for group in groups if isinstance(group, dict))


def save(results: dict[str, str | None], scratch: Path, out: Path) -> None:
    """Write ``<app>.json.gz`` for apps that ran and ``INDEX.tsv`` for all."""
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    rows = ["app\tran\tendpoints\treason"]
    for app in sorted(results):
        reason = results[app]
        if reason is None:
            doc = _document(scratch / "raw" / app, scratch, app)
            write_gzip_json(out / f"{app}.json.gz", doc)
            rows.append(f"{app}\tyes\t{_endpoints(doc)}\t")
        else:
            text = _SITE_PACKAGES.sub("{site-packages}/", normalise(reason, scratch, app))
            text = text.replace("\t", " ")
            rows.append(f"{app}\tno\t0\t{text}")
    (out / "INDEX.tsv").write_text("\n".join(rows) + "\n", encoding="utf-8")


def _python_for(version: str) -> Path:
    sys.path.insert(0, str(ROOT / "tests"))
    from e2e.envs import python_for  # noqa: PLC0415  # test tooling, only needed here

    return python_for(version)


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("version", help="gradio version, e.g. 3.50.2 (see tests/e2e/envs.py)")
    parser.add_argument("--apps", help="comma-separated demo names (default: all)")
    parser.add_argument("--out", type=Path, help="output folder (default: tests/data/...)")
    parser.add_argument("--python", type=Path, help="interpreter with that gradio installed")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    apps = sorted(p.parent.name for p in DEMOS.glob("*/run.py"))
    if args.apps:
        apps = [a for a in apps if a in set(args.apps.split(","))]
    if not apps:
        raise SystemExit(f"no demo found in {DEMOS}")
    python = args.python or _python_for(args.version)
    out = args.out or OUT / args.version
    with tempfile.TemporaryDirectory(prefix="spacegen-capture-") as tmp:
        scratch = Path(tmp)
        for app in apps:
            shutil.copytree(DEMOS / app, scratch / "apps" / app)
        results = run_workers(python, apps, scratch)
        save(results, scratch, out)
    ran = sum(r is None for r in results.values())
    print(f"gradio {args.version}: {ran} of {len(apps)} apps captured into {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
