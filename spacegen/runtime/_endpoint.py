"""What a generated module bakes in about each endpoint and the app (no I/O, no logic)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

from spacegen.runtime._record import Frozen

T = TypeVar("T")

#: Where files sit inside an argument: ``(param_index, key_or_star, ...)``; ``"*"`` = every item.
FileLocator = tuple[int | str, ...]


class Endpoint(Frozen, Generic[T]):
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
    ``input_types`` / ``output_types`` hold the Gradio component type (``"textbox"``) of each
    wire input / output: the signature the client checks against the live app before its
    first job (see ``_verify``); empty = only the counts are checked.
    ``checks`` holds ``(argument index, parameter name, kind)`` for the arguments whose kind
    the runtime checks before sending (see ``_args``).
    ``browser_state`` holds ``(argument index, component id)`` of each ``gr.BrowserState``
    input: left out (``NOT_GIVEN``), it takes the value the session keeps for that component
    (the last one an output of it returned), as a browser keeps it in local storage.
    ``tuples`` holds ``(result position, depth)`` for results typed as a tuple (depth 0) or a
    list of tuples (depth 1, e.g. a 4.x Chatbot's pairs): JSON brings lists, and the runtime
    hands them over as tuples, as annotated.
    ``queued`` is false for a function the server does not run through its queue (Gradio 3.x
    apps without ``queue()`` or events with ``queue=False``): it is called with one
    ``POST /run/predict``. From 4.0 on every function can be called through the queue.
    """

    __match_args__ = (
        "api_name", "fn_index", "method", "signature", "slots", "outputs",
        "files", "defaults", "generator", "result", "oauth_token", "output_ids",
        "input_types", "output_types", "queued", "checks", "browser_state", "tuples",
    )  # fmt: skip
    __slots__ = __match_args__

    api_name: str
    fn_index: int
    method: str
    signature: str
    slots: tuple[int | None, ...]
    outputs: tuple[int | None, ...]
    files: tuple[FileLocator, ...]
    defaults: tuple[tuple[int, Any], ...]
    generator: bool
    result: Callable[..., T] | None
    oauth_token: str | None
    output_ids: tuple[int | None, ...]
    input_types: tuple[str, ...]
    output_types: tuple[str, ...]
    queued: bool
    checks: tuple[tuple[int, str, str], ...]
    browser_state: tuple[tuple[int, int], ...]
    tuples: tuple[tuple[int, int], ...]

    def __init__(  # noqa: PLR0917  # positional too, as the former dataclass
        self,
        api_name: str,
        fn_index: int,
        method: str,
        signature: str,
        slots: tuple[int | None, ...],
        outputs: tuple[int | None, ...],
        files: tuple[FileLocator, ...] = (),
        defaults: tuple[tuple[int, Any], ...] = (),
        generator: bool = False,
        result: Callable[..., T] | None = None,
        oauth_token: str | None = None,
        output_ids: tuple[int | None, ...] = (),
        input_types: tuple[str, ...] = (),
        output_types: tuple[str, ...] = (),
        queued: bool = True,
        checks: tuple[tuple[int, str, str], ...] = (),
        browser_state: tuple[tuple[int, int], ...] = (),
        tuples: tuple[tuple[int, int], ...] = (),
    ) -> None:
        self._freeze(
            api_name, fn_index, method, signature, slots, outputs,
            files, defaults, generator, result, oauth_token, output_ids,
            input_types, output_types, queued, checks, browser_state, tuples,
        )  # fmt: skip


class App(Frozen):
    """The app a generated client was made from.

    ``initial_values``: JSON text of ``{component_id: value}``, the initial value (``/config``
    ``props.value``) of each output component that has one; decoded on first need only.
    ``protocol`` is the app's ``config.protocol`` (``"ws"`` for 3.x, which has none).
    ``file_format`` says how files travel: ``"filedata"`` (4.21+: FileData objects with the
    ``meta: {"_type": "gradio.FileData"}`` marker), ``"filedata_unmarked"`` (4.0-4.20: the same
    objects without the marker, so output files are known by position only) or ``"v3"`` (3.x:
    images as base64 data URLs, other files as ``{name, data, is_file, orig_name}``).
    """

    __match_args__ = (
        "source", "gradio_version", "protocol", "api_prefix", "api_hash",
        "max_file_size", "connect_heartbeat", "space_id", "endpoints", "initial_values",
        "file_format",
    )  # fmt: skip
    __slots__ = __match_args__

    source: str
    gradio_version: str
    protocol: str
    api_prefix: str
    api_hash: str
    max_file_size: int | None
    connect_heartbeat: bool
    space_id: str | None
    endpoints: tuple[Endpoint[Any], ...]
    initial_values: str
    file_format: str

    def __init__(  # noqa: PLR0917  # positional too, as the former dataclass
        self,
        source: str,
        gradio_version: str,
        protocol: str,
        api_prefix: str,
        api_hash: str,
        max_file_size: int | None = None,
        connect_heartbeat: bool = False,
        space_id: str | None = None,
        endpoints: tuple[Endpoint[Any], ...] = (),
        initial_values: str = "",
        file_format: str = "filedata",
    ) -> None:
        self._freeze(
            source, gradio_version, protocol, api_prefix, api_hash,
            max_file_size, connect_heartbeat, space_id, endpoints, initial_values,
            file_format,
        )  # fmt: skip


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
