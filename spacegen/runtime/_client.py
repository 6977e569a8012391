"""Base classes of generated clients.

SKELETON — the runtime issue implements these; generated code relies only on the names and
signatures below (``_call`` / ``_submit`` / ``_stream`` and the constructor options).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator, Mapping
from pathlib import Path
from typing import Any, ClassVar, Generic, Literal, TypeVar

from spacegen.runtime._endpoint import App, Endpoint

T = TypeVar("T")


class Job(Generic[T]):
    """A submitted call (sync)."""

    def result(self, timeout: float | None = None) -> T:
        raise NotImplementedError

    def __iter__(self) -> Iterator[T]:
        raise NotImplementedError


class AsyncJob(Generic[T]):
    """A submitted call (async)."""

    async def result(self, timeout: float | None = None) -> T:
        raise NotImplementedError

    def __aiter__(self) -> AsyncIterator[T]:
        raise NotImplementedError


class _Options:
    def __init__(
        self,
        src: str | None = None,
        *,
        token: str | None = None,
        auth: tuple[str, str] | None = None,
        headers: Mapping[str, str] | None = None,
        cookies: Mapping[str, str] | None = None,
        timeout: float | None = 60.0,
        ssl_verify: bool = True,
        httpx_kwargs: Mapping[str, Any] | None = None,
        download_files: str | Path | Literal[False] = False,
        verbose: bool = False,
    ) -> None:
        self.src = src


class SpaceClient(_Options):
    """Base of every generated sync client."""

    _app: ClassVar[App]

    def _call(self, endpoint: Endpoint[T], args: tuple[object, ...]) -> T:
        raise NotImplementedError

    def _submit(self, endpoint: Endpoint[T], args: tuple[object, ...]) -> Job[T]:
        raise NotImplementedError

    def _stream(self, endpoint: Endpoint[T], args: tuple[object, ...]) -> Iterator[T]:
        raise NotImplementedError


class AsyncSpaceClient(_Options):
    """Base of every generated async client."""

    _app: ClassVar[App]

    async def _call(self, endpoint: Endpoint[T], args: tuple[object, ...]) -> T:
        raise NotImplementedError

    def _submit(self, endpoint: Endpoint[T], args: tuple[object, ...]) -> AsyncJob[T]:
        raise NotImplementedError

    def _stream(self, endpoint: Endpoint[T], args: tuple[object, ...]) -> AsyncIterator[T]:
        raise NotImplementedError
