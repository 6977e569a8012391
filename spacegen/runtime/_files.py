"""File values: what callers pass in (:data:`FileInput`) and what outputs hold (RemoteFile).

SKELETON — the runtime issue implements uploads and lazy downloads behind these names.
"""

from __future__ import annotations

import os
from typing import IO, Any, Required, TypeAlias, TypedDict, Union


class FileDataMeta(TypedDict):
    _type: str


class FileData(TypedDict, total=False):
    """Gradio's wire form of a file (``meta._type == "gradio.FileData"``)."""

    path: Required[str]
    url: str | None
    size: int | None
    orig_name: str | None
    mime_type: str | None
    is_stream: bool
    meta: FileDataMeta


class RemoteFile:
    """A file produced by the app: lazy, downloaded on first use."""

    def __init__(self, data: FileData, owner: Any = None) -> None:
        self.data = data
        self._owner = owner


#: Anything a caller may pass where the app takes a file: a local path, bytes, an open binary
#: file, an http(s) URL (as ``str``), a FileData dict, or a file the app returned earlier.
FileInput: TypeAlias = Union[str, "os.PathLike[str]", bytes, IO[bytes], FileData, RemoteFile]
