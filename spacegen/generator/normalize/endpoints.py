"""Build IR endpoints: match /info entries to config dependencies, lay out slots, map items."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from spacegen.generator.ir.model import (
    AnyType,
    Endpoint,
    Output,
    Param,
    TypeRef,
    Visibility,
)
from spacegen.generator.normalize.initial import initial_value, nullable
from spacegen.generator.normalize.props import refine
from spacegen.generator.normalize.schema import SchemaMapper
from spacegen.generator.raw import (
    Problems,
    RawComponent,
    RawConfig,
    RawDependency,
    RawEndpointInfo,
    RawItem,
    clip,
)

Slots = tuple[int | None, ...]

STREAMING_NOTE = (
    "In the app this event streams its inputs (webcam / microphone, connection: stream). "
    "This client does not stream them: each call sends the inputs once, returns the app's "
    "answer to them and then ends the app's event (Gradio 5/6 would otherwise wait for more)."
)


@dataclass(frozen=True)
class _Layout:
    """Where each visible item sits on the wire, and the component behind it."""

    input_slots: Slots
    output_slots: Slots
    inputs: tuple[RawComponent | None, ...]
    outputs: tuple[RawComponent | None, ...]


class EndpointBuilder:
    """Turns :class:`RawEndpointInfo` entries into :class:`Endpoint` (or skips them, noted)."""

    def __init__(self, config: RawConfig, problems: Problems) -> None:
        self.components = config.components
        self.problems = problems
        self._cache: dict[str, TypeRef] = {}
        self.by_name: dict[str, list[RawDependency]] = {}
        for dependency in config.dependencies:
            if dependency.api_name is not None and dependency.visibility != "private":
                self.by_name.setdefault(dependency.api_name, []).append(dependency)

    def build(self, info: RawEndpointInfo, visibility: Visibility) -> Endpoint | None:
        """The endpoint ``info`` describes, or ``None`` (with a diagnostic) when unusable."""
        if info.problem is not None:
            self.problems.add("error", info.name, f"{info.problem}; endpoint skipped")
            return None
        found = self._dependency(info)
        if found is None:
            return None
        dependency, layout = found
        params = tuple(self._params(info, layout.inputs))
        return Endpoint(
            api_name=info.name,
            fn_index=dependency.fn_index,
            visibility=visibility,
            description=self._description(info, dependency),
            params=params,
            outputs=tuple(self._outputs(info, layout.outputs)),
            input_slots=layout.input_slots,
            output_slots=layout.output_slots,
            generator=dependency.generator,
            oauth_token=info.oauth_token,
            output_components=dependency.outputs,
            input_types=self._types_of(dependency.inputs),
            output_types=self._types_of(dependency.outputs),
            queued=dependency.queued,
            browser_state=_browser_state(layout.inputs),
        )

    def _types_of(self, ids: Sequence[int]) -> tuple[str, ...]:
        """The config type of each component (``""`` for an id the config does not list)."""
        return tuple(c.type if (c := self.components.get(i)) else "" for i in ids)

    def _description(self, info: RawEndpointInfo, dependency: RawDependency) -> str:
        """The endpoint's description, plus a note when the app streams its inputs."""
        text = info.description or dependency.api_description or ""
        if not dependency.streams_inputs:
            return text
        self.problems.add("info", info.name, STREAMING_NOTE)
        return f"{text}\n\n{STREAMING_NOTE}" if text else STREAMING_NOTE

    # --------------------------------------------------------------------------- matching

    def _dependency(self, info: RawEndpointInfo) -> tuple[RawDependency, _Layout] | None:
        """The first callable dependency named like ``info`` whose slots fit its items."""
        named = self.by_name.get(info.name[1:], [])
        callable_ = [d for d in named if d.backend_fn]
        if not callable_ and named:
            self.problems.add("info", info.name, "JS-only function; endpoint skipped")
            return None
        if not callable_:
            self.problems.add("error", info.name, "no function has this api_name; endpoint skipped")
            return None
        for dependency in callable_:
            layout = self._layout(dependency, info)
            if layout is not None:
                self._note_shared(info, callable_, dependency)
                return dependency, layout
        self.problems.add("error", info.name, _count_message(info, callable_[0]))
        return None

    def _note_shared(
        self, info: RawEndpointInfo, named: list[RawDependency], chosen: RawDependency
    ) -> None:
        """Warn when several functions share one api_name (only one is reachable by name)."""
        if len(named) > 1:
            others = ", ".join(str(d.fn_index) for d in named if d is not chosen)
            self.problems.add(
                "warning",
                info.name,
                f"api_name shared by functions {others}; using fn_index {chosen.fn_index}, "
                "the one /info describes",
            )

    def _layout(self, dependency: RawDependency, info: RawEndpointInfo) -> _Layout | None:
        """Slots for ``dependency`` if its non-State inputs/outputs match ``info``'s counts."""
        inputs = self._slots(dependency.inputs, len(info.parameters))
        outputs = self._slots(dependency.outputs, len(info.returns))
        if inputs is None or outputs is None:
            return None
        return _Layout(inputs[0], outputs[0], inputs[1], outputs[1])

    def _slots(
        self, ids: Sequence[int], count: int
    ) -> tuple[Slots, tuple[RawComponent | None, ...]] | None:
        """Slot indices (``None`` for ``skip_api``) and visible components, if ``count`` fits."""
        slots: list[int | None] = []
        visible: list[RawComponent | None] = []
        for component_id in ids:
            component = self.components.get(component_id)
            if component is not None and component.skip_api:
                slots.append(None)
            else:
                slots.append(len(visible))
                visible.append(component)
        return (tuple(slots), tuple(visible)) if len(visible) == count else None

    # ------------------------------------------------------------------------------ items

    def _params(
        self, info: RawEndpointInfo, components: Sequence[RawComponent | None]
    ) -> list[Param]:
        """One :class:`Param` per /info parameter."""
        return [
            self._param(info.name, index, item, component)
            for index, (item, component) in enumerate(zip(info.parameters, components, strict=True))
        ]

    def _param(self, api: str, index: int, item: RawItem, component: RawComponent | None) -> Param:
        """One parameter: name, label, typed schema, default, example."""
        name = item.parameter_name or item.label or f"parameter_{index}"
        where = f"{api}: param {_quoted(name)}"
        if component is not None and component.type == BROWSER_STATE:
            item = _browser_default(item, component)
        return Param(
            name=name,
            label=item.label,
            component=_component_name(item, component),
            type=self._type(item, component, where),
            has_default=item.has_default,
            default=item.default,
            description=_item_description(item),
            example=item.example,
            has_example=item.has_example,
        )

    def _outputs(
        self, info: RawEndpointInfo, components: Sequence[RawComponent | None]
    ) -> list[Output]:
        """One :class:`Output` per /info return."""
        return [
            self._output(info.name, index, item, component)
            for index, (item, component) in enumerate(zip(info.returns, components, strict=True))
        ]

    def _output(
        self, api: str, index: int, item: RawItem, component: RawComponent | None
    ) -> Output:
        """One output: label, component and typed schema."""
        where = f"{api}: return {index} {_quoted(item.label)}"
        mapped = self._type(item, component, where)
        initial = initial_value(component, mapped)
        return Output(
            label=item.label,
            component=_component_name(item, component),
            type=mapped if initial is not None else nullable(mapped),
            description=_item_description(item),
            initial=initial,
        )

    def _type(self, item: RawItem, component: RawComponent | None, where: str) -> TypeRef:
        """The item's schema mapped, then sharpened by its component's props."""
        if not item.valid:
            return AnyType("the description of this item is not an object")
        hint = _component_name(item, component) or "Value"
        return refine(self._schema(item.schema, hint, where), component, where, self.problems)

    def _schema(self, schema: Any, hint: str, where: str) -> TypeRef:
        """``schema`` mapped; a schema seen before without diagnostics is not mapped again."""
        key = _cache_key(schema, hint)
        if key is not None and key in self._cache:
            return self._cache[key]
        before = len(self.problems.items)
        mapped = SchemaMapper(schema, where, self.problems).map_root(hint)
        if key is not None and len(self.problems.items) == before:
            self._cache[key] = mapped
        return mapped


def _quoted(name: str) -> str:
    """``name`` quoted for a diagnostic's ``where``, cut to a readable length."""
    return repr(name if len(name) <= 60 else name[:57] + "...")


def _cache_key(schema: Any, hint: str) -> str | None:
    """Text identifying ``schema`` (plus the name hint), or ``None`` when it is not JSON."""
    try:
        return hint + "\0" + json.dumps(schema, separators=(",", ":"))
    except (TypeError, ValueError, RecursionError):
        return None


BROWSER_STATE = "browserstate"


def _browser_state(inputs: Sequence[RawComponent | None]) -> tuple[tuple[int, int], ...]:
    """``(param index, component id)`` of the ``gr.BrowserState`` inputs."""
    return tuple(
        (i, c.id) for i, c in enumerate(inputs) if c is not None and c.type == BROWSER_STATE
    )


def _browser_default(item: RawItem, component: RawComponent) -> RawItem:
    """A BrowserState input may be left out: its default is the component's ``default_value``
    (what a browser with empty local storage sends); the runtime sends the kept value first."""
    default = component.props.get("default_value")
    return dataclasses.replace(item, has_default=True, default=default)


def _component_name(item: RawItem, component: RawComponent | None) -> str:
    """The /info component name (``Textbox``), else the config type capitalised."""
    if item.component or component is None:
        return item.component
    return component.type.capitalize()


def _item_description(item: RawItem) -> str:
    """The schema's ``description``, else ``python_type.description``."""
    schema = item.schema
    description = schema.get("description") if isinstance(schema, dict) else None
    if isinstance(description, str) and description:
        return clip(description)
    return item.python_type_description


def _count_message(info: RawEndpointInfo, dependency: RawDependency) -> str:
    """Why an endpoint's /info items do not fit its function's inputs/outputs."""
    return (
        f"/info lists {len(info.parameters)} parameters and {len(info.returns)} returns, which "
        f"do not fit fn_index {dependency.fn_index} ({len(dependency.inputs)} inputs, "
        f"{len(dependency.outputs)} outputs, State excluded); endpoint skipped"
    )
