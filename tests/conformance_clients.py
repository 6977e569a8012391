"""Instrument a generated module so every value its clients return is type-checked.

``instrument(module)`` replaces each public method of the module's ``SpaceClient`` /
``AsyncSpaceClient`` subclasses (in place: the module is the test's own import) with a wrapper
that checks what the method returns against its resolved annotation (:mod:`conformance`):

- plain and ``async`` calls: the value;
- ``submit_*`` -> ``Job[T]`` / ``AsyncJob[T]``: the job is given a checking subclass, so
  ``result()``, iteration (``for`` / ``async for``) and ``outputs()`` are checked against ``T``;
- ``stream_*`` -> ``Iterator[T]`` / ``AsyncIterator[T]``: each item.

A mismatch fails the test with the app module, method, path inside the value, expected type
and the value.
"""

from __future__ import annotations

import collections.abc
import functools
import inspect
import typing
from collections.abc import AsyncIterator, Callable, Iterator, Mapping
from types import ModuleType
from typing import Any

from conformance import check_value, return_annotation

from spacegen.runtime import AsyncJob, AsyncSpaceClient, Job, SpaceClient

_MARK = "__spacegen_conformance__"

#: Per-job checking context: (item annotation, namespace, where).
Context = tuple[Any, Mapping[str, Any], str]


def instrument(module: ModuleType) -> ModuleType:
    """Wrap every public method of the module's client classes (once); return the module."""
    for cls in client_classes(module):
        if vars(cls).get(_MARK):
            continue
        for name, function in list(vars(cls).items()):
            if not name.startswith("_") and inspect.isfunction(function):
                setattr(cls, name, _wrap(function, module, f"{_label(module)}.{name}()"))
        setattr(cls, _MARK, True)
    return module


def client_classes(module: ModuleType) -> list[type]:
    """The module's own client classes (aliases such as ``Client`` point at these)."""
    bases = (SpaceClient, AsyncSpaceClient)
    found = {
        id(v): v
        for v in vars(module).values()
        if isinstance(v, type) and issubclass(v, bases) and v.__module__ == module.__name__
    }
    return list(found.values())


def _label(module: ModuleType) -> str:
    return module.__name__.removeprefix("_spacegen_e2e_")


def _wrap(function: Callable[..., Any], module: ModuleType, where: str) -> Callable[..., Any]:
    annotation = return_annotation(function, module)
    namespace = vars(module)
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin in (Job, AsyncJob):
        return _wrap_submit(function, (args[0], namespace, where))
    if origin is collections.abc.Iterator:
        return _wrap_stream(function, (args[0], namespace, where))
    if origin is collections.abc.AsyncIterator:
        return _wrap_astream(function, (args[0], namespace, where))
    if inspect.iscoroutinefunction(function):
        return _wrap_acall(function, (annotation, namespace, where))
    return _wrap_call(function, (annotation, namespace, where))


def _wrap_call(function: Callable[..., Any], context: Context) -> Callable[..., Any]:
    @functools.wraps(function)
    def call(*args: Any, **kwargs: Any) -> Any:
        value = function(*args, **kwargs)
        check_value(value, context[0], context[1], context[2])
        return value

    return call


def _wrap_acall(function: Callable[..., Any], context: Context) -> Callable[..., Any]:
    @functools.wraps(function)
    async def call(*args: Any, **kwargs: Any) -> Any:
        value = await function(*args, **kwargs)
        check_value(value, context[0], context[1], context[2])
        return value

    return call


def _wrap_submit(function: Callable[..., Any], context: Context) -> Callable[..., Any]:
    @functools.wraps(function)
    def submit(*args: Any, **kwargs: Any) -> Any:
        job = function(*args, **kwargs)
        job.__class__ = CheckedAsyncJob if isinstance(job, AsyncJob) else CheckedJob
        job._conformance = context
        return job

    return submit


def _wrap_stream(function: Callable[..., Any], context: Context) -> Callable[..., Any]:
    @functools.wraps(function)
    def stream(*args: Any, **kwargs: Any) -> Iterator[Any]:
        return checked_items(function(*args, **kwargs), context, "item")

    return stream


def _wrap_astream(function: Callable[..., Any], context: Context) -> Callable[..., Any]:
    @functools.wraps(function)
    def stream(*args: Any, **kwargs: Any) -> AsyncIterator[Any]:
        return checked_aitems(function(*args, **kwargs), context, "item")

    return stream


def checked_items(inner: Iterator[Any], context: Context, label: str) -> Iterator[Any]:
    """Yield ``inner``'s items, each checked; closing this closes ``inner``."""
    annotation, namespace, where = context
    try:
        for index, item in enumerate(inner):
            check_value(item, annotation, namespace, f"{where} {label} {index}")
            yield item
    finally:
        close = getattr(inner, "close", None)
        if close is not None:
            close()


async def checked_aitems(
    inner: AsyncIterator[Any], context: Context, label: str
) -> AsyncIterator[Any]:
    """Async :func:`checked_items`."""
    annotation, namespace, where = context
    index = 0
    try:
        async for item in inner:
            check_value(item, annotation, namespace, f"{where} {label} {index}")
            index += 1
            yield item
    finally:
        aclose = getattr(inner, "aclose", None)
        if aclose is not None:
            await aclose()


def _check_outputs(values: list[Any], context: Context) -> list[Any]:
    annotation, namespace, where = context
    for index, value in enumerate(values):
        check_value(value, annotation, namespace, f"{where} job.outputs()[{index}]")
    return values


class CheckedJob(Job[Any]):
    """A :class:`Job` whose results are checked against the submitting method's ``T``."""

    _conformance: Context

    def result(self, timeout: float | None = None) -> Any:
        value = super().result(timeout)
        annotation, namespace, where = self._conformance
        check_value(value, annotation, namespace, f"{where} job.result()")
        return value

    def outputs(self) -> list[Any]:
        return _check_outputs(super().outputs(), self._conformance)

    def __iter__(self) -> Iterator[Any]:
        return checked_items(super().__iter__(), self._conformance, "job item")


class CheckedAsyncJob(AsyncJob[Any]):
    """An :class:`AsyncJob` whose results are checked against the submitting method's ``T``."""

    _conformance: Context

    async def result(self, timeout: float | None = None) -> Any:
        value = await super().result(timeout)
        annotation, namespace, where = self._conformance
        check_value(value, annotation, namespace, f"{where} job.result()")
        return value

    def outputs(self) -> list[Any]:
        return _check_outputs(super().outputs(), self._conformance)

    def __aiter__(self) -> AsyncIterator[Any]:
        return checked_aitems(super().__aiter__(), self._conformance, "job item")
