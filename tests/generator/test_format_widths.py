"""Pieces that differ only in widths share a black result, and the output is still black's."""

from __future__ import annotations

import pytest

from spacegen.generator.format import (
    LINE_LENGTH,
    _first_of_each,
    _keys,
    _shared,
    format_by_pieces,
    format_whole,
)
from spacegen.generator.pieces import split_pieces
from spacegen.generator.widths import any_width, coarse

HEAD = '"""Doc."""\n\nfrom __future__ import annotations\n\n\nclass Client:\n    """A client."""\n'


def _method(name: str, spacing: str = ": ") -> str:
    return (
        f"\n    def {name}(\n        self,\n        value{spacing}int = 1,\n    ) -> int:\n"
        f'        """Call ``{name}``."""\n        return self._call(_EP_{name.upper()}, (value,))\n'
    )


def _module(*methods: str) -> str:
    return HEAD + "".join(methods)


def _shared_count(text: str) -> int:
    pieces = split_pieces(text)
    return len(_shared(pieces, _first_of_each(_keys(pieces))))


def test_methods_differing_in_name_widths_share_and_equal_black() -> None:
    text = _module(*(_method(n) for n in ["add", "adds", "addone", "adduser", "addten", "end"]))
    assert _shared_count(text) >= 3
    formatted = format_by_pieces(text)
    assert formatted == format_whole(text)
    assert formatted == text


def test_a_variant_that_no_longer_fits_is_not_shared_and_black_splits_it() -> None:
    wide = "a" * 70  # its ``return self._call(...)`` line is over the limit: black splits it
    text = _module(_method("add"), _method("adds"), _method(wide), _method("end"))
    pieces = split_pieces(text)
    assert not any(wide in pieces[i] for i in _shared(pieces, _first_of_each(_keys(pieces))))
    formatted = format_by_pieces(text)
    assert formatted == format_whole(text)
    assert f"        return self._call(\n            _EP_{wide.upper()}, (value,)\n" in formatted


def test_variants_of_a_piece_black_changes_are_formatted_after_all() -> None:
    text = _module(*(_method(n, spacing=":") for n in ["add", "adds", "addone", "end"]))
    assert _shared_count(text) >= 1
    formatted = format_by_pieces(text)
    assert formatted == format_whole(text)
    assert "value: int = 1," in formatted
    assert "value:int" not in formatted


@pytest.mark.parametrize(
    ("piece", "expected"),
    [
        ("x = (a,)\n", True),
        ("x = f(a, (b,))\n", True),
        ("x = f(a,)\n", False),
        ("x = [a,]\n", False),
        ("x = {a: 1,}\n", False),
        ("from m import (a,)\n", False),
        ("x = f(\n    a,\n)\n", False),
        ("x = 1  # note\n", False),
        ('    """One.\n\n    Two.\n    """\n', True),
        ("    def f(\n        self,\n        a: int,\n    ) -> list[int]:\n        pass\n", True),
        ("    def f(\n        self,\n        a: int\n    ) -> int:\n        pass\n", False),
        ("    def f(\n        self,\n    ) -> tuple[int, str,]:\n        pass\n", False),
        ("    def f(\n        self,\n    ) -> 'T':\n        pass\n", False),
        ("    def f(\n        a: list[\n            int\n        ],\n    ) -> int:\n", False),
        ("x = " + "a" * LINE_LENGTH + "\n", False),
        ("x = '" + "é" * (LINE_LENGTH // 2) + "'\n", False),
    ],
)
def test_any_width_accepts_only_layouts_black_keeps_whatever_the_widths(
    piece: str, expected: bool
) -> None:
    assert any_width(piece, LINE_LENGTH) is expected


def test_coarse_shape_writes_each_run_once() -> None:
    assert coarse("xxx = xx(11, 'x_xx')") == "x = x(1, 'x_x')"
