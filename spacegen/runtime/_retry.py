"""When to retry a request and how long to wait first (sans-IO: no sleeping, no sockets).

Only requests that cannot run a job twice are retried: ``/config``, ``/info``, login, uploads,
downloads, Hub look-ups (kind ``"safe"``), and a queue join the server *refused* before it
accepted the job (kind ``"join"``: 429, 503 queue full, or a connection never made). A join
whose answer was lost after it was sent (``ConnectionLostError``) is never retried.
"""

from __future__ import annotations

import email.utils
import random
import time
from collections.abc import Callable
from typing import Literal

from spacegen.runtime import errors

Kind = Literal["safe", "join"]
#: Statuses that say "not now" without having done anything (openai-python retries the same).
RETRY_STATUSES = frozenset({408, 429, 502, 503, 504})
#: A join is refused before the queue accepts it only with these.
JOIN_RETRY_STATUSES = frozenset({429, 503})
#: Default ``max_retries``.
MAX_RETRIES = 2
INITIAL_DELAY = 0.5
MAX_DELAY = 8.0
#: A ``Retry-After`` longer than this is not waited for: the error is raised instead.
MAX_RETRY_AFTER = 60.0


def retryable(error: errors.SpacegenError, kind: Kind) -> bool:
    """Whether ``error`` proves (``join``) or allows (``safe``) that sending again is harmless."""
    if isinstance(error, errors.ConnectError):
        return True
    status = error.status_code if isinstance(error, errors.HTTPStatusError) else None
    if kind == "join":
        return status in JOIN_RETRY_STATUSES
    if isinstance(error, errors.NetworkError | errors.TimeoutError):
        return True
    return status in RETRY_STATUSES


def backoff(retry: int, jitter: Callable[[], float] = random.random) -> float:
    """Exponential backoff for the ``retry``-th retry (0-based), minus up to 25 % jitter."""
    delay = min(INITIAL_DELAY * 2.0**retry, MAX_DELAY)
    return delay * (1.0 - 0.25 * jitter())


def delay_for(
    error: errors.SpacegenError, retry: int, jitter: Callable[[], float] = random.random
) -> float | None:
    """Seconds to wait before the ``retry``-th retry; None when the server asks for too long."""
    after = getattr(error, "retry_after", None)
    if isinstance(after, int | float) and after >= 0:
        return float(after) if after <= MAX_RETRY_AFTER else None
    return backoff(retry, jitter)


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """``Retry-After`` as seconds: a number, or an HTTP date (seconds from ``now``)."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(float(value), 0.0)
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        return None
    return max(when.timestamp() - (time.time() if now is None else now), 0.0)


class RetryPlan:
    """The retries of one request: ask :meth:`after` what to do about each failure."""

    __slots__ = ("jitter", "kind", "max_retries", "retries")

    def __init__(
        self,
        kind: Kind,
        max_retries: int = MAX_RETRIES,
        jitter: Callable[[], float] = random.random,
    ) -> None:
        self.kind, self.max_retries, self.jitter = kind, max_retries, jitter
        self.retries = 0

    def after(self, error: errors.SpacegenError) -> float | None:
        """Seconds to wait before sending again, or None: raise ``error``."""
        if self.retries >= self.max_retries or not retryable(error, self.kind):
            return None
        delay = delay_for(error, self.retries, self.jitter)
        if delay is not None:
            self.retries += 1
        return delay
