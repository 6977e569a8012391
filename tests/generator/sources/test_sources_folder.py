"""Folder sources: every corpus app loads, and its snapshot JSON round-trips byte for byte."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from corpus_data import (
    FULL_FLOOR,
    SUBSET_SIZE,
    app_folder,
    corpus_params,
    full_apps,
    need_shared,
    subset_apps,
)

from spacegen.generator import sources
from spacegen.generator.raw.snapshot import RawSnapshot
from spacegen.runtime.errors import DescriptionError

CORPUS = corpus_params(full=True)


def test_the_subset_is_there() -> None:
    assert len(subset_apps()) == SUBSET_SIZE


def test_the_full_corpus_is_there() -> None:
    need_shared("loading every corpus app")
    assert len(full_apps()) >= FULL_FLOOR
    assert len(CORPUS) == SUBSET_SIZE + len(full_apps())


@pytest.mark.parametrize("folder", CORPUS)
def test_corpus_app_loads_and_round_trips(folder: Path) -> None:
    snapshot = sources.load(str(folder))
    assert snapshot.config["dependencies"] is not None
    assert (snapshot.info_all is None) == (not (folder / "info_all.json").exists())
    assert snapshot.meta == {}
    text = snapshot.to_json()
    again = RawSnapshot.from_json(text)
    assert again.to_json() == text
    assert "meta" not in json.loads(text)


def _copy_app(tmp_path: Path, app: str = "hello_world") -> Path:
    src = app_folder(f"corpus/{app}")
    return Path(shutil.copytree(src, tmp_path / app))


def test_source_is_the_path_as_given(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _copy_app(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert sources.load("hello_world/").source == "hello_world"
    assert sources.load("./hello_world").source == "hello_world"
    assert sources.load("hello_world//").source == "hello_world"


def test_absolute_path_stays_absolute(tmp_path: Path) -> None:
    folder = _copy_app(tmp_path)
    assert sources.load(str(folder)).source == folder.as_posix()


def test_info_all_is_optional(tmp_path: Path) -> None:
    folder = _copy_app(tmp_path)
    (folder / "info_all.json").unlink()
    assert sources.load(str(folder)).info_all is None


@pytest.mark.parametrize(
    ("file_name", "content", "message"),
    [
        ("config.json", "{not json", "config.json: not valid JSON"),
        ("config.json", "[]", "config.json: expected a JSON object, got a list"),
        ("config.json", '{"components": []}', "no 'dependencies' list (found nothing)"),
        ("config.json", '{"dependencies": [], "components": {}}', "no 'components' list"),
        ("info.json", '{"named_endpoints": []}', "info.json: no 'named_endpoints' object"),
        ("info_all.json", "null", "info_all.json: expected a JSON object, got nothing"),
        ("info.json", "[" * 100_000 + "]" * 100_000, "info.json: JSON nested too deeply"),
    ],
)
def test_garbage_in_a_folder(tmp_path: Path, file_name: str, content: str, message: str) -> None:
    folder = _copy_app(tmp_path)
    (folder / file_name).write_text(content, "utf-8")
    with pytest.raises(DescriptionError, match=re.escape(message)):
        sources.load(str(folder))


def test_binary_file_in_a_folder(tmp_path: Path) -> None:
    folder = _copy_app(tmp_path)
    (folder / "info.json").write_bytes(b"\xff\xfe{}")
    with pytest.raises(DescriptionError, match=r"info\.json: not UTF-8 text"):
        sources.load(str(folder))


def test_huge_description_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = _copy_app(tmp_path)
    monkeypatch.setattr("spacegen.generator.sources.checks.MAX_DESCRIPTION_BYTES", 1000)
    with pytest.raises(DescriptionError, match=r"config.json: \d+ bytes is larger than"):
        sources.load(str(folder))
