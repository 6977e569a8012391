"""The one docstring escaper and the one literal writer hold for any text."""

from __future__ import annotations

import ast
import math

import pytest

from spacegen.generator.render.text import comment_text, docstring, literal

HOSTILE = [
    "plain",
    '"""; import os; os.system("x"); """',
    "'''; import os; '''",
    'ends with a quote"',
    'ends with two quotes""',
    '""""""',
    "back\\slash \\N{BULLET} \\x00 \\",
    "trailing backslash \\",
    "crlf\r\nline\rbreak",
    "nul \x00 bell \x07 esc \x1b[31m",
    "lone surrogate \ud800 end",
    "emoji 🎉 rtl \u202e gnirts \u2028 sep \u2029",
    "привет 你好 مرحبا",
    "\ttab\x0bvt\x0cff\x85nel",
]


def _normalised(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.strip().split("\n"))


@pytest.mark.parametrize("text", HOSTILE)
def test_docstring_reads_back_as_the_text(text: str) -> None:
    source = f"def f():\n    {docstring(text, '    ')}\n"
    tree = ast.parse(source)
    func = tree.body[0]
    assert isinstance(func, ast.FunctionDef)
    value = ast.get_docstring(func, clean=False)
    assert value is not None
    assert [ln.strip() for ln in value.strip().split("\n")] == [
        ln.strip() for ln in _normalised(text).split("\n")
    ]


@pytest.mark.parametrize("text", HOSTILE)
def test_docstring_is_one_token_of_printable_ascii_or_safe_unicode(text: str) -> None:
    doc = docstring(text)
    assert "\r" not in doc and "\x00" not in doc and "\u202e" not in doc
    doc.encode("utf-8")  # no lone surrogates survive
    assert isinstance(ast.literal_eval(doc), str)


@pytest.mark.parametrize(
    "value",
    [
        None,
        True,
        False,
        0,
        -3,
        10**30,
        1.5,
        -0.0,
        "x",
        *HOSTILE,
        [1, "a", None],
        {"k": [1]},
        {'"""': {"\x00": ["\ud800"]}},
    ],
)
def test_literal_round_trips(value: object) -> None:
    text = literal(value)
    assert "\n" not in text and "\r" not in text
    text.encode("utf-8")
    assert ast.literal_eval(text) == value


def test_literal_prefers_double_quotes_like_black() -> None:
    assert literal("a") == '"a"'
    assert literal("it's") == '"it\'s"'
    assert literal('say "hi"') == "'say \"hi\"'"


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf])
def test_non_finite_floats_are_expressions_not_tokens(value: float) -> None:
    text = literal(value)
    assert "nan" not in text.replace('"nan"', "") and "inf" not in text.replace('"inf"', "")
    result = eval(text, {"__builtins__": {"float": float}})  # only float() is reachable
    assert (math.isnan(result) and math.isnan(value)) or result == value


def test_literal_rejects_non_json() -> None:
    with pytest.raises(TypeError):
        literal(object())


@pytest.mark.parametrize("text", HOSTILE)
def test_comment_text_is_a_single_ascii_line(text: str) -> None:
    shown = comment_text(text)
    assert shown.isascii() and "\n" not in shown and "\r" not in shown
