"""RawSnapshot: the app's API description exactly as fetched, in canonical saveable form."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

SNAPSHOT_FORMAT = "spacegen.snapshot/1"

#: /config keys the generator never needs (front-end code, styling, layout); dropped on save.
_UNUSED_CONFIG_KEYS = frozenset(
    {
        "css",
        "js",
        "head",
        "body_css",
        "stylesheets",
        "theme",
        "theme_hash",
        "layout",
        "page",
        "i18n_translations",
        "footer_links",
        "run_history",
        "pwa",
        "deep_link_state",
        "app_id",
    }
)


@dataclass(frozen=True)
class RawSnapshot:
    """``/config`` and ``/info`` of one app plus where they came from.

    ``info_all`` is ``/info?all_endpoints=true`` when it was available, else ``None``.
    ``source`` is what the user asked for (Space id, URL or path), used in generated headers.
    """

    source: str
    config: dict[str, Any]
    info: dict[str, Any]
    info_all: dict[str, Any] | None = None

    @property
    def gradio_version(self) -> str:
        version = self.config.get("version")
        return version if isinstance(version, str) else "unknown"

    def to_json(self) -> str:
        """Canonical JSON: sorted keys, no timestamps, unused front-end keys removed."""
        doc = {
            "format": SNAPSHOT_FORMAT,
            "source": self.source,
            "gradio_version": self.gradio_version,
            "config": {k: v for k, v in self.config.items() if k not in _UNUSED_CONFIG_KEYS},
            "info": _strip_snippets(self.info),
            "info_all": None if self.info_all is None else _strip_snippets(self.info_all),
        }
        return json.dumps(doc, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def _strip_snippets(info: dict[str, Any]) -> dict[str, Any]:
    """Drop ``code_snippets`` (present only on plain /info, and irrelevant to the API)."""
    out = dict(info)
    for key in ("named_endpoints", "unnamed_endpoints"):
        group = out.get(key)
        if isinstance(group, dict):
            out[key] = {
                name: {k: v for k, v in ep.items() if k != "code_snippets"}
                if isinstance(ep, dict)
                else ep
                for name, ep in group.items()
            }
    return out
