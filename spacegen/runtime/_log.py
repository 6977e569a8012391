"""The ``spacegen`` logger: retries, Space stages, requests (``SPACEGEN_LOG=info|debug``).

Standard :mod:`logging`; nothing is printed unless the application configures logging or the
environment variable ``SPACEGEN_LOG`` is set (then a stderr handler is added once). Messages
never carry header values, request bodies or credentials: tokens and passwords a client was
given are masked even if they turn up in a URL or an error text.
"""

from __future__ import annotations

import logging
import os
import re

logger = logging.getLogger("spacegen")
_LEVELS = {"debug": logging.DEBUG, "info": logging.INFO, "warning": logging.WARNING}
_TOKEN = re.compile(r"hf_[A-Za-z0-9]{8,}")
_configured = False


def configure_from_env() -> None:
    """Honour ``SPACEGEN_LOG`` once per process (no-op when unset or logging is set up)."""
    global _configured  # noqa: PLW0603  # one stderr handler per process
    if _configured:
        return
    _configured = True
    level = _LEVELS.get(os.environ.get("SPACEGEN_LOG", "").strip().lower())
    if level is None:
        return
    logger.setLevel(level)
    if not logger.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
        logger.addHandler(handler)


def redact(text: str, secrets: tuple[str | None, ...] = ()) -> str:
    """``text`` with Hugging Face tokens and the given secrets replaced by ``***``."""
    for secret in secrets:
        if secret and len(secret) >= 3:
            text = text.replace(secret, "***")
    return _TOKEN.sub("hf_***", text)
