"""Drift check: compare freshly generated text with what is on disk."""

from __future__ import annotations

import difflib
import os
from pathlib import Path


def diff_against_file(text: str, path: str | os.PathLike[str]) -> str | None:
    """A unified diff from the file at ``path`` to ``text``, or ``None`` when they are identical.

    A missing file counts as empty (everything is drift).
    """
    target = Path(path)
    try:
        current = target.read_text(encoding="utf-8")
    except FileNotFoundError:
        current = ""
    if current == text:
        return None
    lines = difflib.unified_diff(
        current.splitlines(keepends=True),
        text.splitlines(keepends=True),
        fromfile=f"{target} (on disk)",
        tofile=f"{target} (generated)",
    )
    return "".join(_ensure_newline(line) for line in lines)


def _ensure_newline(line: str) -> str:
    return line if line.endswith("\n") else line + "\n\\ No newline at end of file\n"
