"""Runtime type conformance: does a value a generated client returned match its annotation?

``check_value(value, annotation, namespace)`` walks the value and the annotation together and
fails the test (``pytest.fail``, so no ``except Exception`` in a test can swallow it) with the
path inside the value, the expected type and what it got. Containers, TypedDicts (required and
``NotRequired`` keys, resolved with ``typing.get_type_hints`` because ``__required_keys__`` is
wrong under ``from __future__ import annotations`` on 3.11), NamedTuple fields and unions are
walked here; every leaf (``str``, ``int``, ``float``, ``Literal``, ``RemoteFile``, ...) is
checked by typeguard.

``return_annotation(function, module)`` resolves a generated method's return annotation with
the generated module's globals (generated modules use ``from __future__ import annotations``).
"""

from __future__ import annotations

import sys
import types
import typing
from collections.abc import Callable, Mapping, Sequence
from typing import Any, ForwardRef, NotRequired, Required, Union

import pytest
import typeguard

import spacegen.runtime._files as _files_module
import spacegen.runtime._json as _json_module
from spacegen.runtime import _batch
from spacegen.runtime.errors import SpacegenError

_ALL_ITEMS = typeguard.CollectionCheckStrategy.ALL_ITEMS
_UNIONS = (Union, types.UnionType)
_SEQUENCES = (list, Sequence)
_MAPPINGS = (dict, Mapping)


class ConformanceError(Exception):
    """Where (path inside the value) and how a value does not match its annotation."""

    def __init__(self, path: str, expected: str, got: str) -> None:
        super().__init__(f"{path}: expected {expected}, got {got}")
        self.path, self.expected, self.got = path, expected, got


def check_value(value: Any, annotation: Any, namespace: Mapping[str, Any], where: str) -> None:
    """Fail the running test unless ``value`` (what ``where`` returned) fits ``annotation``."""
    try:
        walk(value, annotation, "result", namespace)
    except ConformanceError as error:
        problem = error
    else:
        return
    pytest.fail(f"type conformance of {where}: {problem}", pytrace=False)


def return_annotation(function: Callable[..., Any], module: types.ModuleType) -> Any:
    """The resolved return annotation of a generated method (``Job[X]``, ``Iterator[X]``, ...)."""
    only_return = types.SimpleNamespace(
        __annotations__={"return": function.__annotations__["return"]}
    )
    return typing.get_type_hints(only_return, globalns=_scope(vars(module)))["return"]


def walk(value: Any, annotation: Any, path: str, namespace: Mapping[str, Any]) -> None:
    """Raise :class:`ConformanceError` at the first place ``value`` departs from ``annotation``."""
    annotation = _resolve(annotation, namespace)
    origin = typing.get_origin(annotation)
    if annotation is Any or annotation is object:
        return
    if origin in _UNIONS:
        _walk_union(value, annotation, path, namespace)
    elif origin in _SEQUENCES:
        _walk_items(value, annotation, path, namespace, origin)
    elif origin is tuple:
        _walk_tuple(value, annotation, path, namespace)
    elif origin in _MAPPINGS:
        _walk_mapping(value, annotation, path, namespace, origin)
    elif typing.is_typeddict(annotation):
        _walk_typeddict(value, annotation, path)
    elif _is_namedtuple(annotation):
        _walk_namedtuple(value, annotation, path)
    elif origin is _batch.Result:
        _walk_result(value, annotation, path, namespace)
    else:
        _leaf(value, annotation, path)


def describe(annotation: Any) -> str:
    """A short spelling of an annotation for messages (``list[Message] | None``)."""
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin in _UNIONS:
        return " | ".join(describe(a) for a in args)
    if origin is typing.Literal:
        return f"Literal[{', '.join(map(repr, args))}]"
    if origin is not None and args:
        return f"{describe(origin)}[{', '.join(describe(a) for a in args)}]"
    return _name(annotation)


def _name(annotation: Any) -> str:
    if annotation is None or annotation is type(None):
        return "None"
    if isinstance(annotation, ForwardRef):
        return annotation.__forward_arg__
    if isinstance(annotation, type):
        return annotation.__qualname__
    return str(annotation).replace("typing.", "")


def got(value: Any) -> str:
    """``int 3``, ``dict {'a': 1}`` (shortened)."""
    text = repr(value)
    return f"{type(value).__qualname__} {text[:80] + '…' if len(text) > 80 else text}"


def _resolve(annotation: Any, namespace: Mapping[str, Any]) -> Any:
    """Forward references (``"Json"`` inside the Json alias, names of the generated module)."""
    if isinstance(annotation, str):
        annotation = ForwardRef(annotation)
    if isinstance(annotation, ForwardRef):
        return eval(annotation.__forward_arg__, _scope(namespace))  # our own annotations
    if annotation is None:
        return type(None)
    return annotation


def _walk_union(value: Any, annotation: Any, path: str, namespace: Mapping[str, Any]) -> None:
    misses = []
    for member in typing.get_args(annotation):
        try:
            walk(value, member, path, namespace)
        except ConformanceError as miss:
            misses.append(miss)
        else:
            return
    deepest = max(misses, key=lambda m: len(m.path))
    if deepest.path != path:  # the value matched a member's shape but not deep inside
        raise ConformanceError(
            deepest.path, deepest.expected, f"{deepest.got} (in {describe(annotation)})"
        )
    raise ConformanceError(path, describe(annotation), got(value))


def _walk_items(
    value: Any, annotation: Any, path: str, namespace: Mapping[str, Any], origin: Any
) -> None:
    concrete = list if origin is list else Sequence
    if not isinstance(value, concrete) or isinstance(value, str | bytes):
        raise ConformanceError(path, describe(annotation), got(value))
    (item,) = typing.get_args(annotation) or (Any,)
    for index, element in enumerate(value):
        walk(element, item, f"{path}[{index}]", namespace)


def _walk_tuple(value: Any, annotation: Any, path: str, namespace: Mapping[str, Any]) -> None:
    args = typing.get_args(annotation)
    if not isinstance(value, tuple):
        raise ConformanceError(path, describe(annotation), got(value))
    if len(args) == 2 and args[1] is Ellipsis:
        args = (args[0],) * len(value)
    if len(args) != len(value):
        raise ConformanceError(path, describe(annotation), f"a tuple of {len(value)}: {got(value)}")
    for index, (element, item) in enumerate(zip(value, args, strict=True)):
        walk(element, item, f"{path}[{index}]", namespace)


def _walk_mapping(
    value: Any, annotation: Any, path: str, namespace: Mapping[str, Any], origin: Any
) -> None:
    concrete = dict if origin is dict else Mapping
    if not isinstance(value, concrete):
        raise ConformanceError(path, describe(annotation), got(value))
    key_type, item = typing.get_args(annotation) or (Any, Any)
    for key, element in value.items():
        walk(key, key_type, f"{path} key {key!r}", namespace)
        walk(element, item, f"{path}[{key!r}]", namespace)


def _walk_typeddict(value: Any, annotation: type, path: str) -> None:
    if not isinstance(value, dict):
        raise ConformanceError(path, annotation.__qualname__, got(value))
    hints = _hints(annotation, extras=True)
    required = {k for k, h in hints.items() if _is_required(h, annotation)}
    missing = sorted(required - value.keys())
    if missing:
        raise ConformanceError(
            f"{path}[{missing[0]!r}]", f"a key of {annotation.__qualname__}", "none"
        )
    extra = sorted(value.keys() - hints.keys(), key=repr)
    if extra:
        raise ConformanceError(
            f"{path}[{extra[0]!r}]", f"no such key in {annotation.__qualname__}", "one"
        )
    namespace = _module_namespace(annotation)
    for key, element in value.items():
        walk(element, _strip_qualifier(hints[key]), f"{path}[{key!r}]", namespace)


def _walk_namedtuple(value: Any, annotation: type, path: str) -> None:
    if not isinstance(value, annotation):
        raise ConformanceError(path, annotation.__qualname__, got(value))
    namespace = _module_namespace(annotation)
    for name, hint in _hints(annotation, extras=False).items():
        walk(getattr(value, name), hint, f"{path}.{name}", namespace)


def _walk_result(value: Any, annotation: Any, path: str, namespace: Mapping[str, Any]) -> None:
    """A batch item: a Result whose value (when it succeeded) matches its ``T``."""
    if not isinstance(value, _batch.Result):
        raise ConformanceError(path, describe(annotation), got(value))
    if value.ok:
        walk(value.value, typing.get_args(annotation)[0], f"{path}.value", namespace)
    elif not isinstance(value.error, SpacegenError):
        raise ConformanceError(f"{path}.error", "SpacegenError", got(value.error))


def _leaf(value: Any, annotation: Any, path: str) -> None:
    try:
        typeguard.check_type(value, annotation, collection_check_strategy=_ALL_ITEMS)
    except typeguard.TypeCheckError:
        raise ConformanceError(path, describe(annotation), got(value)) from None


def _hints(cls: type, *, extras: bool) -> dict[str, Any]:
    return typing.get_type_hints(
        cls, globalns=_scope(_module_namespace(cls)), include_extras=extras
    )


def _scope(namespace: Mapping[str, Any]) -> dict[str, Any]:
    """Names annotations may use: the runtime's aliases (``Json``, ...) and the module's own."""
    return {**vars(_files_module), **vars(_json_module), **namespace}


def _module_namespace(cls: type) -> Mapping[str, Any]:
    module = sys.modules.get(cls.__module__)
    return vars(module) if module is not None else {}


def _is_required(hint: Any, typed_dict: Any) -> bool:
    origin = typing.get_origin(hint)
    if origin is NotRequired:
        return False
    return origin is Required or bool(typed_dict.__total__)


def _strip_qualifier(hint: Any) -> Any:
    if typing.get_origin(hint) in (NotRequired, Required):
        return typing.get_args(hint)[0]
    return hint


def _is_namedtuple(annotation: Any) -> bool:
    return (
        isinstance(annotation, type)
        and issubclass(annotation, tuple)
        and hasattr(annotation, "_fields")
    )


__all__ = ["ConformanceError", "check_value", "describe", "got", "return_annotation", "walk"]
