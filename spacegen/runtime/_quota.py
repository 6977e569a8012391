"""ZeroGPU's app errors (text) → typed errors (pure string logic).

Formats seen on Spaces (the numbers vary, the wording has changed over time)::

    You have exceeded your GPU quota (60s requested vs. 56s left). Create a free account ...
    You have exceeded your GPU quota (46s left vs. 60s requested). ... or retry in 0:09:48.
    ZeroGPU quota exceeded / GPU task aborted / ZeroGPU illegal duration (titles)
"""

from __future__ import annotations

import re

from spacegen.runtime.errors import AppError, QuotaExceededError, ZeroGPUError

# Patterns as text, matched case-blind through re's own cache: compiled on the first failure a
# client sees, not by every script that imports the runtime.
_QUOTA = r"exceeded your (?:free )?GPU quota|ZeroGPU quota exceeded"
_ZERO_GPU = r"GPU task aborted|ZeroGPU|No GPU was available"
_REQUESTED = r"(\d+(?:\.\d+)?)\s*s\s+requested"
_REMAINING = r"(\d+(?:\.\d+)?)\s*s\s+left"
_RETRY_IN = r"(?:retry|try again)\s+in\s+(?:(\d+):)?(\d+):(\d{2})"


def app_error(
    message: str | None, title: str | None, duration: float | None, visible: bool
) -> AppError:
    """The typed error of an app's failure message (ZeroGPU ones get their own classes)."""
    text = " ".join(part for part in (title, message) if part)
    if _search(_QUOTA, text):
        return QuotaExceededError(
            message, title, duration, visible,
            requested=_seconds(_REQUESTED, text), remaining=_seconds(_REMAINING, text),
            retry_in=retry_in(text),
        )  # fmt: skip
    if _search(_ZERO_GPU, text):
        return ZeroGPUError(message, title, duration, visible)
    return AppError(message, title, duration, visible)


def _search(pattern: str, text: str) -> re.Match[str] | None:
    return re.search(pattern, text, re.IGNORECASE)


def _seconds(pattern: str, text: str) -> float | None:
    found = _search(pattern, text)
    return float(found.group(1)) if found else None


def retry_in(text: str) -> float | None:
    """``retry in H:MM:SS`` / ``M:SS`` → seconds."""
    found = _search(_RETRY_IN, text)
    if found is None:
        return None
    hours, minutes, seconds = found.groups()
    if hours is None:  # "M:SS"
        return float(int(minutes) * 60 + int(seconds))
    return float(int(hours) * 3600 + int(minutes) * 60 + int(seconds))
