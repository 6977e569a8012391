"""Does each endpoint the client was generated for still exist in the live app? (no I/O)

Gradio numbers functions (``fn_index``) by the order of the app's event listeners, so a
listener added or removed anywhere shifts the numbers, and a client generated earlier would
run another function. Before a session's first job the client reads the live ``/config``
once; :class:`LiveApp` then maps every baked endpoint to the live function with the same
``api_name`` and the same inputs and outputs (component types, State included), or says what
changed. Live initial values (``props.value``) of output components are kept for outputs the
app leaves unchanged.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from typing import Any, TypeVar

from spacegen.runtime._endpoint import App, Endpoint
from spacegen.runtime._record import Frozen
from spacegen.runtime.errors import ProtocolError, StaleClientError

T = TypeVar("T")
Changes = tuple[str, ...]


class _Function(Frozen):
    """One dependency of the live config, as far as verification cares."""

    __match_args__ = ("fn_index", "inputs", "outputs", "callable")
    __slots__ = __match_args__

    fn_index: int
    inputs: tuple[int, ...]
    outputs: tuple[int, ...]
    callable: bool  # runs on the server and is not private

    def __init__(
        self, fn_index: int, inputs: tuple[int, ...], outputs: tuple[int, ...], callable: bool
    ) -> None:
        self._freeze(fn_index, inputs, outputs, callable)


class LiveApp:
    """The live app's functions and components, read from its ``/config`` JSON."""

    def __init__(self, config: Mapping[str, Any]) -> None:
        self._types: dict[int, str] = {}
        self._values: dict[int, Any] = {}
        for component in _list(config.get("components")):
            _add_component(component, self._types, self._values)
        self._by_name: dict[str, list[_Function]] = {}
        self._resolved: dict[tuple[str, int, str], Any] = {}
        for index, dependency in enumerate(_list(config.get("dependencies"))):
            _add_function(index, dependency, self._by_name)

    @classmethod
    def parse(cls, content: bytes) -> LiveApp:
        """From the raw ``/config`` reply body; malformed JSON → ProtocolError."""
        try:
            config = json.loads(content)
        except (ValueError, UnicodeDecodeError) as exc:
            raise ProtocolError(f"config: invalid JSON: {content[:200]!r}") from exc
        if not isinstance(config, dict):
            raise ProtocolError("config: the app's /config is not a JSON object")
        return cls(config)

    def check(self, endpoint: Endpoint[T]) -> Endpoint[T] | Changes:
        """``endpoint`` at its live fn_index (with live output ids), or what changed."""
        named = self._by_name.get(endpoint.api_name.lstrip("/"), [])
        usable = [f for f in named if f.callable]
        if not usable:
            return (_missing(endpoint.api_name, bool(named)),)
        first: Changes = ()
        for function in sorted(usable, key=lambda f: f.fn_index != endpoint.fn_index):
            changes = self._compare(endpoint, function)
            if not changes:
                return endpoint.replace(fn_index=function.fn_index, output_ids=function.outputs)
            first = first or changes
        return first

    def resolve(self, endpoint: Endpoint[T], source: str) -> Endpoint[T]:
        """:meth:`check` (remembered), raising :class:`StaleClientError` on a change."""
        key = (endpoint.api_name, endpoint.fn_index, endpoint.method)
        if key in self._resolved:
            return self._resolved[key]  # type: ignore[no-any-return]
        found = self.check(endpoint)
        if isinstance(found, Endpoint):
            self._resolved[key] = found
            return found
        raise StaleClientError(endpoint.api_name, found, source)

    def initial_value(self, component_id: int) -> Any:
        """The live initial value of a component (``None`` when it has none)."""
        return self._values.get(component_id)

    def _compare(self, endpoint: Endpoint[Any], function: _Function) -> Changes:
        baked_in = endpoint.input_types or ("",) * len(endpoint.slots)
        baked_out = endpoint.output_types or ("",) * len(endpoint.outputs)
        live_in = tuple(self._types.get(i, "?") for i in function.inputs)
        live_out = tuple(self._types.get(i, "?") for i in function.outputs)
        return diff("input", baked_in, live_in) + diff("output", baked_out, live_out)


def verify(app: App, config: Mapping[str, Any]) -> dict[str, Endpoint[Any] | Changes]:
    """Per api_name of ``app``: the endpoint as the live app numbers it, or its changes."""
    live = LiveApp(config)
    return {endpoint.api_name: live.check(endpoint) for endpoint in app.endpoints}


def diff(kind: str, baked: tuple[str, ...], live: tuple[str, ...]) -> Changes:
    """Readable differences between two component-type lists (``""`` = type not baked)."""
    changes: list[str] = []
    for position, (was, now) in enumerate(zip(baked, live, strict=False), start=1):
        if was and was != now:
            changes.append(f"{kind} {position} is now a {now} (was a {was})")
    for position in range(len(live) + 1, len(baked) + 1):
        changes.append(f"{kind} {position} ({_kind(baked[position - 1])}) was removed")
    for position in range(len(baked) + 1, len(live) + 1):
        changes.append(f"{kind} {position} ({live[position - 1]}) was added")
    return tuple(changes)


def _kind(component_type: str) -> str:
    return component_type or "component"


def _missing(api_name: str, private: bool) -> str:
    if private:
        return f"{api_name} is no longer callable (the app made it private or browser-only)"
    return f"{api_name} is gone: the app has no function of that name any more (renamed or removed)"


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _add_component(component: Any, types: dict[int, str], values: dict[int, Any]) -> None:
    if not isinstance(component, dict) or not _is_id(component.get("id")):
        return
    kind = component.get("type")
    types[component["id"]] = kind if isinstance(kind, str) else "?"
    props = component.get("props")
    if isinstance(props, dict) and props.get("value") is not None:
        values[component["id"]] = props["value"]


def _add_function(index: int, dependency: Any, by_name: dict[str, list[_Function]]) -> None:
    if not isinstance(dependency, dict) or not isinstance(dependency.get("api_name"), str):
        return
    inputs, outputs = _ids(dependency.get("inputs")), _ids(dependency.get("outputs"))
    if inputs is None or outputs is None:
        return
    fn_index: Any = dependency.get("id")
    function = _Function(
        fn_index if _is_id(fn_index) else index,
        inputs,
        outputs,
        dependency.get("backend_fn", True) is not False and not _private(dependency),
    )
    by_name.setdefault(dependency["api_name"], []).append(function)


def _private(dependency: Mapping[str, Any]) -> bool:
    """6.x ``api_visibility: "private"`` (≤5.x private functions have ``api_name: false``)."""
    return dependency.get("api_visibility") == "private"


def _ids(value: Any) -> tuple[int, ...] | None:
    if not isinstance(value, list) or not all(_is_id(item) for item in value):
        return None
    return tuple(value)


def _is_id(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


@functools.lru_cache(maxsize=16)
def baked_initial_values(text: str) -> Mapping[int, Any]:
    """``App.initial_values`` decoded (once per distinct text); bad text → no values."""
    try:
        decoded = json.loads(text) if text else {}
    except ValueError:
        return {}
    if not isinstance(decoded, dict):
        return {}
    return {int(key): value for key, value in decoded.items() if key.lstrip("-").isdigit()}


def initial_value(live: LiveApp | None, app: App, component_id: int) -> Any:
    """A component's initial value: the live one when /config was read, else the baked one."""
    value = live.initial_value(component_id) if live is not None else None
    if value is None:
        value = baked_initial_values(app.initial_values).get(component_id)
    return value


def config_path() -> str:
    """``/config`` sits at the app's root on every version (never under ``api_prefix``)."""
    return "/config"


def join_failed(error: ProtocolError, app: App) -> ProtocolError:
    """A join that failed with HTTP 500 (what an unknown fn_index gets): say the client may be
    out of date (it can be, with ``verify_endpoints=False``) and how to check."""
    if error.status_code != 500:
        return error
    hint = (
        f"{error}\nThe client may be out of date with the app (it was generated for API "
        f"sha256:{app.api_hash[:16]}): check with `spacegen check {app.source} -o <module>.py`"
    )
    return type(error)(hint, error.status_code, error.body)  # same class: except clauses hold
