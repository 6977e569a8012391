"""Just enough structure checking to reject garbage early, plus size bounds for hostile input.

Deep validation is the normaliser's job; here a description only has to *look like* Gradio's
``/config`` and ``/info`` so that a wrong file or a wrong URL gets a clear message.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from spacegen.generator.raw._coerce import load_json
from spacegen.runtime.errors import DescriptionError

#: Largest description (one file or one HTTP body) spacegen will read: 50 MB.
MAX_DESCRIPTION_BYTES = 50 * 1024 * 1024


def config_problem(config: object) -> str | None:
    """Why ``config`` is not a Gradio ``/config`` payload, or ``None`` when it looks like one."""
    if not isinstance(config, dict):
        return f"expected a JSON object, got {_kind(config)}"
    for key in ("dependencies", "components"):
        if not isinstance(config.get(key), list):
            return f"no {key!r} list (found {_kind(config.get(key))})"
    return None


def info_problem(info: object) -> str | None:
    """Why ``info`` is not a Gradio ``/info`` payload, or ``None`` when it looks like one."""
    if not isinstance(info, dict):
        return f"expected a JSON object, got {_kind(info)}"
    if not isinstance(info.get("named_endpoints"), dict):
        return f"no 'named_endpoints' object (found {_kind(info.get('named_endpoints'))})"
    return None


def too_large(size: int) -> str:
    """The message for a description over :data:`MAX_DESCRIPTION_BYTES`."""
    limit = MAX_DESCRIPTION_BYTES // (1024 * 1024)
    return f"{size} bytes is larger than the {limit} MB spacegen accepts for an API description"


def parse_json(data: bytes | str, name: str) -> Any:
    """Decode JSON; bad syntax, bad UTF-8, absurd nesting or numbers become DescriptionError."""
    return load_json(data, name)


def read_text(path: Path, name: str) -> str:
    """Read a UTF-8 file of bounded size; ``name`` is how errors refer to it."""
    try:
        size = os.stat(path).st_size
        if size > MAX_DESCRIPTION_BYTES:
            raise DescriptionError(f"{name}: {too_large(size)}")
        data = path.read_bytes()
    except OSError as exc:
        raise DescriptionError(f"{name}: cannot read ({exc.strerror})") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        where = f"{exc.reason} at byte {exc.start}"
        raise DescriptionError(f"{name}: not UTF-8 text ({where})") from None


def require(problem: str | None, name: str) -> None:
    """Raise DescriptionError naming ``name`` when a check found a problem."""
    if problem is not None:
        raise DescriptionError(f"{name}: {problem}")


def _kind(value: object) -> str:
    if value is None:
        return "nothing"
    names: dict[type, str] = {dict: "an object", list: "a list", str: "a string"}
    return names.get(type(value), type(value).__name__)
