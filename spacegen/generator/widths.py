"""When a piece's widths cannot matter to black, for :mod:`.format`.

Shapes (:mod:`.pieces`) keep every width, so ``add_user`` and ``add_user_10`` give two shapes
and black sees a piece of each. Their *coarse* shapes (every run of ``x`` or ``1`` written once)
are equal. This module says when a piece ``E`` may share the result of the first piece ``R`` of
its coarse key (coarse previous shape, coarse shape, end of file): when black left ``R`` unchanged
and :func:`any_width` holds for ``E``, black leaves ``E`` unchanged too. The argument, from black's
``linegen.py`` / ``lines.py`` (black 26, stable style, no ``# fmt``/``# type`` comments):

* Blank lines (``EmptyLineTracker``) read the previous and current logical lines' depth, kind
  (def, class, decorator, import, flow control, comment, docstring) and the newlines before them:
  never a width. So a coarse predecessor gives the same blank lines.
* A logical line on one physical line is emitted as ``str(line)`` when it has no magic trailing
  comma (nor type/standalone comments, nor ``should_split_rhs``, which only split results carry)
  and fits the line length (``transform_line``). Both are checked on ``E`` (:func:`_no_magic_comma`,
  every line within ``width`` counted in UTF-8 bytes: at least ``str_width``).
* A ``def`` whose parameters end with a comma (a magic trailing comma, ``typedargslist``) and whose
  return annotation has no comma before a bracket nor a string goes to ``left_hand_split`` (not
  ``should_split_funcdef_with_rhs``): head ``def f(``, body, tail ``) -> T:``, all structural. The
  body is split at its commas by ``delimiter_split`` (several parameters: ``should_split_rhs``) or
  kept (one parameter: no comma-priority delimiter once the trailing comma is excluded); each
  resulting line then takes the one-line rule above.
* A statement that is one triple-quoted string (a docstring) keeps its lines: its width test
  (closing quotes after a last line longer than the limit) is false when every line fits, and
  ``rhs`` finds no bracket in it.

Every other width-dependent path (``rhs`` and its omitted trailers, optional parentheses, string
transforms) starts from a multi-line logical line of another kind, so such pieces are refused.
The whitespace, quotes, prefixes and parentheses black writes are structural: ``R`` unchanged means
``R``'s tokens are laid out as black lays them out, and ``E`` has the same tokens, in the same
lines, with other widths.
"""

from __future__ import annotations

import re

from spacegen.generator.pieces import QUOTED, logical_lines

_TRIPLE = ('"""', "'''")
_DEF_HEAD = re.compile(r" *(?:async )?def [A-Za-z_][A-Za-z0-9_]*\(\n")
_DEF_TAIL = re.compile(r" *\)(?: -> [^'\"\n]*)?:\n?")
_STRINGS = re.compile(QUOTED, re.S)
_BEFORE_CLOSER = re.compile(r",\s*([)\]}])")
#: What may precede the ``(`` of a one-tuple (black's one-sequence rule): not a call's trailer.
_TUPLE_AFTER = "([{,=:"
_REFUSED = ("#", "\t", "\\", "\r", "\f")


def coarse(shape: str) -> str:
    """``shape`` with every run of ``x`` and of ``1`` written once."""
    return re.sub(r"1+", "1", re.sub(r"x+", "x", shape))


def any_width(piece: str, width: int) -> bool:
    """Whether black treats ``piece`` as any piece of its coarse shape whose lines fit (above)."""
    if any(char in piece for char in _REFUSED):
        return False
    if any(len(line.encode()) > width for line in piece.split("\n")):
        return False
    return all(_known(lines) for lines in logical_lines(piece))


def _known(lines: list[str]) -> bool:
    """A logical line black lays out without reading widths, when each of its lines fits."""
    if len(lines) == 1:
        return _no_magic_comma(lines[0])
    if lines[0].lstrip().startswith(_TRIPLE):
        return _STRINGS.fullmatch("".join(lines).strip()) is not None
    return _a_split_def(lines)


def _a_split_def(lines: list[str]) -> bool:
    head, params, tail = lines[0], lines[1:-1], lines[-1]
    if not (_DEF_HEAD.fullmatch(head) and _DEF_TAIL.fullmatch(tail) and params):
        return False
    return _no_magic_comma(tail) and all(_one_parameter(line) for line in params)


def _one_parameter(line: str) -> bool:
    """One whole parameter and its comma on a line (strings and brackets closed on it)."""
    bare = _STRINGS.sub('""', line)
    unclosed = bare.replace('""', "")
    if not bare.endswith(",\n") or "'" in unclosed or '"' in unclosed:
        return False
    return _balanced(bare) and _no_magic_comma(line)


def _balanced(bare: str) -> bool:
    depth = 0
    for char in bare:
        depth += (char in "([{") - (char in ")]}")
        if depth < 0:
            return False
    return depth == 0


def _no_magic_comma(line: str) -> bool:
    """No comma before a closing bracket, but in a one-tuple ``(a,)`` (not a call's)."""
    bare = _STRINGS.sub('""', line)
    return all(_one_tuple(bare, match) for match in _BEFORE_CLOSER.finditer(bare))


def _one_tuple(bare: str, match: re.Match[str]) -> bool:
    if match.group(1) != ")":
        return False
    depth, commas = 0, 0
    for at in range(match.start(1) - 1, -1, -1):
        char = bare[at]
        if char in ")]}":
            depth += 1
        elif char in "([{" and depth:
            depth -= 1
        elif char in "([{":
            before = bare[:at].rstrip()
            return char == "(" and commas == 1 and (not before or before[-1] in _TUPLE_AFTER)
        elif char == "," and not depth:
            commas += 1
    return False
