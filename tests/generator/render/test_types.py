"""Type spelling (ARCHITECTURE.md's table), literal-default fitting, file locators."""

from __future__ import annotations

import math

import pytest
from gen_samples import FILE_MESSAGE, FLOAT, INT, MESSAGE, NONE, STR

from spacegen.generator.ir.model import (
    AnyType,
    FileType,
    Json,
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
from spacegen.generator.render.names import Allocator
from spacegen.generator.render.types import Speller, Structs, file_paths, fits, needs_input


def _speller(*types: TypeRef) -> Speller:
    structs = Structs(Allocator())
    for t in types:
        structs.mark_input(t)
        structs.register(t)
    return Speller(structs)


@pytest.mark.parametrize(
    ("t", "inp", "out"),
    [
        (STR, "str", "str"),
        (NONE, "None", "None"),
        (LiteralType(("a", 1, True)), 'Literal["a", 1, True]', 'Literal["a", 1, True]'),
        (LiteralType(("a", 1.5)), 'Literal["a"] | float', 'Literal["a"] | float'),
        (LiteralType(()), "JsonInput", "Json"),
        (ListType(INT), "Sequence[int]", "list[int]"),
        (TupleType((STR, FileType())), "tuple[str, FileInput]", "tuple[str, RemoteFile]"),
        (TupleType(()), "tuple[()]", "tuple[()]"),
        (MapType(FLOAT), "Mapping[str, float]", "dict[str, float]"),
        (UnionType((STR, NONE, STR)), "str | None", "str | None"),
        (UnionType((UnionType((INT, STR)), INT)), "int | str", "int | str"),
        (UnionType(()), "JsonInput", "Json"),
        (FileType("image"), "FileInput", "RemoteFile"),
        (JsonType(), "JsonInput", "Json"),
        (AnyType("why"), "JsonInput", "Json"),
        (FILE_MESSAGE, "FileMessageInput | FileMessage", "FileMessage"),
        (StructType("P", (StructField("x", INT, True),)), "P", "P"),
    ],
)
def test_spelling(t: TypeRef, inp: str, out: str) -> None:
    speller = _speller(t)
    assert speller.spell(t, True) == inp
    assert speller.spell(t, False) == out


def test_nullable_widening_and_used_names() -> None:
    speller = _speller(MESSAGE)
    assert speller.spell(INT, True, nullable=True) == "int | None"
    assert speller.spell(UnionType((INT, NONE)), True, nullable=True) == "int | None"
    speller.spell(ListType(MESSAGE), True)
    assert {"Sequence"} <= speller.used


def test_structs_dedupe_and_order_dependencies_first() -> None:
    structs = Structs(Allocator())
    structs.mark_input(MESSAGE)
    structs.register(ListType(MESSAGE))
    structs.register(MESSAGE)
    names = [(i.name, i.input_name) for i in structs.ordered]
    assert names[-1] == ("Message", "MessageInput")
    assert ("FileMessage", "FileMessageInput") in names and ("TextMessage", None) in names
    assert len(names) == 3


def test_structs_only_returned_get_no_input_twin() -> None:
    structs = Structs(Allocator())
    structs.register(MESSAGE)
    assert [i.input_name for i in structs.ordered] == [None, None, None]
    with pytest.raises(AssertionError, match="mark_input"):
        Speller(structs).spell(MESSAGE, True)


def test_needs_input() -> None:
    assert not needs_input(StructType("A", (StructField("x", LiteralType(("a",)), True),)))
    assert needs_input(StructType("A", (StructField("x", ListType(STR), True),)))


@pytest.mark.parametrize(
    ("t", "value", "ok"),
    [
        (STR, "x", True),
        (STR, 1, False),
        (INT, 1, True),
        (INT, True, False),
        (INT, 1.0, False),
        (FLOAT, 1, True),
        (FLOAT, math.nan, False),
        (FLOAT, math.inf, False),
        (Prim("bool"), True, True),
        (Prim("bool"), 1, False),
        (LiteralType(("a", 1)), "a", True),
        (LiteralType((1,)), True, False),
        (LiteralType(("a",)), "b", False),
        (UnionType((INT, STR)), "x", True),
        (JsonType(), "x", True),
        (JsonType(), [1], False),
        (ListType(INT), [], False),
        (FileType(), "a.png", False),
    ],
)
def test_fits(t: TypeRef, value: Json, ok: bool) -> None:
    assert fits(t, value) is ok


def test_file_paths() -> None:
    assert file_paths(FileType()) == [()]
    assert file_paths(ListType(MESSAGE)) == [("*", "content", "*", "file")]
    assert file_paths(UnionType((FileType(), ListType(FileType())))) == [(), ("*",)]
    assert file_paths(MapType(TupleType((STR, FileType())))) == [("*", "*")]
    assert file_paths(STR) == []
