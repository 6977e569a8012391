"""Turn a SOURCE string into a :class:`RawSnapshot`.

Accepted SOURCE forms, tried in this order:

1. a folder holding ``config.json`` + ``info.json`` (+ optional ``info_all.json``);
2. a snapshot file written by ``RawSnapshot.to_json()`` / :func:`save`;
3. the http(s) URL of a running Gradio app (a ``huggingface.co/spaces/owner/name`` page
   counts as the Space id ``owner/name``);
4. a Hugging Face Space id ``owner/name``, resolved on the Hub.

Anything else raises :class:`SourceError`, which lists these forms. Whatever the form,
values that change when the same app restarts (memory addresses in reprs, the address it was
reached at) are normalised (:mod:`spacegen.generator.raw.stable`), so a snapshot of an
unchanged app is byte-stable.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import TYPE_CHECKING

from spacegen.generator.raw.snapshot import RawSnapshot
from spacegen.generator.raw.stable import stable_config
from spacegen.generator.sources.checks import MAX_DESCRIPTION_BYTES
from spacegen.generator.sources.detect import Kind, detect, display_path
from spacegen.generator.sources.folder import load_folder
from spacegen.generator.sources.snapshot_file import load_snapshot_file, save
from spacegen.generator.sources.space import HfHubClient, HubClient, SpaceRecord, load_space
from spacegen.generator.sources.url import load_url
from spacegen.runtime.errors import SourceError

if TYPE_CHECKING:
    import httpx

__all__ = [
    "MAX_DESCRIPTION_BYTES",
    "HfHubClient",
    "HubClient",
    "SourceError",
    "SpaceRecord",
    "load",
    "save",
]


def load(
    source: str,
    *,
    token: str | None = None,
    auth: tuple[str, str] | None = None,
    timeout: float = 30.0,
    transport: httpx.BaseTransport | None = None,
    hub: HubClient | None = None,
) -> RawSnapshot:
    """Load the API description named by ``source`` (see the module docstring for the forms).

    ``token`` is a Hugging Face token sent on every request (for a Space id it defaults to
    ``HF_TOKEN`` or the saved token); ``auth`` is an app's ``(username, password)`` login;
    ``timeout`` bounds each request; ``transport`` and ``hub`` replace the network in tests.
    Raises a :class:`~spacegen.runtime.errors.SpacegenError` subclass on any failure.
    """
    found = detect(source)
    if found.kind is Kind.FOLDER:
        raw = load_folder(Path(found.value), display_path(found.value))
    elif found.kind is Kind.SNAPSHOT_FILE:
        raw = load_snapshot_file(Path(found.value), display_path(found.value))
    elif found.kind is Kind.URL:
        raw = load_url(found.value, token=token, auth=auth, timeout=timeout, transport=transport)
    else:
        raw = load_space(
            found.value, token=token, auth=auth, timeout=timeout, transport=transport, hub=hub
        )
    return dataclasses.replace(raw, config=stable_config(raw.config))
