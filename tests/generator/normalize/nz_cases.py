"""Load corpus folders (config.json + info.json [+ info_all.json]) as RawSnapshots."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from spacegen.generator.raw import RawSnapshot

SHARED = Path("/work/shared")
CORPORA = ("corpus", "corpus-v4", "corpus-v5")


def corpus_apps(corpus: str) -> list[Path]:
    """Every app folder of one corpus, sorted by name."""
    root = SHARED / corpus
    if not root.is_dir():
        return []
    return sorted(p for p in root.iterdir() if (p / "config.json").is_file())


def _load(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def load_snapshot(folder: Path) -> RawSnapshot:
    """The folder as a RawSnapshot named ``<corpus>/<app>``."""
    info_all = folder / "info_all.json"
    return RawSnapshot(
        source=f"{folder.parent.name}/{folder.name}",
        config=_load(folder / "config.json"),
        info=_load(folder / "info.json"),
        info_all=_load(info_all) if info_all.is_file() else None,
    )
