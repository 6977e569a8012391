"""Parse ``/config`` into :class:`RawConfig`, smoothing over Gradio 4.x / 5.x / 6.x differences."""

from __future__ import annotations

from typing import Any

from spacegen.generator.ir.model import Visibility
from spacegen.generator.raw._coerce import (
    Problems,
    clip,
    flag,
    int_list,
    integer,
    optional_text,
)
from spacegen.generator.raw.legacy import file_format, is_v3
from spacegen.generator.raw.model import RawComponent, RawConfig, RawDependency
from spacegen.runtime.errors import DescriptionError

_VISIBILITIES: dict[str, Visibility] = {
    "public": "public",
    "undocumented": "undocumented",
    "private": "private",
}


def parse_config(config: Any, problems: Problems) -> RawConfig:
    """Read the fields the generator needs; raise only when ``config`` is unusable as a whole."""
    if not isinstance(config, dict):
        raise DescriptionError("the app's /config is not a JSON object")
    if not isinstance(config.get("dependencies"), list):
        raise DescriptionError("the app's /config has no 'dependencies' list; is it a Gradio app?")
    v3 = is_v3(config)
    queue = flag(config.get("enable_queue"), False) if v3 else None
    return RawConfig(
        version=optional_text(config.get("version")) or "unknown",
        protocol=optional_text(config.get("protocol")) or "ws",
        api_prefix=optional_text(config.get("api_prefix")) or "",
        title=optional_text(config.get("title")) or "Gradio",
        space_id=optional_text(config.get("space_id")),
        max_file_size=_file_size(config.get("max_file_size")),
        connect_heartbeat=flag(config.get("connect_heartbeat"), True),
        components=_components(config.get("components"), problems),
        dependencies=_dependencies(config["dependencies"], problems, queue),
        file_format=file_format(config),
    )


def _file_size(value: Any) -> int | None:
    """``max_file_size`` in bytes; integral floats are accepted, anything else means no limit."""
    if isinstance(value, float) and value.is_integer() and value >= 0:
        return int(value)
    size = integer(value)
    return size if size is not None and size >= 0 else None


def _components(value: Any, problems: Problems) -> dict[int, RawComponent]:
    """Components by id; malformed entries and repeated ids are reported and skipped."""
    if not isinstance(value, list):
        if value is not None:
            problems.add("warning", "config", "'components' is not a list; props ignored")
        return {}
    found: dict[int, RawComponent] = {}
    for index, item in enumerate(value):
        component = _component(item)
        if component is None:
            problems.add("warning", f"config: component #{index}", "malformed component; skipped")
        elif component.id in found:
            problems.add("warning", f"config: component {component.id}", "repeated id; skipped")
        else:
            found[component.id] = component
    return found


def _component(item: Any) -> RawComponent | None:
    """One component, or ``None`` when it has no integer id."""
    if not isinstance(item, dict) or integer(item.get("id")) is None:
        return None
    props = item.get("props")
    return RawComponent(
        id=item["id"],
        type=clip(item["type"]) if isinstance(item.get("type"), str) else "",
        props=props if isinstance(props, dict) else {},
        skip_api=flag(item.get("skip_api"), False),
    )


def _dependencies(
    value: list[Any], problems: Problems, queue: bool | None
) -> tuple[RawDependency, ...]:
    """Usable dependencies in config order (``fn_index`` falls back to the list index).

    ``queue`` is the 3.x app-wide ``enable_queue`` (``None`` from 4.0 on, where every
    dependency can be called through the queue).
    """
    found: list[RawDependency] = []
    for index, item in enumerate(value):
        dependency = _dependency(index, item, queue)
        if dependency is None:
            problems.add("warning", f"config: dependency #{index}", "malformed dependency; skipped")
        else:
            found.append(dependency)
    return tuple(found)


def _dependency(index: int, item: Any, queue: bool | None) -> RawDependency | None:
    """One dependency, or ``None`` when its inputs/outputs are not id lists."""
    if not isinstance(item, dict):
        return None
    inputs, outputs = int_list(item.get("inputs", [])), int_list(item.get("outputs", []))
    if inputs is None or outputs is None:
        return None
    fn_index = integer(item.get("id"))
    types = item.get("types")
    return RawDependency(
        fn_index=index if fn_index is None else fn_index,
        api_name=optional_text(item.get("api_name")),
        inputs=inputs,
        outputs=outputs,
        backend_fn=flag(item.get("backend_fn"), True),
        generator=flag(types.get("generator"), False) if isinstance(types, dict) else False,
        visibility=dependency_visibility(item),
        api_description=optional_text(item.get("api_description")),
        queued=queue is None or (queue and item.get("queue") is not False),
        streams_inputs=item.get("connection") == "stream",
    )


def dependency_visibility(item: dict[str, Any]) -> Visibility:
    """6.x ``api_visibility``; else the ≤5.x mapping (``api_name: false`` → private, ...)."""
    visibility = visibility_of(item.get("api_visibility"))
    if visibility is not None:
        return visibility
    if item.get("api_name") is False:
        return "private"
    show_api = item.get("show_api")
    if show_api is None and "api_visibility" not in item:
        return "public"
    return "public" if show_api is True else "undocumented"


def visibility_of(value: Any) -> Visibility | None:
    """``value`` when it is one of the 6.x visibility words, else ``None``."""
    return _VISIBILITIES.get(value) if isinstance(value, str) else None
