"""Snapshot files: byte-stable round trip, atomic save, clear errors for garbage."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import pytest

from spacegen.generator import sources
from spacegen.generator.raw.snapshot import SNAPSHOT_FORMAT, RawSnapshot
from spacegen.runtime.errors import DescriptionError, GeneratorError

CONFIG: dict[str, Any] = {
    "version": "6.31.0",
    "api_prefix": "/gradio_api",
    "components": [{"id": 1, "type": "textbox", "props": {"label": "Name ✓"}}],
    "dependencies": [{"id": 0, "api_name": "greet", "inputs": [1], "outputs": [1]}],
    "css": "body {}",
    "app_id": 15794559133634822775,
}
INFO: dict[str, Any] = {
    "named_endpoints": {"/greet": {"parameters": [], "returns": [], "code_snippets": {}}},
    "unnamed_endpoints": {},
}


def _snapshot(**meta: str) -> RawSnapshot:
    return RawSnapshot("owner/app", CONFIG, INFO, {"named_endpoints": {}}, meta=meta)


def _write(tmp_path: Path, text: str, name: str = "snap.json") -> Path:
    path = tmp_path / name
    path.write_text(text, "utf-8")
    return path


@pytest.mark.parametrize("meta", [{}, {"space_id": "owner/app", "sha": "abc", "host": "h"}])
def test_round_trip_is_byte_stable(tmp_path: Path, meta: dict[str, str]) -> None:
    path = tmp_path / "snap.json"
    sources.save(_snapshot(**meta), path)
    text = path.read_text("utf-8")
    loaded = sources.load(str(path))
    assert loaded.to_json() == text
    assert loaded.meta == meta
    assert loaded.source == "owner/app"
    assert ("meta" in json.loads(text)) == bool(meta)


def test_snapshot_drops_front_end_keys_and_snippets(tmp_path: Path) -> None:
    doc = json.loads(_snapshot().to_json())
    assert "css" not in doc["config"]
    assert "app_id" not in doc["config"]
    assert "code_snippets" not in doc["info"]["named_endpoints"]["/greet"]
    assert doc["format"] == SNAPSHOT_FORMAT


def test_save_replaces_atomically_and_leaves_no_temp_file(tmp_path: Path) -> None:
    path = _write(tmp_path, "old")
    os.chmod(path, 0o640)
    sources.save(_snapshot(), path)
    assert path.read_text("utf-8") == _snapshot().to_json()
    assert os.stat(path).st_mode & 0o777 == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["snap.json"]


def test_save_new_file_is_world_readable(tmp_path: Path) -> None:
    sources.save(_snapshot(), tmp_path / "new.json")
    assert os.stat(tmp_path / "new.json").st_mode & 0o777 == 0o644


def test_save_failure_keeps_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _write(tmp_path, "old")

    def broken_replace(src: str, dst: object) -> None:
        raise OSError("disk on fire")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError, match="disk on fire"):
        sources.save(_snapshot(), path)
    assert path.read_text("utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["snap.json"]


def _envelope(**changes: Any) -> str:
    doc = json.loads(_snapshot().to_json())
    doc.update(changes)
    return json.dumps({k: v for k, v in doc.items() if v is not _DROP})


_DROP = object()

GARBAGE = [
    ("", "snap.json: not valid JSON"),
    ("hello", "snap.json: not valid JSON"),
    ("[1, 2]", "snap.json: expected a JSON object, got list"),
    ('{"format": "other/2"}', "snap.json: not a spacegen snapshot (format is 'other/2'"),
    ("{}", "snap.json: not a spacegen snapshot (format is None"),
    (_envelope(info=_DROP), "snap.json: missing key(s) info"),
    (_envelope(extra=1), "snap.json: unknown key(s) extra"),
    (_envelope(source=3), "snap.json: 'source' must be a string"),
    (_envelope(config=[]), "snap.json: 'config' must be an object"),
    (_envelope(info_all=[]), "snap.json: 'info_all' must be an object or null"),
    (_envelope(meta={"sha": 1}), "snap.json: 'meta' must be an object of strings"),
    (_envelope(gradio_version="5.0"), "snap.json: gradio_version '5.0' does not match"),
    (_envelope(config={"version": "6.31.0"}), "snap.json: config: no 'dependencies' list"),
    (_envelope(info={}), "snap.json: info: no 'named_endpoints' object"),
    (_envelope(info_all={"x": 1}), "snap.json: info_all: no 'named_endpoints' object"),
]


@pytest.mark.parametrize(("text", "message"), GARBAGE)
def test_garbage_file_is_rejected(tmp_path: Path, text: str, message: str) -> None:
    path = _write(tmp_path, text)
    with pytest.raises(DescriptionError, match=re.escape(message)):
        sources.load(str(path))


def test_binary_garbage_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "image.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\xff")
    with pytest.raises(DescriptionError, match=r"image\.png: not UTF-8 text"):
        sources.load(str(path))


def test_error_names_the_file_as_given(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "sub").mkdir()
    _write(tmp_path / "sub", "{}", "s.json")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(GeneratorError, match=r"^sub/s\.json: "):
        sources.load("./sub/s.json")
