"""Format generated text with black, in memory.

Line length 100 (the project's own style, see ``[tool.ruff]``); fast mode (no AST equivalence
check: :mod:`.validate` compiles the result anyway).

Black is the formatter of record, and the result is always exactly ``black.format_str`` of the
whole text; it is only reached faster. A generated module repeats a few statement shapes many
times (one ``Endpoint`` table and a few methods per endpoint, on two clients), and the renderer
lays them out as black would. So black formats one piece of each shape, after a piece of the
shape that precedes it (:mod:`.pieces`): a shape it leaves unchanged is unchanged everywhere,
and only the pieces of the shapes it changes are formatted in full. Anything unexpected (a
piece count that moves, a piece that does not parse alone) falls back to formatting the whole.
So do small texts and texts whose shapes hardly repeat: there the pieces would not pay.
Pieces whose shapes differ only in widths black provably does not read (:mod:`.widths`) share
the first such piece's result when black leaves it unchanged.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING

from spacegen.generator.pieces import overlong, owners, respell, shape, spelling, split_pieces
from spacegen.generator.widths import any_width, coarse
from spacegen.runtime.errors import GeneratorError

if TYPE_CHECKING:
    import black

LINE_LENGTH = 100

#: Above this size black is skipped: it formats ~100-200 KB/s, and the renderer's own layout is
#: already close to black's (a 5,000-endpoint app would otherwise take minutes).
MAX_FORMAT_CHARS = 1_000_000

#: Below this size a text is formatted whole: black takes a few ms on it, and its pieces rarely
#: repeat (most apps' modules; the median app's is ~5 KB).
WHOLE_BELOW_CHARS = 8_000

#: Pieces are worth it when black gets at most this share of the text (a repetitive module);
#: otherwise splitting and a second black call cost more than they save.
MAX_SENT_SHARE = 0.6

#: Texts holding these are formatted whole (black's own switches, a line ending it rewrites).
_WHOLE_ONLY = ("fmt:", "yapf:", "\r")

_Key = tuple[str | None, str, bool]

#: The module's own ``from __future__`` import, looked for among its first pieces.
_FUTURE = re.compile(r"^from __future__ import", re.M)
_HEAD_SEARCH = 8


@functools.cache
def _mode() -> black.Mode:
    import black  # noqa: PLC0415 -- lazy: black costs ~0.3 s to import

    return black.Mode(line_length=LINE_LENGTH)


def format_source(text: str) -> str:
    """Black-format Python ``text``; a syntax error becomes a :class:`GeneratorError`."""
    if len(text) > MAX_FORMAT_CHARS:
        return text
    if len(text) < WHOLE_BELOW_CHARS:
        return format_whole(text)
    return format_by_pieces(text, MAX_SENT_SHARE)


def format_whole(text: str) -> str:
    """``black.format_str`` of the whole ``text`` (what :func:`format_source` always equals)."""
    import black  # noqa: PLC0415 -- lazy: black costs ~0.3 s to import

    try:
        return black.format_str(text, mode=_mode())
    except black.parsing.InvalidInput as exc:
        raise GeneratorError(f"generated code does not parse: {exc}") from exc


def format_files(files: dict[str, str]) -> dict[str, str]:
    """Format every ``.py`` file of a render result."""
    return {name: format_source(t) if name.endswith(".py") else t for name, t in files.items()}


def format_by_pieces(text: str, max_share: float = 1.0) -> str:
    """:func:`format_whole`, reached by black on one piece per (previous shape, shape); whole
    when black would get over ``max_share`` of the text."""
    if any(marker in text for marker in _WHOLE_ONLY):
        return format_whole(text)
    pieces = split_pieces(text)
    keys = _keys(pieces)
    firsts = _first_of_each(keys)
    shared = _shared(pieces, firsts)
    own = sorted(i for i in firsts.values() if i not in shared)
    if sum(len(pieces[i]) for i in _with_context(pieces, own)) > max_share * len(text):
        return format_whole(text)
    formatted = _format_firsts(pieces, own)
    if formatted is not None:
        formatted = _settle(pieces, formatted, shared)
    if formatted is None:
        return format_whole(text)
    out = [_like(pieces, firsts[key], formatted, i) for i, key in enumerate(keys)]
    return format_whole(text) if None in out else "".join(out)  # type: ignore[arg-type]


def _shared(pieces: list[str], firsts: dict[_Key, int]) -> dict[int, int]:
    """First pieces whose widths black would not read (:mod:`.widths`), each with the first
    piece of its coarse key: black leaves them unchanged when it leaves that one unchanged."""
    coarse_firsts: dict[_Key, int] = {}
    shared: dict[int, int] = {}
    for (before, this, last), index in firsts.items():
        key = (None if before is None else coarse(before), coarse(this), last)
        first = coarse_firsts.setdefault(key, index)
        if first != index and any_width(pieces[index], LINE_LENGTH):
            shared[index] = first
    return shared


def _settle(
    pieces: list[str], formatted: dict[int, str], shared: dict[int, int]
) -> dict[int, str] | None:
    """``formatted`` with the shared pieces: unchanged after an unchanged first piece, else
    formatted by black after all (``None``: black's output and the pieces do not line up)."""
    redo = sorted(i for i, first in shared.items() if formatted[first] != pieces[first])
    formatted.update((i, pieces[i]) for i in shared if i not in redo)
    more = _format_firsts(pieces, redo) if redo else {}
    return None if more is None else {**formatted, **more}


def _format_firsts(pieces: list[str], firsts: list[int]) -> dict[int, str] | None:
    """Black on each first piece. Text black changes is formatted twice, so the pieces it
    will likely split (code lines too long), and those sent after them, go apart.
    ``None``: black's output and the pieces do not line up."""
    formatted: dict[int, str] = {}
    owner = owners(pieces)
    split = {i for i in firsts if any(overlong(pieces[j], LINE_LENGTH) for j in _context(owner, i))}
    for group in ([i for i in firsts if i not in split], sorted(split)):
        done = _format_subset(pieces, group) if group else {}
        if done is None:
            return None
        formatted.update((i, done[i]) for i in group)
    return formatted


def _like(pieces: list[str], first: int, formatted: dict[int, str], index: int) -> str | None:
    """Piece ``index`` formatted as black formatted the first piece of its key."""
    if formatted[first] == pieces[first]:
        return pieces[index]
    return formatted[first] if index == first else respell(formatted[first], pieces[index])


def _keys(pieces: list[str]) -> list[_Key]:
    """Each piece's shape, after its predecessor's; the last piece is marked (end of file)."""
    shapes = [shape(piece) for piece in pieces]
    last = len(pieces) - 1
    return [(shapes[i - 1] if i else None, s, i == last) for i, s in enumerate(shapes)]


def _first_of_each(keys: list[_Key]) -> dict[_Key, int]:
    firsts: dict[_Key, int] = {}
    for index, key in enumerate(keys):
        firsts.setdefault(key, index)
    return firsts


def _format_subset(pieces: list[str], wanted: list[int]) -> dict[int, str] | None:
    """Black on ``wanted`` pieces, each after its predecessor: ``{index: formatted piece}`` for
    every piece sent, or ``None`` when black's output does not cut into as many pieces."""
    import black  # noqa: PLC0415 -- lazy: black costs ~0.3 s to import

    sent = _with_context(pieces, wanted)
    text = "".join(pieces[i] for i in sent)
    try:
        formatted = black.format_str(text, mode=_mode())
    except black.parsing.InvalidInput:
        return None
    if formatted == text:  # the common case: nothing to cut apart
        return {i: pieces[i] for i in sent}
    out = split_pieces(formatted)
    if len(out) != len(sent) or any(
        o != pieces[i] and spelling(o) != spelling(pieces[i])
        for i, o in zip(sent, out, strict=True)
    ):
        return None
    return dict(zip(sent, out, strict=True))


def _with_context(pieces: list[str], wanted: list[int]) -> list[int]:
    """``wanted`` with each piece's predecessor, the pieces opening their classes and the
    module's head, in order."""
    owner = owners(pieces)
    return sorted({*_head(pieces), *(j for i in wanted for j in _context(owner, i))})


def _head(pieces: list[str]) -> range:
    """The pieces up to the ``from __future__`` import: black infers the Python versions it
    formats for (trailing commas after ``*args``...) from the module, so every call sees them."""
    for index, piece in enumerate(pieces[:_HEAD_SEARCH]):
        if _FUTURE.search(piece):
            return range(index + 1)
    return range(0)


def _context(owner: list[int | None], index: int) -> set[int]:
    """Piece ``index``, its predecessor, and the pieces opening their classes."""
    near = {index, index - 1} if index else {index}
    return near | {o for o in (owner[i] for i in near) if o is not None}
