"""Arguments of each endpoint from its ``info.json`` examples, with local sample files.

The examples' files point to remote hosts that are unreachable here. Each is replaced by a local
file of the same name: Gradio's own bundled media asset of that name when there is one (``bus.png``,
``audio_sample.wav``, ``world.mp4``, ``Fox.gltf``), else a small text file. Both clients get the
same files: spacegen a ``Path``, gradio_client ``handle_file(path)``.
"""

from __future__ import annotations

import importlib.util
import shutil
from collections.abc import Callable
from pathlib import Path, PurePosixPath
from typing import Any

from spacegen.runtime._files import FILE_MARKER as _MARKER  # "gradio.FileData"

Wrap = Callable[[Path], Any]


def is_file_data(value: Any) -> bool:
    """Is ``value`` a FileData dict (``{"path": ..., "meta": {"_type": "gradio.FileData"}}``)?"""
    if not isinstance(value, dict) or "path" not in value:
        return False
    meta = value.get("meta")
    return isinstance(meta, dict) and meta.get("_type") == _MARKER


def _media_assets() -> Path | None:
    spec = importlib.util.find_spec("gradio")
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(next(iter(spec.submodule_search_locations))) / "media_assets"
    return folder if folder.is_dir() else None


class SampleFiles:
    """Local stand-ins for the examples' remote files, made once per name under ``folder``."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._assets = _media_assets()

    def local(self, file_data: dict[str, Any]) -> Path:
        name = PurePosixPath(str(file_data.get("orig_name") or file_data["path"])).name
        name = "".join(c for c in name if c.isalnum() or c in "._-") or "sample.txt"
        dest = self.folder / name
        if not dest.exists():
            self.folder.mkdir(parents=True, exist_ok=True)
            found = next(self._assets.rglob(name), None) if self._assets else None
            if found is not None:
                shutil.copyfile(found, dest)
            else:
                dest.write_text("spacegen differential sample\n", encoding="utf-8")
        return dest


def build_args(parameters: list[dict[str, Any]], files: SampleFiles, wrap: Wrap) -> list[Any]:
    """Positional arguments: each parameter's ``example_input``, files replaced via ``wrap``."""
    return [_substitute(p.get("example_input"), files, wrap) for p in parameters]


def _substitute(value: Any, files: SampleFiles, wrap: Wrap) -> Any:
    if is_file_data(value):
        return wrap(files.local(value))
    if isinstance(value, dict):
        return {k: _substitute(v, files, wrap) for k, v in value.items()}
    if isinstance(value, list):
        return [_substitute(v, files, wrap) for v in value]
    return value
