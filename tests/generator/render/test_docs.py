"""Method docstrings: what helps a caller, in one notation (Python literals), no Sphinx roles."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from gen_helpers import generate_text
from gen_samples import STR, app, endpoint, out

from spacegen.generator.ir.model import (
    FileType,
    ListType,
    LiteralType,
    Output,
    Param,
    Prim,
    UnionType,
)
from spacegen.generator.render.docs import method_doc, short_doc

ROOT = Path(__file__).resolve().parents[3]
FILE_DATA_DOC = (
    "The FileData class is a subclass of the GradioModel class that represents a file object "
    "within a Gradio interface. It is used to store file data and metadata when a file is "
    "uploaded. Attributes: path: The server file path where the file is stored. url: ..."
)
BUS = "https://example.org/bus.png"
_DOCUMENTED = (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)


def _doc(*params: Param, outputs: tuple[Output, ...] = ()) -> str:
    return method_doc(endpoint("/p", 0, params, outputs), [p.name for p in params], None)


def test_gradio_class_docs_are_left_out() -> None:
    p = Param("f", "File", "File", FileType(), description=FILE_DATA_DOC)
    o = Output("Report", "File", FileType(), description=FILE_DATA_DOC)
    text = _doc(p, outputs=(o,))
    assert "GradioModel" not in text and "FileData" not in text
    assert '    f: File "File".' in text and '    File "Report".' in text


def test_an_endpoint_described_by_a_gradio_class_doc_gets_the_plain_line() -> None:
    helper = "Helper class that contains the flagging options and calls the flagging method."
    ep = endpoint("/flag", 0, (), (), description=helper)
    assert method_doc(ep, [], None) == "Call the app's '/flag' endpoint."
    ep = endpoint("/add", 1, (), (), description="Add two numbers.")
    assert method_doc(ep, [], None) == "Add two numbers."


def test_a_caller_description_is_kept_and_ends_with_one_stop() -> None:
    p = Param("n", "N", "Number", Prim("int"), description="numeric value between 0 and 100.")
    assert '    n: Number "N". numeric value between 0 and 100.\n' in _doc(p) + "\n"


def test_a_cut_description_ends_with_its_ellipsis_only() -> None:
    p = Param("t", "T", "Textbox", STR, description="word " * 100, has_default=True, default="x")
    text = " ".join(_doc(p).split())
    assert "\u2026 Default:" in text and "\u2026." not in text


def test_examples_choices_and_defaults_are_python_literals() -> None:
    t = UnionType((LiteralType(("a", "b")), Prim("none")))
    p = Param("c", "C", "Dropdown", t, has_default=True, default=None)
    q = Param("h", "H", "Chatbot", ListType(STR), example=[["hi", None], [True, False]],
              has_example=True)  # fmt: skip
    text = " ".join(_doc(p, q).split())
    assert 'Choices: ["a", "b"]. Default: None.' in text
    assert 'Example: [["hi", None], [True, False]].' in text
    assert "null" not in text and "true" not in text


def test_a_file_example_is_what_a_caller_passes() -> None:
    file_data = {"path": BUS, "url": BUS, "orig_name": "bus.png",
                 "meta": {"_type": "gradio.FileData"}}  # fmt: skip
    p = Param("im", "Image", "Image", FileType(), example=file_data, has_example=True)
    v = Param("v", "Video", "Video", STR, example={"video": file_data}, has_example=True)
    text = " ".join(_doc(p, v).split())
    assert f'im: Image "Image". Example: "{BUS}".' in text
    assert f'v: Video "Video". Example: {{"video": "{BUS}"}}.' in text


def test_submit_and_stream_docs_have_no_sphinx_role() -> None:
    assert short_doc("Submit", "predict") == "Submit ``predict`` (same arguments)."
    text = generate_text(app(endpoint("/chat", 0, (), (out("o", STR),), generator=True)))
    assert ":meth:" not in text


@pytest.mark.parametrize(
    "folder", sorted(ROOT.glob("tests/golden/*/client.py")), ids=lambda p: p.parent.name
)
def test_goldens_carry_no_internal_docs_or_json_notation(folder: Path) -> None:
    tree = ast.parse(folder.read_text(encoding="utf-8"))
    nodes = [n for n in ast.walk(tree) if isinstance(n, _DOCUMENTED)]
    docs = "\n".join(ast.get_docstring(n) or "" for n in nodes)
    assert "Args:" in docs
    for bad in ("GradioModel", ":meth:", "\u2026.", "null", "Example: true", "Example: false"):
        assert bad not in docs
