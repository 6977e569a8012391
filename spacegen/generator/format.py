"""Format generated text with black, in memory.

Line length 100 (the project's own style, see ``[tool.ruff]``); fast mode (no AST equivalence
check: :mod:`.validate` compiles the result anyway).
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from spacegen.runtime.errors import GeneratorError

if TYPE_CHECKING:
    import black

LINE_LENGTH = 100

#: Above this size black is skipped: it formats ~100-200 KB/s, and the renderer's own layout is
#: already close to black's (a 5,000-endpoint app would otherwise take minutes).
MAX_FORMAT_CHARS = 1_000_000


@functools.cache
def _mode() -> black.Mode:
    import black  # noqa: PLC0415 -- lazy: black costs ~0.3 s to import

    return black.Mode(line_length=LINE_LENGTH)


def format_source(text: str) -> str:
    """Black-format Python ``text``; a syntax error becomes a :class:`GeneratorError`."""
    if len(text) > MAX_FORMAT_CHARS:
        return text
    import black  # noqa: PLC0415 -- lazy: black costs ~0.3 s to import

    try:
        return black.format_str(text, mode=_mode())
    except black.parsing.InvalidInput as exc:
        raise GeneratorError(f"generated code does not parse: {exc}") from exc


def format_files(files: dict[str, str]) -> dict[str, str]:
    """Format every ``.py`` file of a render result."""
    return {name: format_source(t) if name.endswith(".py") else t for name, t in files.items()}
