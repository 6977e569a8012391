"""Cheap checks of a call's arguments before anything is sent (``Endpoint.checks``).

A wrong kind (an int where the app wants text, a number where it wants a file) would reach the
app and come back as an opaque app error, or succeed with nonsense: it is a :class:`UsageError`
naming the method and the parameter instead. Only kinds are checked; mypy checks the rest.
"""

from __future__ import annotations

import numbers
import os
from collections.abc import Callable, Mapping
from typing import Any

from spacegen.runtime._endpoint import NOT_GIVEN, Endpoint
from spacegen.runtime.errors import UsageError


def _is_file(value: Any) -> bool:
    from spacegen.runtime._files import RemoteFile  # noqa: PLC0415  # lazy: on first check

    plain = (str, os.PathLike, bytes, bytearray, Mapping, RemoteFile)
    return isinstance(value, plain) or callable(getattr(value, "read", None))


def _is_list(value: Any) -> bool:
    return not isinstance(value, (str, bytes, Mapping)) and hasattr(value, "__iter__")


_KINDS: dict[str, tuple[str, Callable[[Any], bool]]] = {
    "str": ("a str", lambda v: isinstance(v, str)),
    "int": ("an int", lambda v: isinstance(v, numbers.Integral) and not isinstance(v, bool)),
    "number": ("a number", lambda v: isinstance(v, numbers.Real) and not isinstance(v, bool)),
    "bool": ("a bool", lambda v: isinstance(v, bool)),
    "file": ("a file (path, bytes, binary file, URL or RemoteFile)", _is_file),
    "list": ("a list", _is_list),
    "dict": ("a dict", lambda v: isinstance(v, Mapping)),
}


def check_args(endpoint: Endpoint[Any], args: tuple[object, ...]) -> None:
    """Raise :class:`UsageError` for the first argument of the wrong kind."""
    for index, name, kind in endpoint.checks:
        if index >= len(args) or args[index] is NOT_GIVEN:
            continue
        value = args[index]
        optional = kind.endswith("?")
        if optional and value is None:
            continue
        wanted, accepts = _KINDS.get(kind.rstrip("?"), ("", lambda v: True))
        if not accepts(value):
            also = " or None" if optional else ""
            raise UsageError(
                f"{endpoint.method}(): {name} must be {wanted}{also}, "
                f"got {type(value).__name__} {_short(value)}"
            )


def kept_browser_state(
    endpoint: Endpoint[Any], args: tuple[object, ...], memory: Mapping[Any, Any]
) -> tuple[object, ...]:
    """``args`` with each left-out BrowserState input set to the value the session keeps."""
    filled = list(args)
    for index, component_id in endpoint.browser_state:
        if index < len(filled) and filled[index] is NOT_GIVEN and component_id in memory:
            filled[index] = memory[component_id]
    return tuple(filled)


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
