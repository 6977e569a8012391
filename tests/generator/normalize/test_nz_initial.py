"""Outputs' initial values and optional types (``normalize/initial.py``)."""

from __future__ import annotations

from typing import Any

import pytest

from spacegen.generator.ir.model import (
    FileType,
    JsonType,
    ListType,
    LiteralType,
    Prim,
    StructField,
    StructType,
    TypeRef,
    UnionType,
)
from spacegen.generator.normalize.initial import (
    MAX_INITIAL_CHARS,
    conforms,
    initial_value,
    nullable,
)
from spacegen.generator.raw import RawComponent

STR, INT, FLOAT = Prim("str"), Prim("int"), Prim("float")
POINT = StructType("Point", (StructField("x", INT, True), StructField("y", INT, False)))


def component(value: Any, kind: str = "number") -> RawComponent:
    props = {} if value is ... else {"value": value}
    return RawComponent(id=1, type=kind, props=props, skip_api=False)


@pytest.mark.parametrize(
    ("t", "value", "ok"),
    [
        (STR, "a", True),
        (STR, 1, False),
        (FLOAT, 1, True),
        (INT, True, False),
        (Prim("bool"), True, True),
        (LiteralType(("a", "b")), "b", True),
        (LiteralType(("a", "b")), "c", False),
        (ListType(INT), [1, 2], True),
        (ListType(INT), [1, "x"], False),
        (POINT, {"x": 1}, True),
        (POINT, {"y": 1}, False),
        (POINT, {"x": 1, "z": 2}, False),
        (FileType(), {"path": "/tmp/a.png", "url": None}, True),
        (FileType(), "a.png", False),
        (JsonType(), {"any": ["thing"]}, True),
        (UnionType((INT, STR)), "x", True),
    ],
)
def test_conforms(t: TypeRef, value: Any, ok: bool) -> None:
    assert conforms(t, value) is ok


def test_initial_value_only_when_present_small_and_conforming() -> None:
    assert initial_value(component("hi"), STR) == "hi"
    assert initial_value(component(...), STR) is None
    assert initial_value(component(None), STR) is None
    assert initial_value(component(3), STR) is None
    assert initial_value(component("x" * MAX_INITIAL_CHARS), STR) is None
    assert initial_value(None, STR) is None


def test_an_empty_text_box_or_list_shows_its_empty_value() -> None:
    assert initial_value(component(..., "textbox"), STR) == ""
    assert initial_value(component(None, "gallery"), ListType(FileType())) == []
    assert initial_value(component(..., "textbox"), INT) is None  # must still conform
    assert initial_value(component(..., "number"), INT) is None


def test_nullable_adds_none_once() -> None:
    assert nullable(STR) == UnionType((STR, Prim("none")))
    assert nullable(UnionType((STR, INT))) == UnionType((STR, INT, Prim("none")))
    assert nullable(UnionType((STR, Prim("none")))) == UnionType((STR, Prim("none")))
    assert nullable(JsonType()) == JsonType()
