"""Shape checks for untrusted JSON: coerce, bound and report instead of raising."""

from __future__ import annotations

import json
from typing import Any, cast

from spacegen.generator.ir.model import Diagnostic, Json, Level
from spacegen.runtime.errors import DescriptionError

#: Longest single string carried into labels, names and descriptions.
MAX_TEXT = 2_000
#: Largest default or example (as compact JSON) carried into the IR.
MAX_JSON_BYTES = 10_000
#: Most digits of an integer carried into generated code: 640 is the lowest limit Python's
#: int/str conversion can be set to (``sys.set_int_max_str_digits``), so such literals compile
#: under every setting. Longer integers in defaults, examples and choices are dropped.
MAX_INT_DIGITS = 640
#: Most digits of an integer literal in a JSON document: Python's default int/str limit. No
#: Python server on default settings can write a longer one, so a longer one is refused.
MAX_JSON_INT_DIGITS = 4_300
#: Ids and sizes (component ids, ``fn_index``, ``max_file_size``) are machine integers.
_MAX_ID: int = 2**63
_INT_BOUND: int = 10**MAX_INT_DIGITS


class Problems:
    """Collects diagnostics in the order they are found."""

    def __init__(self) -> None:
        self.items: list[Diagnostic] = []

    def add(self, level: Level, where: str, message: str) -> None:
        """Record one diagnostic."""
        self.items.append(Diagnostic(level, where, message))


def load_json(data: bytes | str, name: str) -> Any:
    """Decode an untrusted JSON document; every way it can fail is one DescriptionError.

    Bad syntax, bad UTF-8, absurd nesting and integer literals over :data:`MAX_JSON_INT_DIGITS`
    digits (which Python refuses to convert) are refused, ``name`` prefixing the message.
    """
    try:
        return json.loads(data, parse_int=lambda digits: _json_int(digits, name))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise DescriptionError(f"{name}: not valid JSON ({exc})") from None
    except RecursionError:
        raise DescriptionError(f"{name}: JSON nested too deeply") from None
    except ValueError as exc:  # int/str limit set below our own by the user
        raise DescriptionError(f"{name}: a number cannot be read ({exc})") from None


def _json_int(digits: str, name: str) -> int:
    """One JSON integer literal, refused (not converted: that is quadratic) when too long."""
    if len(digits.lstrip("-")) > MAX_JSON_INT_DIGITS:
        raise DescriptionError(
            f"{name}: holds an integer of {len(digits.lstrip('-'))} digits; spacegen reads "
            f"integers of at most {MAX_JSON_INT_DIGITS} digits"
        )
    return int(digits)


def writable_int(value: int) -> bool:
    """True when ``value`` has at most :data:`MAX_INT_DIGITS` digits (it can go in code)."""
    return -_INT_BOUND < value < _INT_BOUND


def key_text(key: object) -> str:
    """A mapping key as text: strings as they are, other scalars by their text when writable."""
    if isinstance(key, str):
        return key
    if isinstance(key, int) and not writable_int(key):
        return "<integer too long>"
    return str(key) if isinstance(key, (int, float, bool)) or key is None else type(key).__name__


def clip(value: str) -> str:
    """``value`` cut to :data:`MAX_TEXT` characters (with a marker when cut)."""
    return value if len(value) <= MAX_TEXT else value[: MAX_TEXT - 1] + "…"


def text(value: Any, where: str, what: str, problems: Problems, default: str = "") -> str:
    """A string field: strings are clipped, scalars stringified, anything else ``default``."""
    if isinstance(value, str):
        return clip(value)
    if value is None:
        return default
    if isinstance(value, int) and not writable_int(value):
        problems.add("warning", where, f"{what} is an integer too long to write; ignored")
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
    """A JSON integer (not a boolean) that fits 64 bits (ids, sizes), else ``None``."""
    if isinstance(value, int) and not isinstance(value, bool) and -_MAX_ID <= value < _MAX_ID:
        return value
    return None


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
    if size is not None and size > MAX_JSON_BYTES:
        problems.add("info", where, f"{what} is {size} bytes of JSON; dropped")
        return False, None
    if size is None or _has_long_int(value):
        reason = f"not JSON or holds an integer of over {MAX_INT_DIGITS} digits"
        problems.add("warning", where, f"{what} is {reason}; dropped")
        return False, None
    return True, cast(Json, value)


def _has_long_int(value: Any) -> bool:
    """True when an integer (or integer key) in ``value`` is not :func:`writable_int`."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, int) and not writable_int(item):
            return True
    return False
