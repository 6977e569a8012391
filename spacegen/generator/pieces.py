"""Cut a module's text into statement pieces and give each a shape, for :mod:`.format`.

A *piece* is one top-level statement, or one statement directly in the body of a top-level
class, with the blank and comment lines before it; the pieces concatenate to the text. Pieces
are cut only where a line starts outside strings and brackets, never inside a compound statement
(``else:``, ``except``...), between decorators and their ``def``, or before a block's first
statement, so any in-order subset of them is still a module.

A piece's *shape* is its text with every identifier (keywords, soft keywords and the few names
black looks at aside), every decimal integer and the letters and digits of every plain string
written as ``x``/``1`` of the same width. Black's layout decisions read token kinds, widths,
brackets, commas, comments and string quotes, never what such characters spell, so two pieces of
one shape, after pieces of one shape, are formatted alike: when one is left unchanged so is the
other. Comments, f-/t-strings, escapes and non-ASCII text are kept as they are.
"""

from __future__ import annotations

import itertools
import keyword
import re
import string
from collections.abc import Iterator
from typing import NamedTuple

#: Names whose spelling black (or its parser) reads.
_KEPT_NAMES = frozenset(
    [*keyword.kwlist, *keyword.softkwlist, "print", "exec", "__future__", "annotations"]
)
QUOTED = (
    r"""(?:\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\""""
    r"""|'''(?:[^'\\]|\\.|'(?!''))*'''"""
    r'''|"(?:[^"\\\r\n]|\\.)*"'''
    r"""|'(?:[^'\\\r\n]|\\.)*')"""
)
_STRING = rf"[A-Za-z]{{0,2}}{QUOTED}"
#: What the line scan needs to see: strings (whole; a prefix does not move their end), comments,
#: brackets and backslash continuations.
_LEXEME = re.compile(rf"{QUOTED}|#[^\r\n]*|[\[\](){{}}]|\\\r?\n", re.S)
_STRING_ONLY = re.compile(rf"{_STRING}|#[^\r\n]*", re.S)
_SHAPE_TOKEN = re.compile(
    rf"(?P<string>{_STRING})|(?P<comment>#[^\r\n]*)"
    r"|(?P<name>[A-Za-z_][A-Za-z0-9_]*)|(?P<number>[0-9][0-9A-Za-z_]*(?:\.[0-9A-Za-z_]*)?)",
    re.S,
)
_STRING_ALNUM = re.compile(r"(?<![\\A-Za-z0-9])[A-Za-z0-9]+")
_ALNUM_TO_X = str.maketrans(dict.fromkeys(string.ascii_letters + string.digits, "x"))
_CONTINUATION = re.compile(r"(?:else|elif|except|finally|case)\b")


class _Line(NamedTuple):
    text: str
    free: bool  # starts outside strings, brackets and backslash continuations
    code: bool  # free, and holds code (not blank, not only a comment)
    indent: int


def _line(text: str, free: bool) -> _Line:
    stripped = text.strip()
    code = free and bool(stripped) and not stripped.startswith("#")
    return _Line(text, free, code, len(text) - len(text.lstrip(" ")))


def split_pieces(text: str) -> list[str]:
    """The pieces of ``text`` (``"".join`` of them is ``text``)."""
    lines = _scan(text)
    starts = [0, *_starts(lines), len(lines)]
    return [
        "".join(line.text for line in lines[a:b]) for a, b in itertools.pairwise(starts) if b > a
    ]


def _scan(text: str) -> list[_Line]:
    """Lines of ``text``, each marked free when it starts outside strings and brackets."""
    texts = [f"{part}\n" for part in text.split("\n")]
    texts[-1] = texts[-1][:-1]
    if not texts[-1]:
        texts.pop()
    spans = iter(_bound_spans(text))
    lines, at, (start, end) = [], 0, next(spans, (-1, -1))
    for line_text in texts:  # a line is bound when the newline before it is inside a span
        while 0 <= end <= at - 1:
            start, end = next(spans, (-1, -1))
        lines.append(_line(line_text, at == 0 or not start < at - 1 < end))
        at += len(line_text)
    return lines


def logical_lines(piece: str) -> list[list[str]]:
    """The lines of ``piece``, grouped by the free line that starts each (so a group is a logical
    line, or a blank or comment line)."""
    groups: list[list[str]] = []
    for line in _scan(piece):
        if line.free or not groups:
            groups.append([])
        groups[-1].append(line.text)
    return groups


def _bound_spans(text: str) -> Iterator[tuple[int, int]]:
    """In order, the ``(start, end)`` offsets of the bracketed regions and the multi-line
    strings and backslash continuations outside them: a newline strictly inside one is bound."""
    depth, opened = 0, 0
    for match in _LEXEME.finditer(text):
        first = match.group()[0]
        if first in "([{":
            opened = match.start() if depth == 0 else opened
            depth += 1
        elif first in ")]}":
            depth -= 1
            if depth == 0:
                yield opened, match.end()
        elif depth == 0 and first != "#" and "\n" in match.group():
            yield match.span()


def _starts(lines: list[_Line]) -> Iterator[int]:
    """Indexes of the lines where a piece other than the first starts."""
    in_class, statement, last = False, "", ""
    for index, line in enumerate(lines):
        if line.code:
            in_class = in_class if line.indent else line.text.startswith("class ")
            if statement and _cuttable(line, statement, last, in_class):
                yield _leading_start(lines, index)
            statement = line.text.strip()
        if line.text.strip() and not (line.free and line.text.lstrip().startswith("#")):
            last = line.text.strip()


def _cuttable(line: _Line, statement: str, last: str, in_class: bool) -> bool:
    """Whether a piece may start at ``line`` (``statement``: the previous free code line,
    ``last``: the previous line holding code)."""
    if line.indent not in ((0, 4) if in_class else (0,)):
        return False
    if statement.startswith("@") or last.endswith((":", "\\")) or "#" in last:
        return False
    return _CONTINUATION.match(line.text.lstrip()) is None


def _leading_start(lines: list[_Line], index: int) -> int:
    """Back from a statement over the blank and comment lines that precede it."""
    while index > 0 and lines[index - 1].free and not lines[index - 1].code:
        index -= 1
    return index


def shape(piece: str) -> str:
    """``piece`` with what black does not read written as ``x``/``1`` of the same width."""
    return _SHAPE_TOKEN.sub(_shape_token, piece)


def _shape_token(match: re.Match[str]) -> str:
    token = match.group()
    if match.lastgroup == "name":
        return token if token in _KEPT_NAMES else "x" * len(token)
    if match.lastgroup == "number":
        return "1" * len(token) if token.isdigit() else token
    if match.lastgroup == "string" and _plain(token):
        cut = _prefix_length(token)
        if "\\" not in token:  # every letter and digit is hidden: translate them at once
            return token[:cut] + token[cut:].translate(_ALNUM_TO_X)
        return token[:cut] + _STRING_ALNUM.sub(_xs, token[cut:])
    return token


def _xs(match: re.Match[str]) -> str:
    return "x" * len(match.group())


def respell(formatted: str, piece: str) -> str | None:
    """``formatted`` (black's output for a piece of ``piece``'s shape) spelt as ``piece``:
    black keeps the characters a shape hides, in order, so they are put back one for one.
    ``None`` when the two do not line up."""
    theirs, ours = _holes(formatted), _holes(piece)
    if [b - a for a, b in theirs] != [b - a for a, b in ours]:
        return None
    parts, done = [], 0
    for (start, end), (a, b) in zip(theirs, ours, strict=True):
        parts += [formatted[done:start], piece[a:b]]
        done = end
    return "".join([*parts, formatted[done:]])


def spelling(piece: str) -> str:
    """The characters :func:`shape` hides, in order (black's formatting never changes them)."""
    return "".join(piece[a:b] for a, b in _holes(piece))


def _holes(piece: str) -> list[tuple[int, int]]:
    """Spans of the characters :func:`shape` hides."""
    spans: list[tuple[int, int]] = []
    for match in _SHAPE_TOKEN.finditer(piece):
        token = match.group()
        hidden_name = match.lastgroup == "name" and token not in _KEPT_NAMES
        if hidden_name or (match.lastgroup == "number" and token.isdigit()):
            spans.append(match.span())
        elif match.lastgroup == "string" and _plain(token):
            at = match.start()
            found = _STRING_ALNUM.finditer(token, _prefix_length(token))
            spans += [(at + m.start(), at + m.end()) for m in found]
    return spans


def _plain(token: str) -> bool:
    """A string literal whose letters and digits black never reads (not an f-/t-string)."""
    prefix = token[: _prefix_length(token)].lower()
    return "f" not in prefix and "t" not in prefix


def _prefix_length(token: str) -> int:
    return len(token) - len(token.lstrip(string.ascii_letters))


def overlong(piece: str, width: int) -> bool:
    """Whether a line of ``piece`` is longer than ``width`` with its strings emptied (black
    will split it)."""
    return any(len(line) > width for line in _STRING_ONLY.sub('""', piece).split("\n"))


def owners(pieces: list[str]) -> list[int | None]:
    """For each piece in a class body, the index of the piece holding its ``class`` line."""
    found: list[int | None] = []
    top = None
    for index, piece in enumerate(pieces):
        if _first_code(piece).startswith((" ", "\t")):
            found.append(top)
        else:
            found.append(None)
            top = index
    return found


def _first_code(piece: str) -> str:
    """The first line of ``piece`` holding code (pieces start with blank lines and comments)."""
    for line in piece.split("\n"):
        if line.strip() and not line.lstrip().startswith("#"):
            return line
    return ""
