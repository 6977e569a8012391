"""Downloads for RemoteFiles that outlived their client (unpickled, or read from a checkpoint).

A :class:`Detached` fetcher holds only the client's configuration (picklable) and opens a
short-lived connection with the same token, headers, cookies and login for each download.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacegen.runtime._endpoint import App
    from spacegen.runtime._sync_io import Transport
    from spacegen.runtime._transport import Options


class Detached:
    """A RemoteFile's fetcher built from a client's app and options (no open connection)."""

    def __init__(self, app: App, opts: Options) -> None:
        self.app, self.opts = app, opts
        self.download_dir: Path | None = opts.download_dir

    @classmethod
    def of(cls, owner: Any) -> Detached | None:
        """The detached twin of a transport (or client) holding ``app`` and ``opts``."""
        app, opts = getattr(owner, "app", None), getattr(owner, "opts", None)
        if app is None or opts is None:
            app, opts = getattr(owner, "_app", None), getattr(owner, "_opts", None)
        return cls(app, opts) if app is not None and opts is not None else None

    def fetch(self, url: str, dest: Path) -> None:
        transport = self._connect()
        try:
            transport.fetch(url, dest)
        finally:
            transport.close()

    def fetch_bytes(self, url: str) -> bytes:
        transport = self._connect()
        try:
            return transport.fetch_bytes(url)
        finally:
            transport.close()

    async def afetch(self, url: str, dest: Path) -> None:
        import asyncio  # noqa: PLC0415  # lazy: async callers only

        await asyncio.to_thread(self.fetch, url, dest)

    async def afetch_bytes(self, url: str) -> bytes:
        import asyncio  # noqa: PLC0415  # lazy: async callers only

        return await asyncio.to_thread(self.fetch_bytes, url)

    def _connect(self) -> Transport:
        from spacegen.runtime._sync_io import Transport  # noqa: PLC0415  # lazy: imports httpx

        return Transport(self.app, self.opts)

    def __reduce__(self) -> tuple[Any, ...]:
        return Detached, (self.app, self.opts)
