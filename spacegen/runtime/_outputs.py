"""From wire outputs to typed results (no I/O).

Component updates (``{"__type__": "update", ...}``) are unwrapped to their ``value``. An
update *without* ``value`` means "unchanged" (``gr.skip()``, ``gr.update(visible=False)``):
the typed result then holds the component's last value known to the session, else its initial
value (``/config`` ``props.value``), else ``None``; and :class:`OutputUpdate` entries
(``Job.updates()``) say ``changed=False`` so callers can tell "unchanged" from a real ``None``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Generic, TypeVar

from spacegen.runtime._endpoint import Endpoint
from spacegen.runtime._files import wrap_files
from spacegen.runtime._record import Frozen

T = TypeVar("T")

#: What the page shows for these components (Gradio type names) when their value is null: an
#: empty text box, an empty list. A null value of one of them is reported as this value, and
#: the generator types such outputs without ``None`` (``spacegen.generator.normalize.initial``).
EMPTY_VALUES: Mapping[str, str | list[Any]] = {
    "textbox": "",
    "code": "",
    "markdown": "",
    "checkboxgroup": [],
    "gallery": [],
    "chatbot": [],
}


class OutputUpdate(Frozen):
    """What the app sent for one visible output.

    ``changed`` is False when the app left the value as it was (no ``value`` in an update);
    ``props`` holds the other component properties the app changed (``visible``, ``label``…);
    ``is_update`` is False for a plain value.
    """

    __match_args__ = ("changed", "value", "props", "is_update")
    __slots__ = __match_args__

    changed: bool
    value: Any
    props: Mapping[str, Any]
    is_update: bool

    def __init__(
        self,
        changed: bool,
        value: Any,
        props: Mapping[str, Any] | None = None,
        is_update: bool = False,
    ) -> None:
        self._freeze(changed, value, {} if props is None else props, is_update)


def split_update(raw: Any) -> OutputUpdate:
    """One wire output value → an OutputUpdate (plain values are "changed")."""
    if isinstance(raw, dict) and raw.get("__type__") == "update":
        props = {k: v for k, v in raw.items() if k not in ("__type__", "value")}
        if "value" in raw:
            return OutputUpdate(True, raw["value"], props, True)
        return OutputUpdate(False, None, props, True)
    return OutputUpdate(True, raw)


def _tupled(value: Any, depth: int) -> Any:
    """``value`` (a list) as a tuple (depth 0), or with its list items as tuples (depth 1)."""
    if not isinstance(value, list):
        return value
    if depth == 0:
        return tuple(value)
    return [tuple(item) if isinstance(item, list) else item for item in value]


class OutputMapper(Generic[T]):
    """Maps one endpoint's wire outputs to its typed result, remembering last values."""

    def __init__(
        self,
        endpoint: Endpoint[T],
        owner: Any,
        file_url: Callable[[str, str | None], str],
        memory: dict[Any, Any],
        initial: Callable[[int], Any] | None = None,
    ) -> None:
        self.endpoint = endpoint
        self._owner = owner
        self._file_url = file_url
        self._memory = memory
        self._initial = initial
        self._visible = sum(1 for o in endpoint.outputs if o is not None)

    def convert(self, data: list[Any]) -> tuple[T, tuple[OutputUpdate, ...]]:
        """Typed result + per-visible-output update info, in result order."""
        values: list[Any] = [None] * self._visible
        updates: list[OutputUpdate] = [OutputUpdate(False, None)] * self._visible
        for wire_index, target in enumerate(self.endpoint.outputs):
            if target is None or wire_index >= len(data):
                continue
            update = self._one(wire_index, data[wire_index])
            values[target], updates[target] = update.value, update
        return self._result(values), tuple(updates)

    def _one(self, wire_index: int, raw: Any) -> OutputUpdate:
        update = split_update(raw)
        key = self._key(wire_index)
        if not update.changed:
            return OutputUpdate(False, self._current(key), update.props, True)
        raw_value = update.value if update.value is not None else self._empty(wire_index)
        value = wrap_files(raw_value, self._owner, self._file_url)
        self._memory[key] = value
        return OutputUpdate(True, value, update.props, update.is_update)

    def _current(self, key: Any) -> Any:
        """The component's value in the session: last value, else initial value, else None."""
        if key in self._memory:
            return self._memory[key]
        raw = self._initial(key) if self._initial is not None and isinstance(key, int) else None
        if raw is None:
            return None
        value = self._memory[key] = wrap_files(raw, self._owner, self._file_url)
        return value

    def _empty(self, wire_index: int) -> Any:
        """The page's value for a null output of this component (None if it shows none)."""
        kinds = self.endpoint.output_types
        empty = EMPTY_VALUES.get(kinds[wire_index]) if wire_index < len(kinds) else None
        return list(empty) if isinstance(empty, list) else empty

    def _key(self, wire_index: int) -> Any:
        ids = self.endpoint.output_ids
        if wire_index < len(ids) and ids[wire_index] is not None:
            return ids[wire_index]
        return (self.endpoint.fn_index, wire_index)

    def _result(self, values: list[Any]) -> T:
        for index, depth in self.endpoint.tuples:  # JSON has no tuples: as annotated
            if index < len(values):
                values[index] = _tupled(values[index], depth)
        if not values:
            return None  # type: ignore[return-value]  # T is None for output-less endpoints
        if len(values) == 1 and self.endpoint.result is None:
            return values[0]  # type: ignore[no-any-return]
        if self.endpoint.result is None:
            return tuple(values)  # type: ignore[return-value]
        return self.endpoint.result(*values)
