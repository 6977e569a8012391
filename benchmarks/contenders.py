"""The three contenders behind one small interface.

Each contender knows how to build a sync or async client for the bench app and how to run the
app's three operations with it. ``Floor`` is :mod:`benchmarks.floor`; ``GradioClient`` is
``gradio_client.Client`` (which has no async API: its async calls await the
``concurrent.futures`` future behind the job ``submit()`` returns);
``Spacegen`` is the client spacegen generated for the bench app (see
:mod:`benchmarks.spacegen_client`).
"""

from __future__ import annotations

import asyncio
import importlib
import os
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

from benchmarks import floor, floor_shared

ECHO, STREAM, FILE = "/echo", "/stream_echo", "/file_echo"
FLOOR, GRADIO, SPACEGEN = "floor", "gradio_client", "spacegen"


class Contender:
    """Base: the operations every figure needs. ``client`` objects are opaque to callers."""

    name = ""

    def __init__(self, url: str) -> None:
        self.url = url

    def at(self, url: str) -> Contender:
        """The same contender for the app at ``url`` (a fresh server per figure)."""
        raise NotImplementedError

    def make(self, download_dir: Path | None = None) -> Any:
        raise NotImplementedError

    def make_concurrent(self) -> Any:
        """A sync client for the concurrency figure (by default the same as :meth:`make`)."""
        return self.make()

    def close(self, client: Any) -> None:
        close = getattr(client, "close", None)
        if close is not None:
            close()

    def echo(self, client: Any, text: str) -> str:
        raise NotImplementedError

    def stream(self, client: Any, text: str, n: int) -> Iterator[Any]:
        raise NotImplementedError

    async def amake(self) -> Any:
        raise NotImplementedError

    async def aclose(self, client: Any) -> None:
        close = getattr(client, "aclose", None)
        if close is not None:
            await close()

    async def aecho(self, client: Any, text: str) -> str:
        raise NotImplementedError

    def upload_call(self, client: Any, path: Path) -> Any:
        """Upload ``path`` and run ``/file_echo`` on it; don't download the result."""
        raise NotImplementedError

    def round_trip(self, client: Any, path: Path, dest: Path) -> Path:
        """Upload, run ``/file_echo``, download the result into ``dest`` (a directory)."""
        raise NotImplementedError


class Floor(Contender):
    name = FLOOR

    def __init__(self, url: str) -> None:
        super().__init__(url)
        self.fns = floor.fn_indexes(url)

    def at(self, url: str) -> Floor:
        return Floor(url)

    def make(self, download_dir: Path | None = None) -> floor.Floor:
        return floor.Floor(self.url, self.fns)

    def stream(self, client: floor.Floor, text: str, n: int) -> Iterator[Any]:
        for outputs in client.stream(STREAM, [text, n]):
            yield outputs[0]

    def make_concurrent(self) -> floor_shared.SharedFloor:
        return floor_shared.SharedFloor(self.url, self.fns)

    async def amake(self) -> floor_shared.AsyncSharedFloor:
        return floor_shared.AsyncSharedFloor(self.url, self.fns)

    def echo(self, client: floor.Floor | floor_shared.SharedFloor, text: str) -> str:
        return str(client.call(ECHO, [text])[0])

    async def aecho(self, client: floor_shared.AsyncSharedFloor, text: str) -> str:
        return str((await client.call(ECHO, [text]))[0])

    def upload_call(self, client: floor.Floor, path: Path) -> Any:
        return client.call(FILE, [client.upload(path)])[0]

    def round_trip(self, client: floor.Floor, path: Path, dest: Path) -> Path:
        out = self.upload_call(client, path)
        target = dest / Path(out["path"]).name
        with target.open("wb") as fh:
            client.download(out["url"], fh)
        return target


class GradioClient(Contender):
    name = GRADIO

    def __init__(self, url: str) -> None:
        super().__init__(url)
        self.lib = importlib.import_module("gradio_client")  # only where it is measured

    def at(self, url: str) -> GradioClient:
        return GradioClient(url)

    def make(self, download_dir: Path | None = None) -> Any:
        return self.lib.Client(
            self.url,
            verbose=False,
            analytics_enabled=False,
            download_files=str(download_dir) if download_dir else False,
        )

    def echo(self, client: Any, text: str) -> str:
        return str(client.predict(text, api_name=ECHO))

    def stream(self, client: Any, text: str, n: int) -> Iterator[Any]:
        yield from client.submit(text, n, api_name=STREAM)

    async def amake(self) -> Any:
        return self.make()

    async def aclose(self, client: Any) -> None:
        client.close()

    async def aecho(self, client: Any, text: str) -> str:
        # A gradio_client Job delegates to the concurrent future in ``job.future``.
        job = client.submit(text, api_name=ECHO)
        return str(await asyncio.wrap_future(job.future))

    def upload_call(self, client: Any, path: Path) -> Any:
        return client.predict(self.lib.handle_file(str(path)), api_name=FILE)

    def round_trip(self, client: Any, path: Path, dest: Path) -> Path:
        # ``client`` was made with download_files=dest: predict() downloads the output.
        return Path(self.upload_call(client, path))


class Spacegen(Contender):
    name = SPACEGEN

    def __init__(self, url: str, module: ModuleType) -> None:
        super().__init__(url)
        self.module = module
        methods = {ep.api_name: ep.method for ep in module.Client._app.endpoints}
        self.echo_method = methods[ECHO]
        self.stream_method = "stream_" + methods[STREAM]
        self.file_method = methods[FILE]

    def at(self, url: str) -> Spacegen:
        return Spacegen(url, self.module)

    def make(self, download_dir: Path | None = None) -> Any:
        if download_dir is None:
            return self.module.Client(self.url)
        return self.module.Client(self.url, download_files=str(download_dir))

    def echo(self, client: Any, text: str) -> str:
        return str(getattr(client, self.echo_method)(text))

    def stream(self, client: Any, text: str, n: int) -> Iterator[Any]:
        yield from getattr(client, self.stream_method)(text, n)

    async def amake(self) -> Any:
        return self.module.AsyncClient(self.url)

    async def aecho(self, client: Any, text: str) -> str:
        return str(await getattr(client, self.echo_method)(text))

    def upload_call(self, client: Any, path: Path) -> Any:
        return getattr(client, self.file_method)(path)

    def round_trip(self, client: Any, path: Path, dest: Path) -> Path:
        return local_path(self.upload_call(client, path), dest)


def local_path(remote: Any, dest: Path) -> Path:
    """Download a spacegen ``RemoteFile`` into ``dest`` by whichever public API it offers."""
    for name in ("save", "download"):
        method = getattr(remote, name, None)
        if callable(method):
            result = method(dest)
            return Path(result) if result is not None else dest
    return Path(os.fspath(remote))
