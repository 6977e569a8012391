"""Drift check: compare freshly generated text with what is on disk.

A module that differs only in formatting (a project's own ``ruff format`` or black with other
settings ran over it) is not drift: same syntax tree, same comments.
"""

from __future__ import annotations

import ast
import difflib
import io
import json
import os
import tokenize
from dataclasses import dataclass
from pathlib import Path

from spacegen.generator.render.options import OPTIONS_MARK


def diff_against_file(text: str, path: str | os.PathLike[str]) -> str | None:
    """A unified diff from the file at ``path`` to ``text``, or ``None`` when they are the same
    code (identical, or formatted differently: see :func:`same_code`).

    A missing file counts as empty (everything is drift).
    """
    target = Path(path)
    try:
        current = target.read_text(encoding="utf-8")
    except FileNotFoundError:
        current = ""
    if current == text or same_code(current, text):
        return None
    lines = difflib.unified_diff(
        current.splitlines(keepends=True),
        text.splitlines(keepends=True),
        fromfile=f"{target} (on disk)",
        tofile=f"{target} (generated)",
    )
    return "".join(_ensure_newline(line) for line in lines)


def same_code(a: str, b: str) -> bool:
    """Do ``a`` and ``b`` differ only in formatting? Same AST (string values, docstrings
    included, compared exactly) and the same comments in the same order."""
    try:
        return ast.dump(ast.parse(a)) == ast.dump(ast.parse(b)) and _comments(a) == _comments(b)
    except (SyntaxError, ValueError, tokenize.TokenError, RecursionError, MemoryError):
        return False


def _comments(text: str) -> list[str]:
    tokens = tokenize.generate_tokens(io.StringIO(text).readline)
    return [t.string.rstrip() for t in tokens if t.type == tokenize.COMMENT]


def _ensure_newline(line: str) -> str:
    return line if line.endswith("\n") else line + "\n\\ No newline at end of file\n"


@dataclass(frozen=True)
class Recorded:
    """What a generated module's header recorded: the flags it was generated with and the
    source it was read from (``None`` fields: not recorded, e.g. an older module)."""

    class_name: str | None = None
    include_undocumented: bool | None = None
    source: str | None = None


def recorded_options(path: str | os.PathLike[str]) -> Recorded:
    """Parse the ``# spacegen-options:`` header line of the module at ``path`` (if any)."""
    try:
        with Path(path).open(encoding="utf-8") as f:
            head = [f.readline() for _ in range(3)]
    except (FileNotFoundError, UnicodeDecodeError):
        return Recorded()
    for line in head:
        if line.startswith(OPTIONS_MARK):
            return _parse(line[len(OPTIONS_MARK) :])
    return Recorded()


def _parse(text: str) -> Recorded:
    try:
        doc = json.loads(text)
    except ValueError:
        return Recorded()
    if not isinstance(doc, dict):
        return Recorded()
    name, undocumented, source = (doc.get(k) for k in _KEYS)
    return Recorded(
        class_name=name if isinstance(name, str) else None,
        include_undocumented=undocumented if isinstance(undocumented, bool) else None,
        source=source if isinstance(source, str) else None,
    )


_KEYS = ("class_name", "include_undocumented", "source")
