"""Identifiers from untrusted names: sanitising, keywords, collisions (incl. submit_/stream_)."""

from __future__ import annotations

import ast

import pytest
from gen_helpers import generate_text
from gen_samples import INT, STR, app, endpoint, out, param

from spacegen.generator.ir.model import FileType
from spacegen.generator.render.names import Allocator, camel, qualifier, snake
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


def test_allocator_prefers_the_qualified_name_and_numbers_last() -> None:
    names = Allocator({"report"})
    assert names.take("report", qualified="report_file") == "report_file"
    assert names.take("report", qualified="report_file") == "report_2"
    assert names.take("summary", qualified="summary_file") == "summary"
    assert names.take("x", qualified="x") == "x"
    assert names.take("x", qualified="x") == "x_2"  # a qualifier equal to the base is no help


@pytest.mark.parametrize(
    ("base", "kind", "expected"),
    [
        ("report", "File", "report_file"),
        ("report", "HighlightedText", "report_highlighted_text"),
        ("image", "Image", None),
        ("output_image", "Image", None),
        ("highlighted_text", "Highlightedtext", None),
        ("x", "", None),
        ("x", "??", None),
    ],
)
def test_qualifier_names_the_component_kind(base: str, kind: str, expected: str | None) -> None:
    assert qualifier(base, kind) == expected


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
    assert methods[:9] == ["predict", "submit_predict", "batch_predict", "predict_endpoint",
                           "submit_predict_endpoint", "batch_predict_endpoint",
                           "submit_predict_2", "submit_submit_predict_2",
                           "batch_submit_predict_2"]  # fmt: skip
    assert "call" in methods and "init" in methods and "self" in methods
    assert "str" not in methods and "str_endpoint" in methods
    assert {"chat", "stream_chat", "stream_chat_endpoint"} <= set(methods)
    assert {"close_endpoint", "view_api_endpoint"} <= set(methods)
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
    defs = [n for n in ast.walk(ast.parse(text)) if isinstance(n, ast.FunctionDef)]
    method = next(n for n in defs if n.name == "p")
    names = [a.arg for a in method.args.args]
    assert names == ["self", "self_textbox", "class_", "x", "x_textbox", "arg_4", "arg_1st"]
    assert "    a: str\n    a_textbox: str\n" in text  # NamedTuple fields unique


def test_result_field_names_never_start_with_underscore_or_shadow_types() -> None:
    outs = (out("_private", STR), out("str", STR), out("count", INT), out("", STR))
    text = generate_text(app(endpoint("/r", 0, (), outs)))
    fields = "    private: str\n    str_textbox: str\n    count_textbox: int\n    textbox: str\n"
    assert fields in text


def test_a_field_may_share_a_method_name_and_clashes_say_the_component() -> None:
    """Issue 12: a File output "Report" of an endpoint ``report`` was ``report_2``."""
    outs = (out("Summary", STR), out("Report", FileType(), "File"), out("Report", STR, "Markdown"))
    text = generate_text(app(endpoint("/report", 0, (), outs)))
    assert "def report(self) -> ReportResult:" in text
    fields = "    summary: str\n    report: RemoteFile\n    report_markdown: str\n"
    assert fields in text
    assert "_2" not in text


def test_a_third_clash_falls_back_to_a_number() -> None:
    outs = (out("a", STR), out("a", STR), out("a", STR))
    text = generate_text(app(endpoint("/p", 0, (), outs)))
    assert "    a: str\n    a_textbox: str\n    a_2: str\n" in text
