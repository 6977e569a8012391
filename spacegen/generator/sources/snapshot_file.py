"""Source kind 2: a snapshot file written by ``RawSnapshot.to_json()``; and writing one."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from spacegen.generator.raw.snapshot import RawSnapshot
from spacegen.generator.sources.checks import config_problem, info_problem, read_text, require


def load_snapshot_file(path: Path, name: str) -> RawSnapshot:
    """Load and sanity-check a snapshot file; ``name`` is how errors refer to it."""
    snapshot = RawSnapshot.from_json(read_text(path, name), name=name)
    require(config_problem(snapshot.config), f"{name}: config")
    require(info_problem(snapshot.info), f"{name}: info")
    if snapshot.info_all is not None:
        require(info_problem(snapshot.info_all), f"{name}: info_all")
    return snapshot


def save(snapshot: RawSnapshot, path: str | os.PathLike[str]) -> None:
    """Write ``snapshot.to_json()`` to ``path`` atomically (temp file + ``os.replace``).

    A reader never sees a half-written file; on failure the previous file is left intact.
    """
    target = Path(path)
    data = snapshot.to_json().encode("utf-8")
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        os.chmod(tmp, _mode_for(target))
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _mode_for(target: Path) -> int:
    """Keep an existing file's permissions; a new file gets rw-r--r-- (mkstemp would give 0600)."""
    try:
        return target.stat().st_mode & 0o777
    except OSError:
        return 0o644
