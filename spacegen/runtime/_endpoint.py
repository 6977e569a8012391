"""What a generated module bakes in about each endpoint and the app (no I/O, no logic)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

T = TypeVar("T")

#: Where files sit inside an argument: ``(param_index, key_or_star, ...)``; ``"*"`` = every item.
FileLocator = tuple[int | str, ...]


# No ``slots=True`` here: with it, ``Endpoint[str](...)`` fails at run time on Python 3.11
# (typing sets ``__orig_class__`` through the frozen ``__setattr__``, which then breaks).
@dataclass(frozen=True)
class Endpoint(Generic[T]):
    """One endpoint as generated code describes it to the runtime.

    ``slots`` has one entry per wire input: the index of the argument that fills it, or ``None``
    for a slot the server fills itself (``gr.State``), which is sent as ``null``. ``outputs`` has
    one entry per wire output: its index in the result, or ``None`` for a hidden (State) output.
    ``defaults`` maps argument indices to the app's default, used when the caller passes
    :data:`NOT_GIVEN`. ``result`` builds the typed result from the visible outputs when there
    are several (a NamedTuple class); with one output the value itself is the result, with none
    the result is ``None``.

    Optional (runtime additions): ``output_ids`` has one Gradio component id per wire output
    (or ``None``); when given, the session remembers each component's last value by id, so a
    ``gr.skip()`` / value-less update reports the value another endpoint set last.
    """

    api_name: str
    fn_index: int
    method: str
    signature: str
    slots: tuple[int | None, ...]
    outputs: tuple[int | None, ...]
    files: tuple[FileLocator, ...] = ()
    defaults: tuple[tuple[int, Any], ...] = ()
    generator: bool = False
    result: Callable[..., T] | None = None
    oauth_token: str | None = None
    output_ids: tuple[int | None, ...] = ()


@dataclass(frozen=True, slots=True)
class App:
    """The app a generated client was made from."""

    source: str
    gradio_version: str
    protocol: str
    api_prefix: str
    api_hash: str
    max_file_size: int | None = None
    connect_heartbeat: bool = False
    space_id: str | None = None
    endpoints: tuple[Endpoint[Any], ...] = ()


class NotGiven:
    """Type of :data:`NOT_GIVEN`: "use the app's default for this argument"."""

    _instance: NotGiven | None = None

    def __new__(cls) -> NotGiven:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "NOT_GIVEN"

    def __bool__(self) -> bool:
        return False


NOT_GIVEN = NotGiven()
