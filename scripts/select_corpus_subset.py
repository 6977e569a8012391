"""(Re)select the in-repo corpus subset under ``tests/data/corpus/`` from the full ``../shared``.

The subset is what the corpus tests run on a fresh clone without ``../shared`` (the full corpora
still run when they are there). Chosen greedily, smallest apps first, so that every feature of
the full corpora is covered at least once:

- every component type in any app's config, and every component seen as an endpoint's input
  or output (per Gradio version: corpus = 6.31, corpus-v4 = 4.44, corpus-v5 = 5.50);
- endpoint shapes: number of inputs / outputs (0, 1, 2, 3+), generator, ``gr.State`` in and out,
  files, API visibility, several endpoints per app, no public endpoint;
- the JSON-schema keywords and ``type`` values found in ``/info``;
- the feature flags of ``corpus/INDEX.tsv``;

plus the apps the tests name (``PINNED``). Writes one folder per app (``config.json``,
``info.json``, ``info_all.json`` when present) and ``INDEX.tsv`` (app, bytes, features it was
picked for). Run: ``uv run python scripts/select_corpus_subset.py [--shared PATH]``; then set
``corpus_data.SUBSET_SIZE`` to the count it prints.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
TARGET = ROOT / "tests" / "data" / "corpus"
CORPORA = ("corpus", "corpus-v4", "corpus-v5")
FILES = ("config.json", "info.json", "info_all.json")
SCHEMA_KEYWORDS = frozenset(
    ("anyOf", "oneOf", "allOf", "enum", "const", "$ref", "$defs", "items", "prefixItems",
     "additionalProperties", "properties", "format", "required")
)  # fmt: skip
#: Features covered separately for corpus-v4 / corpus-v5 (the rest is covered on 6.31).
OLD_VERSION_FEATURES = ("in:", "out:", "generator", "state-", "schema:")

#: Apps the tests name (corpus/app); the golden scripts read ../shared itself.
PINNED = (
    "corpus/hello_world", "corpus/kitchen_sink_random", "corpus/blocks_essay_simple",
    "corpus/kitchen_sink", "corpus/chatbot_streaming", "corpus/blocks_flashcards",
    "corpus/state_change", "corpus/sepia_filter",
)  # fmt: skip


def load(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def apps(shared: Path) -> list[Path]:
    return sorted(p.parent for c in CORPORA for p in (shared / c).glob("*/config.json"))


def size(folder: Path) -> int:
    return sum((folder / f).stat().st_size for f in FILES if (folder / f).is_file())


def features(folder: Path, index: dict[str, str]) -> set[str]:
    """Everything the subset must cover that this app shows, tagged with its corpus."""
    config, info = load(folder / "config.json"), load(folder / "info.json")
    found = {f"config-component:{c.get('type')}" for c in config.get("components", [])}
    found |= set(endpoint_features(config, info))
    found |= {f"schema:{k}" for k in schema_keys(info)}
    found |= {f"index:{flag.split('=')[0]}" for flag in index.get(folder.name, "").split(",")}
    found.discard("index:")
    if folder.parent.name != "corpus":  # older versions: what their endpoints carry
        found = {f for f in found if f.startswith(OLD_VERSION_FEATURES)}
    return {f"{folder.parent.name}|{f}" for f in found}


def endpoint_features(config: dict[str, Any], info: dict[str, Any]) -> Iterator[str]:
    named = info.get("named_endpoints") or {}
    yield f"endpoints:{min(len(named), 3)}"
    kinds = {c["id"]: c.get("type") for c in config.get("components", []) if "id" in c}
    for dep in config.get("dependencies", []):
        yield from dependency_features(dep, kinds)
    for endpoint in named.values():
        yield f"inputs:{min(len(endpoint.get('parameters', [])), 3)}"
        yield f"outputs:{min(len(endpoint.get('returns', [])), 3)}"
        yield from (f"in:{p.get('component')}" for p in endpoint.get("parameters", []))
        yield from (f"out:{r.get('component')}" for r in endpoint.get("returns", []))
        yield from (f"default:{p.get('parameter_has_default')}" for p in endpoint["parameters"])


def dependency_features(dep: dict[str, Any], kinds: dict[int, Any]) -> Iterator[str]:
    types = dep.get("types") or {}
    if types.get("generator"):
        yield "generator"
    if any(kinds.get(i) == "state" for i in dep.get("inputs", [])):
        yield "state-in"
    if any(kinds.get(i) == "state" for i in dep.get("outputs", [])):
        yield "state-out"
    yield f"visibility:{dep.get('api_visibility', dep.get('show_api'))}"
    yield f"queue:{dep.get('queue')}"
    yield f"batch:{dep.get('batch')}"


def schema_keys(value: Any) -> Iterator[str]:
    """JSON-schema keywords and ``type`` values in an /info document."""
    if isinstance(value, dict):
        if "type" in value and isinstance(value["type"], str | list):
            yield f"type={value['type']}"
        for key, item in value.items():
            if key == "python_type":  # Python spellings, not schema
                continue
            if key in SCHEMA_KEYWORDS:
                yield key
            yield from schema_keys(item)
    elif isinstance(value, list):
        for item in value:
            yield from schema_keys(item)


def select(shared: Path) -> dict[Path, set[str]]:
    """Pinned apps, then greedily the app adding most uncovered features per byte."""
    index = read_index(shared / "corpus" / "INDEX.tsv")
    table = {folder: features(folder, index) for folder in apps(shared)}
    chosen = {shared / p: table[shared / p] for p in PINNED}
    covered = set().union(*chosen.values())
    wanted = set().union(*table.values())
    while covered != wanted:
        best = max(
            (f for f in table if f not in chosen),
            key=lambda f: (len(table[f] - covered) / (size(f) + 20_000), f.name),
        )
        chosen[best] = table[best] - covered
        covered |= table[best]
    return chosen


def read_index(path: Path) -> dict[str, str]:
    rows = [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines()[1:]]
    return {row[0]: row[3] for row in rows if len(row) > 3}


def write(chosen: dict[Path, set[str]]) -> None:
    if TARGET.exists():
        shutil.rmtree(TARGET)
    lines = ["app\tbytes\tpicked_for\n"]
    for folder in sorted(chosen):
        dest = TARGET / folder.parent.name / folder.name
        dest.mkdir(parents=True)
        for name in FILES:
            if (folder / name).is_file():
                shutil.copyfile(folder / name, dest / name)
        why = ",".join(sorted(f.split("|", 1)[1] for f in chosen[folder]))
        lines.append(f"{folder.parent.name}/{folder.name}\t{size(folder)}\t{why}\n")
    (TARGET / "INDEX.tsv").write_text("".join(lines), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = Path(os.environ.get("SPACEGEN_SHARED") or ROOT.parent / "shared")
    parser.add_argument("--shared", type=Path, default=default)
    shared = parser.parse_args(argv).shared
    if not all((shared / c).is_dir() for c in CORPORA):
        print(f"select_corpus_subset: no corpora under {shared}", file=sys.stderr)
        return 2
    chosen = select(shared)
    write(chosen)
    total = sum(size(f) for f in chosen)
    print(f"{len(chosen)} apps, {total / 1e6:.2f} MB -> {TARGET.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
