"""File values: what callers pass in (:data:`FileInput`) and what outputs hold (RemoteFile).

Inputs are found through an endpoint's file locators, classified without I/O into "already on
the server / a URL" or "needs uploading", and checked against ``max_file_size`` before any
byte is sent. Outputs: every dict carrying ``meta._type == "gradio.FileData"`` becomes a lazy
:class:`RemoteFile` (a bare ``path`` key never makes a file).
"""

from __future__ import annotations

import hashlib
import mimetypes
import os
import re
import tempfile
from collections.abc import AsyncIterator, Callable, Iterator, Mapping
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Protocol, Required, TypeAlias, TypedDict, Union
from urllib.parse import quote, urlsplit

from spacegen.runtime import _media
from spacegen.runtime._endpoint import NotGiven
from spacegen.runtime.errors import FileTooLargeError, ProtocolError, UsageError

if TYPE_CHECKING:  # annotations only: no Protocol class built at import

    class Fetcher(Protocol):
        """What a RemoteFile needs from its client: downloads with the client's credentials."""

        download_dir: Path | None

        def fetch(self, url: str, dest: Path) -> None: ...
        async def afetch(self, url: str, dest: Path) -> None: ...
        def fetch_bytes(self, url: str) -> bytes: ...
        async def afetch_bytes(self, url: str) -> bytes: ...


FILE_MARKER = "gradio.FileData"
_URL_SAFE = ":/?#[]@!$&'()*+,;=%~"
_PLAYLIST = "/playlist.m3u8"


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
    """A file produced by the app: lazy, downloaded on first use.

    ``read()``/``save()``/``path()`` (sync) and ``aread()``/``asave()``/``apath()`` (async)
    download over the client's own connection pool, with its headers, token and cookies. A
    file from a sync client may also be awaited (the download then runs in a worker thread);
    a file from an async client reads only asynchronously (its sync twins raise UsageError).
    Pass a RemoteFile back as an input and the app gets its server path again (no download,
    no upload).
    """

    def __init__(self, data: FileData, owner: Any = None) -> None:
        self.data = data
        self._owner: Fetcher | None = owner
        self._local: Path | None = None

    @property
    def server_path(self) -> str:
        return self.data["path"]

    @property
    def url(self) -> str | None:
        return self.data.get("url")

    @property
    def orig_name(self) -> str | None:
        return self.data.get("orig_name")

    @property
    def mime_type(self) -> str | None:
        return self.data.get("mime_type")

    @property
    def size(self) -> int | None:
        return self.data.get("size")

    @property
    def name(self) -> str:
        """A safe local file name (no directories, no traversal) for this file."""
        return safe_name(self.orig_name or self.server_path)

    def read(self) -> bytes:
        """The file's bytes (from the local copy if any, else straight from the app)."""
        if self._local is None and self._fetcher().download_dir is None:
            return self._fetcher().fetch_bytes(self._url())
        return self._download_here().read_bytes()

    async def aread(self) -> bytes:
        if self._local is None and self._fetcher().download_dir is None:
            return await self._fetcher().afetch_bytes(self._url())
        return (await self._adownload_here()).read_bytes()

    def save(self, directory: str | os.PathLike[str] | None = None) -> Path:
        """Download into ``directory`` (default: the client's ``download_files``).

        The file lands at ``directory/<name>``; when that name is taken, at
        ``directory/<stem>-1<suffix>``, ``-2``… (the name is claimed atomically, so concurrent
        saves never overwrite each other). A half-downloaded file is never left behind.
        Without a directory and without ``download_files``, the copy goes to a per-URL folder
        of the system's temp directory and is reused.
        """
        if self._local is not None and directory is None:
            return self._local
        dest = self._dest(directory)
        try:
            self._fetcher().fetch(self._url(), dest)
        except BaseException:
            _unclaim(dest)
            raise
        return dest

    async def asave(self, directory: str | os.PathLike[str] | None = None) -> Path:
        """Async :meth:`save`."""
        if self._local is not None and directory is None:
            return self._local
        dest = self._dest(directory)
        try:
            await self._fetcher().afetch(self._url(), dest)
        except BaseException:
            _unclaim(dest)
            raise
        return dest

    def path(self) -> Path:
        """The local copy, downloaded (once) into the client's ``download_files``."""
        return self._download_here()

    async def apath(self) -> Path:
        """Async :meth:`path`."""
        return await self._adownload_here()

    def chunks(self) -> Iterator[bytes]:
        """A streamed media output's segments (bytes) in order, live as the app yields them
        (5.x/6.x: one HLS segment per step, from the stream's start; 4.44: one chunk, the
        whole media). Any other file: one chunk, its bytes. See ``_media``."""
        return _media.chunks(self._fetcher(), self.data, self._url())

    def achunks(self) -> AsyncIterator[bytes]:
        """Async :meth:`chunks`."""
        return _media.achunks(self._fetcher(), self.data, self._url())

    def as_input(self) -> FileData:
        """The FileData that sends this file back to the app."""
        data: FileData = {"path": self.server_path, "orig_name": self.orig_name, "meta": _meta()}
        if self.url and self.url.startswith("data:"):  # an inline file (Gradio 3.x images)
            data["url"] = self.url
        return data

    def __repr__(self) -> str:
        return f"RemoteFile({self.name!r}, url={self.url!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickles as its FileData, local copy and the client's configuration (to download)."""
        from spacegen.runtime._detached import Detached  # noqa: PLC0415  # lazy

        return _restore_file, (dict(self.data), self._local, Detached.of(self._owner))

    def _download_here(self) -> Path:
        if self._local is None:
            self._local = self.save(self._default_dir())
        return self._local

    async def _adownload_here(self) -> Path:
        if self._local is None:
            self._local = await self.asave(self._default_dir())
        return self._local

    def _default_dir(self) -> Path:
        owner = self._fetcher()
        if owner.download_dir is not None:
            return owner.download_dir
        return Path(tempfile.gettempdir()) / "spacegen"

    def _dest(self, directory: str | os.PathLike[str] | None) -> Path:
        if directory is None and self._fetcher().download_dir is None:
            digest = hashlib.sha256(self._url().encode()).hexdigest()[:16]
            return self._default_dir() / digest / self.name
        return claim_name(
            Path(directory) if directory is not None else self._default_dir(), self.name
        )

    def _url(self) -> str:
        if not self.url:
            raise UsageError(f"{self!r} has no download URL")
        return self.url

    def _fetcher(self) -> Fetcher:
        if self._owner is None:
            raise UsageError("this RemoteFile is not attached to a client; cannot download")
        return self._owner


def _restore_file(data: FileData, local: Path | None, owner: Any) -> RemoteFile:
    restored = RemoteFile(data, owner)
    restored._local = local
    return restored


#: Anything a caller may pass where the app takes a file: a local path, bytes, an open binary
#: file, an http(s) URL (as ``str``), a FileData dict, or a file the app returned earlier.
FileInput: TypeAlias = Union[str, "os.PathLike[str]", bytes, IO[bytes], FileData, RemoteFile]


def claim_name(directory: Path, name: str) -> Path:
    """``directory/name``, or ``stem-N.suffix`` if taken; created empty so no one else takes it."""
    directory.mkdir(parents=True, exist_ok=True)
    stem, suffix = _split_name(name)
    for attempt in range(10_000):
        candidate = directory / (name if attempt == 0 else f"{stem}-{attempt}{suffix}")
        try:
            with candidate.open("xb"):
                return candidate
        except FileExistsError:
            continue
    raise UsageError(f"no free file name for {name!r} in {directory}")


def _split_name(name: str) -> tuple[str, str]:
    dot = name.find(".", 1)
    return (name[:dot], name[dot:]) if dot > 0 else (name, "")


def _unclaim(dest: Path) -> None:
    """Remove a name claimed for a download that failed (only if still empty)."""
    try:
        if dest.stat().st_size == 0:
            dest.unlink()
    except OSError:
        pass


def _meta() -> FileDataMeta:
    return {"_type": FILE_MARKER}


def safe_name(name: str) -> str:
    """The last path component of ``name`` with unsafe characters replaced."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    base = re.sub(r"[^\w.\- ()+@,=]", "_", base).strip(" .")
    return base[:200] or "file"


def is_file_data(value: Any) -> bool:
    """True for a dict carrying the FileData marker (never for a bare ``path`` key)."""
    meta = value.get("meta") if isinstance(value, dict) else None
    return isinstance(meta, dict) and meta.get("_type") == FILE_MARKER and "path" in value


def media_url(url: str, data: Mapping[str, Any]) -> str:
    """A streamed media output (``is_stream``: an HLS playlist, 5.x/6.x) is read as the whole
    media (``playlist-file``), never as the playlist text."""
    if data.get("is_stream") and url.endswith(_PLAYLIST):
        return url[: -len(_PLAYLIST)] + "/playlist-file"
    return url


def fix_url(url: str) -> str:
    """Percent-encode what 4.x/5.x leave raw in file URLs (spaces, non-ASCII)."""
    return quote(url, safe=_URL_SAFE)


def wrap_files(value: Any, owner: Any, file_url: Callable[[str, str | None], str]) -> Any:
    """Replace every FileData-marked dict in ``value`` by a RemoteFile.

    Containers are copied only on the path to a file; a value without files is returned as
    is (no copy of big payloads). ``file_url(path, url)`` gives the download URL.
    """
    if isinstance(value, dict):
        if is_file_data(value):
            data: Any = dict(value)
            data["url"] = media_url(file_url(data["path"], data.get("url")), data)
            return RemoteFile(data, owner)
        return _wrap_items(value, value.items(), owner, file_url)
    if isinstance(value, list):
        return _wrap_items(value, enumerate(value), owner, file_url)
    return value


def _wrap_items(
    container: Any, items: Any, owner: Any, file_url: Callable[[str, str | None], str]
) -> Any:
    copy = None
    for key, item in items:
        wrapped = wrap_files(item, owner, file_url)
        if wrapped is not item:
            if copy is None:
                copy = container.copy()
            copy[key] = wrapped
    return container if copy is None else copy


# -- inputs ------------------------------------------------------------------------------


class Upload:
    """A file that must be uploaded; ``wire`` is filled with the server path afterwards.

    ``inline``: sent inside the request instead (Gradio 3.x images): ``wire["url"]`` gets the
    file's ``data:`` URL and nothing is uploaded."""

    def __init__(self, source: str | Path | bytes | IO[bytes], name: str, size: int | None):
        self.source = source
        self.name = name
        self.size = size
        self.inline = False
        self.wire: dict[str, Any] = {"path": "", "orig_name": name, "meta": _meta()}


def locate_files(
    args: tuple[object, ...],
    locators: tuple[tuple[int | str, ...], ...],
    inline: frozenset[int] = frozenset(),
) -> tuple[tuple[object, ...], list[Upload]]:
    """Replace file inputs at ``locators`` by wire FileData; list what must be uploaded
    (the files of the arguments in ``inline`` are marked to travel inline)."""
    uploads: list[Upload] = []
    out = list(args)
    for locator in locators:
        index = locator[0]
        if isinstance(index, int) and index < len(out):
            first = len(uploads)
            out[index] = _apply(out[index], locator[1:], lambda v: _classify(v, uploads))
            for upload in uploads[first:]:
                upload.inline = index in inline
    return tuple(out), uploads


def _apply(value: Any, path: tuple[int | str, ...], leaf: Callable[[Any], Any]) -> Any:
    if not path:
        return leaf(value)
    key, rest = path[0], path[1:]
    if key == "*":
        if isinstance(value, list | tuple):
            return [_apply(v, rest, leaf) for v in value]
        return value
    if isinstance(value, Mapping) and key in value:
        copy = dict(value)
        copy[key] = _apply(value[key], rest, leaf)
        return copy
    if isinstance(key, int) and isinstance(value, list | tuple) and -len(value) <= key < len(value):
        items = list(value)
        items[key] = _apply(items[key], rest, leaf)
        return items
    return value


def _classify(value: Any, uploads: list[Upload]) -> Any:
    if value is None or isinstance(value, NotGiven):
        return value
    if isinstance(value, RemoteFile):
        return value.as_input()
    if isinstance(value, str) and value.startswith(("http://", "https://")):
        name = safe_name(urlsplit(value).path or "file")
        return {"path": value, "orig_name": name, "meta": _meta()}
    if isinstance(value, Mapping) and isinstance(value.get("path"), str):
        return {**value, "meta": _meta()}
    upload = _upload_for(value)
    uploads.append(upload)
    return upload.wire


def _upload_for(value: Any) -> Upload:
    if isinstance(value, str | os.PathLike):
        path = Path(value)
        try:
            size = path.stat().st_size
        except OSError as exc:
            raise UsageError(f"cannot read input file {str(path)!r}: {exc.strerror}") from exc
        if not path.is_file():
            raise UsageError(f"input {str(path)!r} is not a file")
        return Upload(path, safe_name(path.name), size)
    if isinstance(value, bytes | bytearray | memoryview):
        return Upload(bytes(value), "file", len(value))
    if hasattr(value, "read"):
        name = getattr(value, "name", None)
        label = safe_name(name) if isinstance(name, str) else "file"
        return Upload(value, label, _stream_size(value))
    raise UsageError(f"not a file input: {type(value).__name__}")


def _stream_size(stream: Any) -> int | None:
    try:
        if not stream.seekable():
            return None
        here = stream.tell()
        end = stream.seek(0, os.SEEK_END)
        stream.seek(here)
        return int(end - here)
    except (AttributeError, OSError, ValueError):
        return None


def check_sizes(uploads: list[Upload], limit: int | None) -> None:
    """FileTooLargeError before any upload when a file exceeds the app's limit."""
    for upload in uploads:
        if limit is not None and upload.size is not None and upload.size > limit:
            raise FileTooLargeError(upload.name, upload.size, limit)


def multipart_part(upload: Upload, opened: IO[bytes] | bytes) -> tuple[str, tuple[str, Any, str]]:
    mime = mimetypes.guess_type(upload.name)[0] or "application/octet-stream"
    return ("files", (upload.name, opened, mime))


def fill_paths(uploads: list[Upload], body: Any) -> None:
    """Write the server paths of an upload reply into the pending FileData dicts."""
    if not isinstance(body, list) or len(body) != len(uploads):
        raise ProtocolError(f"upload answered {body!r:.200} for {len(uploads)} file(s)")
    for upload, path in zip(uploads, body, strict=True):
        upload.wire["path"] = str(path)
