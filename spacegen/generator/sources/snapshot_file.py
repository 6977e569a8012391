"""Source kind 2: a snapshot file written by ``RawSnapshot.to_json()``; and writing one."""

from __future__ import annotations

import os
from pathlib import Path

from spacegen.generator.raw.snapshot import RawSnapshot
from spacegen.generator.sources.checks import config_problem, info_problem, read_text, require
from spacegen.generator.write import write_text_atomic


def load_snapshot_file(path: Path, name: str) -> RawSnapshot:
    """Load and sanity-check a snapshot file; ``name`` is how errors refer to it."""
    snapshot = RawSnapshot.from_json(read_text(path, name), name=name)
    require(config_problem(snapshot.config), f"{name}: config")
    require(info_problem(snapshot.info), f"{name}: info")
    if snapshot.info_all is not None:
        require(info_problem(snapshot.info_all), f"{name}: info_all")
    return snapshot


def save(snapshot: RawSnapshot, path: str | os.PathLike[str]) -> None:
    """Write ``snapshot.to_json()`` to ``path`` atomically (see :mod:`spacegen.generator.write`).

    A reader never sees a half-written file; on failure the previous file is left intact.
    """
    write_text_atomic(path, snapshot.to_json())
