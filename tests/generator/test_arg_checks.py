"""The kind a generated endpoint checks for each argument type."""

from __future__ import annotations

import pytest

from spacegen.generator.ir.model import (
    FileType,
    JsonType,
    ListType,
    LiteralType,
    MapType,
    Prim,
    TypeRef,
    UnionType,
)
from spacegen.generator.render.checks import arg_checks, arg_kind

NONE = Prim("none")


@pytest.mark.parametrize(
    ("t", "kind"),
    [
        (Prim("str"), "str"),
        (Prim("int"), "int"),
        (Prim("float"), "number"),
        (Prim("bool"), "bool"),
        (LiteralType(("a", "b")), "str"),
        (LiteralType((1, 2)), "int"),
        (LiteralType(("a", 1)), ""),
        (FileType("image"), "file"),
        (ListType(Prim("str")), "list"),
        (MapType(Prim("int")), "dict"),
        (UnionType((Prim("str"), NONE)), "str?"),
        (UnionType((Prim("str"), Prim("int"))), ""),
        (JsonType(), ""),
    ],
)
def test_kinds(t: TypeRef, kind: str) -> None:
    assert arg_kind(t) == kind


def test_only_checkable_parameters_are_listed() -> None:
    checks = arg_checks(["a", "b", "c"], [Prim("str"), JsonType(), FileType()])
    assert checks == ((0, "a", "str"), (2, "c", "file"))
