"""Shape checks for untrusted JSON: coerce, bound and report instead of raising."""

from __future__ import annotations

import json
from typing import Any, cast

from spacegen.generator.ir.model import Diagnostic, Json, Level

#: Longest single string carried into labels, names and descriptions.
MAX_TEXT = 2_000
#: Largest default or example (as compact JSON) carried into the IR.
MAX_JSON_BYTES = 10_000


class Problems:
    """Collects diagnostics in the order they are found."""

    def __init__(self) -> None:
        self.items: list[Diagnostic] = []

    def add(self, level: Level, where: str, message: str) -> None:
        """Record one diagnostic."""
        self.items.append(Diagnostic(level, where, message))


def clip(value: str) -> str:
    """``value`` cut to :data:`MAX_TEXT` characters (with a marker when cut)."""
    return value if len(value) <= MAX_TEXT else value[: MAX_TEXT - 1] + "…"


def text(value: Any, where: str, what: str, problems: Problems, default: str = "") -> str:
    """A string field: strings are clipped, scalars stringified, anything else ``default``."""
    if isinstance(value, str):
        return clip(value)
    if value is None:
        return default
    if isinstance(value, (bool, int, float)):
        problems.add("info", where, f"{what} is not a string; used its text")
        return clip(str(value))
    problems.add("warning", where, f"{what} is not a string; ignored")
    return default


def optional_text(value: Any) -> str | None:
    """A string clipped, or ``None`` for anything else."""
    return clip(value) if isinstance(value, str) else None


def flag(value: Any, default: bool) -> bool:
    """A JSON boolean, or ``default`` when absent or not a boolean."""
    return value if isinstance(value, bool) else default


def integer(value: Any) -> int | None:
    """A JSON integer (not a boolean), else ``None``."""
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def int_list(value: Any) -> tuple[int, ...] | None:
    """A list of integers, else ``None``."""
    if not isinstance(value, list):
        return None
    items = [integer(v) for v in value]
    return None if any(i is None for i in items) else tuple(cast(list[int], items))


def json_size(value: Any) -> int | None:
    """Size of ``value`` as compact JSON, or ``None`` when it is not JSON at all."""
    try:
        return len(json.dumps(value, separators=(",", ":"), ensure_ascii=False))
    except (TypeError, ValueError, RecursionError):
        return None


def bounded_json(value: Any, where: str, what: str, problems: Problems) -> tuple[bool, Json]:
    """``(kept, value)``: ``value`` when it is JSON of a sane size, else dropped with a note."""
    size = json_size(value)
    if size is None:
        problems.add("warning", where, f"{what} is not JSON; dropped")
        return False, None
    if size > MAX_JSON_BYTES:
        problems.add("info", where, f"{what} is {size} bytes of JSON; dropped")
        return False, None
    return True, cast(Json, value)
