"""Uploading inputs and downloading output files, sync and async (thin I/O shells)."""

from __future__ import annotations

import contextlib
import json
import os
import uuid
from pathlib import Path
from typing import IO, Any

import httpx

from spacegen.runtime._dataurl import data_url, data_url_bytes
from spacegen.runtime._drain import chunks_of
from spacegen.runtime._files import Upload, fill_paths, multipart_part
from spacegen.runtime._protocol import raise_for_reply
from spacegen.runtime._transport import (
    aread_answer,
    mapped_errors,
    read_answer,
    same_host,
    settle,
)
from spacegen.runtime.errors import FileTooLargeError, UsageError

_SECRET_HEADERS = ("authorization", "x-hf-authorization", "cookie")


def download_request(
    client: httpx.Client | httpx.AsyncClient, url: str, base: str
) -> httpx.Request:
    """GET ``url``; credentials only go to the app's own host."""
    if client.is_closed:
        raise UsageError(
            "the client that returned this file is closed: read or save the file "
            "(read(), save(), path) before closing the client"
        )
    request = client.build_request("GET", url)
    if not same_host(url, base):
        for name in _SECRET_HEADERS:
            request.headers.pop(name, None)
    return request


def fetch(client: httpx.Client, url: str, dest: Path, base: str) -> None:
    """Stream ``url`` to ``dest`` (atomically), decoding any Content-Encoding."""
    part = _part(dest)
    if url.startswith("data:"):  # Gradio 3.x sends images inline
        _write(part, dest, data_url_bytes(url))
        return
    with mapped_errors("download"):
        response = client.send(download_request(client, url, base), stream=True)
        try:
            if response.status_code >= 400:
                settle(response).read()
                raise_for_reply(response, f"download {url}")
            with part.open("wb") as out, chunks_of(response) as chunks:
                for chunk in chunks:
                    out.write(chunk)
        finally:
            response.close()
    os.replace(part, dest)


async def afetch(client: httpx.AsyncClient, url: str, dest: Path, base: str) -> None:
    """Async :func:`fetch`."""
    part = _part(dest)
    if url.startswith("data:"):
        _write(part, dest, data_url_bytes(url))
        return
    with mapped_errors("download"):
        response = await client.send(download_request(client, url, base), stream=True)
        try:
            if response.status_code >= 400:
                await settle(response).aread()
                raise_for_reply(response, f"download {url}")
            with part.open("wb") as out:
                async for chunk in response.aiter_bytes():
                    out.write(chunk)
        finally:
            await response.aclose()
    os.replace(part, dest)


def fetch_bytes(client: httpx.Client, url: str, base: str) -> bytes:
    """Download ``url`` into memory (Content-Encoding decoded)."""
    if url.startswith("data:"):
        return data_url_bytes(url)
    with mapped_errors("download"):
        response = read_answer(client.send(download_request(client, url, base), stream=True))
    raise_for_reply(response, f"download {url}")
    return response.content


async def afetch_bytes(client: httpx.AsyncClient, url: str, base: str) -> bytes:
    if url.startswith("data:"):
        return data_url_bytes(url)
    with mapped_errors("download"):
        request = download_request(client, url, base)
        response = await aread_answer(await client.send(request, stream=True))
    raise_for_reply(response, f"download {url}")
    return response.content


def _write(part: Path, dest: Path, data: bytes) -> None:
    part.write_bytes(data)
    os.replace(part, dest)


def _part(dest: Path) -> Path:
    dest.parent.mkdir(parents=True, exist_ok=True)
    return dest.with_name(f".{dest.name}.{uuid.uuid4().hex[:8]}.part")


def inline(uploads: list[Upload]) -> list[Upload]:
    """Fill the ``data:`` URL of each inline upload; the uploads left to send."""
    for upload in uploads:
        if upload.inline:
            upload.wire["url"] = data_url(upload)
    return [upload for upload in uploads if not upload.inline]


def open_parts(uploads: list[Upload], stack: contextlib.ExitStack) -> list[Any]:
    """Multipart ``files`` parts; paths are opened (streamed by httpx, never read whole)."""
    parts = []
    for upload in uploads:
        source = upload.source
        opened: IO[bytes] | bytes
        if isinstance(source, Path | str):
            opened = stack.enter_context(open(source, "rb"))  # noqa: SIM115
        else:
            opened = source
        parts.append(multipart_part(upload, opened))
    return parts


def marks(uploads: list[Upload]) -> list[int | None] | None:
    """Where each binary-file source stands (to resend it from there); None when one cannot
    be rewound (then an upload is never resent)."""
    found: list[int | None] = []
    for upload in uploads:
        source = upload.source
        if isinstance(source, Path | str | bytes):
            found.append(None)
        elif getattr(source, "seekable", lambda: False)():
            found.append(source.tell())
        else:
            return None
    return found


def rewind(uploads: list[Upload], positions: list[int | None] | None) -> None:
    for upload, position in zip(uploads, positions or [], strict=False):
        if position is not None:
            upload.source.seek(position)  # type: ignore[union-attr]


def upload_reply(uploads: list[Upload], reply: httpx.Response, limit: int | None) -> None:
    if reply.status_code == 413:
        first = uploads[0]
        raise FileTooLargeError(first.name, first.size or -1, limit or -1)
    raise_for_reply(reply, "upload")
    fill_paths(uploads, json.loads(reply.content))
