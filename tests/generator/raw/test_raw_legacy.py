"""Gradio 3.x and 4.0-4.20 descriptions: raw/legacy.py quirks, seen through parse and normalize."""

from __future__ import annotations

from typing import Any

import pytest

from spacegen.generator.ir.model import FileType, JsonType, ListType, LiteralType, Prim, UnionType
from spacegen.generator.ir.serialize import to_plain
from spacegen.generator.normalize import normalize
from spacegen.generator.raw import RawSnapshot, parse
from spacegen.generator.raw.legacy import file_format, mark_file_data, version_of

_FILE_ONE_OF = {"oneOf": [{"type": "string"}, {"type": "object", "properties": {}}]}


def item(component: str, schema: Any, python_type: str = "str", **extra: Any) -> dict[str, Any]:
    return {
        "label": component.lower(),
        "type": schema,
        "python_type": {"type": python_type, "description": ""},
        "component": component,
        "serializer": "x",
        **extra,
    }


def v3_snapshot(enable_queue: bool = False, queue: bool | None = None) -> RawSnapshot:
    """A 3.50 Blocks app: State + Image + Dropdown in, File list + Chatbot out, no api_name."""
    components = [
        {"id": 1, "type": "state", "props": {}},
        {"id": 2, "type": "image", "props": {}},
        {"id": 3, "type": "dropdown", "props": {"choices": [["a", "a"], ["b", "b"]]}},
        {"id": 4, "type": "file", "props": {"file_count": "multiple"}},
        {"id": 5, "type": "chatbot", "props": {}},
    ]
    dependency = {"inputs": [1, 2, 3], "outputs": [4, 5], "api_name": None, "backend_fn": True}
    if queue is not None:
        dependency["queue"] = queue
    config = {
        "version": "3.50.2",
        "enable_queue": enable_queue,
        "components": components,
        "dependencies": [
            {"inputs": [], "outputs": [], "api_name": "x", "backend_fn": False},
            dependency,
        ],
    }
    info = {
        "named_endpoints": {},
        "unnamed_endpoints": {
            "1": {
                "parameters": [
                    item("Image", {"type": "string", "description": "base64"}),
                    item("Dropdown", {"type": {}, "description": "any valid value"}),
                ],
                "returns": [
                    item("File", _FILE_ONE_OF, "List[str]"),
                    item("Chatbot", {"type": {}, "description": "any valid json"}),
                ],
            }
        },
    }
    return RawSnapshot("t", config, info)


def test_v3_unnamed_endpoint_is_named_by_position_and_retyped_by_component() -> None:
    result = normalize(v3_snapshot())
    (endpoint,) = result.app.endpoints
    assert (endpoint.api_name, endpoint.fn_index) == ("/fn_1", 1)
    assert endpoint.input_slots == (None, 0, 1)  # State is left out of 3.x /info
    assert [p.type for p in endpoint.params] == [FileType("image"), LiteralType(("a", "b"))]
    # no initial value in the config: the file list may come back unchanged, as None
    none = Prim("none")
    assert [o.type for o in endpoint.outputs] == [
        UnionType((ListType(FileType()), none)),
        JsonType(),
    ]
    assert (result.app.protocol, result.app.file_format) == ("ws", "v3")


def test_v3_untyped_components_get_one_warning_per_app() -> None:
    warnings = [d for d in normalize(v3_snapshot()).diagnostics if d.level == "warning"]
    assert len(warnings) == 1
    assert "Chatbot" in warnings[0].message and "Json" in warnings[0].message


@pytest.mark.parametrize(
    ("enable_queue", "queue", "queued"),
    [(False, None, False), (True, None, True), (True, False, False), (True, True, True)],
)
def test_v3_queued_follows_enable_queue_and_the_event(
    enable_queue: bool, queue: bool | None, queued: bool
) -> None:
    (dependency,) = [d for d in parse(v3_snapshot(enable_queue, queue)).config.dependencies][1:]
    assert dependency.queued is queued
    assert normalize(v3_snapshot(enable_queue, queue)).app.endpoints[0].queued is queued


def test_v3_name_already_taken_is_not_reused() -> None:
    snapshot = v3_snapshot()
    snapshot.config["dependencies"][0]["api_name"] = "fn_1"
    assert normalize(snapshot).app.endpoints == ()


def test_v3_rewrite_leaves_the_snapshot_untouched() -> None:
    snapshot = v3_snapshot()
    before = repr((snapshot.config, snapshot.info))
    normalize(snapshot)
    assert repr((snapshot.config, snapshot.info)) == before


def test_4x_queue_is_always_usable_and_defaults_stay_out_of_the_ir_json() -> None:
    config = {"version": "4.44.1", "enable_queue": False, "dependencies": []}
    app = normalize(RawSnapshot("t", config, {"named_endpoints": {}})).app
    assert app.file_format == "filedata"
    assert "file_format" not in to_plain(app)


_UNMARKED = {
    "title": "FileData",
    "type": "object",
    "properties": {"path": {"type": "string"}, "url": {}, "orig_name": {}},
}


def test_unmarked_file_data_of_early_4x_becomes_a_file() -> None:
    config = {
        "version": "4.7.1",
        "protocol": "sse",
        "components": [{"id": 1, "type": "image", "props": {}}],
        "dependencies": [{"inputs": [1], "outputs": [], "api_name": "f", "backend_fn": True}],
    }
    info = {"named_endpoints": {"/f": {"parameters": [item("Image", _UNMARKED)], "returns": []}}}
    app = normalize(RawSnapshot("t", config, info)).app
    assert app.endpoints[0].params[0].type == FileType()
    assert (app.protocol, app.file_format) == ("sse", "filedata_unmarked")


def test_mark_file_data_reaches_defs_and_skips_look_alikes() -> None:
    other = {"title": "Other", "properties": {"path": {}, "url": {}, "orig_name": {}}}
    marked = mark_file_data({"$defs": {"FileData": _UNMARKED, "Other": other}})
    assert "meta" in marked["$defs"]["FileData"]["properties"]
    assert marked["$defs"]["Other"] == other


@pytest.mark.parametrize(
    ("version", "expected"),
    [
        ("3.50.2", "v3"),
        ("4.0.0", "filedata_unmarked"),
        ("4.20.1", "filedata_unmarked"),
        ("4.21.0", "filedata"),
        ("6.31.0", "filedata"),
        ("unknown", "filedata"),
    ],
)
def test_file_format_by_version(version: str, expected: str) -> None:
    assert file_format({"version": version}) == expected


def test_version_of_rejects_garbage() -> None:
    assert version_of({"version": "3.x"}) is None
    assert version_of({"version": 3}) is None
    assert version_of([]) is None
    assert version_of({"version": "4.21.0b1"}) == (4, 21)


def test_number_slider_and_text_keep_their_3x_schema() -> None:
    config = {
        "version": "3.50.2",
        "components": [{"id": 1, "type": "number", "props": {}}],
        "dependencies": [{"inputs": [1], "outputs": [], "api_name": "f", "backend_fn": True}],
    }
    info = {"named_endpoints": {"/f": {"parameters": [item("Number", {"type": "number"})]}}}
    info["named_endpoints"]["/f"]["returns"] = []
    endpoint = normalize(RawSnapshot("t", config, info)).app.endpoints[0]
    assert endpoint.params[0].type == Prim("float")


def test_missing_parameter_names_are_noted_once() -> None:
    notes = [d for d in normalize(v3_snapshot()).diagnostics if "parameter names" in d.message]
    assert [d.level for d in notes] == ["info"]
