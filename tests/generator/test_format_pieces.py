"""The piecewise formatter is only a shortcut: its output must equal black on the whole module."""

from __future__ import annotations

import pytest

from spacegen.generator.api import _options
from spacegen.generator.format import format_by_pieces, format_source, format_whole
from spacegen.generator.normalize import normalize
from spacegen.generator.render import render
from spacegen.generator.sources import load
from tests.corpus_data import subset_apps

#: Every third in-repo app (the whole corpus was compared once: 217/217 byte-identical).
APPS = subset_apps()[::3]


@pytest.mark.slow
def test_pieces_equal_black_on_the_whole_for_every_in_repo_app() -> None:
    assert len(APPS) >= 15
    compared = 0
    for folder in APPS:
        app = normalize(load(str(folder)), include_undocumented=False).app
        for name, text in render(app, _options(None, False, None, None)).items():
            if name.endswith(".py"):
                whole = format_whole(text)
                assert format_by_pieces(text) == whole, f"{folder.name}/{name}"
                assert format_source(text) == whole, f"{folder.name}/{name}"
                compared += 1
    assert compared >= len(APPS)


def test_a_piece_black_splits_is_formatted_for_the_modules_python_versions() -> None:
    """Black adds a trailing comma after ``*args`` only when the module shows Python 3.6+ (here
    its ``__future__`` import): a piece formatted apart must still see that import."""
    repeated = "".join(f"\n\ndef f{i}(a: int) -> int:\n    return a\n" for i in range(4))
    params = ", ".join(f"argument_{i}: int" for i in range(6))
    text = (
        f'"""Doc."""\n\nfrom __future__ import annotations\n{repeated}'
        f"\n\ndef g({params}, *args: int) -> int:\n    return 1\n"
    )
    formatted = format_by_pieces(text)
    assert "    *args: int,\n" in formatted
    assert formatted == format_whole(text)
