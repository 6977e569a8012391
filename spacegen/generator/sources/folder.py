"""Source kind 1: a folder with ``config.json``, ``info.json`` and optional ``info_all.json``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from spacegen.generator.raw.snapshot import RawSnapshot
from spacegen.generator.sources.checks import config_problem, info_problem, parse_json, read_text
from spacegen.generator.sources.checks import require as _require

CONFIG_FILE = "config.json"
INFO_FILE = "info.json"
INFO_ALL_FILE = "info_all.json"


def is_description_folder(path: Path) -> bool:
    """True when ``path`` is a directory with at least ``config.json`` and ``info.json``."""
    return path.is_dir() and (path / CONFIG_FILE).is_file() and (path / INFO_FILE).is_file()


def load_folder(path: Path, source: str) -> RawSnapshot:
    """Load a description folder; ``source`` is the stable name recorded in the snapshot."""
    config = _read(path, CONFIG_FILE, source)
    _require(config_problem(config), f"{source}/{CONFIG_FILE}")
    info = _read(path, INFO_FILE, source)
    _require(info_problem(info), f"{source}/{INFO_FILE}")
    info_all = None
    if (path / INFO_ALL_FILE).is_file():
        info_all = _read(path, INFO_ALL_FILE, source)
        _require(info_problem(info_all), f"{source}/{INFO_ALL_FILE}")
    return RawSnapshot(source=source, config=config, info=info, info_all=info_all)


def _read(folder: Path, file_name: str, source: str) -> Any:
    name = f"{source}/{file_name}"
    return parse_json(read_text(folder / file_name, name), name)
