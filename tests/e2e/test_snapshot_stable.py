"""A snapshot of an unchanged app is byte-stable across launches (issue 12).

The ``state`` app's ``/config`` carries ``gr.State``'s ``delete_callback`` as a repr with a
memory address, and ``root`` (the address it was reached at): both differ between two
launches. Two servers of the same app are started side by side; their snapshots
(``spacegen snapshot URL -o FILE``) are identical except for the URL the user typed, which
appears once, as ``source``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from spacegen.cli import main

from .servers import GradioServer, fetch_description


def _snapshot(server: GradioServer, out: Path) -> bytes:
    assert main(["snapshot", server.url, "-o", str(out)]) == 0
    return out.read_bytes()


def test_two_launches_give_the_same_snapshot(
    gradio_version: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    servers = [GradioServer("state", gradio_version, tmp_path / name) for name in ("a", "b")]
    try:
        for server in servers:
            server.ensure_spawned()
        first, second = (server.ensure_ready() for server in servers)
        raw = [json.dumps(fetch_description(s)["config"]) for s in servers]
        texts = [_snapshot(s, tmp_path / f"{i}.json") for i, s in enumerate(servers)]
    finally:
        for server in servers:
            server.stop()
    capsys.readouterr()
    assert raw[0] != raw[1]  # the app does change between launches: addresses, its own URL
    assert " at 0x" in raw[0] and first.url in raw[0]
    a, b = texts
    assert a.count(first.url.encode()) == 1 and b.count(second.url.encode()) == 1
    assert json.loads(a)["source"] == first.url
    assert a == b.replace(second.url.encode(), first.url.encode())
    assert b" at 0x" not in a
