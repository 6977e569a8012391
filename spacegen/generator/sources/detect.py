"""Which kind of SOURCE the user gave: folder, snapshot file, URL or Space id (in that order)."""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from spacegen.generator.sources.folder import is_description_folder
from spacegen.runtime._space import is_space_id
from spacegen.runtime.errors import SourceError

#: Hub pages of a Space, e.g. ``https://huggingface.co/spaces/owner/name/tree/main``.
_HUB_HOSTS = frozenset({"huggingface.co", "www.huggingface.co", "hf.co"})

ACCEPTED_FORMS = (
    "a folder holding config.json and info.json (optional info_all.json)",
    "a snapshot file written by `spacegen snapshot`",
    "the http(s) URL of a running Gradio app",
    "a Hugging Face Space id such as owner/name (or its huggingface.co/spaces/... page)",
)


class Kind(enum.Enum):
    """The kinds of SOURCE, in detection order."""

    FOLDER = "folder"
    SNAPSHOT_FILE = "snapshot file"
    URL = "url"
    SPACE = "space"


@dataclass(frozen=True)
class Detected:
    """A classified SOURCE: ``value`` is the path, the URL or the Space id."""

    kind: Kind
    value: str


def detect(source: str) -> Detected:
    """Classify ``source``; raise SourceError listing the accepted forms when it fits none."""
    kind = _path_kind(source)
    if kind == "dir":
        return _folder(Path(source), source)
    if kind == "file":
        return Detected(Kind.SNAPSHOT_FILE, source)
    if re.match(r"(?i)https?://", source):
        return _url(source)
    if is_space_id(source):
        return Detected(Kind.SPACE, source)
    raise SourceError(_not_a_source(source, "it is not an existing path, a URL or a Space id"))


def _path_kind(source: str) -> str | None:
    """``"dir"``, ``"file"`` or ``None`` (not a path; unusable names count as not a path)."""
    if not source:
        return None
    try:
        path = Path(source)
        return "dir" if path.is_dir() else "file" if path.is_file() else None
    except (OSError, ValueError):
        return None


def display_path(source: str) -> str:
    """The path as the user wrote it, with forward slashes, ``.``/``//``/trailing ``/`` removed."""
    return Path(source).as_posix()


def space_id_from_hub_url(url: str) -> str | None:
    """``owner/name`` from a ``huggingface.co/spaces/owner/name[/...]`` URL, else ``None``."""
    parts = urlsplit(url)
    if parts.hostname not in _HUB_HOSTS:
        return None
    segments = [s for s in parts.path.split("/") if s]
    if len(segments) < 3 or segments[0] != "spaces":
        return None
    candidate = f"{segments[1]}/{segments[2]}"
    return candidate if is_space_id(candidate) else None


def _folder(path: Path, source: str) -> Detected:
    if is_description_folder(path):
        return Detected(Kind.FOLDER, source)
    missing = [name for name in ("config.json", "info.json") if not (path / name).is_file()]
    why = f"the folder has no {' and no '.join(missing)} (a description folder needs both)"
    if is_space_id(source):
        why += f" (for the Space, write https://huggingface.co/spaces/{source})"
    raise SourceError(_not_a_source(source, why))


def _url(source: str) -> Detected:
    try:
        parts = urlsplit(source)
        _ = parts.port  # raises ValueError for a bad port number
        host = parts.hostname
    except ValueError:
        host = None
    if not host:
        raise SourceError(_not_a_source(source, "the URL has no valid host"))
    if host not in _HUB_HOSTS:
        return Detected(Kind.URL, source)
    space_id = space_id_from_hub_url(source)
    if space_id is None:
        raise SourceError(_not_a_source(source, "a Hub URL must look like .../spaces/owner/name"))
    return Detected(Kind.SPACE, space_id)


def _not_a_source(source: str, why: str) -> str:
    forms = "".join(f"\n  - {form}" for form in ACCEPTED_FORMS)
    return f"cannot use {source!r} as a source: {why}. Accepted forms:{forms}"
