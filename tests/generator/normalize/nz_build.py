"""Build small hand-written RawSnapshots for normalizer tests."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from spacegen.generator.raw import RawSnapshot


@dataclass
class Item:
    """One parameter/return; ``state`` makes a skip_api component that /info leaves out."""

    schema: Any = field(default_factory=lambda: {"type": "string"})
    component: str = "Textbox"
    name: str = "x"
    props: dict[str, Any] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)
    state: bool = False


def state() -> Item:
    """A gr.State slot."""
    return Item(component="State", state=True)


@dataclass
class Ep:
    """One endpoint: its /info entry and the dependency behind it."""

    name: str
    inputs: list[Item] = field(default_factory=list)
    outputs: list[Item] = field(default_factory=list)
    dependency: dict[str, Any] = field(default_factory=dict)
    info: dict[str, Any] = field(default_factory=dict)
    in_info: bool = True


def snapshot(*endpoints: Ep, version: str = "6.31.0", **config: Any) -> RawSnapshot:
    """A 6.x-shaped (by default) snapshot holding ``endpoints``."""
    builder = _Builder(version)
    for endpoint in endpoints:
        builder.add(endpoint)
    return RawSnapshot(
        source="test",
        config={**builder.config(), **config},
        info={"named_endpoints": builder.info, "unnamed_endpoints": {}},
        info_all={"named_endpoints": builder.info_all, "unnamed_endpoints": {}},
    )


class _Builder:
    def __init__(self, version: str) -> None:
        self.version = version
        self.components: list[dict[str, Any]] = []
        self.dependencies: list[dict[str, Any]] = []
        self.info: dict[str, Any] = {}
        self.info_all: dict[str, Any] = {}

    def config(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "protocol": "sse_v3",
            "api_prefix": "/gradio_api",
            "components": self.components,
            "dependencies": self.dependencies,
        }

    def _component(self, item: Item) -> int:
        cid = len(self.components)
        kind = item.component.lower()
        self.components.append(
            {"id": cid, "type": kind, "props": item.props, "skip_api": item.state}
        )
        return cid

    def add(self, ep: Ep) -> None:
        visibility = "public" if ep.in_info else "undocumented"
        self.dependencies.append(
            {
                "id": len(self.dependencies),
                "api_name": ep.name.removeprefix("/"),
                "inputs": [self._component(i) for i in ep.inputs],
                "outputs": [self._component(o) for o in ep.outputs],
                "backend_fn": True,
                "types": {"generator": False, "cancel": False},
                "api_visibility": visibility,
                **ep.dependency,
            }
        )
        entry = {
            "parameters": [_param(i) for i in ep.inputs if not i.state],
            "returns": [_return(o) for o in ep.outputs if not o.state],
            "api_visibility": visibility,
            "description": "",
            **ep.info,
        }
        if ep.in_info:
            self.info[ep.name] = entry
        self.info_all[ep.name] = entry


def _param(item: Item) -> dict[str, Any]:
    return {
        "label": item.name,
        "parameter_name": item.name,
        "parameter_has_default": False,
        "parameter_default": None,
        "type": item.schema,
        "python_type": {"type": "str", "description": ""},
        "component": item.component,
        "example_input": "x",
        **item.extra,
    }


def _return(item: Item) -> dict[str, Any]:
    return {
        "label": item.name,
        "type": item.schema,
        "python_type": {"type": "str", "description": ""},
        "component": item.component,
        **item.extra,
    }
