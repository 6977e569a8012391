"""Write generated files atomically: a temp file in the target's folder, then ``os.replace``.

Only regular files are written. A symlink is followed on purpose (the file it points to is
replaced, the link stays); a directory, device, socket or pipe at the path is refused with a
:class:`~spacegen.runtime.errors.GeneratorError` before anything is written.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from spacegen.runtime.errors import GeneratorError


def write_text_atomic(path: str | os.PathLike[str], text: str) -> Path:
    """Write ``text`` (UTF-8, ``\\n`` line endings) to ``path``; parents are created."""
    target = writable_target(Path(path))
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        os.chmod(tmp, _mode_for(target))
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Path(path)


def writable_target(path: Path) -> Path:
    """The regular file to replace for ``path`` (a symlink's target); refuses anything else."""
    target = Path(os.path.realpath(path)) if path.is_symlink() else path
    try:
        mode = target.stat().st_mode
    except FileNotFoundError:
        return target
    if stat.S_ISDIR(mode):
        raise GeneratorError(f"{path} is a directory: name the file to write (e.g. {path}/app.py)")
    if not stat.S_ISREG(mode):
        raise GeneratorError(f"{path} is not a regular file (a device, pipe or socket)")
    return target


def _mode_for(target: Path) -> int:
    try:
        return target.stat().st_mode & 0o777
    except OSError:
        return 0o644
