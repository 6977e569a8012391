"""JSON schema → TypeRef rules, one small hand-written schema at a time."""

from __future__ import annotations

from typing import Any

import pytest

from spacegen.generator.ir import (
    AnyType,
    FileType,
    JsonType,
    ListType,
    LiteralType,
    MapType,
    Prim,
    StructField,
    StructType,
    TupleType,
    TypeRef,
    UnionType,
)
from spacegen.generator.normalize.schema import SchemaMapper
from spacegen.generator.raw import Problems

STR, INT, FLOAT, NONE = Prim("str"), Prim("int"), Prim("float"), Prim("none")
META_CONST = {
    "properties": {"_type": {"const": "gradio.FileData", "type": "string"}},
    "required": ["_type"],
    "type": "object",
}


def mapped(schema: Any) -> tuple[TypeRef, Problems]:
    problems = Problems()
    return SchemaMapper(schema, "/t: param 'x'", problems).map(schema, "Value"), problems


def typ(schema: Any) -> TypeRef:
    result, problems = mapped(schema)
    assert not [d for d in problems.items if d.level != "info"], problems.items
    return result


def file_schema(meta: Any, title: str = "FileData") -> dict[str, Any]:
    return {
        "properties": {"path": {"type": "string"}, "url": {"type": "string"}, "meta": meta},
        "required": ["path"],
        "title": title,
        "type": "object",
    }


@pytest.mark.parametrize(
    ("schema", "expected"),
    [
        ({"type": "string"}, STR),
        ({"type": "integer"}, INT),
        ({"type": "number"}, FLOAT),
        ({"type": "boolean"}, Prim("bool")),
        ({"type": "null"}, NONE),
        ({"type": ["string", "null"]}, UnionType((STR, NONE))),
        ({}, JsonType()),
        ({"type": {}}, JsonType()),
        ({"description": "any valid json", "type": {}}, JsonType()),
        (None, JsonType()),
        ({"const": "a"}, LiteralType(("a",))),
        ({"const": None}, NONE),
        ({"enum": ["a", "b", "a"], "type": "string"}, LiteralType(("a", "b"))),
        ({"enum": [1, 2], "type": "string"}, LiteralType((1, 2))),
        ({"enum": ["a", None], "type": "string"}, UnionType((LiteralType(("a",)), NONE))),
        ({"type": "array", "items": {"type": "integer"}}, ListType(INT)),
        ({"type": "array"}, ListType(JsonType())),
        ({"items": {"type": "string"}}, ListType(STR)),
        (
            {
                "type": "array",
                "prefixItems": [{"type": "string"}, {"type": "integer"}],
                "items": False,
            },
            TupleType((STR, INT)),
        ),
        ({"type": "object", "additionalProperties": {"type": "integer"}}, MapType(INT)),
        ({"type": "object", "additionalProperties": True}, MapType(JsonType())),
        ({"type": "object"}, MapType(JsonType())),
        ({"allOf": [{"type": "integer"}]}, INT),
    ],
)
def test_simple_shapes(schema: Any, expected: TypeRef) -> None:
    assert typ(schema) == expected


def test_empty_enum_is_plain_type_with_info() -> None:
    result, problems = mapped({"enum": [], "type": "string"})
    assert result == STR
    assert [d.level for d in problems.items] == ["info"]


def test_struct_fields_in_schema_order_with_required_and_descriptions() -> None:
    schema = {
        "title": "Point",
        "type": "object",
        "properties": {
            "y": {"type": "number", "description": "up"},
            "x": {"type": "number"},
        },
        "required": ["x"],
    }
    assert typ(schema) == StructType(
        "Point",
        (StructField("y", FLOAT, False, "up"), StructField("x", FLOAT, True)),
    )


def test_untitled_struct_named_from_field() -> None:
    schema = {"type": "object", "properties": {"inner_box": {"properties": {"a": {}}}}}
    outer = typ(schema)
    assert isinstance(outer, StructType) and outer.name == "Value"
    inner = outer.fields[0].type
    assert isinstance(inner, StructType) and inner.name == "InnerBox"


def test_union_flattens_dedupes_and_collapses() -> None:
    schema = {"anyOf": [{"type": "string"}, {"anyOf": [{"type": "string"}, {"type": "null"}]}]}
    assert typ(schema) == UnionType((STR, NONE))
    assert typ({"oneOf": [{"type": "string"}, {"type": "string"}]}) == STR
    consts = {"anyOf": [{"const": "a"}, {"type": "null"}, {"const": "b"}]}
    assert typ(consts) == UnionType((LiteralType(("a", "b")), NONE))


def test_ref_resolves_against_defs_and_definitions() -> None:
    schema = {"$ref": "#/$defs/N", "$defs": {"N": {"type": "integer"}}}
    assert typ(schema) == INT
    old = {"$ref": "#/definitions/N", "definitions": {"N": {"type": "string"}}}
    assert typ(old) == STR


def test_ref_cycle_becomes_json_with_warning() -> None:
    node = {
        "title": "Node",
        "type": "object",
        "properties": {"children": {"type": "array", "items": {"$ref": "#/$defs/Node"}}},
    }
    schema = {"$ref": "#/$defs/Node", "$defs": {"Node": node}}
    result, problems = mapped(schema)
    assert result == StructType("Node", (StructField("children", ListType(JsonType()), False),))
    assert [d.level for d in problems.items] == ["warning"]


def test_self_ref_root_does_not_recurse() -> None:
    result, problems = mapped({"$ref": "#"})
    assert result == JsonType()
    assert problems.items


@pytest.mark.parametrize(
    "schema",
    [
        {"type": "tensor"},
        {"not": {"type": "string"}},
        {"if": {"type": "string"}, "then": {}},
        {"type": "object", "patternProperties": {"^a": {}}},
        {"$ref": "#/$defs/Missing"},
        {"$ref": "http://elsewhere/schema"},
        {"$ref": 3},
        {"anyOf": []},
        {"allOf": [{}, {}]},
        {"enum": "abc"},
        {"enum": [{"a": 1}]},
        {"type": {"weird": 1}},
        "string",
        3,
        [{"type": "string"}],
    ],
)
def test_unmappable_is_any_with_warning(schema: Any) -> None:
    result, problems = mapped(schema)
    assert isinstance(result, AnyType)
    assert result.reason
    assert [d.level for d in problems.items] == ["warning"]
    assert problems.items[0].where == "/t: param 'x'"


def test_deep_nesting_is_bounded() -> None:
    schema: dict[str, Any] = {"type": "string"}
    for _ in range(5000):
        schema = {"type": "array", "items": schema}
    result, problems = mapped(schema)
    assert isinstance(result, ListType)
    assert [d.level for d in problems.items] == ["warning"]


# --------------------------------------------------------------------------------- files


def test_file_with_meta_const_via_ref() -> None:
    schema = file_schema({"$ref": "#/$defs/FileDataMeta"})
    schema["$defs"] = {"FileDataMeta": META_CONST}
    assert typ(schema) == FileType("file")


def test_file_4_44_meta_default_only() -> None:
    meta = {"default": {"_type": "gradio.FileData"}, "title": "Meta", "type": "object"}
    assert typ(file_schema(meta)) == FileType("file")


def test_image_data_marked_by_meta_default() -> None:
    meta = {"additionalProperties": True, "default": {"_type": "gradio.FileData"}, "type": "object"}
    assert typ(file_schema(meta, title="ImageData")) == FileType("image")


def test_path_and_meta_without_marker_is_a_struct() -> None:
    result = typ(file_schema({"type": "object"}, title="Thing"))
    assert isinstance(result, StructType) and result.name == "Thing"


def test_files_found_deep_in_the_tree() -> None:
    meta = {"default": {"_type": "gradio.FileData"}, "type": "object"}
    gallery = {
        "type": "array",
        "items": {
            "anyOf": [
                {"title": "GalleryImage", "properties": {"image": file_schema(meta, "ImageData")}},
                {"title": "GalleryVideo", "properties": {"video": {"$ref": "#/$defs/FileData"}}},
            ]
        },
        "$defs": {"FileData": file_schema(meta)},
    }
    result = typ(gallery)
    assert isinstance(result, ListType) and isinstance(result.item, UnionType)
    image, video = result.item.options
    assert isinstance(image, StructType) and image.fields[0].type == FileType("image")
    assert isinstance(video, StructType) and video.fields[0].type == FileType("file")
