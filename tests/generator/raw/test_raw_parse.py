"""raw.parse: the typed mirror of /config and /info, across Gradio 4.x / 5.x / 6.x shapes."""

from __future__ import annotations

from typing import Any

import pytest

from spacegen.generator.raw import RawSnapshot, parse
from spacegen.generator.raw.config import dependency_visibility
from spacegen.runtime.errors import DescriptionError


def snap(config: dict[str, Any], endpoints: dict[str, Any] | None = None, **kw: Any) -> RawSnapshot:
    return RawSnapshot(
        "t", {"dependencies": [], **config}, {"named_endpoints": endpoints or {}}, **kw
    )


@pytest.mark.parametrize(
    ("dependency", "expected"),
    [
        ({"api_visibility": "public"}, "public"),
        ({"api_visibility": "undocumented", "show_api": True}, "undocumented"),
        ({"api_visibility": "private"}, "private"),
        ({"show_api": True, "api_name": "f"}, "public"),
        ({"show_api": False, "api_name": "f"}, "undocumented"),
        ({"show_api": True, "api_name": False}, "private"),
        ({"api_name": "f"}, "public"),
        ({"api_visibility": "bogus", "show_api": False}, "undocumented"),
    ],
)
def test_dependency_visibility(dependency: dict[str, Any], expected: str) -> None:
    assert dependency_visibility(dependency) == expected


def test_config_fields_and_version_defaults() -> None:
    config = {
        "version": "4.44.1",
        "protocol": "sse_v3",
        "title": "Demo",
        "max_file_size": 1024.0,
        "connect_heartbeat": False,
        "components": [{"id": 1, "type": "state", "props": None, "skip_api": True}],
        "dependencies": [{"inputs": [1], "outputs": [], "api_name": False, "show_api": False}],
    }
    raw = parse(snap(config)).config
    assert (raw.version, raw.protocol, raw.api_prefix, raw.title) == (
        "4.44.1",
        "sse_v3",
        "",
        "Demo",
    )
    assert (raw.max_file_size, raw.connect_heartbeat) == (1024, False)
    assert raw.components[1].skip_api and raw.components[1].props == {}
    dependency = raw.dependencies[0]
    assert (dependency.fn_index, dependency.api_name, dependency.visibility) == (0, None, "private")
    assert dependency.backend_fn and not dependency.generator


def test_endpoint_fields_4_44_shape() -> None:
    entry = {
        "parameters": [
            {
                "label": {"_type": "translation_metadata", "key": "chat_interface.chatbot"},
                "parameter_name": "history",
                "parameter_has_default": True,
                "parameter_default": [],
                "type": {"type": "array"},
                "python_type": {"type": "List[...]", "description": "chat"},
                "component": "Chatbot",
            }
        ],
        "returns": [{"label": "out", "type": {"type": "string"}, "component": "Textbox"}],
        "show_api": True,
    }
    raw = parse(snap({}, {"f": entry}))
    endpoint = raw.endpoints[0]
    assert (endpoint.name, endpoint.visibility, endpoint.description) == ("/f", "public", "")
    item = endpoint.parameters[0]
    assert (item.label, item.parameter_name, item.component) == ("chatbot", "history", "Chatbot")
    assert (item.has_default, item.default, item.has_example) == (True, [], False)
    assert item.python_type_description == "chat"
    assert endpoint.returns[0].schema == {"type": "string"}
    assert raw.undocumented is None and raw.diagnostics == ()


def test_endpoint_fields_6_x_shape() -> None:
    entry = {
        "parameters": [],
        "returns": [],
        "api_visibility": "public",
        "description": "Say hi",
        "oauth_token": "optional",
    }
    hidden = {**entry, "api_visibility": "undocumented", "oauth_token": "sometimes"}
    raw = parse(snap({}, {"/f": entry}, info_all={"named_endpoints": {"/f": entry, "/g": hidden}}))
    assert (raw.endpoints[0].description, raw.endpoints[0].oauth_token) == ("Say hi", "optional")
    assert raw.undocumented is not None
    assert [(e.name, e.visibility, e.oauth_token) for e in raw.undocumented] == [
        ("/g", "undocumented", None)
    ]


@pytest.mark.parametrize(
    "snapshot",
    [
        RawSnapshot("t", {"dependencies": []}, {"unnamed_endpoints": {}}),
        RawSnapshot("t", {"components": []}, {"named_endpoints": {}}),
        RawSnapshot("t", {"dependencies": []}, []),  # type: ignore[arg-type]
    ],
)
def test_unusable_documents_raise(snapshot: RawSnapshot) -> None:
    with pytest.raises(DescriptionError):
        parse(snapshot)


def test_broken_endpoint_is_kept_with_a_problem() -> None:
    raw = parse(snap({}, {"/f": {"parameters": None, "returns": []}, "/g": 3}))
    assert [e.problem is not None for e in raw.endpoints] == [True, True]
