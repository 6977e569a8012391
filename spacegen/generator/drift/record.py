"""One classified API change."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["breaking-wire", "breaking-typed", "additive", "cosmetic"]


@dataclass(frozen=True)
class Change:
    """``severity``: the class; ``endpoint``: its api_name (``""`` for the app itself);
    ``code``: a stable machine name (``"param-renamed"``); ``message``: one readable line.

    ``endpoint`` and ``message`` hold the app's untrusted text: escape before printing.
    """

    severity: Severity
    endpoint: str
    code: str
    message: str
