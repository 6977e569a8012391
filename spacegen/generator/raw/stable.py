"""Values of ``/config`` that change when the same app restarts, made stable at read time.

A snapshot (``spacegen snapshot``, the lock ``spacegen sync`` writes) must be byte-identical
for an unchanged app. Two kinds of values in ``/config`` are not:

- **Memory addresses in reprs.** Gradio serialises some props with ``repr()``: ``gr.State``'s
  ``delete_callback`` is ``"<function default_delete_callback at 0x7f…>"``, a new address on
  every launch. The address is removed: ``"<function default_delete_callback>"``.
- **The address the app was reached at.** ``root`` is the URL the server saw the request
  on, and file values carry absolute URLs built from it
  (``"http://127.0.0.1:7860/gradio_api/file=/tmp/…"``). ``root`` is emptied and every string
  that starts with it becomes root-relative (``"/gradio_api/file=/tmp/…"``); the runtime
  rebases such file URLs onto the address it calls (``output_url``).

Temporary paths (``/tmp/gradio/<sha256 of the content>/name``) are left as they are: they
depend only on the file and ``GRADIO_TEMP_DIR``, not on the launch.
"""

from __future__ import annotations

import re
from typing import Any

from spacegen.runtime.errors import DescriptionError

_ADDRESS = re.compile(r" at 0x[0-9A-Fa-f]+>")


def stable_config(config: dict[str, Any]) -> dict[str, Any]:
    """A copy of ``config`` without launch-specific values (see the module docstring)."""
    root = config.get("root")
    prefix = root.rstrip("/") if isinstance(root, str) and "://" in root else ""
    try:
        out = _stable(config, prefix)
    except RecursionError:
        raise DescriptionError("config: JSON nested too deeply") from None
    if "root" in out and prefix:
        out["root"] = ""
    return out  # type: ignore[no-any-return]


def _stable(value: Any, root: str) -> Any:
    if isinstance(value, str):
        return _stable_text(value, root)
    if isinstance(value, dict):
        return {k: _stable(v, root) for k, v in value.items()}
    if isinstance(value, list):
        return [_stable(v, root) for v in value]
    return value


def _stable_text(text: str, root: str) -> str:
    if root and text.startswith(root) and text[len(root) : len(root) + 1] in ("/", "?", ""):
        text = text[len(root) :] or "/"
    if " at 0x" in text:
        text = _ADDRESS.sub(">", text)
    return text
