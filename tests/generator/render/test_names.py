"""Identifiers from untrusted names: sanitising, keywords, collisions (incl. submit_/stream_)."""

from __future__ import annotations

import ast

import pytest
from gen_helpers import generate_text
from gen_samples import INT, STR, app, endpoint, out, param

from spacegen.generator.render.names import Allocator, camel, snake
from spacegen.generator.render.reserved import member_names
from spacegen.runtime import AsyncSpaceClient, SpaceClient


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("/predict", "predict"),
        ("/my-endpoint v2", "my_endpoint_v2"),
        ("__init__", "init"),
        ("class", "class_"),
        ("match", "match_"),
        ("type", "type_"),
        ("3d", "call_3d"),
        ("café", "cafe"),
        ("привет", "endpoint_7"),
        ("", "endpoint_7"),
        ("a__b", "a_b"),
        ("🎉", "endpoint_7"),
        ("getUser", "get_user"),
        ("HTTPServer2", "http_server2"),
    ],
)
def test_snake(raw: str, expected: str) -> None:
    assert snake(raw, digit_prefix="call_", empty="endpoint_7") == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("hello-world", "HelloWorld"),
        ("my_app", "MyApp"),
        ("3d", "App3d"),
        ("", "App"),
        ("None", "None_"),
    ],
)
def test_camel(raw: str, expected: str) -> None:
    assert camel(raw, empty="App") == expected


def test_allocator_suffixes_and_also_names() -> None:
    names = Allocator({"close"})
    assert names.take("close") == "close_2"
    assert names.take("x", also=lambda n: [f"submit_{n}"]) == "x"
    assert names.take("submit_x") == "submit_x_2"


def test_member_names_come_from_the_runtime_classes() -> None:
    members = member_names()
    assert {"_call", "_submit", "_stream", "_app"} <= members
    assert set(dir(SpaceClient)) | set(dir(AsyncSpaceClient)) <= members


def _methods(text: str, cls: str) -> list[str]:
    tree = ast.parse(text)
    (node,) = [n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == cls]
    return [n.name for n in node.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]


def test_collisions_are_resolved_deterministically() -> None:
    eps = [
        endpoint("/predict", 0, (), ()),
        endpoint("/predict", 1, (), ()),  # duplicate api_name
        endpoint("/submit_predict", 2, (), ()),  # collides with submit_ of the first
        endpoint("/_call", 3, (), ()),
        endpoint("/__init__", 4, (), ()),
        endpoint("/self", 5, (), ()),
        endpoint("/str", 6, (), ()),  # would shadow a type used in annotations
        endpoint("/chat", 7, (), (), generator=True),
        endpoint("/stream_chat", 8, (), ()),
    ]
    for name in sorted(member_names()):
        if not name.startswith("__") and name.strip("_"):
            eps.append(endpoint(f"/{name}", len(eps), (), ()))
    text = generate_text(app(*eps))
    methods = _methods(text, "HelloClient")
    assert len(methods) == len(set(methods))
    assert methods[:9] == ["predict", "submit_predict", "batch_predict", "predict_2",
                           "submit_predict_2", "batch_predict_2", "submit_predict_3",
                           "submit_submit_predict_3", "batch_submit_predict_3"]  # fmt: skip
    assert "call" in methods and "init" in methods and "self" in methods
    assert "str" not in methods and "str_2" in methods
    assert {"chat", "stream_chat", "stream_chat_2"} <= set(methods)
    assert not (set(methods) & member_names())
    assert _methods(text, "AsyncHelloClient") == methods


def test_parameter_names_unique_not_self_not_keywords() -> None:
    params = (
        param("self", STR),
        param("class", STR),
        param("x", STR),
        param("x", INT),
        param("", STR),
        param("1st", STR),
    )
    text = generate_text(app(endpoint("/p", 0, params, (out("a", STR), out("a", STR)))))
    assert (
        "def p(self, self_2: str, class_: str, x: str, x_2: int, arg_4: str, arg_1st: str)" in text
    )
    assert "    a: str\n    a_2: str\n" in text  # NamedTuple fields unique


def test_result_field_names_never_start_with_underscore_or_shadow_types() -> None:
    outs = (out("_private", STR), out("str", STR), out("count", INT), out("", STR))
    text = generate_text(app(endpoint("/r", 0, (), outs)))
    assert "    private: str\n    str_2: str\n    count_2: int\n    textbox: str\n" in text
