"""Hugging Face Space ids → app URLs (pure string logic; the Hub only when it must decide)."""

from __future__ import annotations

import json
import os
import re

import httpx

from spacegen.runtime.errors import ProtocolError, SpaceNotFoundError

HUB_URL = "https://huggingface.co"
#: Hugging Face repo-id rules: ``owner/name``, letters, digits, ``-``, ``_``, ``.``; no ``--``
#: or ``..``; no leading/trailing ``-``/``.``; at most 96 characters per part.
_PART = r"(?!.*(?:--|\.\.))[A-Za-z0-9](?:[A-Za-z0-9._-]{0,94}[A-Za-z0-9])?"
_SPACE_ID = rf"(?:{_PART})/(?:{_PART})"  # compiled on first use, through re's cache
_MAX_LABEL = 63  # DNS label limit: longer subdomains are shortened by the Hub its own way


def is_space_id(source: str) -> bool:
    """Whether ``source`` is a Space id (``owner/name``) by the Hub's repo-id rules."""
    return ":" not in source and re.fullmatch(_SPACE_ID, source) is not None


def hub_url() -> str:
    """The Hub: ``HF_ENDPOINT`` when set (a mirror or a private Hub), else huggingface.co."""
    return (os.environ.get("HF_ENDPOINT") or HUB_URL).strip().rstrip("/")


def space_url(space_id: str) -> str | None:
    """``owner/name`` → ``https://owner-name.hf.space``; None when only the Hub knows (a long
    name, or another Hub given by ``HF_ENDPOINT``, whose Spaces live elsewhere)."""
    if hub_url() != HUB_URL:
        return None
    owner, name = space_id.split("/")
    subdomain = re.sub(r"[_.]", "-", f"{owner}-{name}".lower())
    if len(subdomain) > _MAX_LABEL:
        return None
    return f"https://{subdomain}.hf.space"


def host_request(space_id: str, headers: dict[str, str]) -> httpx.Request:
    """Ask the Hub for a Space's host (sent with the client's token headers)."""
    return httpx.Request("GET", f"{hub_url()}/api/spaces/{space_id}/host", headers=headers)


def parse_host(reply: httpx.Response, space_id: str) -> str:
    """The Space's base URL from the Hub's answer."""
    from spacegen.runtime._protocol import raise_for_reply  # noqa: PLC0415  # keep imports light

    if reply.status_code in (401, 403, 404):
        raise SpaceNotFoundError(
            f"Space {space_id!r} not found on {hub_url()} (or private: pass token=...)", space_id
        )
    raise_for_reply(reply, f"Hub lookup of {space_id}")
    try:
        host = json.loads(reply.content).get("host")
    except (ValueError, AttributeError) as exc:
        raise ProtocolError(f"the Hub answered {reply.content[:200]!r} for {space_id}") from exc
    if not isinstance(host, str) or not host.startswith(("https://", "http://")):
        raise ProtocolError(f"the Hub gave no host for {space_id}")
    return host.rstrip("/")
