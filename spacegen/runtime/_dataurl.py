"""Files that travel inside a message as ``data:`` URLs (Gradio 3.x images; no network I/O)."""

from __future__ import annotations

import base64
import binascii
import mimetypes
from pathlib import Path
from urllib.parse import unquote_to_bytes

from spacegen.runtime._files import Upload
from spacegen.runtime.errors import ProtocolError


def data_url(upload: Upload) -> str:
    """``upload`` as a base64 ``data:`` URL (reads the file: Gradio 3.x image inputs)."""
    source = upload.source
    if isinstance(source, str | Path):
        data = Path(source).read_bytes()
    elif isinstance(source, bytes):
        data = source
    else:
        data = source.read()
    mime = mimetypes.guess_type(upload.name)[0] or "application/octet-stream"
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


def data_url_bytes(url: str) -> bytes:
    """The bytes of a ``data:`` URL (base64 or percent-encoded)."""
    header, sep, payload = url.partition(",")
    if not sep:
        raise ProtocolError(f"malformed data URL: {url[:80]!r}")
    if header.endswith(";base64"):
        try:
            return base64.b64decode(payload, validate=False)
        except (binascii.Error, ValueError) as exc:
            raise ProtocolError(f"malformed base64 data URL: {url[:80]!r}") from exc
    return unquote_to_bytes(payload)
